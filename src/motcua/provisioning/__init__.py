"""Deployment wiring: loading reference data into a fresh database, demo accounts, ``motcua demo``.

This app sits above the domain apps (it calls their loaders) and below nothing: no domain app
imports it.
"""

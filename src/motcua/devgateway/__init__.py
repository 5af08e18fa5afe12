"""Local stand-in of the province's gateway to the national public-service portal (demo, contract tests).

Installed only when ``MOTCUA_DEV_GATEWAY`` is true (default: with ``MOTCUA_DEBUG``); never in production.
It implements the protocol as documented in docs/national-portal.md — **which must be confirmed with
the province's operator before go-live** (DOMAIN §10); it is not the real gateway.
"""

"""Shared Django plumbing used by every app: abstract models, admin mixins. No domain rules here."""

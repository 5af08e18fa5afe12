"""The provider's RS256 signing key: generated once, kept in the database, published as JWKS.

Several processes may start at once; if two each generate a key, both are published and everyone
signs with the oldest, so tokens verify whichever process issued them. Retiring a key (set
``retired_at``) stops both signing and publishing it.
"""

from __future__ import annotations

from django.db import transaction
from joserfc.jwk import KeySet, RSAKey

from .models import SigningKey

KEY_SIZE = 2048


def _generate() -> SigningKey:
    key = RSAKey.generate_key(KEY_SIZE, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)
    with transaction.atomic():
        return SigningKey.objects.create(kid=key.kid, private_jwk=key.as_dict(private=True))


def signing_key() -> RSAKey:
    """The key that signs ID tokens now (created on first use)."""
    row = SigningKey.objects.filter(retired_at__isnull=True).first() or _generate()
    return RSAKey.import_key(row.private_jwk)


def public_jwks() -> dict:
    """The JWK Set of every key in service, public parts only."""
    rows = SigningKey.objects.filter(retired_at__isnull=True)
    if not rows.exists():
        signing_key()
    keys = [RSAKey.import_key(row.private_jwk) for row in rows.all()]
    return KeySet(keys).as_dict(private=False)

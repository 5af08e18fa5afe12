"""Discovery document and JWKS: what a relying party reads before anything else."""

from joserfc.jwk import RSAKey

from motcua.devidp.models import SigningKey

from .conftest import ISSUER


def test_discovery_names_the_issuer_and_its_endpoints(provider):
    document = provider.get(".well-known/openid-configuration").json()

    assert document["issuer"] == ISSUER
    assert document["authorization_endpoint"] == f"{ISSUER}/authorize"
    assert document["token_endpoint"] == f"{ISSUER}/token"
    assert document["userinfo_endpoint"] == f"{ISSUER}/userinfo"
    assert document["jwks_uri"] == f"{ISSUER}/jwks"
    assert document["response_types_supported"] == ["code"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert set(document["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post"}
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["acr_values_supported"] == ["LoA1", "LoA2"]


def test_jwks_publishes_the_public_half_of_one_stored_key(provider):
    jwks = provider.get("jwks").json()

    (key,) = jwks["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert "d" not in key and "p" not in key  # never the private parts
    stored = SigningKey.objects.get()
    assert key["kid"] == stored.kid
    assert RSAKey.import_key(stored.private_jwk).is_private


def test_the_key_is_generated_once(provider):
    first = provider.get("jwks").json()["keys"][0]["kid"]
    second = provider.get("jwks").json()["keys"][0]["kid"]

    assert first == second
    assert SigningKey.objects.count() == 1


def test_retired_key_is_no_longer_published(provider):
    old = provider.get("jwks").json()["keys"][0]["kid"]
    SigningKey.objects.update(retired_at="2026-01-01T00:00:00Z")

    new = provider.get("jwks").json()["keys"][0]["kid"]

    assert new != old

"""The token endpoint: client authentication, single-use short-lived codes, PKCE, the signed ID token."""

import base64
import datetime as dt
import hashlib

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from motcua.devidp.models import AccessToken
from motcua.devidp.server import CODE_SECONDS, ID_TOKEN_SECONDS
from motcua.lib import clock

from .conftest import CLIENT_ID, ISSUER, KHANG_LEVEL1, TU_ELDERLY_LEVEL2

MONDAY_8AM = dt.datetime(2026, 3, 2, 8, 0, tzinfo=clock.BUSINESS_TZ)


def _verified_claims(provider, id_token: str) -> dict:
    jwks = KeySet.import_key_set(provider.get("jwks").json())
    return jwt.decode(id_token, jwks, algorithms=["RS256"]).claims


@pytest.mark.parametrize("auth", ["basic", "post"])
def test_code_is_exchanged_with_either_client_secret_method(provider, auth):
    response = provider.token(provider.code_for(TU_ELDERLY_LEVEL2), auth=auth)

    assert response.status_code == 200, response.content
    token = response.json()
    assert token["token_type"].lower() == "bearer"
    assert token["access_token"] and token["id_token"]
    assert response["Cache-Control"] == "no-store"


def test_id_token_is_signed_and_says_who_at_which_level(provider):
    with clock.frozen(MONDAY_8AM):
        token = provider.token(provider.code_for(TU_ELDERLY_LEVEL2)).json()

    header = jwt.decode(token["id_token"], KeySet.import_key_set(provider.get("jwks").json())).header
    claims = _verified_claims(provider, token["id_token"])
    assert header["alg"] == "RS256" and header["kid"] == provider.get("jwks").json()["keys"][0]["kid"]
    assert claims["iss"] == ISSUER
    assert claims["aud"] == CLIENT_ID
    assert claims["sub"] == TU_ELDERLY_LEVEL2
    assert claims["nonce"] == "nonce-1"
    assert claims["iat"] == int(MONDAY_8AM.timestamp()) == claims["auth_time"]
    assert claims["exp"] - claims["iat"] == ID_TOKEN_SECONDS
    assert claims["acr"] == "LoA2" and claims["loa"] == 2
    digest = hashlib.sha256(token["access_token"].encode()).digest()[:16]
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_level_1_citizen_gets_loa1(provider):
    token = provider.token(provider.code_for(KHANG_LEVEL1)).json()

    claims = _verified_claims(provider, token["id_token"])
    assert claims["acr"] == "LoA1" and claims["loa"] == 1


def test_wrong_client_secret_is_refused(provider):
    code = provider.code_for(TU_ELDERLY_LEVEL2)

    assert provider.token(code, secret="guess").status_code == 401
    assert provider.token(code, auth="post", secret="guess").json()["error"] == "invalid_client"


def test_code_is_single_use_and_a_replay_revokes_its_tokens(provider):
    code = provider.code_for(TU_ELDERLY_LEVEL2)
    first = provider.token(code).json()
    assert provider.userinfo(first["access_token"]).status_code == 200

    replay = provider.token(code)

    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert provider.userinfo(first["access_token"]).status_code == 401  # RFC 6749 §4.1.2
    assert AccessToken.objects.get().revoked_at is not None


def test_code_expires_after_two_minutes(provider):
    with clock.frozen(MONDAY_8AM) as advance:
        code = provider.code_for(TU_ELDERLY_LEVEL2)
        advance(dt.timedelta(seconds=CODE_SECONDS))
        response = provider.token(code)

    assert response.json()["error"] == "invalid_grant"


def test_code_is_bound_to_its_redirect_uri(provider):
    code = provider.code_for(TU_ELDERLY_LEVEL2)

    response = provider.token(code, redirect_uri="http://testserver/other/")

    assert response.json()["error"] == "invalid_grant"


def test_unknown_code_is_refused(provider):
    assert provider.token("made-up-code").json()["error"] == "invalid_grant"


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def test_pkce_s256_verifier_must_match(provider):
    verifier = "v" * 50
    good = provider.code_for(TU_ELDERLY_LEVEL2, code_challenge=_s256(verifier), code_challenge_method="S256")
    bad = provider.code_for(
        TU_ELDERLY_LEVEL2, code_challenge=_s256(verifier), code_challenge_method="S256", nonce="nonce-2"
    )

    assert provider.token(good, code_verifier=verifier).status_code == 200
    assert provider.token(bad, code_verifier="w" * 50).json()["error"] == "invalid_grant"


def test_pkce_verifier_without_a_challenge_is_refused(provider):
    code = provider.code_for(TU_ELDERLY_LEVEL2)

    assert provider.token(code, code_verifier="v" * 50).json()["error"] == "invalid_request"


def test_token_endpoint_is_post_only(provider):
    assert provider.get("token").status_code == 405

"""The relying party's ID-token checks on hand-crafted tokens (no provider, no HTTP).

The flow tests prove the checks run on real tokens; these pin down the attacks a real provider
would never produce: unsigned tokens, algorithm confusion, missing or future times, a wrong at_hash.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json

import pytest
from authlib.integrations.django_client import OAuth
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from motcua.integrations.sso.client import SignInRefused, SsoConfig, _load_metadata, id_token_validation
from motcua.lib import clock

ISSUER = "https://xacthuc.example.gov.vn/oauth2/token"
CONFIG = SsoConfig(
    issuer=ISSUER,
    discovery_url="",
    client_id="motcua",
    client_secret="s",
    scopes=("openid",),
    acr_values="LoA1",
    redirect_uri="",
    loa_claim="acr",
    level2_values=("LoA2",),
)
NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=clock.BUSINESS_TZ)
KEY = RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, auto_kid=True)


def _claims(**changes):
    now = int(NOW.timestamp())
    claims = {
        "iss": ISSUER,
        "aud": "motcua",
        "sub": "6f1c2a4e",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "acr": "LoA2",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _signed(claims, key=KEY, alg="RS256"):
    return jwt.encode({"alg": alg, "kid": key.kid}, claims, key, algorithms=[alg])


def _b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _check(id_token, *, advertised=("RS256",), access_token="at-1", nonce="n-1"):
    app = OAuth().register(
        name="t",
        client_id="motcua",
        client_secret="s",
        # The discovery document, given inline: the JWKS is there, so nothing is fetched.
        issuer=ISSUER,
        authorization_endpoint=f"{ISSUER}/authorize",
        token_endpoint=ISSUER,
        userinfo_endpoint=f"{ISSUER}/userinfo",
        jwks_uri=f"{ISSUER}/jwks",
        jwks=KeySet([KEY]).as_dict(private=False),
        id_token_signing_alg_values_supported=list(advertised),
    )
    _load_metadata(app, CONFIG)
    with clock.frozen(NOW):
        return app.parse_id_token(
            {"id_token": id_token, "access_token": access_token},
            nonce=nonce,
            **id_token_validation(CONFIG, access_token),
        )


def test_a_well_formed_token_passes():
    assert _check(_signed(_claims()))["sub"] == "6f1c2a4e"


def test_unsigned_token_is_refused_even_if_advertised():
    unsigned = f"{_b64({'alg': 'none'})}.{_b64(_claims())}."
    with pytest.raises(JoseError, match="'none' is not allowed"):
        _check(unsigned, advertised=("none", "RS256"))


def test_hmac_signed_with_the_public_key_is_refused_even_if_advertised():
    # Algorithm confusion: HS256 keyed with the provider's public key, which anyone can fetch.
    # (joserfc itself refuses to build such a key, so the token is assembled by hand.)
    signing_input = f"{_b64({'alg': 'HS256', 'kid': KEY.kid})}.{_b64(_claims())}"
    mac = hmac.new(KEY.as_pem(private=False), signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{_b64(mac)}"
    with pytest.raises(JoseError, match="'HS256' is not allowed"):
        _check(forged, advertised=("HS256", "RS256"))


def test_provider_offering_only_symmetric_signatures_is_not_trusted():
    with pytest.raises(SignInRefused, match="no asymmetric ID-token algorithm"):
        _check(_signed(_claims()), advertised=("HS256",))


@pytest.mark.parametrize("missing", ["exp", "iat", "iss", "aud", "sub"])
def test_token_without_an_essential_claim_is_refused(missing):
    with pytest.raises(JoseError, match=f"Missing claim: '{missing}'"):
        _check(_signed(_claims(**{missing: None})))


def test_token_issued_in_the_future_is_refused():
    # iat 08:05 checked at 08:00: beyond the 60 s clock-skew leeway.
    later = int((NOW + dt.timedelta(minutes=5)).timestamp())
    with pytest.raises(JoseError, match="issued in the future"):
        _check(_signed(_claims(iat=later, exp=later + 300)))


def test_token_without_the_nonce_that_was_sent_is_refused():
    with pytest.raises(JoseError, match="Missing claim: 'nonce'"):
        _check(_signed(_claims(nonce=None)))


def test_token_bound_to_another_access_token_is_refused():
    with pytest.raises(JoseError, match="Invalid claim: 'at_hash'"):
        _check(_signed(_claims(at_hash="AAAAAAAAAAAAAAAAAAAAAA")))

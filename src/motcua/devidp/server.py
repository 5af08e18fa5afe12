"""Authlib's OAuth 2.0 / OpenID Connect server components, wired to the demo provider's state.

One :class:`DevAuthorizationServer` is built per request because the issuer is the URL the request
reached (``http://127.0.0.1:8000/dev-idp`` in the demo, the live test server in the tests): discovery,
the ``iss`` claim and the endpoint URLs then always agree. Everything time-dependent (code and token
lifetimes, ``iat``/``exp``/``auth_time``) reads :func:`motcua.lib.clock.now`, so tests can move time.

Authlib does the protocol: parameter and redirect-URI validation, client authentication
(``client_secret_basic`` / ``client_secret_post``), PKCE, error responses, the ID token with
``at_hash``. This module supplies storage and the provider's choices:

* codes live :data:`CODE_SECONDS`, single use (compare-and-swap in :meth:`CodeGrant.query_authorization_code`);
* ID tokens are RS256, :data:`ID_TOKEN_SECONDS` long, with ``acr`` = ``LoA1``/``LoA2`` and ``loa`` = 1/2;
* PKCE is optional, and only ``S256`` is accepted.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging

from authlib.integrations.django_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, scope_to_list
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from django.conf import settings
from django.db import transaction

from motcua.lib import clock

from . import citizens, keys
from .models import AccessToken, AuthorizationCode, digest

log = logging.getLogger(__name__)

CODE_SECONDS = 120  # RFC 6749 §4.1.2: "a maximum authorization code lifetime of 10 minutes is RECOMMENDED"
ACCESS_TOKEN_SECONDS = 600
ID_TOKEN_SECONDS = 300
PURGE_AFTER = dt.timedelta(days=1)  # used/expired codes are kept this long to detect reuse, then deleted
SCOPES_SUPPORTED = ("openid", "profile", "email", "phone", "address")
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


class DevClient(ClientMixin):
    """The relying party as configured in ``settings.DEV_IDP`` (there is one: this system)."""

    def __init__(self, client_id: str, client_secret: str, redirect_uris: list[str]):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = list(redirect_uris)

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # OpenID Connect requires redirect_uri in every authorization request

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in scope_to_list(scope or "") if s in SCOPES_SUPPORTED)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match, no prefix or pattern

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret.encode(), self.client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in CLIENT_AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


def configured_client(client_id: str | None) -> DevClient | None:
    config = settings.DEV_IDP
    if not client_id or not hmac.compare_digest(client_id, config["CLIENT_ID"]):
        return None
    return DevClient(config["CLIENT_ID"], config["CLIENT_SECRET"], config["REDIRECT_URIS"])


class CodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(CLIENT_AUTH_METHODS)

    def save_authorization_code(self, code: str, request) -> None:
        citizen: citizens.DemoCitizen = request.user
        now = clock.now()
        AuthorizationCode.objects.filter(expires_at__lt=now - PURGE_AFTER).delete()
        data = request.payload.data
        AuthorizationCode.objects.create(
            code_hash=digest(code),
            client_id=request.client.get_client_id(),
            subject=citizen.sub,
            redirect_uri=request.payload.redirect_uri,
            scope=request.scope or "",
            nonce=data.get("nonce") or "",
            acr=citizen.acr,
            code_challenge=data.get("code_challenge") or "",
            code_challenge_method=data.get("code_challenge_method") or "",
            auth_time=now,
            expires_at=now + dt.timedelta(seconds=CODE_SECONDS),
        )

    def query_authorization_code(self, code: str, client: DevClient) -> AuthorizationCode | None:
        """Claim the code for this exchange: exactly one token request can win it.

        A code presented again (or a racing second request) finds ``used_at`` set: it is refused
        and every access token issued from it is revoked (RFC 6749 §4.1.2, §10.5).
        """
        now = clock.now()
        code_hash = digest(code)
        with transaction.atomic():
            claimed = AuthorizationCode.objects.filter(
                code_hash=code_hash, client_id=client.get_client_id(), used_at__isnull=True, expires_at__gt=now
            ).update(used_at=now)
            if claimed:
                return AuthorizationCode.objects.get(code_hash=code_hash)
            row = AuthorizationCode.objects.filter(code_hash=code_hash).first()
            if row is None:
                log.warning("dev-idp: unknown authorization code presented by client %s", client.get_client_id())
            elif row.used_at is not None:
                revoked = AccessToken.objects.filter(code=row, revoked_at__isnull=True).update(revoked_at=now)
                log.warning("dev-idp: authorization code reused; %d access token(s) revoked", revoked)
            else:
                log.warning("dev-idp: expired or foreign authorization code refused")
        return None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Keep the (now used) row until :data:`PURGE_AFTER` so a replay is recognised."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> citizens.DemoCitizen | None:
        return citizens.by_subject(authorization_code.subject)


class S256CodeChallenge(CodeChallenge):
    """PKCE is optional for this confidential client, but when used it must be S256 (never ``plain``)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri) -> None:
        super().validate_code_challenge(grant, redirect_uri)
        data = grant.request.payload.data
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Only 'code_challenge_method=S256' is supported.")


class DevOpenIDCode(OpenIDCode):
    """Issues the ID token: RS256 with the current key, clock-seam times, assurance level claims."""

    def __init__(self, issuer: str):
        super().__init__(require_nonce=False)
        self.issuer = issuer

    def exists_nonce(self, nonce: str, request) -> bool:
        return AuthorizationCode.objects.filter(client_id=request.payload.client_id, nonce=nonce).exists()

    def resolve_client_private_key(self, client):
        return keys.signing_key()

    def get_client_algorithm(self, client) -> str:
        return "RS256"

    def get_encode_header(self, client) -> dict:
        return {"alg": "RS256", "typ": "JWT", "kid": keys.signing_key().kid}

    def get_client_claims(self, client) -> dict:
        now = int(clock.now().timestamp())
        return {"iss": self.issuer, "aud": client.get_client_id(), "iat": now, "exp": now + ID_TOKEN_SECONDS}

    def generate_user_info(self, user: citizens.DemoCitizen, scope: str) -> dict:
        # acr comes from the authorization code; loa mirrors it as a number, like the portal's own claim.
        return {"sub": user.sub, "name": user.full_name, "loa": user.level}


class DevAuthorizationServer(AuthorizationServer):
    def __init__(self, issuer: str):
        super().__init__(client_model=None, token_model=AccessToken)
        self.issuer = issuer
        self.load_config(
            {
                "scopes_supported": list(SCOPES_SUPPORTED),
                "token_expires_in": {"authorization_code": ACCESS_TOKEN_SECONDS},
            }
        )
        self.register_grant(CodeGrant, [S256CodeChallenge(required=False), DevOpenIDCode(issuer)])

    def query_client(self, client_id: str | None) -> DevClient | None:
        return configured_client(client_id)

    def save_token(self, token: dict, request) -> AccessToken:
        now = clock.now()
        return AccessToken.objects.create(
            token_hash=digest(token["access_token"]),
            client_id=request.client.get_client_id(),
            subject=request.user.sub,
            scope=token.get("scope") or "",
            code=request.authorization_code,
            issued_at=now,
            expires_at=now + dt.timedelta(seconds=token["expires_in"]),
        )

"""The OpenID Connect relying party: Authlib's Django client, configured from ``settings.CITIZEN_SSO``.

Two calls make a sign-in, both used by the views:

1. :func:`begin_login` — discovery (cached), a fresh ``state`` + ``nonce`` (+ PKCE S256 verifier)
   saved in the session together with where to go afterwards; returns the provider's URL.
2. :func:`complete_login` — checks ``state`` against the session (single use), exchanges the code at
   the token endpoint (client secret), validates the ID token — RS256/asymmetric signature against
   the provider's JWKS (refetched once on an unknown ``kid``), ``iss`` = the configured issuer,
   ``aud`` = our client id, ``exp``/``iat`` against :func:`motcua.lib.clock.now` with
   :data:`LEEWAY_SECONDS`, ``nonce`` = the saved one, ``at_hash`` — then fetches userinfo with the
   access token and requires the same ``sub``. Any failure raises :class:`SignInRefused` with a
   reason code the view turns into a Vietnamese page; the technical detail goes to the log only.

Discovery metadata is cached per configuration for :data:`METADATA_TTL_SECONDS`; all HTTP calls
time out after :data:`HTTP_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from joserfc.errors import JoseError

from motcua.lib import clock

from . import claims

log = logging.getLogger(__name__)

CLIENT_NAME = "dvcqg"  # Authlib keeps the state under "_state_dvcqg_<state>" in the session
LEEWAY_SECONDS = 60  # clock skew tolerated on exp/iat
HTTP_TIMEOUT_SECONDS = 10
METADATA_TTL_SECONDS = 3600
# Only asymmetric signatures: a symmetric (HS*) or unsigned ("none") ID token is never accepted,
# whatever the discovery document advertises.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


class SignInRefused(Exception):
    """Sign-in cannot complete. ``reason`` selects the citizen-facing message; ``detail`` is logged."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SsoConfig:
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    acr_values: str
    redirect_uri: str
    loa_claim: str
    level2_values: tuple[str, ...]

    @property
    def enabled(self) -> bool:
        return bool(self.issuer and self.client_id and self.client_secret)

    @property
    def metadata_url(self) -> str:
        return self.discovery_url or f"{self.issuer}/.well-known/openid-configuration"


def sso_config() -> SsoConfig:
    raw = settings.CITIZEN_SSO
    return SsoConfig(
        issuer=raw["ISSUER"].rstrip("/"),
        discovery_url=raw.get("DISCOVERY_URL", ""),
        client_id=raw["CLIENT_ID"],
        client_secret=raw["CLIENT_SECRET"],
        scopes=tuple(raw["SCOPES"]),
        acr_values=raw.get("ACR_VALUES", ""),
        redirect_uri=raw.get("REDIRECT_URI", ""),
        loa_claim=raw["LOA_CLAIM"],
        level2_values=tuple(raw["LOA2_VALUES"]),
    )


_lock = threading.Lock()
_clients: dict[SsoConfig, tuple[float, DjangoOAuth2App]] = {}


def oidc_client(config: SsoConfig | None = None) -> DjangoOAuth2App:
    """The Authlib client for this configuration; rebuilt (fresh discovery) after the TTL."""
    config = config or sso_config()
    with _lock:
        cached = _clients.get(config)
        if cached and time.monotonic() - cached[0] < METADATA_TTL_SECONDS:
            return cached[1]
        oauth = OAuth()
        app = oauth.register(
            name=CLIENT_NAME,
            client_id=config.client_id,
            client_secret=config.client_secret,
            server_metadata_url=config.metadata_url,
            client_kwargs={
                "scope": " ".join(config.scopes),
                "token_endpoint_auth_method": "client_secret_post",  # as the portal's known clients do
                "code_challenge_method": "S256",
                "default_timeout": HTTP_TIMEOUT_SECONDS,
            },
        )
        _clients.clear()  # one configuration at a time; settings changes (tests) start afresh
        _clients[config] = (time.monotonic(), app)
        return app


def _load_metadata(app: DjangoOAuth2App, config: SsoConfig) -> dict:
    """Discovery, checked: the document must name our configured issuer (OIDC Discovery §4.3)."""
    try:
        metadata = app.load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        raise SignInRefused("unreachable", f"discovery {config.metadata_url}: {exc}") from exc
    if metadata.get("issuer", "").rstrip("/") != config.issuer:
        raise SignInRefused("misconfigured", f"discovery issuer {metadata.get('issuer')!r} != {config.issuer!r}")
    missing = [
        name
        for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
        if not metadata.get(name)
    ]
    if missing:
        raise SignInRefused("misconfigured", f"discovery lacks {', '.join(missing)}")
    advertised = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    pinned = [alg for alg in advertised if alg in SIGNING_ALGORITHMS]
    if not pinned:  # an empty list would let joserfc fall back to its defaults, HS256 included
        raise SignInRefused("misconfigured", f"no asymmetric ID-token algorithm among {advertised}")
    metadata["id_token_signing_alg_values_supported"] = pinned
    return metadata


class ClockedIDToken(CodeIDToken):
    """Authlib's ID-token claim checks, with "now" from the one time seam instead of the wall clock."""

    def validate(self, now=None, leeway=0):
        super().validate(now=int(clock.now().timestamp()) if now is None else now, leeway=leeway)


def id_token_validation(config: SsoConfig, access_token: str) -> dict:
    """Keyword arguments for Authlib's ``parse_id_token``.

    ``at_hash`` binds the ID token to the access token of the same response. Authlib checks it only
    when it picks the claims class itself, so the access token is handed to ours explicitly.
    """

    def claims_cls(claims, header, options, params):
        return ClockedIDToken(claims, header, options, {**params, "access_token": access_token})

    return {
        "claims_options": {
            "iss": {"essential": True, "value": config.issuer},
            "aud": {"essential": True, "value": config.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
        },
        "claims_cls": claims_cls,
        "leeway": LEEWAY_SECONDS,
    }


def callback_url(request: HttpRequest, config: SsoConfig) -> str:
    return config.redirect_uri or request.build_absolute_uri(reverse("sso:callback"))


def begin_login(request: HttpRequest, *, next_url: str) -> str:
    """Save state, nonce and PKCE verifier in the session; return the provider's authorization URL."""
    config = sso_config()
    if not config.enabled:
        raise SignInRefused("not_configured", "CITIZEN_SSO has no issuer/client")
    app = oidc_client(config)
    _load_metadata(app, config)
    redirect_uri = callback_url(request, config)
    extra = {"acr_values": config.acr_values} if config.acr_values else {}
    result = app.create_authorization_url(redirect_uri, **extra)
    app.save_authorize_data(request, redirect_uri=redirect_uri, next=next_url, **result)
    return result["url"]


def complete_login(request: HttpRequest) -> tuple[claims.CitizenIdentity, str]:
    """Finish the flow on the callback request: return the verified identity and the saved ``next``."""
    config = sso_config()
    if not config.enabled:
        raise SignInRefused("not_configured", "CITIZEN_SSO has no issuer/client")
    app = oidc_client(config)
    state = request.GET.get("state") or ""
    state_data = app.framework.get_state_data(request.session, state) if state else None
    if state_data is None:
        raise SignInRefused("state", "state missing" if not state else "state unknown, used or expired")
    app.framework.clear_state_data(request.session, state)  # a state is good for one callback only
    if "nonce" not in state_data:  # begin_login always saves one (scope openid); never go on without it
        raise SignInRefused("state", "no nonce saved with the state")
    error = request.GET.get("error")
    if error:
        reason = "cancelled" if error in ("access_denied", "login_required", "consent_required") else "provider"
        raise SignInRefused(reason, f"{error}: {request.GET.get('error_description', '')}")

    # The steps of Authlib's authorize_access_token(), which would skip at_hash with our claims class.
    code = request.GET.get("code")
    if not code:
        raise SignInRefused("code", "callback without code")
    metadata = _load_metadata(app, config)
    try:
        pkce = {"code_verifier": state_data["code_verifier"]} if state_data.get("code_verifier") else {}
        token = app.fetch_access_token(code=code, redirect_uri=state_data["redirect_uri"], **pkce)
    except OAuthError as exc:  # the token endpoint refused the code (reused, expired, wrong client…)
        raise SignInRefused("code", f"token endpoint: {exc.error}: {exc.description}") from exc
    except (requests.RequestException, ValueError) as exc:
        raise SignInRefused("unreachable", f"token endpoint: {exc}") from exc
    if not token.get("id_token"):
        raise SignInRefused("id_token", "token response has no id_token")
    try:
        id_claims = app.parse_id_token(
            token, nonce=state_data["nonce"], **id_token_validation(config, token.get("access_token", ""))
        )
    except JoseError as exc:  # signature, kid, alg, iss, aud, exp, iat, nonce, at_hash
        raise SignInRefused("id_token", f"{type(exc).__name__}: {exc}") from exc
    except (requests.RequestException, ValueError) as exc:
        raise SignInRefused("unreachable", f"jwks: {exc}") from exc

    try:  # POST with the bearer token, as the portal's known clients do (OIDC Core §5.3.1 allows both)
        response = app.post(metadata["userinfo_endpoint"], token=token)
        response.raise_for_status()
        userinfo = response.json()
        if not isinstance(userinfo, dict):
            raise ValueError("userinfo is not a JSON object")
    except requests.HTTPError as exc:
        raise SignInRefused("provider", f"userinfo: {exc}") from exc
    except (requests.RequestException, ValueError) as exc:
        raise SignInRefused("unreachable", f"userinfo: {exc}") from exc
    if userinfo.get("sub") and userinfo["sub"] != id_claims["sub"]:  # OIDC Core §5.3.2
        raise SignInRefused("profile", "userinfo 'sub' differs from the ID token's")
    try:
        identity = claims.identity_from(
            id_claims, userinfo, loa_claim=config.loa_claim, level2_values=config.level2_values
        )
    except claims.ProfileError as exc:
        raise SignInRefused("profile", str(exc)) from exc
    return identity, state_data.get("next") or ""

"""Every way a sign-in must fail: forged or replayed state, nonce, signature, expiry, code reuse, …

Each refusal shows the citizen a Vietnamese page with a short error code, signs nobody in, and logs
the technical reason for the operator.
"""

import datetime as dt
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from motcua.integrations.sso.auth import SESSION_KEY
from motcua.integrations.sso.client import LEEWAY_SECONDS
from motcua.integrations.sso.models import CitizenAccount
from motcua.lib import clock

from .conftest import TU_ELDERLY_LEVEL2, Browser, with_query

pytestmark = pytest.mark.django_db(transaction=True)


def assert_refused(response, client, *, status: int, code: str, says: str) -> None:
    body = response.content.decode()
    assert response.status_code == status, body[:500]
    assert "Không đăng nhập được" in body
    assert f"SSO-{code}" in body
    assert says in body
    assert SESSION_KEY not in client.session
    assert not CitizenAccount.objects.exists()


# --- state ------------------------------------------------------------------------------------------


def test_wrong_state_is_refused(idp, browser, client, caplog):
    callback = browser.choose(browser.start(), TU_ELDERLY_LEVEL2)

    response = browser.get(with_query(callback, state="forged-state"))

    assert_refused(response, client, status=400, code="STATE", says="Phiên đăng nhập không hợp lệ")
    assert "state unknown, used or expired" in caplog.text


def test_missing_state_is_refused(idp, browser, client, caplog):
    callback = browser.choose(browser.start(), TU_ELDERLY_LEVEL2)
    code = parse_qs(urlsplit(callback).query)["code"][0]

    response = client.get("/sso/callback/", {"code": code})

    assert_refused(response, client, status=400, code="STATE", says="Phiên đăng nhập không hợp lệ")
    assert "state missing" in caplog.text


def test_callback_delivered_to_another_browser_is_refused(idp, browser, client):
    # Login CSRF: an attacker starts a sign-in with their own account and makes the victim's browser
    # open the callback. The state belongs to the attacker's session, not the victim's.
    attacker = Browser(Client())
    callback = attacker.choose(attacker.start(), TU_ELDERLY_LEVEL2)

    response = browser.get(callback)

    assert_refused(response, client, status=400, code="STATE", says="Phiên đăng nhập không hợp lệ")


def test_state_is_single_use(idp, browser, client):
    callback = browser.choose(browser.start(), TU_ELDERLY_LEVEL2)
    assert browser.get(callback).status_code == 302
    client.post("/sso/dang-xuat/")
    CitizenAccount.objects.all().delete()

    response = browser.get(callback)  # the browser's back button, or a replay

    assert_refused(response, client, status=400, code="STATE", says="Phiên đăng nhập không hợp lệ")


# --- ID token ---------------------------------------------------------------------------------------


def test_nonce_mismatch_is_refused(idp, browser, client, caplog):
    # The authorization request is altered on its way to the provider: the ID token then carries a
    # nonce this session never issued (a token minted for another login, injected into this one).
    authorize_url = browser.start()
    callback = browser.choose(with_query(authorize_url, nonce="nonce-of-another-login"), TU_ELDERLY_LEVEL2)

    response = browser.get(callback)

    assert_refused(response, client, status=400, code="ID-TOKEN", says="Không xác minh được thông tin định danh")
    assert "Invalid claim: 'nonce'" in caplog.text


def test_id_token_signed_by_another_key_is_refused(idp, browser, client, caplog, monkeypatch):
    from joserfc.jwk import RSAKey

    from motcua.devidp import keys, server

    forged = RSAKey.generate_key(2048)
    published_kid = keys.signing_key().kid  # the forger even names the provider's published key
    monkeypatch.setattr(server.DevOpenIDCode, "resolve_client_private_key", lambda self, client: forged)
    monkeypatch.setattr(
        server.DevOpenIDCode, "get_encode_header", lambda self, client: {"alg": "RS256", "kid": published_kid}
    )

    response = browser.sign_in(TU_ELDERLY_LEVEL2)

    assert_refused(response, client, status=400, code="ID-TOKEN", says="Không xác minh được thông tin định danh")
    assert "BadSignatureError" in caplog.text


def test_id_token_signed_by_an_unpublished_key_is_refused(idp, browser, client, caplog, monkeypatch):
    from joserfc.jwk import RSAKey

    from motcua.devidp import server

    rogue = RSAKey.generate_key(2048, auto_kid=True)
    monkeypatch.setattr(server.DevOpenIDCode, "resolve_client_private_key", lambda self, client: rogue)
    monkeypatch.setattr(
        server.DevOpenIDCode, "get_encode_header", lambda self, client: {"alg": "RS256", "kid": rogue.kid}
    )

    response = browser.sign_in(TU_ELDERLY_LEVEL2)

    # The client refetches the JWKS once for an unknown kid, still does not find it, and refuses.
    assert_refused(response, client, status=400, code="ID-TOKEN", says="Không xác minh được thông tin định danh")
    assert "InvalidKeyIdError" in caplog.text


@pytest.mark.parametrize(
    "claim, value",
    [
        ("aud", "another-portal"),  # a token the provider issued to another application
        ("iss", "https://attacker.example/oauth2"),  # a token from another issuer
    ],
)
def test_id_token_for_someone_else_is_refused(idp, browser, client, caplog, monkeypatch, claim, value):
    from motcua.devidp import server

    original = server.DevOpenIDCode.get_client_claims
    monkeypatch.setattr(
        server.DevOpenIDCode, "get_client_claims", lambda self, client: {**original(self, client), claim: value}
    )

    response = browser.sign_in(TU_ELDERLY_LEVEL2)

    assert_refused(response, client, status=400, code="ID-TOKEN", says="Không xác minh được thông tin định danh")
    assert f"InvalidClaimError: invalid_claim: Invalid claim: '{claim}'" in caplog.text


def _deliver_late(monkeypatch, advance, delay: dt.timedelta) -> None:
    """The provider issues the token, then ``delay`` passes before the portal checks it."""
    from motcua.devidp import server

    original = server.DevOpenIDCode.process_token

    def late(self, grant, response):
        token = original(self, grant, response)
        advance(delay)
        return token

    monkeypatch.setattr(server.DevOpenIDCode, "process_token", late)


def test_expired_id_token_is_refused(idp, browser, client, caplog, monkeypatch):
    from motcua.devidp.server import ID_TOKEN_SECONDS

    with clock.frozen(dt.datetime(2026, 3, 2, 8, 0, tzinfo=clock.BUSINESS_TZ)) as advance:
        # 08:00:00 issued, valid 5 minutes, 1 minute of clock skew tolerated: checked at 08:06:01.
        _deliver_late(monkeypatch, advance, dt.timedelta(seconds=ID_TOKEN_SECONDS + LEEWAY_SECONDS + 1))
        response = browser.sign_in(TU_ELDERLY_LEVEL2)

    assert_refused(response, client, status=400, code="ID-TOKEN", says="Không xác minh được thông tin định danh")
    assert "ExpiredTokenError" in caplog.text


def test_id_token_within_the_clock_skew_is_accepted(idp, browser, client, monkeypatch):
    from motcua.devidp.server import ID_TOKEN_SECONDS

    with clock.frozen(dt.datetime(2026, 3, 2, 8, 0, tzinfo=clock.BUSINESS_TZ)) as advance:
        # Checked at 08:05:50: past exp (08:05:00) but within the 60 s leeway.
        _deliver_late(monkeypatch, advance, dt.timedelta(seconds=ID_TOKEN_SECONDS + LEEWAY_SECONDS - 10))
        response = browser.sign_in(TU_ELDERLY_LEVEL2)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == CitizenAccount.objects.get().pk


# --- code ---------------------------------------------------------------------------------------------


def test_reused_code_is_refused_and_revokes_its_tokens(idp, browser, client, caplog):
    from motcua.devidp.models import AccessToken

    callback = browser.choose(browser.start(), TU_ELDERLY_LEVEL2)
    assert browser.get(callback).status_code == 302  # first use signs in
    client.post("/sso/dang-xuat/")
    CitizenAccount.objects.all().delete()
    # The same code again, with a fresh valid state of this session (a leaked code being replayed).
    fresh_state = parse_qs(urlsplit(browser.start()).query)["state"][0]

    response = browser.get(with_query(callback, state=fresh_state))

    assert_refused(response, client, status=400, code="CODE", says="Mã xác thực không hợp lệ")
    assert "invalid_grant" in caplog.text
    assert AccessToken.objects.get().revoked_at is not None  # RFC 6749 §4.1.2


def test_expired_code_is_refused(idp, browser, client, caplog):
    from motcua.devidp.server import CODE_SECONDS

    with clock.frozen(dt.datetime(2026, 3, 2, 8, 0, tzinfo=clock.BUSINESS_TZ)) as advance:
        callback = browser.choose(browser.start(), TU_ELDERLY_LEVEL2)
        advance(dt.timedelta(seconds=CODE_SECONDS + 1))
        response = browser.get(callback)

    assert_refused(response, client, status=400, code="CODE", says="Mã xác thực không hợp lệ")


# --- provider answers ---------------------------------------------------------------------------------


def test_citizen_cancelling_at_the_provider_is_told_so(idp, browser, client):
    authorize_url = browser.start()
    response = browser.post(authorize_url, {"deny": "1"})
    assert "error=access_denied" in response["Location"]

    response = browser.get(response["Location"])

    assert_refused(response, client, status=400, code="CANCELLED", says="Bạn đã hủy đăng nhập")


def test_redirect_uri_not_registered_is_refused_at_the_provider(idp, browser, client, caplog):
    authorize_url = browser.start()

    response = browser.get(with_query(authorize_url, redirect_uri="https://evil.example/sso/callback/"))

    body = response.content.decode()
    assert response.status_code == 400
    assert "Location" not in response  # never sent on to an unregistered address
    assert "Địa chỉ chuyển hướng (redirect_uri) không khớp" in body
    assert "is not supported by client" in caplog.text


def test_portal_with_a_callback_the_provider_does_not_know_cannot_start(idp, browser, settings):
    settings.CITIZEN_SSO = {**settings.CITIZEN_SSO, "REDIRECT_URI": "http://testserver/sso/other-callback/"}

    response = browser.get(browser.start())

    assert response.status_code == 400
    assert "redirect_uri" in response.content.decode()


def test_userinfo_for_another_subject_is_refused(idp, browser, client, caplog, monkeypatch):
    from motcua.devidp.citizens import DemoCitizen

    original = DemoCitizen.userinfo
    monkeypatch.setattr(DemoCitizen, "userinfo", lambda self: {**original(self), "sub": "someone-else"})

    response = browser.sign_in(TU_ELDERLY_LEVEL2)

    assert_refused(response, client, status=400, code="PROFILE", says="không đầy đủ hoặc không nhất quán")
    assert "userinfo 'sub' differs" in caplog.text


def test_discovery_naming_another_issuer_is_refused(idp, browser, client, settings, caplog):
    settings.CITIZEN_SSO = {
        **settings.CITIZEN_SSO,
        "ISSUER": "https://xacthuc.dichvucong.gov.vn/oauth2/token",
        "DISCOVERY_URL": f"{idp.issuer}/.well-known/openid-configuration",
    }

    response = client.get("/sso/dang-nhap/")

    assert_refused(response, client, status=503, code="MISCONFIGURED", says="cấu hình sai")
    assert "discovery issuer" in caplog.text


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_provider_is_explained(client, settings, caplog):
    settings.CITIZEN_SSO = {
        **settings.CITIZEN_SSO,
        "ISSUER": f"http://127.0.0.1:{_closed_port()}/dev-idp",
        "CLIENT_ID": "x",
        "CLIENT_SECRET": "y",
    }

    response = client.get("/sso/dang-nhap/")

    assert_refused(response, client, status=502, code="UNREACHABLE", says="Không kết nối được với hệ thống xác thực")


def test_sign_in_switched_off_is_explained(client, settings):
    settings.CITIZEN_SSO = {**settings.CITIZEN_SSO, "ISSUER": ""}

    response = client.get("/sso/dang-nhap/")

    assert_refused(response, client, status=503, code="NOT-CONFIGURED", says="chưa được cấu hình")

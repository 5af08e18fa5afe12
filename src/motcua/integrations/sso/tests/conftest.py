"""Sign-in tests against the development identity provider served by the live test server.

The portal side runs in the test client (the "browser"); Authlib's back-channel calls (discovery,
token, JWKS, userinfo) are real HTTP requests to ``live_server``, where :mod:`motcua.devidp` answers.
Nothing inside the client is mocked. Tests that need the provider are skipped with a reason when it
is not installed (``MOTCUA_DEV_IDP`` off).

The live server needs transactional tests: the database is flushed after each, so these tests
create what they need and never rely on the session-wide organisation data.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.apps import apps

CLIENT_ID = "motcua-test"
CLIENT_SECRET = "test-only-client-secret"
CALLBACK = "http://testserver/sso/callback/"
ACCOUNT_PAGE = "/sso/tai-khoan/"

# The demo citizens (motcua/devidp/citizens.py), by persona.
TU_ELDERLY_LEVEL2 = "6f1c2a4e-58b7-4d0e-9a3f-2b7e1c9d4a01"
HANH_BUSINESS_LEVEL2 = "b3d9e7f2-1a64-4c8b-8e25-7f0a6c3b9d12"
KHANG_LEVEL1 = "0c7e5b18-9f3a-4e62-b1d4-8a2f6e0c7b23"
CUU_LONG_XANH_ORGANISATION = "e4a8c6d0-2b95-4f17-a3e8-5d1b9c7f0e34"


def with_query(url: str, **changes: str) -> str:
    """``url`` with some query parameters replaced."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


class Browser:
    """The test client following absolute URLs across "hosts" (portal at testserver, provider at the live server).

    Requests to the provider go through the test client too, with the provider's Host header, so the
    provider sees exactly what a browser would send.
    """

    def __init__(self, client):
        self.client = client

    @staticmethod
    def _split(url: str) -> tuple[str, str]:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return path, parts.netloc or "testserver"

    def get(self, url: str):
        path, host = self._split(url)
        return self.client.get(path, HTTP_HOST=host)

    def post(self, url: str, data: dict):
        path, host = self._split(url)
        return self.client.post(path, data, HTTP_HOST=host)

    def start(self, next_url: str = ACCOUNT_PAGE) -> str:
        """Open the portal's sign-in; return the provider's authorization URL it redirects to."""
        response = self.client.get("/sso/dang-nhap/", {"next": next_url})
        assert response.status_code == 302, response.content.decode()[:500]
        return response["Location"]

    def choose(self, authorize_url: str, subject: str) -> str:
        """On the provider's page, sign in as a demo citizen; return the callback URL with the code."""
        page = self.get(authorize_url)
        assert page.status_code == 200, page.content.decode()[:500]
        response = self.post(authorize_url, {"subject": subject})
        assert response.status_code == 302, response.content.decode()[:500]
        return response["Location"]

    def sign_in(self, subject: str, next_url: str = ACCOUNT_PAGE):
        """The whole flow; returns the portal's response to the callback."""
        return self.get(self.choose(self.start(next_url), subject))


@pytest.fixture
def idp(live_server, settings):
    """The development provider on the live server, with the portal configured to use it."""
    if not apps.is_installed("motcua.devidp"):
        pytest.skip("motcua.devidp không được cài (đặt MOTCUA_DEV_IDP=true để chạy kiểm thử đăng nhập OIDC).")
    issuer = f"{live_server.url}/dev-idp"
    settings.CITIZEN_SSO = {
        **settings.CITIZEN_SSO,
        "ISSUER": issuer,
        "DISCOVERY_URL": "",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": "",
        "ACR_VALUES": "LoA1",
        "LOA_CLAIM": "acr",
        "LOA2_VALUES": ["LoA2"],
    }
    settings.DEV_IDP = {"CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET, "REDIRECT_URIS": [CALLBACK]}
    return SimpleNamespace(issuer=issuer, url=live_server.url)


@pytest.fixture
def browser(client):
    return Browser(client)

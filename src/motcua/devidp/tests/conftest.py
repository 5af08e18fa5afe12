"""Protocol tests of the development identity provider, spoken to through the test client.

The provider makes no outbound calls, so no live server is needed: requests carry the Host header
``localhost`` (Authlib's server accepts plain HTTP only on loopback), and the issuer is
``http://localhost/dev-idp``. Skipped entirely when the app is not installed (``MOTCUA_DEV_IDP`` off).
"""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.apps import apps

if not apps.is_installed("motcua.devidp"):
    collect_ignore_glob = ["test_*.py"]

HOST = "localhost"
ISSUER = "http://localhost/dev-idp"
CLIENT_ID = "motcua-test"
CLIENT_SECRET = "test-only-client-secret"
REDIRECT_URI = "http://testserver/sso/callback/"

TU_ELDERLY_LEVEL2 = "6f1c2a4e-58b7-4d0e-9a3f-2b7e1c9d4a01"
KHANG_LEVEL1 = "0c7e5b18-9f3a-4e62-b1d4-8a2f6e0c7b23"


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


class Provider:
    def __init__(self, client):
        self.client = client

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(f"/dev-idp/{path}", params or {}, HTTP_HOST=HOST, **headers)

    def post(self, path: str, data: dict | None = None, **headers):
        return self.client.post(f"/dev-idp/{path}", data or {}, HTTP_HOST=HOST, **headers)

    @staticmethod
    def authorize_params(**changes: str | None) -> dict[str, str]:
        params = {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": REDIRECT_URI,
            "scope": "openid",
            "state": "state-1",
            "nonce": "nonce-1",
        }
        params.update(changes)
        return {key: value for key, value in params.items() if value is not None}

    def choose(self, subject: str | None, **changes: str | None):
        """POST the "sign in as" choice (or ``deny`` when subject is None) for this authorization request."""
        data = {"subject": subject} if subject else {"deny": "1"}
        return self.post(f"authorize?{urlencode(self.authorize_params(**changes))}", data)

    def code_for(self, subject: str, **changes: str | None) -> str:
        response = self.choose(subject, **changes)
        assert response.status_code == 302, response.content.decode()[:500]
        return query_of(response["Location"])["code"]

    def token(self, code: str, *, auth: str = "basic", secret: str = CLIENT_SECRET, **extra: str):
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, **extra}
        if auth == "post":
            return self.post("token", {**data, "client_id": CLIENT_ID, "client_secret": secret})
        basic = base64.b64encode(f"{CLIENT_ID}:{secret}".encode()).decode()
        return self.post("token", data, HTTP_AUTHORIZATION=f"Basic {basic}")

    def userinfo(self, access_token: str, method: str = "get"):
        call = self.get if method == "get" else self.post
        return call("userinfo", HTTP_AUTHORIZATION=f"Bearer {access_token}")


@pytest.fixture
def provider(settings, client, db):
    settings.DEV_IDP = {"CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET, "REDIRECT_URIS": [REDIRECT_URI]}
    return Provider(client)

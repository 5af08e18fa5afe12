"""HTTP client of a counter node for the province's sync API (stdlib only, like the national client).

Faults are sorted into two kinds the worker treats differently:

- :class:`CentralUnreachable` — no answer, a timeout, 5xx, an unreadable reply: the link or the
  province is down. The node keeps working offline and tries again on the next cycle.
- :class:`CentralRefused` — 4xx: the key is wrong or revoked, the node is not registered, a request
  the province rejects. Shown on the status panel; retried too (an administrator may fix it).
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

API_PREFIX = "/counter-sync/api/v1"


class CentralError(Exception):
    pass


class CentralUnreachable(CentralError):
    pass


class CentralRefused(CentralError):
    pass


class CentralClient:
    def __init__(self, base_url: str, token: str, *, timeout: float = 20) -> None:
        if not base_url:
            raise CentralRefused("Chưa cấu hình MOTCUA_CENTRAL_URL.")
        self.base_url, self.token, self.timeout = base_url.rstrip("/"), token, timeout

    def _request(self, method: str, path: str, *, query=None, body: bytes | None = None, content_type: str = "") -> Any:
        url = self.base_url + API_PREFIX + path
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace")
            if exc.code >= 500 or exc.code in (408, 425, 429):
                raise CentralUnreachable(f"HTTP {exc.code}: {detail}") from None
            raise CentralRefused(f"HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise CentralUnreachable(str(getattr(exc, "reason", exc))) from None
        try:
            return json.loads(raw)
        except ValueError:
            raise CentralUnreachable("trả lời không phải JSON") from None

    def _json(self, method: str, path: str, payload: Any, **kwargs) -> Any:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self._request(method, path, body=body, content_type="application/json; charset=utf-8", **kwargs)

    def ping(self) -> dict:
        return self._request("GET", "/ping")

    def push(self, entries: list[dict]) -> list[dict]:
        return self._json("POST", "/journal", {"entries": entries})["results"]

    def upload_file(self, sha256: str, name: str, content: bytes) -> dict:
        boundary = "motcua" + secrets.token_hex(12)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="sha256"\r\n\r\n{sha256}\r\n'.encode(),
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{sha256[:24]}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode(),
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        return self._request(
            "POST", "/files", body=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}"
        )

    def bundle(self, have: dict[str, str]) -> dict:
        return self._request("GET", "/bundle", query={"have": ",".join(f"{k}:{v}" for k, v in sorted(have.items()))})

    def dossiers(self, *, after: int, uids: list[str]) -> dict:
        return self._request("GET", "/dossiers", query={"after": after, "uid": uids})

"""The province's gateway to the national portal, behind one interface.

:class:`NationalPortalGateway` is the interface the services depend on (DOMAIN §10: "keep the adapter
behind one interface" — the gateway's specification is to be confirmed with the operator, so its
details stay in this module). :class:`GatewayClient` is the HTTP implementation:

1. **Session login** — ``POST {url}/auth`` with ``{"username", "password"}`` → ``{"error_code": 0,
   "session": "…"}``; the session goes into every request's envelope (with ``madonvi``, the sending
   unit's DVCQG code). Logged in lazily, kept for the client's life.
2. **Services** — ``POST {url}/service`` with the envelope ``{"service": "DongBoHoSoMC" | …}``; every
   request carries the ``dstcode`` header (routing code of the LGSP/NGSP adapter) and
   ``Content-Type: application/json``.
3. **Expired session** — HTTP 401 or ``error_code`` :data:`ErrorCodes.SESSION_INVALID`: log in again
   and repeat the request once.
4. **Errors are classified** for the retry policy: :class:`RetryableGatewayError` (network, timeouts,
   HTTP 408/429/5xx, a reply that is not the documented JSON) — try again later;
   :class:`PermanentGatewayError` (the gateway refused the content: ``error_code`` ≠ 0) — retrying the
   same content cannot help; :class:`GatewayConfigError` (login refused, HTTP 403/404/405…, URL not set) —
   a configuration fault of the whole link, not of one dossier.

The two paths, the session-expired and "already exists"/"not found" codes are those of the local
stand-in (``motcua.devgateway``): **assumptions until the operator confirms them** (docs/national-portal.md).
"""

from __future__ import annotations

import http.client
import json
import ssl
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from . import messages
from .messages import ProcedureInfo

AUTH_PATH = "/auth"
SERVICE_PATH = "/service"


class ErrorCodes:
    """``error_code`` values the client reacts to (the stand-in's; confirm the real ones)."""

    OK = 0
    INVALID = 1  # a field is missing or malformed
    ALREADY_EXISTS = 2  # DongBoHoSoMC isUpdating=False for a dossier the portal already holds
    NOT_FOUND = 3  # isUpdating=True / progress / lookup for a dossier the portal does not hold
    LOGIN_REFUSED = 4
    SESSION_INVALID = 5  # session unknown or expired
    UNKNOWN_SERVICE = 6
    PROCEDURE_NOT_FOUND = 7


class GatewayError(Exception):
    """A call to the gateway failed. ``retryable`` drives the retry policy."""

    retryable = False

    def __init__(self, message: str, *, http_status: int | None = None, error_code: int | None = None):
        super().__init__(message)
        self.http_status = http_status
        self.error_code = error_code


class RetryableGatewayError(GatewayError):
    """Network failure, timeout, 5xx, unreadable reply: the same request may succeed later."""

    retryable = True


class PermanentGatewayError(GatewayError):
    """The gateway refused the content (``error_code`` ≠ 0): resending it unchanged cannot help."""


class DossierAlreadyExists(PermanentGatewayError):
    """``isUpdating=False`` for a dossier the portal already holds (an earlier push did arrive)."""


class DossierNotFound(PermanentGatewayError):
    """``isUpdating=True`` or a progress update for a dossier the portal does not hold."""


class GatewayConfigError(GatewayError):
    """The link itself is misconfigured (URL, credentials, dstcode): no dossier is at fault."""


@dataclass(frozen=True)
class GatewayReply:
    error_code: int
    message: str
    body: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class NationalPortalGateway(Protocol):
    """The one interface of the national-portal link (DOMAIN §10)."""

    def upsert_dossiers(self, dossiers: Sequence[Mapping[str, Any]], *, is_updating: bool) -> GatewayReply:
        """``DongBoHoSoMC``: create (``is_updating=False``) or update dossiers, built by ``messages.build_dossier``."""
        ...

    def update_progress(self, entries: Sequence[Mapping[str, Any]]) -> GatewayReply:
        """``CapNhatTienDoHoSoMC``: append timeline entries (``messages.build_progress``)."""
        ...

    def lookup_dossier(self, dossier_code: str) -> dict[str, Any] | None:
        """``TraCuuHoSo``: the portal's record of the dossier, or ``None`` if it holds none."""
        ...

    def get_procedure(self, procedure_code: str) -> ProcedureInfo | None:
        """``LayThuTuc``: the national procedure (name, sector code and name), or ``None``."""
        ...


@dataclass(frozen=True)
class GatewayConfig:
    url: str
    username: str
    password: str = field(repr=False)
    dstcode: str
    unit_code: str
    connect_timeout: float = 5
    read_timeout: float = 30

    @classmethod
    def from_settings(cls) -> GatewayConfig:
        from django.conf import settings

        conf = settings.NATIONAL_PORTAL
        return cls(
            url=conf["URL"],
            username=conf["USERNAME"],
            password=conf["PASSWORD"],
            dstcode=conf["DSTCODE"],
            unit_code=conf["UNIT_CODE"],
            connect_timeout=conf["CONNECT_TIMEOUT"],
            read_timeout=conf["READ_TIMEOUT"],
        )

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def endpoint(self, path: str) -> str:
        return self.url.rstrip("/") + path


# (url, body, headers, connect_timeout, read_timeout) -> (HTTP status, body bytes)
Transport = Callable[[str, bytes, Mapping[str, str], float, float], tuple[int, bytes]]


def http_transport(
    url: str, body: bytes, headers: Mapping[str, str], connect_timeout: float, read_timeout: float
) -> tuple[int, bytes]:
    """POST with separate connect and read timeouts (stdlib only); transport faults are retryable."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=connect_timeout, context=ssl.create_default_context()
        )
    elif parts.scheme == "http":
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=connect_timeout)
    else:
        raise GatewayConfigError(f"Địa chỉ cổng kết nối {url!r} không hợp lệ (cần http:// hoặc https://).")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.connect()
        if connection.sock is not None:
            connection.sock.settimeout(read_timeout)
        connection.request("POST", target, body=body, headers=dict(headers))
        response = connection.getresponse()
        return response.status, response.read()
    except TimeoutError:
        raise RetryableGatewayError(f"Hết thời gian chờ cổng kết nối ({url}).") from None
    except (OSError, http.client.HTTPException) as exc:
        raise RetryableGatewayError(f"Không kết nối được cổng kết nối ({url}): {exc}.") from None
    finally:
        connection.close()


class _SessionExpired(Exception):
    pass


class GatewayClient:
    """HTTP implementation of :class:`NationalPortalGateway` (one instance per dispatch run)."""

    def __init__(self, config: GatewayConfig, *, transport: Transport = http_transport):
        self.config = config
        self._transport = transport
        self._session: str | None = None
        self.logins = 0  # how many times this client logged in (tests, diagnostics)

    @classmethod
    def from_settings(cls) -> GatewayClient:
        return cls(GatewayConfig.from_settings())

    # --- the interface ----------------------------------------------------------------------

    def upsert_dossiers(self, dossiers: Sequence[Mapping[str, Any]], *, is_updating: bool) -> GatewayReply:
        return self._call(
            messages.SERVICE_UPSERT,
            lambda session: messages.build_upsert_request(
                dossiers, is_updating=is_updating, session=session, unit_code=self.config.unit_code
            ),
        )

    def update_progress(self, entries: Sequence[Mapping[str, Any]]) -> GatewayReply:
        return self._call(
            messages.SERVICE_PROGRESS,
            lambda session: messages.build_progress_request(entries, session=session, unit_code=self.config.unit_code),
        )

    def lookup_dossier(self, dossier_code: str) -> dict[str, Any] | None:
        try:
            reply = self._call(
                messages.SERVICE_LOOKUP,
                lambda session: messages.build_lookup_request(
                    dossier_code, session=session, unit_code=self.config.unit_code
                ),
            )
        except DossierNotFound:
            return None
        result = reply.body.get("result")
        if isinstance(result, list):
            return dict(result[0]) if result and isinstance(result[0], Mapping) else None
        if isinstance(result, Mapping):
            return dict(result) or None
        return None

    def get_procedure(self, procedure_code: str) -> ProcedureInfo | None:
        try:
            reply = self._call(
                messages.SERVICE_PROCEDURE,
                lambda session: messages.build_procedure_request(
                    procedure_code, session=session, unit_code=self.config.unit_code
                ),
            )
        except PermanentGatewayError as exc:
            if exc.error_code in (ErrorCodes.PROCEDURE_NOT_FOUND, ErrorCodes.NOT_FOUND):
                return None
            raise
        result = reply.body.get("result")
        if isinstance(result, list) and result and isinstance(result[0], Mapping):
            return messages.parse_procedure(result[0])
        return None

    # --- plumbing ---------------------------------------------------------------------------

    def login(self) -> str:
        """Open a session; :class:`GatewayConfigError` if the gateway refuses the credentials."""
        if not self.config.configured:
            raise GatewayConfigError("Chưa cấu hình địa chỉ cổng kết nối Cổng DVCQG (MOTCUA_DVCQG_URL).")
        status, body = self._post(
            self.config.endpoint(AUTH_PATH), messages.build_login_request(self.config.username, self.config.password)
        )
        if status == 401:
            raise GatewayConfigError("Cổng kết nối từ chối đăng nhập (HTTP 401): kiểm tra tài khoản.", http_status=401)
        code = messages.parse_error_code(body.get("error_code"))
        session = body.get("session")
        if code != ErrorCodes.OK or not isinstance(session, str) or not session:
            raise GatewayConfigError(
                f"Cổng kết nối từ chối đăng nhập (error_code={body.get('error_code')!r}): {_message(body)}",
                error_code=code,
            )
        self._session = session
        self.logins += 1
        return session

    def _call(self, service: str, build: Callable[[str], dict[str, Any]]) -> GatewayReply:
        for attempt in (1, 2):
            session = self._session or self.login()
            try:
                return self._service(service, build(session))
            except _SessionExpired:
                self._session = None
                if attempt == 2:
                    raise RetryableGatewayError(
                        f"{service}: phiên làm việc bị từ chối ngay sau khi đăng nhập lại."
                    ) from None
        raise AssertionError("unreachable")

    def _service(self, service: str, body: dict[str, Any]) -> GatewayReply:
        status, reply = self._post(self.config.endpoint(SERVICE_PATH), body)
        if status == 401:
            raise _SessionExpired
        code = messages.parse_error_code(reply.get("error_code"))
        if code is None:
            raise RetryableGatewayError(f"{service}: phản hồi thiếu error_code hợp lệ.", http_status=status)
        if code == ErrorCodes.SESSION_INVALID:
            raise _SessionExpired
        if code != ErrorCodes.OK:
            error_class = {
                ErrorCodes.ALREADY_EXISTS: DossierAlreadyExists,
                ErrorCodes.NOT_FOUND: DossierNotFound,
            }.get(code, PermanentGatewayError)
            raise error_class(f"{service}: error_code={code}: {_message(reply)}", http_status=status, error_code=code)
        return GatewayReply(error_code=code, message=_message(reply), body=reply)

    def _post(self, url: str, body: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
        """POST JSON; classify the HTTP outcome; return (status, JSON object) for a 2xx reply."""
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "dstcode": self.config.dstcode,
        }
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        status, raw = self._transport(url, data, headers, self.config.connect_timeout, self.config.read_timeout)
        if status == 401:
            return status, {}
        if status in (408, 425, 429) or status >= 500:
            raise RetryableGatewayError(f"Cổng kết nối trả lỗi HTTP {status}.", http_status=status)
        if status in (403, 404, 405):
            raise GatewayConfigError(
                f"Cổng kết nối trả lỗi HTTP {status} ({url}): kiểm tra địa chỉ và dstcode.", http_status=status
            )
        if not 200 <= status < 300:
            raise PermanentGatewayError(f"Cổng kết nối trả lỗi HTTP {status}.", http_status=status)
        try:
            parsed = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RetryableGatewayError(f"Phản hồi của cổng kết nối không phải JSON (HTTP {status}).") from None
        if not isinstance(parsed, dict):
            raise RetryableGatewayError("Phản hồi của cổng kết nối không phải một đối tượng JSON.")
        return status, parsed


def _message(body: Mapping[str, Any]) -> str:
    for key in ("message", "error_message", "msg", "Message"):
        value = body.get(key)
        if value:
            return str(value)[:2000]
    return ""

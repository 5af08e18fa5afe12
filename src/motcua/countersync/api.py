"""The province's sync API for counter nodes: ``/counter-sync/api/v1/`` (django-ninja).

Authentication: ``Authorization: Bearer <key>`` of a node's account (``motcua counter-node
register``); any other account is refused (``not_a_counter_node``). Answers only on the provincial
server (``MOTCUA_ROLE=server``).

| method and path | what |
|---|---|
| ``GET /ping`` | the node's registration and the server time (the node's online indicator) |
| ``POST /journal`` | ``{"entries": [entry, …]}`` → ``{"results": [{id, state, detail, dossier_code, …}]}`` |
| ``POST /files`` | multipart ``sha256`` + ``file``: a scan ahead of its ``file`` entry |
| ``GET /bundle?have=org:<hash>,…`` | the reference sections that changed (``reference.py``) |
| ``GET /dossiers?after=<cursor>&uid=…`` | the province's state of the centre's dossiers changed since the cursor |

Entry (one committed change at the node, see ``journal.py``)::

    {"id": "<uuid, unique>", "seq": 17, "kind": "create|action|file", "action": "receive",
     "dossier_uid": "<uuid>", "dossier_code": "000.294.10.H62-261127-10001",
     "prev": "<uuid of the previous entry of the same dossier, or null>",
     "at": "2026-11-27T09:41:00+07:00", "actor": "binh", "payload": {...}}

``payload``: ``create`` → ``{"state": <dossier state>}``; ``action`` → ``{"args": {...}, "role": …,
"transition": {...}, "base_version": n}``; ``file`` → ``{"document_index", "document_name", "name",
"content_type", "size", "sha256"}``.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile

from motcua.dossiers.api import TokenAuth
from motcua.lib import clock

from . import central, conf, reference

api = NinjaAPI(
    title="motcua — đồng bộ máy trạm một cửa",
    version="1",
    urls_namespace="countersync-api",
    auth=TokenAuth(),
    docs_url=None,
)


class SyncError(Exception):
    def __init__(self, code: str, message, status: int) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, str(message), status


def _error(request, code: str, message, status: int):
    return api.create_response(request, {"error": {"code": code, "message": str(message)}}, status=status)


@api.exception_handler(SyncError)
def _sync_error(request, exc: SyncError):
    return _error(request, exc.code, exc.message, exc.status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, "unauthenticated", _("Cần khoá truy cập của máy trạm."), 401)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    return _error(request, "validation_error", _("Dữ liệu gửi lên không hợp lệ: %(e)s") % {"e": exc.errors}, 422)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, "validation_error", str(exc), exc.status_code)


def _node(request: HttpRequest):
    if conf.is_node():
        raise SyncError("not_a_server", _("Đây là máy trạm, không phải máy chủ tỉnh."), 409)
    registration = central.registration_for(request.auth)
    if registration is None:
        raise SyncError("not_a_counter_node", _("Khoá này không thuộc máy trạm nào đang hoạt động."), 403)
    central.touch(registration)
    return registration


class EntryIn(Schema):
    id: str
    seq: int
    kind: str
    action: str
    dossier_uid: str
    dossier_code: str = ""
    prev: str | None = None
    at: str
    actor: str = ""
    payload: dict


class JournalIn(Schema):
    entries: list[EntryIn]


@api.get("/ping", operation_id="sync_ping")
def ping(request):
    registration = _node(request)
    return {
        "node": registration.node_id,
        "centre": registration.centre.code,
        "server_time": clock.now().isoformat(),
    }


@api.post("/journal", operation_id="sync_journal")
def push_journal(request, body: JournalIn):
    registration = _node(request)
    if len(body.entries) > 1000:
        raise SyncError("validation_error", _("Tối đa 1000 mục mỗi lần gửi."), 422)
    return {"results": central.receive_entries(registration, [e.dict() for e in body.entries])}


@api.post("/files", operation_id="sync_file")
def upload_file(request, sha256: Form[str], file: File[UploadedFile]):
    registration = _node(request)
    try:
        stored = central.store_file(registration, sha256.strip().lower(), file.read())
    except central.EntryRejected as exc:
        raise SyncError("validation_error", str(exc), 422) from None
    return {"sha256": stored.sha256, "size": stored.size}


class BundleQuery(Schema):
    have: str = ""


@api.get("/bundle", operation_id="sync_bundle")
def bundle(request, query: Query[BundleQuery]):
    registration = _node(request)
    have = dict(item.split(":", 1) for item in query.have.split(",") if ":" in item)
    return reference.build_bundle(registration, have)


class FeedQuery(Schema):
    after: int = 0
    uid: list[str] = []


@api.get("/dossiers", operation_id="sync_dossiers")
def dossiers(request, query: Query[FeedQuery]):
    registration = _node(request)
    return central.dossier_feed(registration, after=max(query.after, 0), uids=query.uid)

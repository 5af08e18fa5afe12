"""The dossier API, version 1: ``/api/v1/`` (django-ninja; OpenAPI at ``/api/v1/openapi.json`` and
``/api/openapi.json``).

- Authentication: ``Authorization: Bearer <token>`` for machine clients (:class:`ApiToken`, created
  with ``motcua api-token create <username>``), or the staff session cookie for the UIs (CSRF
  checked on unsafe methods). Permissions are the token owner's postings — never more.
- Every read goes through :mod:`.access` (scoped; object-or-404); every write through
  :mod:`.services` (one function per transition).
- Errors: ``{"error": {"code": "<stable code>", "message": "<Vietnamese>"}}`` with the HTTP status of
  :data:`motcua.dossiers.errors.HTTP_STATUS` (422 for malformed input, 401 without credentials).
- Public tracking (``/public/dossiers/{code}?secret=…``) needs no account: the code plus the secret
  printed on the receipt; it shows the status and a masked name only, and is rate limited.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Header, NinjaAPI, Query, Schema
from ninja import Status as Reply
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AnonRateThrottle

from motcua.catalog.models import Procedure
from motcua.lib import clock
from motcua.org.models import ServiceCentre, User
from motcua.worktime import services as worktime

from . import access, audit, deadlines, services
from .errors import DossierError
from .models import ApiToken, Applicant, Dossier
from .schemas import (
    ActionIn,
    ApologyIn,
    ApplicantIn,
    ApplicantOut,
    AssignIn,
    DeadlineOut,
    DocumentIn,
    DocumentOut,
    DocumentsIn,
    DossierOut,
    DossierPage,
    DossierSummary,
    ErrorOut,
    ExtendIn,
    FileOut,
    FinancialIn,
    IntakeIn,
    ItemsIn,
    NamedRef,
    NoteIn,
    OptionalReasonIn,
    PublicEvent,
    PublicTrackingOut,
    ReasonIn,
    ReasonsIn,
    ResultIn,
    ReturnIn,
    StepOut,
    StopIn,
    TransitionOut,
    WaitingOut,
)
from .workflow import TRANSITIONS, Action, Stage, Status

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
    503: ErrorOut,
}
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)
IDEMPOTENCY_HEADER = Header(None, alias="Idempotency-Key", description="Khoá chống lặp, 8–128 ký tự.")


# --- authentication ------------------------------------------------------------------------------------


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw value is returned once and never stored."""
    raw = "mc_" + secrets.token_urlsafe(32)
    while raw[3] == "-":  # the prefix is typed as `motcua api-token revoke <prefix>`: "-…" would read as an option
        raw = "mc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[3:11], key_hash=hash_token(raw))
    audit.record(
        "api.token.created",
        actor=user,
        object_type="api_token",
        object_ref=str(token.pk),
        data={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


def revoke_tokens(prefix: str, *, actor: str) -> int:
    """Revoke every live token with this prefix (the 8 characters shown to the operator); each
    revocation is audited. Returns how many were revoked."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(prefix=prefix, revoked_at__isnull=True))
        for token in tokens:
            token.revoked_at = clock.now()
            token.save(update_fields=["revoked_at"])
            audit.record(
                "api.token.revoked", actor=actor, object_type="api_token", object_ref=str(token.pk),
                data={"prefix": token.prefix},
            )
    return len(tokens)


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        row = (
            ApiToken.objects.select_related("user").filter(key_hash=hash_token(token), revoked_at__isnull=True).first()
        )
        if row is None or not row.user.is_active:
            return None
        now = clock.now()
        if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user


api = NinjaAPI(
    title="motcua — API hồ sơ thủ tục hành chính",
    version="1",
    description=(
        'Tiếp nhận, xử lý, tra cứu hồ sơ. Lỗi có dạng {"error": {"code", "message"}} với mã lỗi ổn định; '
        "xem docs/dossiers.md."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
)


def _error(request, code: str, message, status: int, details=None):
    body = {"error": {"code": code, "message": str(message)}}
    if details is not None:
        body["error"]["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(DossierError)
def _dossier_error(request, exc: DossierError):
    return _error(request, exc.code, exc.message, exc.http_status)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, "not_found", _("Không tìm thấy hồ sơ."), 404)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    details = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return _error(request, "validation_error", _("Dữ liệu gửi lên không hợp lệ."), 422, details)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, "unauthenticated", _("Cần đăng nhập hoặc khoá truy cập API hợp lệ."), 401)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _error(request, "csrf_failed", _("Thiếu hoặc sai mã CSRF của phiên đăng nhập."), 403)
    if exc.status_code == 429:
        return _error(request, "rate_limited", _("Quá nhiều yêu cầu; vui lòng thử lại sau."), 429)
    code = {403: "role_not_allowed", 404: "not_found"}.get(exc.status_code, "validation_error")
    return _error(request, code, str(exc), exc.status_code)


def _staff(request):
    """The authenticated staff member with at least one posting in force, else ``no_posting``."""
    user = request.auth
    if access.staff_scope(user).empty:
        raise DossierError("no_posting", _("Tài khoản không có phân công nào đang hiệu lực."))
    return user


# --- serialisation ----------------------------------------------------------------------------------


def _named(obj) -> NamedRef:
    return NamedRef(code=obj.code, name=obj.name)


def _procedure(dossier: Dossier) -> NamedRef:
    return NamedRef(code=dossier.procedure.code, name=dossier.procedure.name)


def _summary_fields(dossier: Dossier) -> dict:
    return {
        "key": dossier.key,
        "code": dossier.code,
        "uid": dossier.uid,
        "status": dossier.status,
        "status_label": str(Status(dossier.status).label),
        "stage": dossier.stage,
        "stage_label": str(Stage(dossier.stage).label),
        "row_version": dossier.row_version,
        "channel": dossier.channel,
        "national_channel": dossier.national_channel,
        "procedure": _procedure(dossier),
        "receiving_centre": _named(dossier.receiving_centre),
        "resolving_department": _named(dossier.resolving_department),
        "applicant_name": dossier.applicant.name,
        "accepted_at": dossier.accepted_at,
        "due_at": dossier.due_at,
        "ended_at": dossier.ended_at,
    }


def _applicant(applicant: Applicant | None) -> ApplicantOut | None:
    if applicant is None:
        return None
    return ApplicantOut(
        kind=applicant.kind,
        id_number=applicant.id_number,
        name=applicant.name,
        phone=applicant.phone,
        email=applicant.email,
        address=applicant.address,
    )


def _allowed_actions(user, dossier: Dossier) -> list[str]:
    """The table's edges open to this user here (the services still check the business guards)."""
    roles = access.acting_roles(user, dossier)
    actions = [action for (stage, action), edge in TRANSITIONS.items() if stage == dossier.stage and roles & edge.roles]
    if Action.COMPLETE_SAME_DAY in actions and not dossier.duration.startswith("sameday"):
        actions.remove(Action.COMPLETE_SAME_DAY)
    return actions


def _detail(user, dossier: Dossier) -> DossierOut:
    status = deadlines.deadline_status(dossier)
    documents = [
        DocumentOut(
            id=d.pk,
            document=d.required_document.order if d.required_document_id else None,
            name=d.name,
            supplied_as=d.supplied_as,
            quantity=d.quantity,
            files=[
                FileOut(
                    id=f.pk,
                    original_name=f.original_name,
                    content_type=f.content_type,
                    size=f.size,
                    sha256=f.sha256,
                    uploaded_at=f.uploaded_at,
                )
                for f in d.files.all()
            ],
        )
        for d in dossier.documents.select_related("required_document").prefetch_related("files")
    ]
    steps = [
        StepOut(
            order=s.order,
            name=s.name,
            role=s.role,
            unit=(s.department.name if s.department_id else (s.centre.name if s.centre_id else "")),
            assignee=s.assignee.get_username() if s.assignee_id else None,
            started_at=s.started_at,
            due_at=s.due_at,
            finished_at=s.finished_at,
            outcome=s.outcome,
        )
        for s in dossier.steps.select_related("department", "centre", "assignee")
    ]
    waiting = [
        WaitingOut(
            kind=w.kind,
            requested_at=w.requested_at,
            items=w.items,
            reason=w.reason,
            policy=w.policy,
            answered_at=w.answered_at,
            closed_at=w.closed_at,
            excluded_working_minutes=w.excluded_minutes,
        )
        for w in dossier.waiting_periods.all()
    ]
    timeline = [
        TransitionOut(
            seq=t.seq,
            action=t.action,
            action_label=str(Action(t.action).label),
            from_status=t.from_status,
            to_status=t.to_status,
            to_stage=t.to_stage,
            at=t.at,
            actor=t.actor_label,
            role=t.actor_role,
            reason=t.reason,
            data=t.data,
        )
        for t in dossier.transitions.all()
    ]
    return DossierOut(
        **_summary_fields(dossier),
        procedure_version=dossier.procedure_version.number,
        return_centre=_named(dossier.return_centre),
        applicant=_applicant(dossier.applicant),
        proxy=_applicant(dossier.proxy),
        submitted_at=dossier.submitted_at,
        original_due_at=dossier.original_due_at,
        reappointed_due_at=dossier.reappointed_due_at,
        done_at=dossier.done_at,
        returned_at=dossier.returned_at,
        return_method=dossier.return_method,
        duration=dossier.duration,
        fee_amount=dossier.fee_amount,
        fee_paid=dossier.fee_paid,
        supplement_count=dossier.supplement_count,
        lookup_secret=dossier.lookup_secret,
        deadline=DeadlineOut(
            classification=status.classification.value if status.classification else None,
            label=status.classification.label if status.classification else None,
            due_at=status.due_at,
            original_due_at=status.original_due_at,
            remaining_working_minutes=status.remaining_minutes,
            paused=status.paused,
        ),
        documents=documents,
        steps=steps,
        waiting_periods=waiting,
        timeline=timeline,
        allowed_actions=_allowed_actions(user, dossier),
    )


# --- intake ---------------------------------------------------------------------------------------


def _centre(code: str | None) -> ServiceCentre | None:
    if code is None:
        return None
    centre = ServiceCentre.objects.filter(code=code, is_active=True).first()
    if centre is None:
        raise DossierError("validation_error", _("Không có trung tâm mã %(code)s.") % {"code": code})
    return centre


def _applicant_data(data: ApplicantIn | None) -> services.ApplicantData | None:
    return services.ApplicantData(**data.dict()) if data else None


def _documents(items: list[DocumentIn]) -> list[services.DocumentData]:
    return [
        services.DocumentData(document=i.document, supplied_as=i.supplied_as, quantity=i.quantity, note=i.note)
        for i in items
    ]


@api.post(
    "/dossiers",
    response={201: DossierOut, **ERRORS},
    operation_id="create_dossier",
    tags=["dossiers"],
    summary="Tiếp nhận hồ sơ (hoặc đăng ký / từ chối tiếp nhận)",
)
def create_dossier(request, payload: IntakeIn, idempotency_key: str | None = IDEMPOTENCY_HEADER):
    """``Idempotency-Key`` header: a retried request returns the same dossier, never a second one."""
    user = _staff(request)
    key = idempotency_key
    procedure = Procedure.objects.filter(code=payload.procedure).first()
    if procedure is None:
        raise DossierError("validation_error", _("Không có thủ tục mã %(code)s.") % {"code": payload.procedure})
    common = {
        "centre": _centre(payload.centre),
        "procedure": procedure,
        "applicant": _applicant_data(payload.applicant),
        "channel": payload.channel,
        "competent_centre": _centre(payload.competent_centre),
        "idempotency_key": key,
    }
    if payload.decision == "receive":
        dossier = services.receive_dossier(
            user,
            **common,
            documents=_documents(payload.documents),
            proxy=_applicant_data(payload.proxy),
            return_centre=_centre(payload.return_centre),
            fee_amount=payload.fee_amount,
        )
    elif payload.decision == "submit":
        dossier = services.submit_dossier(
            user,
            **common,
            documents=_documents(payload.documents),
            proxy=_applicant_data(payload.proxy),
            return_centre=_centre(payload.return_centre),
        )
    else:
        dossier = services.refuse_at_counter(user, **common, reasons=payload.reasons)
    return Reply(201, _detail(user, dossier))


# --- reading ----------------------------------------------------------------------------------------


class ListFilters(Schema):
    centre: str | None = None
    department: str | None = None
    procedure: str | None = None
    status: list[int] | None = None
    stage: str | None = None
    due_soon: bool = False
    overdue: bool = False
    page: int = 1
    page_size: int = 50


OPEN_FOR_DEADLINE = [Status.ACCEPTED, Status.PROCESSING, Status.WITHDRAWAL_REQUESTED]


@api.get(
    "/dossiers",
    response={200: DossierPage, **ERRORS},
    operation_id="list_dossiers",
    tags=["dossiers"],
    summary="Danh sách hồ sơ trong phạm vi của người dùng",
)
def list_dossiers(request, filters: Query[ListFilters]):
    """Filters use indexed columns (status, due moment, centre, department, procedure). ``due_soon``:
    due within the next working day; ``overdue``: past the appointment in force, clock running."""
    user = _staff(request)
    if not 1 <= filters.page_size <= 200 or filters.page < 1:
        raise DossierError("validation_error", _("page ≥ 1 và 1 ≤ page_size ≤ 200."))
    queryset = access.visible_dossiers(user).select_related(
        "procedure", "receiving_centre", "resolving_department", "applicant"
    )
    if filters.centre:
        queryset = queryset.filter(Q(receiving_centre__code=filters.centre) | Q(return_centre__code=filters.centre))
    if filters.department:
        queryset = queryset.filter(resolving_department__code=filters.department)
    if filters.procedure:
        queryset = queryset.filter(procedure__code=filters.procedure)
    if filters.status:
        queryset = queryset.filter(status__in=filters.status)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    order = ["-id"]
    now = clock.now()
    if filters.due_soon or filters.overdue:
        queryset = queryset.filter(status__in=OPEN_FOR_DEADLINE, ended_at__isnull=True, due_at__isnull=False)
        order = ["due_at", "id"]
    if filters.overdue:
        queryset = queryset.filter(due_at__lt=now)
    if filters.due_soon:
        calendar = worktime.calendar_for()
        horizon = calendar.add_working_minutes(now, calendar.minutes_per_day)
        queryset = queryset.filter(due_at__gte=now, due_at__lte=horizon)
    count = queryset.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(queryset.order_by(*order)[start : start + filters.page_size])
    if rows:
        audit.record(
            "dossier.personal_data.list",
            actor=user,
            object_type="dossier_list",
            object_ref="list",
            data={"keys": [d.key for d in rows], "filters": filters.dict()},
        )
    page = DossierPage(
        count=count,
        page=filters.page,
        page_size=filters.page_size,
        items=[DossierSummary(**_summary_fields(d)) for d in rows],
    )
    return Reply(200, page)


@api.get(
    "/dossiers/{key}",
    response={200: DossierOut, **ERRORS},
    operation_id="get_dossier",
    tags=["dossiers"],
    summary="Chi tiết hồ sơ, dòng thời gian và tình trạng thời hạn",
)
def get_dossier(request, key: str):
    user = _staff(request)
    dossier = access.get_dossier_for_user(user, key, purpose="api: xem chi tiết")
    return Reply(200, _detail(user, dossier))


@api.post(
    "/dossiers/{key}/documents/{document_id}/files",
    response={201: FileOut, **ERRORS},
    operation_id="upload_scan",
    tags=["dossiers"],
    summary="Đính kèm bản quét cho một thành phần hồ sơ",
)
def upload_scan(request, key: str, document_id: int, file: File[UploadedFile]):
    user = _staff(request)
    dossier = access.get_dossier_for_user(user, key, purpose="api: đính kèm tệp", audit_read=False)
    limit = services._upload_max()
    if file.size and file.size > limit:
        raise DossierError("upload_rejected", _("Tệp quá lớn."))
    stored = services.attach_scan(
        dossier, user, document_id=document_id, upload=services.Upload(file.name or "scan", file.read(limit + 1))
    )
    out = FileOut(
        id=stored.pk,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_at=stored.uploaded_at,
    )
    return Reply(201, out)


# --- transitions: one route per action, each with its own typed body ---------------------------------


def _missing(items) -> list[services.MissingItem]:
    return [services.MissingItem(document=i.document, detail=i.detail) for i in items]


def _assignee(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DossierError("validation_error", _("Không có cán bộ %(name)s.") % {"name": username})
    return user


# action → (request schema, how to turn the body into service keyword arguments)
ACTION_BODIES = {
    Action.REQUEST_COMPLETION: (ItemsIn, lambda b: {"items": _missing(b.items), "reason": b.reason}),
    Action.COMPLETE_SUBMISSION: (DocumentsIn, lambda b: {"documents": _documents(b.documents)}),
    Action.ACCEPT: (DocumentsIn, lambda b: {"documents": _documents(b.documents)}),
    Action.REFUSE_INTAKE: (ReasonsIn, lambda b: {"reasons": b.reasons}),
    Action.TRANSFER: (NoteIn, lambda b: {"note": b.note}),
    Action.ASSIGN: (AssignIn, lambda b: {"assignee": _assignee(b.assignee), "note": b.note}),
    Action.COMPLETE_STEP: (NoteIn, lambda b: {"note": b.note}),
    Action.APPROVE: (NoteIn, lambda b: {"note": b.note}),
    Action.REQUEST_SUPPLEMENT: (ItemsIn, lambda b: {"items": _missing(b.items), "reason": b.reason}),
    Action.RECEIVE_SUPPLEMENT: (DocumentsIn, lambda b: {"documents": _documents(b.documents), "note": b.note}),
    Action.REQUEST_FINANCIAL_OBLIGATION: (FinancialIn, lambda b: {"reason": b.reason, "amount": b.amount}),
    Action.CONFIRM_FINANCIAL_OBLIGATION: (NoteIn, lambda b: {"note": b.note}),
    Action.EXTEND: (
        ExtendIn,
        lambda b: {"working_days": b.working_days, "legal_basis": b.legal_basis, "reason": b.reason},
    ),
    Action.APOLOGISE: (ApologyIn, lambda b: {"new_due_at": b.new_due_at, "reason": b.reason}),
    Action.REFUSE_RESOLUTION: (ReasonsIn, lambda b: {"reasons": b.reasons}),
    Action.REQUEST_WITHDRAWAL: (OptionalReasonIn, lambda b: {"reason": b.reason}),
    Action.STOP: (StopIn, lambda b: {"reason": b.reason, "fee_handling": b.fee_handling}),
    Action.ISSUE_RESULT: (ResultIn, lambda b: {"result_reference": b.result_reference, "note": b.note}),
    Action.COMPLETE_SAME_DAY: (ResultIn, lambda b: {"result_reference": b.result_reference, "note": b.note}),
    Action.RETURN_RESULT: (ReturnIn, lambda b: {"method": b.method, "recipient": b.recipient, "note": b.note}),
    Action.CANCEL: (ReasonIn, lambda b: {"reason": b.reason}),
}
assert set(ACTION_BODIES) == set(services.SERVICES), "every transition service has an API route"


def _register_action(action: str, schema: type[ActionIn], to_kwargs) -> None:
    service = services.SERVICES[action]

    def perform(request, key: str, payload: schema, idempotency_key: str | None = IDEMPOTENCY_HEADER):  # type: ignore[valid-type]
        user = _staff(request)
        dossier = access.get_dossier_for_user(user, key, purpose=f"api: {action}", audit_read=False)
        dossier = service(
            dossier,
            user,
            idempotency_key=idempotency_key,
            expected_version=payload.expected_version,
            **to_kwargs(payload),
        )
        return Reply(200, _detail(user, dossier))

    perform.__name__ = f"action_{action}"
    perform.__doc__ = f"{Action(action).label}. ``Idempotency-Key`` header: a retry never repeats the transition."
    api.post(
        f"/dossiers/{{key}}/actions/{action}",
        response={200: DossierOut, **ERRORS},
        operation_id=f"dossier_{action}",
        tags=["actions"],
        summary=str(Action(action).label),
    )(perform)


for _action, (_schema, _to_kwargs) in ACTION_BODIES.items():
    _register_action(_action, _schema, _to_kwargs)


@api.post(
    "/dossiers/{key}/actions/{action}", response={404: ErrorOut, 401: ErrorOut, 403: ErrorOut}, include_in_schema=False
)
def unknown_action(request, key: str, action: str):
    """Any other action name: a structured 404 naming the actions that exist."""
    _staff(request)
    raise DossierError(
        "not_found",
        _("Không có thao tác «%(action)s». Các thao tác: %(actions)s.")
        % {"action": action[:50], "actions": ", ".join(ACTION_BODIES)},
    )


# --- public tracking ------------------------------------------------------------------------------------


@api.get(
    "/public/dossiers/{code}",
    response={200: PublicTrackingOut, **ERRORS},
    auth=None,
    operation_id="track_dossier",
    tags=["public"],
    throttle=[AnonRateThrottle("30/m")],
    summary="Tra cứu công khai bằng mã số hồ sơ và mã tra cứu",
)
def track_dossier(request, code: str, secret: str):
    """No personal data beyond a masked name. A wrong secret and an unknown code look the same."""
    dossier = (
        Dossier.objects.select_related("procedure", "applicant").filter(code=code.strip()).first()  # public path:
        # the secret is the authorisation; nothing else is exposed
    )
    given = secret.strip().upper().encode("utf-8")
    if dossier is None or not secrets.compare_digest(dossier.lookup_secret.encode("ascii"), given):
        raise Http404
    status = deadlines.deadline_status(dossier)
    events = []
    for t in dossier.transitions.all():
        if not events or events[-1].status != t.to_status:
            events.append(PublicEvent(at=t.at, status=t.to_status, status_label=str(Status(t.to_status).label)))
    tracking = PublicTrackingOut(
        code=dossier.code,
        procedure=dossier.procedure.name,
        applicant=dossier.applicant.masked_name,
        status=dossier.status,
        status_label=str(Status(dossier.status).label),
        received_at=dossier.accepted_at,
        due_at=dossier.due_at,
        deadline=status.classification.label if status.classification else None,
        returned_at=dossier.returned_at,
        events=events,
    )
    return Reply(200, tracking)


def openapi_json(request):
    """``/api/openapi.json``: the same document as ``/api/v1/openapi.json``."""
    return JsonResponse(api.get_openapi_schema(), json_dumps_params={"ensure_ascii": False})

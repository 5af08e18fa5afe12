"""Every state change of a dossier is one named function here (STYLE §2; issue 4 §3).

Shape of every transition service::

    fn(dossier, actor, *, idempotency_key=None, expected_version=None, **data) -> Dossier

(the intake ones — :func:`receive_dossier`, :func:`submit_dossier`, :func:`refuse_at_counter` —
create the dossier and take the receiving centre instead). Each one, in one
``transaction.atomic()``:

1. **idempotency** — a key already used returns the first result (same actor, action and payload;
   otherwise ``idempotency_key_reused``): a retried request never creates a second dossier or a
   second transition. A concurrent duplicate that loses the race on the key's unique index is
   answered the same way after its rollback;
2. **row lock** — ``SELECT … FOR UPDATE`` on the dossier (SQLite: ``BEGIN IMMEDIATE`` serialises
   writers); then the **optimistic version check** when the caller sends ``expected_version``
   (the version it displayed) → ``version_conflict``;
3. **the transition table** (:mod:`.workflow`): the (stage, action) edge must exist →
   ``transition_not_allowed``; the actor must hold one of its roles *for this dossier* (postings in
   force, scoped to the centre or department) → ``role_not_allowed``; then the business guards;
4. the change itself, ``row_version + 1``, one :class:`~.models.Transition` (who, when, why),
   one audit entry (hash chain), one outbox event (dispatched after commit).

All moments come from :func:`motcua.lib.clock.now`, recorded to the minute (DOMAIN §6: receipts
and appointments are to the minute).
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import hashlib
import json
import mimetypes
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure, ProcedureVersion, RequiredDocument, SupplementPolicy
from motcua.catalog.services import DEFAULT_STEPS, current_version
from motcua.lib import clock
from motcua.org import access as org_access
from motcua.org.models import Department, Level, Role, ServiceCentre
from motcua.worktime.engine import CalendarRangeError, DurationKind

from . import audit, deadlines, outbox, validators
from .access import acting_roles, check_role, counter_roles_at, is_citizen
from .codes import format_code, reserve_sequence
from .errors import DossierError
from .models import (
    CATALOG_CHANNEL,
    Applicant,
    Channel,
    Dossier,
    DossierDocument,
    DossierFile,
    DossierStep,
    IdempotencyRecord,
    SuppliedAs,
    Transition,
    WaitingPeriod,
)
from .workflow import (
    AUDIT_CODES,
    PREVIOUS,
    SAME,
    STAGE_STATUS,
    TRANSITIONS,
    Action,
    Edge,
    Stage,
    Status,
)

# Sent inside the service's transaction after every change of a dossier (kwargs: dossier, action, at), so
# derived data commits or rolls back with the change — the reports' aggregates (docs/reports.md).
dossier_changed = Signal()

SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed from paper
SECRET_LENGTH = 10  # 31^10 ≈ 2^49.5
DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
SUPPLEMENT_NOTICE_WORKING_DAYS = 3  # DOMAIN §6: the supplement notice within 3 working days of receipt
RETURN_METHODS = {"counter": _("Tại quầy"), "post": _("Qua bưu chính"), "electronic": _("Trực tuyến (bản điện tử)")}


# --- input shapes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantData:
    kind: str
    id_number: str
    name: str
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


@dataclass(frozen=True)
class DocumentData:
    """One checklist line: ``document`` is the order number in the pinned version's list."""

    document: int
    supplied_as: str = SuppliedAs.ORIGINAL
    quantity: int = 1
    note: str = ""
    files: tuple[Upload, ...] = ()


@dataclass(frozen=True)
class MissingItem:
    """One line of a supplement/completion request: which listed document, and what is wrong."""

    document: int
    detail: str = ""


# --- helpers -------------------------------------------------------------------------------------


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


# Replication hook (dossiers/replication.py, issue 8): a counter node's action is replayed on the
# provincial server at the moment it happened at the node, and an acceptance made there keeps the code
# the node printed on the receipt (DOMAIN §5: one code for life) and the appointment printed with it
# (``due_at``, DOMAIN §6). Unset everywhere else.
_REPLAY: contextvars.ContextVar[dict | None] = contextvars.ContextVar("motcua_dossier_replay", default=None)


# A replayed action up to this much older than the dossier's last transition is taken as the node's
# clock running behind the province's and recorded at that transition's moment; older is a conflict.
REPLAY_CLOCK_SKEW = dt.timedelta(minutes=5)


def _replayed_moment(dossier: Dossier, at: dt.datetime) -> dt.datetime:
    """When a counter node's action, replayed at its own moment ``at``, may be written on ``dossier``.

    Not before the dossier's last transition: the timeline and the reports' aggregates only go
    forward in time. Up to :data:`REPLAY_CLOCK_SKEW` older is the node's clock running behind —
    recorded at that transition's moment; older is refused, and the sync link keeps it as a conflict.
    """
    latest = dossier.transitions.aggregate(m=models.Max("at"))["m"]
    if latest is None or latest <= at:
        return at
    if latest - at <= REPLAY_CLOCK_SKEW:
        return latest
    raise DossierError(
        "version_conflict",
        _(
            "Tại tỉnh hồ sơ đã có thao tác sau thời điểm %(at)s của thao tác này; không ghi thao "
            "tác vào quá khứ của hồ sơ — cán bộ cần xem xét xung đột."
        )
        % {"at": f"{at.astimezone(clock.BUSINESS_TZ):%H:%M %d/%m/%Y}"},
    )


def _now() -> dt.datetime:
    replay = _REPLAY.get()
    return _minute(replay["at"] if replay else clock.now())


def _invalid(message) -> DossierError:
    return DossierError("validation_error", message)


def _actor_ref(actor) -> str:
    if is_citizen(actor):
        return f"citizen:{actor.kind}:{actor.id_number}"
    return f"user:{actor.pk}" if actor is not None else "system"


def _actor_label(actor) -> str:
    if is_citizen(actor):
        return actor.audit_label
    return (getattr(actor, "full_name", "") or actor.get_username()) if actor is not None else "hệ thống"


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return str(value)


def _fingerprint(action: str, subject: str, payload: dict) -> str:
    """What a retry must repeat exactly: same action, same dossier, same data (files by hash)."""
    text = json.dumps(
        {"action": action, "subject": subject, "payload": payload},
        sort_keys=True,
        default=_json_default,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def _upload_max() -> int:
    return int(settings.MOTCUA.get("UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


def _node_id() -> int:
    return int(settings.MOTCUA.get("NODE_ID", 0))


def _label(action: str) -> str:
    return str(Action(action).label)


def _not_allowed(stage: str, action: str) -> DossierError:
    status = STAGE_STATUS.get(stage)
    return DossierError(
        "transition_not_allowed",
        _("Không thể «%(action)s» khi hồ sơ đang ở trạng thái «%(status)s» (%(stage)s).")
        % {"action": _label(action), "status": Status(status).label if status else "—", "stage": Stage(stage).label},
    )


def _guard(condition: bool, message) -> None:
    if not condition:
        raise DossierError("transition_not_allowed", message)


# --- applicants ------------------------------------------------------------------------------------


def validate_applicant(data: ApplicantData) -> ApplicantData:
    """Normalised copy of ``data``, or ``validation_error`` with the first problem in Vietnamese."""
    try:
        if data.kind == Applicant.Kind.CITIZEN:
            id_number = validators.citizen_id(data.id_number)
        elif data.kind == Applicant.Kind.ORGANISATION:
            id_number = validators.tax_code(data.id_number)
        else:
            raise ValueError(_("Loại người nộp phải là công dân hoặc tổ chức."))
        name = " ".join((data.name or "").split())
        if not name:
            raise ValueError(_("Cần ghi họ và tên (hoặc tên tổ chức) của người nộp."))
        phone = validators.phone(data.phone) if data.phone else ""
        email = validators.email(data.email) if data.email else ""
    except ValueError as exc:
        raise _invalid(exc) from None
    return ApplicantData(data.kind, id_number, name[:255], phone, email, " ".join((data.address or "").split())[:500])


def upsert_applicant(data: ApplicantData) -> Applicant:
    """The applicant with that ID, created once and reused; contact details given now are kept.

    Must run inside a transaction (the intake services call it); two first filings by the same
    person at the same moment meet at the (kind, id_number) unique index.
    """
    clean = validate_applicant(data)
    applicant = Applicant.objects.select_for_update().filter(kind=clean.kind, id_number=clean.id_number).first()
    if applicant is None:
        with transaction.atomic():  # savepoint: a concurrent insert of the same person
            try:
                return Applicant.objects.create(**dataclasses.asdict(clean))
            except IntegrityError:
                pass
        applicant = Applicant.objects.select_for_update().get(kind=clean.kind, id_number=clean.id_number)
    changed = []
    for name in ("name", "phone", "email", "address"):
        value = getattr(clean, name)
        if value and getattr(applicant, name) != value:
            setattr(applicant, name, value)
            changed.append(name)
    if changed:
        applicant.save(update_fields=changed)
    return applicant


# --- routing (DOMAIN §2: receipt place vs competent agency) ---------------------------------------


@dataclass(frozen=True)
class Routing:
    competent_centre: ServiceCentre
    department: Department


def _provincial_centre(province_code: str) -> ServiceCentre:
    centre = ServiceCentre.objects.filter(province_code=province_code, level=Level.PROVINCE, is_active=True).first()
    if centre is None:
        raise DossierError("no_competent_department", _("Tỉnh chưa có Trung tâm Phục vụ hành chính công cấp tỉnh."))
    return centre


def route(
    procedure: Procedure,
    version: ProcedureVersion,
    receiving: ServiceCentre,
    competent_centre: ServiceCentre | None = None,
) -> Routing:
    """Where the dossier is decided, and whether ``receiving`` may take it.

    1. The competent level: the receiving centre's own level when the procedure is done there;
       otherwise the province (a provincial procedure filed at a commune centre).
    2. The competent centre: given (a commune-level procedure of another commune, or filed at the
       provincial centre), else the receiving centre / the provincial centre.
    3. Receiving at a centre other than the competent one is **boundary-free intake**: allowed only
       when the pinned version says so (the province's list, DOMAIN §2).
    4. The department: the competent centre's active office whose sectors contain the procedure's
       sector (first by code when several do).
    """
    commune_ok = procedure.at_commune or procedure.level in ("commune", "both")
    province_ok = procedure.at_province or procedure.level in ("province", "both")
    if competent_centre is None:
        if (receiving.level == Level.COMMUNE and commune_ok) or (receiving.level == Level.PROVINCE and province_ok):
            competent_centre = receiving
        elif province_ok:
            competent_centre = _provincial_centre(receiving.province_code)
        elif commune_ok:
            raise _invalid(_("Thủ tục cấp xã: cần chọn xã, phường có thẩm quyền giải quyết."))
        else:
            raise DossierError(
                "not_competent",
                _("Thủ tục %(code)s không do cấp tỉnh hoặc cấp xã của tỉnh giải quyết.") % {"code": procedure.code},
            )
    else:
        level_ok = commune_ok if competent_centre.level == Level.COMMUNE else province_ok
        if not level_ok or competent_centre.province_code != receiving.province_code or not competent_centre.is_active:
            raise DossierError(
                "not_competent",
                _("%(centre)s không có thẩm quyền giải quyết thủ tục %(code)s.")
                % {"centre": competent_centre.name, "code": procedure.code},
            )
    if competent_centre.pk != receiving.pk and not version.boundary_free:
        raise DossierError(
            "not_boundary_free",
            _(
                "Thủ tục %(code)s không thuộc danh mục tiếp nhận không phụ thuộc địa giới hành chính; "
                "hồ sơ phải nộp tại %(centre)s."
            )
            % {"code": procedure.code, "centre": competent_centre.name},
        )
    sector = procedure.sector.name
    offices = [
        d
        for d in Department.objects.filter(centre=competent_centre, is_active=True).order_by("code")
        if sector in (d.sectors or [])
    ]
    if not offices:
        raise DossierError(
            "no_competent_department",
            _(
                "Chưa có cơ quan nào của %(centre)s phụ trách lĩnh vực «%(sector)s»; quản trị hệ thống cần khai báo "
                "lĩnh vực cho phòng chuyên môn."
            )
            % {"centre": competent_centre.name, "sector": sector},
        )
    return Routing(competent_centre, offices[0])


# --- checklist and uploads ------------------------------------------------------------------------


def _required_documents(version: ProcedureVersion) -> dict[int, RequiredDocument]:
    return {d.order: d for d in version.required_documents.all()}


def _check_documents(version: ProcedureVersion, documents: Sequence[DocumentData]) -> None:
    listed = _required_documents(version)
    for item in documents:
        if item.document not in listed:
            raise _invalid(
                _(
                    "Giấy tờ số %(n)s không có trong thành phần hồ sơ của thủ tục (danh mục đã công bố là tối đa "
                    "được yêu cầu)."
                )
                % {"n": item.document}
            )
        if item.supplied_as not in SuppliedAs.values:
            raise _invalid(_("Hình thức giấy tờ «%(value)s» không hợp lệ.") % {"value": item.supplied_as})
        if item.quantity < 1:
            raise _invalid(_("Số lượng giấy tờ phải từ 1 trở lên."))
        for upload in item.files:
            try:
                validators.check_upload(upload.content, max_bytes=_upload_max())
            except ValueError as exc:
                raise DossierError(
                    "upload_rejected", _("Tệp «%(name)s»: %(error)s") % {"name": upload.name, "error": exc}
                ) from None


def _store_file(document: DossierDocument, upload: Upload, actor) -> DossierFile:
    checked = validators.check_upload(upload.content, max_bytes=_upload_max())
    extension = mimetypes.guess_extension(checked.content_type) or ""
    stored = DossierFile(
        document=document,
        original_name=(upload.name or "tep")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=None if is_citizen(actor) else actor,
    )
    # The stored name carries no personal data (the original name stays in the row).
    stored.file.save(f"{checked.sha256[:20]}{extension}", ContentFile(upload.content), save=False)
    stored.save()
    return stored


def _add_documents(
    dossier: Dossier, documents: Sequence[DocumentData], actor, at: dt.datetime, period: WaitingPeriod | None = None
) -> list[dict]:
    listed = _required_documents(dossier.procedure_version)
    added = []
    for item in documents:
        required = listed[item.document]
        row = DossierDocument.objects.create(
            dossier=dossier,
            required_document=required,
            name=required.name,
            supplied_as=item.supplied_as,
            quantity=item.quantity,
            note=item.note[:255],
            waiting_period=period,
            added_at=at,
        )
        hashes = [_store_file(row, upload, actor).sha256 for upload in item.files]
        added.append({"document": item.document, "supplied_as": item.supplied_as, "files": hashes})
    return added


def _check_items(version: ProcedureVersion, items: Sequence[MissingItem]) -> list[dict]:
    if not items:
        raise _invalid(_("Cần liệt kê đầy đủ các giấy tờ phải bổ sung, hoàn thiện."))
    listed = _required_documents(version)
    result = []
    for item in items:
        if item.document not in listed:
            raise _invalid(
                _("Giấy tờ số %(n)s không có trong thành phần hồ sơ của thủ tục; chỉ được yêu cầu giấy tờ đã công bố.")
                % {"n": item.document}
            )
        result.append({"document": item.document, "name": listed[item.document].name, "detail": item.detail.strip()})
    return result


def attach_scan(dossier: Dossier, actor, *, document_id: int, upload: Upload) -> DossierFile:
    """Add a scan to a checklist line after intake (scanning may follow the receipt)."""
    with transaction.atomic():
        locked = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
        roles = acting_roles(actor, locked) & {Role.COUNTER_OFFICER, Role.SPECIALIST, Role.SYSTEM_ADMIN}
        if not roles:
            raise DossierError("role_not_allowed", _("Bạn không có quyền đính kèm tệp vào hồ sơ này."))
        if locked.stage in {Stage.REFUSED, Stage.CANCELLED}:
            raise _not_allowed(locked.stage, Action.RECEIVE)
        document = DossierDocument.objects.filter(dossier=locked, pk=document_id).first()
        if document is None:
            raise DossierError("not_found", _("Không có thành phần hồ sơ này."))
        try:
            stored = _store_file(document, upload, actor)
        except ValueError as exc:
            raise DossierError("upload_rejected", str(exc)) from None
        audit.record(
            "dossier.file.attached",
            actor=actor,
            object_type="dossier",
            object_ref=locked.key,
            data={
                "document": document.pk,
                "sha256": stored.sha256,
                "size": stored.size,
                "content_type": stored.content_type,
            },
        )
        dossier_changed.send(sender=Dossier, dossier=locked, action="attach_scan", at=_now())
        return stored


# --- internal process (control sheet, Mẫu 06) --------------------------------------------------------


@dataclass(frozen=True)
class PlannedStep:
    order: int
    name: str
    role: str
    budget_minutes: int | None


def _plan(version: ProcedureVersion) -> list[PlannedStep]:
    steps = [
        PlannedStep(s.order, s.name, s.role, int(s.budget_hours * 60) if s.budget_hours else None)
        for s in version.processing_steps.order_by("order")
    ]
    if not steps:  # versions without an internal process get the catalogue's default (no budgets)
        steps = [PlannedStep(order, name, str(role), None) for order, name, role, _unit, _share in DEFAULT_STEPS]
    return steps


def _open_step(
    dossier: Dossier, planned: PlannedStep, at: dt.datetime, calendar, *, centre: ServiceCentre | None = None
) -> DossierStep:
    """Open the control-sheet row of ``planned``: at the competent department, or at ``centre``."""
    at_counter = planned.role == Role.COUNTER_OFFICER
    step = DossierStep.objects.create(
        dossier=dossier,
        order=planned.order,
        name=planned.name,
        role=planned.role,
        department=None if at_counter else dossier.resolving_department,
        centre=(centre or dossier.receiving_centre) if at_counter else None,
        budget_minutes=planned.budget_minutes,
        started_at=at,
        due_at=deadlines.step_due(dossier, at, planned.budget_minutes, calendar),
    )
    dossier.current_step = step
    return step


def _finish_step(dossier: Dossier, at: dt.datetime, actor, note: str = "") -> DossierStep | None:
    step = dossier.current_step
    if step is None or step.finished_at is not None:
        dossier.current_step = None
        return None
    step.finished_at = at
    step.note = note[:500]
    if step.assignee_id is None and actor is not None and not is_citizen(actor):
        step.assignee = actor
    if step.due_at is not None:
        if at > step.due_at:
            step.outcome = DossierStep.Outcome.LATE
        elif at.astimezone(clock.BUSINESS_TZ).date() < step.due_at.astimezone(clock.BUSINESS_TZ).date():
            step.outcome = DossierStep.Outcome.EARLY
        else:
            step.outcome = DossierStep.Outcome.ON_TIME
    step.save(update_fields=["finished_at", "note", "assignee", "outcome"])
    dossier.current_step = None
    return step


def _next_planned(dossier: Dossier, after_order: int | None, *, counter: bool | None = None) -> PlannedStep | None:
    for planned in _plan(dossier.procedure_version):
        if after_order is not None and planned.order <= after_order:
            continue
        if counter is None or (planned.role == Role.COUNTER_OFFICER) == counter:
            return planned
    return None


def _return_step(dossier: Dossier) -> PlannedStep | None:
    plan = _plan(dossier.procedure_version)
    agency_orders = [p.order for p in plan if p.role != Role.COUNTER_OFFICER]
    last_agency = max(agency_orders) if agency_orders else 0
    return next((p for p in plan if p.role == Role.COUNTER_OFFICER and p.order > last_agency), None)


# --- the transition machinery ------------------------------------------------------------------------


@dataclass
class Context:
    """What an ``apply`` function gets: the locked dossier, who acts, as which role, and when."""

    dossier: Dossier
    actor: Any
    role: str  # the role recorded for the transition (an apply function may pick another of ``roles``)
    at: dt.datetime
    edge: Edge
    from_stage: str
    roles: frozenset[str] = frozenset()  # every role of the actor that this edge accepts, on this dossier
    _calendar: Any = None

    @property
    def calendar(self):
        if self._calendar is None:
            self._calendar = deadlines.calendar_for_dossier(self.dossier)
        return self._calendar


@dataclass
class Outcome:
    reason: str = ""
    data: dict = field(default_factory=dict)
    to_stage: str | None = None  # overrides PREVIOUS/SAME resolution when set


def _replay_idempotent(key: str, actor, action: str, fingerprint: str) -> Dossier | None:
    record = IdempotencyRecord.objects.filter(key=key).select_related("dossier").first()
    if record is None:
        return None
    if (record.actor_ref, record.action, record.fingerprint) != (_actor_ref(actor), action, fingerprint):
        raise DossierError(
            "idempotency_key_reused",
            _("Khoá chống lặp này đã dùng cho một yêu cầu khác; hãy tạo khoá mới cho mỗi thao tác."),
        )
    dossier = record.dossier
    dossier.refresh_from_db()
    dossier._idempotent_replay = True
    return dossier


def _check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not 8 <= len(key) <= 128:
        raise _invalid(_("Khoá chống lặp (Idempotency-Key) phải dài 8–128 ký tự."))
    return key


def _record(
    dossier: Dossier,
    ctx_actor,
    role: str,
    action: str,
    from_status: int | None,
    from_stage: str,
    at: dt.datetime,
    outcome: Outcome,
    key: str | None,
    fingerprint: str,
    audit_at: dt.datetime | None = None,
) -> Transition:
    seq = (Transition.objects.filter(dossier=dossier).aggregate(m=models.Max("seq"))["m"] or 0) + 1
    data = audit.normalise(outcome.data)
    transition = Transition.objects.create(
        dossier=dossier,
        seq=seq,
        action=action,
        from_status=from_status,
        from_stage=from_stage,
        to_status=dossier.status,
        to_stage=dossier.stage,
        at=at,
        actor=None if is_citizen(ctx_actor) else ctx_actor,
        actor_label=_actor_label(ctx_actor)[:150],
        actor_role=role,
        reason=outcome.reason,
        data=data,
    )
    audit.record(
        AUDIT_CODES[action],
        actor=ctx_actor,
        object_type="dossier",
        object_ref=dossier.key,
        at=audit_at or at,  # a back-filled receipt is logged when it is entered, dated in its data
        data={
            "from": from_status,
            "to": dossier.status,
            "stage": dossier.stage,
            "role": role,
            "reason": outcome.reason,
            "version": dossier.row_version,
            **data,
        },
    )
    outbox.emit(
        "dossier.status_changed" if from_status != dossier.status else "dossier.updated",
        dossier,
        {
            "code": dossier.code,
            "uid": str(dossier.uid),
            "action": action,
            "status": dossier.status,
            "stage": dossier.stage,
            "channel": dossier.national_channel,
            "at": at.isoformat(),
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
            "agency": dossier.resolving_department.code,
            "actor": _actor_label(ctx_actor),
            "transition": seq,
            "version": dossier.row_version,
        },
    )
    if key:
        IdempotencyRecord.objects.create(
            key=key,
            actor_ref=_actor_ref(ctx_actor),
            action=action,
            fingerprint=fingerprint,
            dossier=dossier,
            transition=transition,
        )
    dossier_changed.send(sender=Dossier, dossier=dossier, action=action, at=at)
    return transition


def _finish(dossier: Dossier, edge: Edge, from_stage: str, outcome: Outcome) -> None:
    if outcome.to_stage:
        to_stage = outcome.to_stage
    elif edge.to == SAME:
        to_stage = from_stage
    elif edge.to == PREVIOUS:
        to_stage = dossier.resume_stage
        dossier.resume_stage = ""
    else:
        to_stage = edge.to
    dossier.stage = to_stage
    dossier.status = STAGE_STATUS[to_stage]
    dossier.row_version += 1
    dossier.save()


def _transition(
    action: str,
    dossier: Dossier,
    actor,
    *,
    idempotency_key: str | None,
    expected_version: int | None,
    payload: dict,
    apply: Callable[[Context], Outcome],
) -> Dossier:
    key = _check_key(idempotency_key)
    fingerprint = _fingerprint(action, str(dossier.uid), payload)
    try:
        with transaction.atomic():
            locked = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related(
                    "procedure_version",
                    "procedure",
                    "receiving_centre",
                    "return_centre",
                    "resolving_department",
                    "applicant",
                    "current_step",
                )
                .get(pk=dossier.pk)
            )
            if key and (replayed := _replay_idempotent(key, actor, action, fingerprint)) is not None:
                return replayed
            if expected_version is not None and locked.row_version != expected_version:
                raise DossierError(
                    "version_conflict",
                    _(
                        "Hồ sơ vừa được người khác cập nhật (phiên bản %(current)s, bạn gửi %(sent)s); "
                        "hãy tải lại hồ sơ rồi thao tác lại."
                    )
                    % {"current": locked.row_version, "sent": expected_version},
                )
            edge = TRANSITIONS.get((locked.stage, action))
            if edge is None:
                raise _not_allowed(locked.stage, action)
            roles = acting_roles(actor, locked)
            role = check_role(actor, roles, edge, _label(action))
            at = _now()
            if _REPLAY.get() is not None:
                at = _replayed_moment(locked, at)
            from_stage, from_status = locked.stage, locked.status
            ctx = Context(locked, actor, role, at, edge, from_stage, frozenset(roles & edge.roles))
            outcome = apply(ctx)
            _finish(locked, edge, from_stage, outcome)
            _record(locked, actor, ctx.role, action, from_status, from_stage, at, outcome, key, fingerprint)
            return locked
    except IntegrityError:
        if key:
            with transaction.atomic():
                replayed = _replay_idempotent(key, actor, action, fingerprint)
            if replayed is not None:
                return replayed
        raise


# --- intake -----------------------------------------------------------------------------------------


def _version_for(procedure: Procedure, at: dt.datetime) -> ProcedureVersion:
    version = current_version(procedure, at)
    if version is None:
        raise DossierError(
            "no_version_in_force",
            _("Thủ tục %(code)s chưa có phiên bản có hiệu lực; không tiếp nhận được.") % {"code": procedure.code},
        )
    return version


def _duration_for(version: ProcedureVersion, channel: str, override: str | None, override_by) -> tuple[str, bool]:
    """The time limit to count (DOMAIN §6), or ``duration_unknown`` telling the admin what to fix.

    A system administrator may supply an explicit override (e.g. the published decision gives the
    limit the catalogue lost); it is stored on the dossier (``duration_overridden``) and audited.
    """
    if override:
        if override_by is None or not org_access.has_role(override_by, Role.SYSTEM_ADMIN):
            raise DossierError("role_not_allowed", _("Chỉ quản trị hệ thống được nhập thời hạn thay cho danh mục."))
        try:
            deadlines.parse_duration(override)
        except ValueError as exc:
            raise _invalid(exc) from None
        return override, True
    duration = version.duration_for_channel(CATALOG_CHANNEL[channel])
    if duration is None:
        raise DossierError(
            "duration_unknown",
            _(
                "Thời hạn giải quyết của thủ tục %(code)s (phiên bản %(number)s, kênh %(channel)s) chưa xác định được "
                "trong danh mục; quản trị hệ thống cần nhập thời hạn đã xác minh và công bố phiên bản mới."
            )
            % {"code": version.procedure.code, "number": version.number, "channel": Channel(channel).label},
        )
    return duration, False


def _default_fee(version: ProcedureVersion, channel: str) -> Decimal | None:
    amounts = {o.fee_amount for o in version.channel_options_for(CATALOG_CHANNEL[channel]) if o.fee_amount is not None}
    return amounts.pop() if len(amounts) == 1 else None


def _issue_code(dossier: Dossier, at: dt.datetime) -> None:
    """DOMAIN §5: one code for life, issued at acceptance — never twice."""
    if dossier.code:
        return
    replay = _REPLAY.get()
    if replay and replay.get("code"):  # accepted at a counter node: the code on the node's receipt
        dossier.code = replay["code"]
        return
    day = at.astimezone(clock.BUSINESS_TZ).date()
    agency = dossier.receiving_centre.agency_id
    dossier.code = format_code(agency, day, reserve_sequence(agency, day, _node_id()))


def _start_clock(dossier: Dossier, at: dt.datetime, calendar) -> None:
    dossier.accepted_at = at
    result = deadlines.replay(dossier, [], calendar)
    dossier.clock_started_at = result.clock_started_at
    dossier.due_at = dossier.original_due_at = result.due_at
    replay = _REPLAY.get()
    if replay and replay.get("due_at"):
        # accepted at a counter node: the appointment printed on its receipt is the original one (DOMAIN
        # §6); the one in force stays this calendar's. Set before the save, so the reports' receiver
        # projects the dossier with it (patching it afterwards left the aggregates on the other one).
        dossier.original_due_at = replay["due_at"]


def _accept(ctx: Context, documents: Sequence[DocumentData]) -> dict:
    dossier, at = ctx.dossier, ctx.at
    _issue_code(dossier, at)
    try:
        _start_clock(dossier, at, ctx.calendar)
    except CalendarRangeError as exc:
        raise DossierError("calendar_missing", str(exc)) from exc
    dossier.received_by = None if is_citizen(ctx.actor) else ctx.actor
    dossier.save()
    added = _add_documents(dossier, documents, ctx.actor, at) if documents else []
    first = _next_planned(dossier, None)
    if first is not None:
        _open_step(dossier, first, at, ctx.calendar)
    return {
        "code": dossier.code,
        "due_at": dossier.due_at.isoformat(),
        "duration": dossier.duration,
        "documents": added,
    }


def _create(
    action: str,
    actor,
    *,
    centre: ServiceCentre,
    procedure: Procedure,
    channel: str,
    applicant: ApplicantData,
    documents: Sequence[DocumentData],
    proxy: ApplicantData | None,
    competent_centre: ServiceCentre | None,
    return_centre: ServiceCentre | None,
    fee_amount: Decimal | None,
    duration_override: str | None,
    override_by,
    eid_level: int | None,
    reasons: Sequence[str],
    idempotency_key: str | None,
    proxy_document: str = "",
    received_at: dt.datetime | None = None,
    backfill: dict | None = None,
    counter_filing: bool = False,
) -> Dossier:
    key = _check_key(idempotency_key)
    payload = {
        "centre": centre.pk,
        "procedure": procedure.pk,
        "channel": channel,
        "applicant": applicant,
        "documents": list(documents),
        "proxy": proxy,
        "competent": getattr(competent_centre, "pk", None),
        "return": getattr(return_centre, "pk", None),
        "fee": fee_amount,
        "override": duration_override,
        "eid": eid_level,
        "reasons": list(reasons),
        **({"proxy_document": proxy_document} if proxy_document else {}),
        **({"received_at": received_at, "backfill": backfill} if received_at else {}),
        **({"counter_filing": True} if counter_filing else {}),
    }
    fingerprint = _fingerprint(action, "new", payload)
    try:
        with transaction.atomic():
            if key and (replayed := _replay_idempotent(key, actor, action, fingerprint)) is not None:
                return replayed
            edge = TRANSITIONS[(Stage.NEW, action)]
            role = check_role(actor, counter_roles_at(actor, centre), edge, _label(action))
            if channel not in Channel.values:
                raise _invalid(_("Hình thức nộp không hợp lệ."))
            allowed_channels = {
                Action.RECEIVE: {Channel.DIRECT, Channel.POSTAL, Channel.ON_BEHALF},
                Action.SUBMIT: {Channel.ONLINE, Channel.POSTAL},
                Action.REFUSE_INTAKE: set(Channel.values),
            }[action]
            if counter_filing:  # an in-person filing recorded to be completed (guide_completion_at_counter)
                allowed_channels = {Channel.DIRECT, Channel.ON_BEHALF, Channel.POSTAL}
            if channel not in allowed_channels or (is_citizen(actor) and channel != Channel.ONLINE):
                raise _invalid(
                    _("Hình thức nộp «%(channel)s» không dùng cho thao tác «%(action)s».")
                    % {"channel": Channel(channel).label, "action": _label(action)}
                )
            entered = clock.now()
            at = _minute(received_at) if received_at else _minute(entered)
            # exact moment: a version may start mid-minute; a back-filled receipt keeps the rules of its day
            version = _version_for(procedure, received_at or entered)
            routing = route(procedure, version, centre, competent_centre)
            if is_citizen(actor) and version.required_eid_level and (eid_level or 0) < version.required_eid_level:
                raise _invalid(
                    _("Thủ tục này yêu cầu tài khoản định danh điện tử mức %(level)s để nộp trực tuyến.")
                    % {"level": version.required_eid_level}
                )
            duration, overridden = (
                ("", False)
                if action == Action.REFUSE_INTAKE
                else _duration_for(version, channel, duration_override, override_by)
            )
            _check_documents(version, documents)
            if action == Action.REFUSE_INTAKE and not [r for r in reasons if r.strip()]:
                raise _invalid(_("Cần nêu rõ lý do từ chối tiếp nhận (Mẫu 03)."))
            owner = upsert_applicant(applicant)
            if is_citizen(actor) and (owner.kind, owner.id_number) != (actor.kind, actor.id_number):
                # A proxy files under the principal's account (DOMAIN §3): the account is the owner.
                raise _invalid(_("Hồ sơ trực tuyến phải nộp bằng tài khoản của chính chủ hồ sơ."))
            dossier = Dossier(
                status=STAGE_STATUS[edge.to],
                stage=edge.to,
                procedure=procedure,
                procedure_version=version,
                channel=channel,
                receiving_centre=centre,
                return_centre=return_centre or centre,
                resolving_department=routing.department,
                applicant=owner,
                proxy=upsert_applicant(proxy) if proxy else None,
                eid_level=eid_level,
                submitted_at=at,
                duration=duration,
                duration_overridden=overridden,
                fee_amount=fee_amount if fee_amount is not None else _default_fee(version, channel),
                lookup_secret=_secret(),
            )
            dossier.save()
            ctx = Context(dossier, actor, role, at, edge, Stage.NEW)
            outcome = Outcome(
                data={
                    "competent_centre": routing.competent_centre.code,
                    "department": routing.department.code,
                    "boundary_free": routing.competent_centre.pk != centre.pk,
                    "version": version.number,
                    "duration_overridden": overridden,
                    **({"proxy_document": proxy_document.strip()[:500]} if proxy and proxy_document.strip() else {}),
                    **(
                        {"backfilled": True, "entered_at": _minute(entered).isoformat(), **backfill} if backfill else {}
                    ),
                }
            )
            if action == Action.RECEIVE:
                outcome.data.update(_accept(ctx, documents))
            elif action == Action.SUBMIT:
                outcome.data["documents"] = _add_documents(dossier, documents, actor, at)
            else:
                outcome.reason = "; ".join(r.strip() for r in reasons if r.strip())
                dossier.ended_at = at
            dossier.row_version = 0
            _finish(dossier, edge, Stage.NEW, outcome)
            _record(
                dossier,
                actor,
                role,
                action,
                None,
                Stage.NEW,
                at,
                outcome,
                key,
                fingerprint,
                audit_at=entered if received_at else None,
            )
            return dossier
    except IntegrityError:
        if key:
            with transaction.atomic():
                replayed = _replay_idempotent(key, actor, action, fingerprint)
            if replayed is not None:
                return replayed
        raise


def receive_dossier(
    actor,
    *,
    centre: ServiceCentre,
    procedure: Procedure,
    applicant: ApplicantData,
    channel: str = Channel.DIRECT,
    documents: Sequence[DocumentData] = (),
    proxy: ApplicantData | None = None,
    competent_centre: ServiceCentre | None = None,
    return_centre: ServiceCentre | None = None,
    fee_amount: Decimal | None = None,
    duration_override: str | None = None,
    override_by=None,
    idempotency_key: str | None = None,
    proxy_document: str = "",
) -> Dossier:
    """Tiếp nhận hồ sơ (at the counter, by post, or filed on the citizen's behalf) → status 2.

    Issues the code, pins the procedure version in force now, routes to the competent department
    (boundary-free intake checked), computes the appointment, opens the control sheet.
    ``proxy_document`` describes the authorisation a proxy showed (printed on the receipt, Mẫu 01);
    it is kept in the receipt's transition data.
    """
    return _create(
        Action.RECEIVE,
        actor,
        centre=centre,
        procedure=procedure,
        channel=channel,
        applicant=applicant,
        documents=documents,
        proxy=proxy,
        competent_centre=competent_centre,
        return_centre=return_centre,
        fee_amount=fee_amount,
        duration_override=duration_override,
        override_by=override_by,
        eid_level=None,
        reasons=(),
        idempotency_key=idempotency_key,
        proxy_document=proxy_document,
    )


BACKFILL_MAX_DAYS = 30  # a paper receipt from an outage is entered within this many days, or not at all


def backfill_dossier(
    actor,
    *,
    centre: ServiceCentre,
    procedure: Procedure,
    applicant: ApplicantData,
    received_at: dt.datetime,
    paper_receipt_number: str,
    reason: str,
    channel: str = Channel.DIRECT,
    documents: Sequence[DocumentData] = (),
    proxy: ApplicantData | None = None,
    proxy_document: str = "",
    competent_centre: ServiceCentre | None = None,
    return_centre: ServiceCentre | None = None,
    fee_amount: Decimal | None = None,
    idempotency_key: str | None = None,
) -> Dossier:
    """Nhập bổ sung a dossier received on paper while the system was down → status 2.

    The legal receipt moment is the one on the paper receipt (``received_at``): the code carries its
    date, the appointment counts from it, the version in force then applies. The receipt transition
    is flagged ``backfilled`` with the paper receipt number, the reason and when it was entered; its
    audit entry is dated when it is entered (the log stays in the order things were written).
    """
    now = clock.now()
    if received_at is None or received_at.tzinfo is None or received_at.utcoffset() is None:
        raise _invalid(_("Cần thời điểm tiếp nhận ghi trên giấy tiếp nhận (có múi giờ)."))
    if received_at > now:
        raise _invalid(_("Thời điểm tiếp nhận trên giấy không thể ở tương lai."))
    if received_at < now - dt.timedelta(days=BACKFILL_MAX_DAYS):
        raise _invalid(
            _("Chỉ nhập bổ sung hồ sơ tiếp nhận bằng giấy trong vòng %(days)s ngày; quá hạn này cần quản trị xử lý.")
            % {"days": BACKFILL_MAX_DAYS}
        )
    number = " ".join((paper_receipt_number or "").split())[:50]
    if not number:
        raise _invalid(_("Cần số của giấy tiếp nhận bằng giấy."))
    why = " ".join((reason or "").split())[:500]
    if not why:
        raise _invalid(_("Cần ghi lý do nhập bổ sung (ví dụ: mất điện, mất kết nối từ … đến …)."))
    return _create(
        Action.RECEIVE,
        actor,
        centre=centre,
        procedure=procedure,
        channel=channel,
        applicant=applicant,
        documents=documents,
        proxy=proxy,
        competent_centre=competent_centre,
        return_centre=return_centre,
        fee_amount=fee_amount,
        duration_override=None,
        override_by=None,
        eid_level=None,
        reasons=(),
        idempotency_key=idempotency_key,
        proxy_document=proxy_document,
        received_at=received_at,
        backfill={"paper_receipt_number": number, "backfill_reason": why},
    )


def submit_dossier(
    actor,
    *,
    centre: ServiceCentre,
    procedure: Procedure,
    applicant: ApplicantData,
    channel: str = Channel.ONLINE,
    documents: Sequence[DocumentData] = (),
    proxy: ApplicantData | None = None,
    competent_centre: ServiceCentre | None = None,
    return_centre: ServiceCentre | None = None,
    eid_level: int | None = None,
    idempotency_key: str | None = None,
) -> Dossier:
    """Đăng ký hồ sơ trực tuyến (portal) or register a postal parcel on arrival → status 1, no code."""
    return _create(
        Action.SUBMIT,
        actor,
        centre=centre,
        procedure=procedure,
        channel=channel,
        applicant=applicant,
        documents=documents,
        proxy=proxy,
        competent_centre=competent_centre,
        return_centre=return_centre,
        fee_amount=None,
        duration_override=None,
        override_by=None,
        eid_level=eid_level,
        reasons=(),
        idempotency_key=idempotency_key,
    )


def refuse_at_counter(
    actor,
    *,
    centre: ServiceCentre,
    procedure: Procedure,
    applicant: ApplicantData,
    reasons: Sequence[str],
    channel: str = Channel.DIRECT,
    competent_centre: ServiceCentre | None = None,
    idempotency_key: str | None = None,
) -> Dossier:
    """Từ chối tiếp nhận at the counter (Mẫu 03) → status 3, recorded with reasons, no code."""
    return _create(
        Action.REFUSE_INTAKE,
        actor,
        centre=centre,
        procedure=procedure,
        channel=channel,
        applicant=applicant,
        documents=(),
        proxy=None,
        competent_centre=competent_centre,
        return_centre=None,
        fee_amount=None,
        duration_override=None,
        override_by=None,
        eid_level=None,
        reasons=reasons,
        idempotency_key=idempotency_key,
    )


def guide_completion_at_counter(
    actor,
    *,
    centre: ServiceCentre,
    procedure: Procedure,
    applicant: ApplicantData,
    items: Sequence[MissingItem],
    reason: str = "",
    channel: str = Channel.DIRECT,
    documents: Sequence[DocumentData] = (),
    proxy: ApplicantData | None = None,
    competent_centre: ServiceCentre | None = None,
    idempotency_key: str | None = None,
) -> Dossier:
    """Hướng dẫn hoàn thiện at the counter (Mẫu 02): an incomplete in-person filing is recorded as
    status 1 / ``completion_requested`` — no code, clock not started (DOMAIN §4) — with its ONE
    consolidated list, so the guidance form is printed from the record. When the person comes back,
    ``complete_submission`` then ``accept_dossier`` (or ``refuse_intake``) continue it.
    """
    if is_citizen(actor):
        raise DossierError("role_not_allowed", _("Chỉ cán bộ tiếp nhận hướng dẫn hoàn thiện hồ sơ tại quầy."))
    with transaction.atomic():
        dossier = _create(
            Action.SUBMIT,
            actor,
            centre=centre,
            procedure=procedure,
            channel=channel,
            applicant=applicant,
            documents=documents,
            proxy=proxy,
            competent_centre=competent_centre,
            return_centre=None,
            fee_amount=None,
            duration_override=None,
            override_by=None,
            eid_level=None,
            reasons=(),
            idempotency_key=idempotency_key,
            counter_filing=True,
        )
        if getattr(dossier, "_idempotent_replay", False):
            return dossier
        return request_completion(dossier, actor, items=items, reason=reason)


def request_completion(
    dossier: Dossier,
    actor,
    *,
    items: Sequence[MissingItem],
    reason: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Hướng dẫn hoàn thiện (Mẫu 02) for a submitted dossier: ONE request listing everything."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        if d.waiting_periods.filter(kind=WaitingPeriod.Kind.COMPLETION).exists():
            raise DossierError(
                "completion_already_requested",
                _(
                    "Đã hướng dẫn hoàn thiện hồ sơ này một lần; theo quy định chỉ yêu cầu một lần, liệt kê đầy đủ — "
                    "hãy tiếp nhận hoặc từ chối tiếp nhận (nêu lý do)."
                ),
            )
        listed = _check_items(d.procedure_version, items)
        WaitingPeriod.objects.create(
            dossier=d,
            kind=WaitingPeriod.Kind.COMPLETION,
            requested_at=ctx.at,
            requested_by=ctx.actor,
            items=listed,
            reason=reason.strip(),
        )
        return Outcome(reason=reason.strip(), data={"items": listed})

    return _transition(
        Action.REQUEST_COMPLETION,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"items": list(items), "reason": reason},
        apply=apply,
    )


def complete_submission(
    dossier: Dossier,
    actor,
    *,
    documents: Sequence[DocumentData] = (),
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """The applicant sends the completed dossier back: status 1 again, awaiting acceptance."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        _check_documents(d.procedure_version, documents)
        period = d.waiting_periods.filter(kind=WaitingPeriod.Kind.COMPLETION, answered_at__isnull=True).first()
        if period:
            period.answered_at, period.answered_by = ctx.at, _actor_label(ctx.actor)[:150]
            period.save(update_fields=["answered_at", "answered_by"])
        return Outcome(data={"documents": _add_documents(d, documents, ctx.actor, ctx.at, period)})

    return _transition(
        Action.COMPLETE_SUBMISSION,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"documents": list(documents)},
        apply=apply,
    )


def accept_dossier(
    dossier: Dossier,
    actor,
    *,
    documents: Sequence[DocumentData] = (),
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Tiếp nhận a submitted (online/postal) dossier: code issued, the legal clock starts now (DOMAIN §3)."""

    def apply(ctx: Context) -> Outcome:
        _check_documents(ctx.dossier.procedure_version, documents)
        return Outcome(data=_accept(ctx, documents))

    return _transition(
        Action.ACCEPT,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"documents": list(documents)},
        apply=apply,
    )


def refuse_intake(
    dossier: Dossier,
    actor,
    *,
    reasons: Sequence[str],
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Từ chối tiếp nhận a submitted dossier, with reasons (Mẫu 03) → status 3."""

    def apply(ctx: Context) -> Outcome:
        text = "; ".join(r.strip() for r in reasons if r.strip())
        if not text:
            raise _invalid(_("Cần nêu rõ lý do từ chối tiếp nhận (Mẫu 03)."))
        _close_waiting(ctx)
        ctx.dossier.ended_at = ctx.at
        return Outcome(reason=text, data={"reasons": [r.strip() for r in reasons if r.strip()]})

    return _transition(
        Action.REFUSE_INTAKE,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"reasons": list(reasons)},
        apply=apply,
    )


# --- processing ------------------------------------------------------------------------------------------


def transfer_dossier(
    dossier: Dossier, actor, *, note: str = "", idempotency_key: str | None = None, expected_version: int | None = None
) -> Dossier:
    """Chuyển hồ sơ to the resolving department (electronic transfer: immediate, DOMAIN §6)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        finished = _finish_step(d, ctx.at, ctx.actor, note)
        d.transferred_at = ctx.at
        planned = _next_planned(d, finished.order if finished else None, counter=False)
        if planned is None:
            planned = PlannedStep(2, "Thẩm định, xử lý hồ sơ", Role.SPECIALIST, None)
        _open_step(d, planned, ctx.at, ctx.calendar)
        return Outcome(reason=note, data={"department": d.resolving_department.code})

    return _transition(
        Action.TRANSFER,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"note": note},
        apply=apply,
    )


def assign_dossier(
    dossier: Dossier,
    actor,
    *,
    assignee,
    note: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Phân công a specialist of the resolving department (also reassignment)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        if assignee is None or not org_access.has_role(assignee, Role.SPECIALIST, department=d.resolving_department):
            raise _invalid(
                _("Người được phân công phải là chuyên viên đang được phân công tại %(dept)s.")
                % {"dept": d.resolving_department.name}
            )
        if ctx.role == Role.SPECIALIST and assignee.pk != ctx.actor.pk:
            raise DossierError(
                "role_not_allowed", _("Chuyên viên chỉ tự nhận hồ sơ; phân công người khác do lãnh đạo.")
            )
        d.assignee = assignee
        step = d.current_step
        if step is not None:
            step.assignee = assignee
            step.save(update_fields=["assignee"])
        return Outcome(reason=note, data={"assignee": assignee.get_username()})

    return _transition(
        Action.ASSIGN,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"assignee": getattr(assignee, "pk", None), "note": note},
        apply=apply,
    )


def complete_step(
    dossier: Dossier, actor, *, note: str = "", idempotency_key: str | None = None, expected_version: int | None = None
) -> Dossier:
    """Hoàn thành a step of the internal process and hand over to the next (Mẫu 06 row)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        step = d.current_step
        _guard(step is not None, _("Hồ sơ không có bước xử lý đang mở."))
        _guard(
            step.role in ctx.roles,
            _("Bước «%(step)s» do vai trò «%(role)s» thực hiện.")
            % {"step": step.name, "role": Role(step.role).label if step.role in Role.values else step.role},
        )
        ctx.role = step.role
        planned = _next_planned(d, step.order, counter=False)
        _guard(
            planned is not None, _("Đây là bước cuối của quy trình tại cơ quan giải quyết; lãnh đạo phê duyệt kết quả.")
        )
        finished = _finish_step(d, ctx.at, ctx.actor, note)
        _open_step(d, planned, ctx.at, ctx.calendar)
        return Outcome(
            reason=note, data={"finished_step": finished.order, "outcome": finished.outcome, "next_step": planned.order}
        )

    return _transition(
        Action.COMPLETE_STEP,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"note": note},
        apply=apply,
    )


def approve_dossier(
    dossier: Dossier, actor, *, note: str = "", idempotency_key: str | None = None, expected_version: int | None = None
) -> Dossier:
    """Lãnh đạo phê duyệt: from now a decision exists (no stop request any more)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        step = d.current_step
        remaining = _next_planned(d, step.order if step else None, counter=False)
        _guard(
            step is None or step.role == Role.APPROVER or remaining is None or remaining.role != Role.APPROVER,
            _("Hồ sơ chưa đến bước lãnh đạo phê duyệt (bước hiện tại: %(step)s).")
            % {"step": getattr(step, "name", "")},
        )
        finished = _finish_step(d, ctx.at, ctx.actor, note)
        d.decided_at = ctx.at
        nxt = _next_planned(d, finished.order if finished else None, counter=False)
        if nxt is not None:  # e.g. the clerk numbers and issues the result
            _open_step(d, nxt, ctx.at, ctx.calendar)
        return Outcome(reason=note, data={"finished_step": getattr(finished, "order", None)})

    return _transition(
        Action.APPROVE,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"note": note},
        apply=apply,
    )


def issue_result(
    dossier: Dossier,
    actor,
    *,
    result_reference: str = "",
    note: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Kết quả đã ký, số hoá, chuyển Bộ phận Một cửa → status 9 ("done": on-time is judged here)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        _finish_step(d, ctx.at, ctx.actor, note)
        d.done_at = d.ended_at = ctx.at
        planned = _return_step(d)
        if planned is not None:
            _open_step(d, planned, ctx.at, ctx.calendar, centre=d.return_centre)
        return Outcome(reason=note, data={"result_reference": result_reference.strip()})

    return _transition(
        Action.ISSUE_RESULT,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"result_reference": result_reference, "note": note},
        apply=apply,
    )


def complete_same_day(
    dossier: Dossier,
    actor,
    *,
    result_reference: str = "",
    note: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Thủ tục giải quyết trong ngày: 2 → 9 at once (DOMAIN §4)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        _guard(
            deadlines.parse_duration(d.duration).kind is DurationKind.SAME_DAY,
            _("Chỉ thủ tục giải quyết trong ngày mới có kết quả ngay khi tiếp nhận."),
        )
        _finish_step(d, ctx.at, ctx.actor, note)
        d.decided_at = d.done_at = d.ended_at = ctx.at
        return Outcome(reason=note, data={"result_reference": result_reference.strip()})

    return _transition(
        Action.COMPLETE_SAME_DAY,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"result_reference": result_reference, "note": note},
        apply=apply,
    )


def return_result(
    dossier: Dossier,
    actor,
    *,
    method: str,
    recipient: str = "",
    note: str = "",
    identity_check: str = "",
    proxy_document: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Trả kết quả: at the counter, by post or electronically → status 10 (tracking book, Mẫu 07).

    ``recipient`` is who collected it (the tracking book's "ký nhận"); ``identity_check`` what the
    officer checked (the receipt and its lookup secret, or the ID card when the receipt is lost);
    ``proxy_document`` the authorisation of someone collecting for the applicant.
    """

    def apply(ctx: Context) -> Outcome:
        if method not in RETURN_METHODS:
            raise _invalid(_("Hình thức trả kết quả phải là: %(methods)s.") % {"methods": ", ".join(RETURN_METHODS)})
        d = ctx.dossier
        _finish_step(d, ctx.at, ctx.actor, note)
        d.returned_at, d.return_method = ctx.at, method
        data = {"method": method, "recipient": recipient.strip()[:150]}
        if identity_check.strip():
            data["identity_check"] = identity_check.strip()[:300]
        if proxy_document.strip():
            data["proxy_document"] = proxy_document.strip()[:500]
        return Outcome(reason=note, data=data)

    return _transition(
        Action.RETURN_RESULT,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={
            "method": method,
            "recipient": recipient,
            "note": note,
            **({"check": identity_check, "proxy_document": proxy_document} if identity_check or proxy_document else {}),
        },
        apply=apply,
    )


# --- pauses (DOMAIN §6) ----------------------------------------------------------------------------------


def _pause(ctx: Context, kind: str, items: list[dict], reason: str, policy: str) -> WaitingPeriod:
    d = ctx.dossier
    period = WaitingPeriod.objects.create(
        dossier=d,
        kind=kind,
        requested_at=ctx.at,
        requested_by=ctx.actor,
        items=items,
        reason=reason,
        policy=policy,
        from_stage=ctx.from_stage,
        due_before=d.due_at,
    )
    d.paused_at = ctx.at
    d.resume_stage = ctx.from_stage
    return period


def _resume(ctx: Context, kind: str) -> WaitingPeriod:
    d = ctx.dossier
    period = d.waiting_periods.filter(kind=kind, answered_at__isnull=True, closed_at__isnull=True).first()
    if period is None:  # defensive: the stage says we are waiting
        raise DossierError("transition_not_allowed", _("Hồ sơ không có yêu cầu nào đang chờ."))
    paused_at = d.paused_at or period.requested_at
    period.answered_at, period.answered_by = ctx.at, _actor_label(ctx.actor)[:150]
    period.save(update_fields=["answered_at", "answered_by"])
    d.paused_at = None
    deadlines.refresh(d, ctx.calendar)
    step = d.current_step
    if step is not None and step.finished_at is None and step.due_at is not None:
        step.due_at = ctx.calendar.resume(step.due_at, paused_at, ctx.at)
        step.save(update_fields=["due_at"])
    return period


def _close_waiting(ctx: Context) -> None:
    """The dossier ends while waiting: the waiting time up to now is still subtracted (DOMAIN §7)."""
    d = ctx.dossier
    open_periods = d.waiting_periods.filter(answered_at__isnull=True, closed_at__isnull=True)
    for period in open_periods:
        period.closed_at = ctx.at
        period.save(update_fields=["closed_at"])
    if d.paused_at is not None:
        d.paused_at = None
        if d.accepted_at:
            deadlines.refresh(d, ctx.calendar)
    d.resume_stage = ""


def request_supplement(
    dossier: Dossier,
    actor,
    *,
    items: Sequence[MissingItem],
    reason: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Yêu cầu bổ sung (Mẫu 02): the exact list of what is missing; the clock pauses or will restart."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        listed = _check_items(d.procedure_version, items)
        policy = d.procedure_version.supplement_policy or SupplementPolicy.PAUSE
        period = _pause(ctx, WaitingPeriod.Kind.SUPPLEMENT, listed, reason.strip(), policy)
        d.supplement_count += 1
        if d.transferred_at:
            used = ctx.calendar.working_minutes_between(d.transferred_at, ctx.at)
            period.notice_within_limit = used <= SUPPLEMENT_NOTICE_WORKING_DAYS * ctx.calendar.minutes_per_day
            period.save(update_fields=["notice_within_limit"])
        return Outcome(
            reason=reason.strip(),
            data={
                "items": listed,
                "policy": policy,
                "request_number": d.supplement_count,
                "notice_within_limit": period.notice_within_limit,
            },
        )

    return _transition(
        Action.REQUEST_SUPPLEMENT,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"items": list(items), "reason": reason},
        apply=apply,
    )


def receive_supplement(
    dossier: Dossier,
    actor,
    *,
    documents: Sequence[DocumentData] = (),
    note: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Nhận đủ hồ sơ bổ sung: the clock resumes (pause) or the full limit restarts (restart)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        _check_documents(d.procedure_version, documents)
        period = _resume(ctx, WaitingPeriod.Kind.SUPPLEMENT)
        added = _add_documents(d, documents, ctx.actor, ctx.at, period)
        period.refresh_from_db()
        return Outcome(
            reason=note,
            data={
                "documents": added,
                "policy": period.policy,
                "due_at": d.due_at.isoformat(),
                "excluded_minutes": period.excluded_minutes,
            },
        )

    return _transition(
        Action.RECEIVE_SUPPLEMENT,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"documents": list(documents), "note": note},
        apply=apply,
    )


def request_financial_obligation(
    dossier: Dossier,
    actor,
    *,
    reason: str,
    amount: Decimal | None = None,
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Yêu cầu thực hiện nghĩa vụ tài chính (tax notice): the clock pauses (DOMAIN §6)."""

    def apply(ctx: Context) -> Outcome:
        if not reason.strip():
            raise _invalid(_("Cần ghi nội dung nghĩa vụ tài chính (thông báo thuế, lệ phí)."))
        items = [{"amount": str(amount)}] if amount is not None else []
        _pause(ctx, WaitingPeriod.Kind.FINANCIAL, items, reason.strip(), SupplementPolicy.PAUSE)
        return Outcome(reason=reason.strip(), data={"amount": str(amount) if amount is not None else None})

    return _transition(
        Action.REQUEST_FINANCIAL_OBLIGATION,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"reason": reason, "amount": amount},
        apply=apply,
    )


def confirm_financial_obligation(
    dossier: Dossier, actor, *, note: str = "", idempotency_key: str | None = None, expected_version: int | None = None
) -> Dossier:
    """Đã thực hiện nghĩa vụ tài chính: the clock resumes; the new due moment is the second
    appointment of the land procedures."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        _resume(ctx, WaitingPeriod.Kind.FINANCIAL)
        d.fee_paid = True if d.fee_amount is not None else d.fee_paid
        return Outcome(reason=note, data={"second_appointment": d.due_at.isoformat()})

    return _transition(
        Action.CONFIRM_FINANCIAL_OBLIGATION,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"note": note},
        apply=apply,
    )


# --- late dossiers --------------------------------------------------------------------------------------


def extend_deadline(
    dossier: Dossier,
    actor,
    *,
    working_days: int,
    legal_basis: str,
    reason: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Gia hạn where sector law allows it (legal basis required); once; the receipt's
    appointment stays what statistics compare against."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        if d.extension_days:
            raise DossierError("extension_exists", _("Hồ sơ đã được gia hạn một lần."))
        if isinstance(working_days, bool) or not isinstance(working_days, int) or not 1 <= working_days <= 60:
            raise _invalid(_("Số ngày gia hạn phải là số nguyên từ 1 đến 60 ngày làm việc."))
        if not legal_basis.strip():
            raise _invalid(_("Cần ghi căn cứ pháp lý cho phép gia hạn."))
        before = d.due_at
        d.extension_days, d.extended_at = working_days, ctx.at
        deadlines.refresh(d, ctx.calendar)
        return Outcome(
            reason=reason.strip() or legal_basis.strip(),
            data={
                "working_days": working_days,
                "legal_basis": legal_basis.strip(),
                "due_before": before.isoformat(),
                "due_after": d.due_at.isoformat(),
            },
        )

    return _transition(
        Action.EXTEND,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"days": working_days, "basis": legal_basis, "reason": reason},
        apply=apply,
    )


def apologise(
    dossier: Dossier,
    actor,
    *,
    new_due_at: dt.datetime,
    reason: str,
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04), signed by the head of the agency.

    DOMAIN §6: one re-appointment only; issued at the latest N working days (setting, default 1)
    before the appointment in force; the receipt's appointment stays for statistics.
    """

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        if d.reappointed_at is not None:
            raise DossierError("reappointment_exists", _("Hồ sơ đã được hẹn lại một lần; chỉ được hẹn lại một lần."))
        if not reason.strip():
            raise _invalid(_("Cần nêu lý do chậm trả kết quả."))
        if new_due_at is None or new_due_at.tzinfo is None:
            raise _invalid(_("Cần ngày hẹn mới (có múi giờ)."))
        latest = deadlines.latest_apology_moment(d, ctx.calendar)
        if ctx.at > latest:
            raise DossierError(
                "apology_too_late",
                _(
                    "Đã quá thời điểm phải gửi phiếu xin lỗi (chậm nhất %(latest)s, trước hẹn %(due)s "
                    "%(days)s ngày làm việc)."
                )
                % {
                    "latest": latest.astimezone(clock.BUSINESS_TZ).strftime("%H:%M %d/%m/%Y"),
                    "due": d.due_at.astimezone(clock.BUSINESS_TZ).strftime("%H:%M %d/%m/%Y"),
                    "days": deadlines.apology_margin_days(),
                },
            )
        if new_due_at <= d.due_at:
            raise _invalid(_("Ngày hẹn mới phải sau ngày hẹn hiện tại."))
        before = d.due_at
        d.reappointed_at, d.reappointed_due_at = ctx.at, _minute(new_due_at)
        deadlines.refresh(d, ctx.calendar)
        return Outcome(
            reason=reason.strip(),
            data={
                "due_before": before.isoformat(),
                "new_due_at": d.due_at.isoformat(),
                "original_due_at": d.original_due_at.isoformat(),
            },
        )

    return _transition(
        Action.APOLOGISE,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"new_due_at": new_due_at, "reason": reason},
        apply=apply,
    )


# --- ends ------------------------------------------------------------------------------------------------


def refuse_resolution(
    dossier: Dossier,
    actor,
    *,
    reasons: Sequence[str],
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Từ chối giải quyết (not eligible), reasons stated → status 8; a recorded outcome (DOMAIN §11)."""

    def apply(ctx: Context) -> Outcome:
        text = "; ".join(r.strip() for r in reasons if r.strip())
        if not text:
            raise _invalid(_("Cần nêu rõ lý do từ chối giải quyết."))
        d = ctx.dossier
        _close_waiting(ctx)
        _finish_step(d, ctx.at, ctx.actor, text)
        d.decided_at = d.ended_at = ctx.at
        return Outcome(reason=text, data={"reasons": [r.strip() for r in reasons if r.strip()]})

    return _transition(
        Action.REFUSE_RESOLUTION,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"reasons": list(reasons)},
        apply=apply,
    )


def request_withdrawal(
    dossier: Dossier,
    actor,
    *,
    reason: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Công dân yêu cầu rút hồ sơ → status 7, only while no decision exists (DOMAIN §4)."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        if d.decided_at is not None:
            raise DossierError("decision_exists", _("Hồ sơ đã có quyết định giải quyết; không thể rút hồ sơ."))
        _close_waiting(ctx)
        d.ended_at = d.ended_at or ctx.at  # DOMAIN §7: a citizen's withdrawal also ends a dossier
        return Outcome(reason=reason.strip(), data={"stage_reached": ctx.from_stage})

    return _transition(
        Action.REQUEST_WITHDRAWAL,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"reason": reason},
        apply=apply,
    )


def stop_dossier(
    dossier: Dossier,
    actor,
    *,
    reason: str = "",
    fee_handling: str = "",
    idempotency_key: str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Dừng xử lý after the citizen's request: stop notice (Mẫu 05) → status 8."""

    def apply(ctx: Context) -> Outcome:
        d = ctx.dossier
        _finish_step(d, ctx.at, ctx.actor, reason)
        d.ended_at = d.ended_at or ctx.at
        return Outcome(reason=reason.strip(), data={"fee_handling": fee_handling.strip()})

    return _transition(
        Action.STOP,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"reason": reason, "fee": fee_handling},
        apply=apply,
    )


def cancel_dossier(
    dossier: Dossier, actor, *, reason: str, idempotency_key: str | None = None, expected_version: int | None = None
) -> Dossier:
    """Huỷ by a system administrator (entered twice, wrong procedure…), reason required.

    Status 8 with stage ``cancelled``: excluded from on-time statistics (not a resolution outcome).
    """

    def apply(ctx: Context) -> Outcome:
        if not reason.strip():
            raise _invalid(_("Cần ghi lý do huỷ hồ sơ."))
        d = ctx.dossier
        _close_waiting(ctx)
        _finish_step(d, ctx.at, ctx.actor, reason)
        d.ended_at = d.ended_at or ctx.at
        return Outcome(reason=reason.strip())

    return _transition(
        Action.CANCEL,
        dossier,
        actor,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        payload={"reason": reason},
        apply=apply,
    )


# --- fees ------------------------------------------------------------------------------------------------


def collect_fee(dossier: Dossier, actor, *, amount: Decimal | None = None, receipt_number: str = "") -> Dossier:
    """Thu phí, lệ phí at the counter (DOMAIN §11: "result ready, fee unpaid" must be visible).

    Not a status change: no transition; the row version moves, one audit entry
    (``dossier.fee.collected``) and one outbox event. Collecting a fee already collected changes
    nothing (a double click is harmless).
    """
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_centre", "return_centre", "resolving_department")
            .get(pk=dossier.pk)
        )
        if Role.COUNTER_OFFICER not in acting_roles(actor, locked):
            raise DossierError("role_not_allowed", _("Chỉ cán bộ tiếp nhận, trả kết quả của trung tâm được thu phí."))
        if locked.accepted_at is None or locked.stage in {Stage.REFUSED, Stage.CANCELLED}:
            raise DossierError("transition_not_allowed", _("Hồ sơ chưa được tiếp nhận (hoặc đã huỷ): không thu phí."))
        if locked.fee_paid:
            return locked
        value = amount if amount is not None else locked.fee_amount
        if value is None:
            raise _invalid(_("Cần ghi số tiền phí, lệ phí đã thu (đồng)."))
        value = Decimal(value)
        if value < 0 or value != value.to_integral_value():
            raise _invalid(_("Số tiền phí, lệ phí phải là số nguyên đồng, không âm."))
        locked.fee_amount, locked.fee_paid = value, True
        locked.row_version += 1
        locked.save(update_fields=["fee_amount", "fee_paid", "row_version", "updated_at"])
        audit.record(
            "dossier.fee.collected",
            actor=actor,
            object_type="dossier",
            object_ref=locked.key,
            data={"amount": str(value), "receipt_number": " ".join(receipt_number.split())[:50]},
        )
        outbox.emit(
            "dossier.updated",
            locked,
            {
                "code": locked.code,
                "uid": str(locked.uid),
                "action": "fee_collected",
                "status": locked.status,
                "fee_paid": True,
                "amount": str(value),
                "version": locked.row_version,
            },
        )
        return locked


# --- system changes (not transitions) ------------------------------------------------------------------


def apply_recomputed_deadline(dossier_pk: int, *, reason: str = "") -> bool:
    """Recompute one open dossier's ``due_at`` on the current calendar; True when it moved.

    A calendar correction is not a re-appointment: no transition, one audit entry (old, new, why).
    """
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_centre", "current_step")
            .filter(pk=dossier_pk, accepted_at__isnull=False, ended_at__isnull=True)
            .first()
        )
        if dossier is None:
            return False
        before = (dossier.due_at, dossier.excluded_minutes)
        calendar = deadlines.calendar_for_dossier(dossier)
        deadlines.refresh(dossier, calendar)
        if (dossier.due_at, dossier.excluded_minutes) == before:
            return False
        dossier.row_version += 1
        dossier.save(update_fields=["due_at", "excluded_minutes", "clock_started_at", "row_version", "updated_at"])
        audit.record(
            "dossier.deadline.recomputed",
            actor="hệ thống: lịch làm việc thay đổi",
            object_type="dossier",
            object_ref=dossier.key,
            data={
                "due_before": before[0].isoformat() if before[0] else None,
                "due_after": dossier.due_at.isoformat(),
                "reason": reason,
            },
        )
        outbox.emit(
            "dossier.updated",
            dossier,
            {
                "code": dossier.code,
                "uid": str(dossier.uid),
                "action": "recompute",
                "status": dossier.status,
                "version": dossier.row_version,
                "due_at": dossier.due_at.isoformat(),
            },
        )
        dossier_changed.send(sender=Dossier, dossier=dossier, action="recompute", at=_now())
        return True


# --- public tracking (portal) -------------------------------------------------------------------------


def find_for_public_tracking(code: str, secret: str) -> Dossier | None:
    """The dossier with this code if ``secret`` is its lookup secret (receipt, QR), else None.

    DOMAIN §5: the code is sequential, so anyone may know one; the secret printed on the receipt is
    the authorisation. An unknown code and a wrong secret give the same answer (None), and the
    comparison takes the same time whatever the secret. Callers show no personal data beyond the
    applicant's masked name, and throttle failed attempts (the portal's tracking page).
    """
    code = (code or "").strip()
    given = (secret or "").strip().upper().encode("utf-8")
    if not code or not given or len(code) > 40:
        return None
    dossier = (
        Dossier.objects.select_related("procedure", "applicant", "return_centre", "receiving_centre")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        secrets.compare_digest(given, b"-" * len(given))  # same work as a real comparison
        return None
    return dossier if secrets.compare_digest(dossier.lookup_secret.encode("ascii"), given) else None


# --- the action registry (used by the API: POST …/actions/<action>) --------------------------------------

SERVICES: dict[str, Callable[..., Dossier]] = {
    Action.REQUEST_COMPLETION: request_completion,
    Action.COMPLETE_SUBMISSION: complete_submission,
    Action.ACCEPT: accept_dossier,
    Action.REFUSE_INTAKE: refuse_intake,
    Action.TRANSFER: transfer_dossier,
    Action.ASSIGN: assign_dossier,
    Action.COMPLETE_STEP: complete_step,
    Action.APPROVE: approve_dossier,
    Action.REQUEST_SUPPLEMENT: request_supplement,
    Action.RECEIVE_SUPPLEMENT: receive_supplement,
    Action.REQUEST_FINANCIAL_OBLIGATION: request_financial_obligation,
    Action.CONFIRM_FINANCIAL_OBLIGATION: confirm_financial_obligation,
    Action.EXTEND: extend_deadline,
    Action.APOLOGISE: apologise,
    Action.REFUSE_RESOLUTION: refuse_resolution,
    Action.REQUEST_WITHDRAWAL: request_withdrawal,
    Action.STOP: stop_dossier,
    Action.ISSUE_RESULT: issue_result,
    Action.COMPLETE_SAME_DAY: complete_same_day,
    Action.RETURN_RESULT: return_result,
    Action.CANCEL: cancel_dossier,
}
INTAKE_SERVICES = {
    Action.RECEIVE: receive_dossier,
    Action.SUBMIT: submit_dossier,
    Action.REFUSE_INTAKE: refuse_at_counter,
}

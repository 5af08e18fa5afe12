"""Every change the portal makes is one function here (STYLE §2).

- **Drafts** (issue 6 §3): :func:`filing_draft_for`, :func:`answer_draft_for`, :func:`save_draft_form`,
  :func:`add_draft_files`, :func:`remove_draft_file`, :func:`discard_draft`, and the one call that turns
  a draft into a dossier (:func:`submit_filing`) or into a supplement / completed submission
  (:func:`submit_answer`) — both through :mod:`motcua.dossiers.services`, idempotent on the draft's
  reference (a double click or a retried request never files twice).
- **Ratings** (issue 6 §6, DOMAIN §7): :func:`rate_dossier`.
- **Feedback** (phản ánh, kiến nghị): :func:`submit_feedback`, :func:`add_feedback_details` (sender) and
  the staff side :func:`reject_feedback`, :func:`request_feedback_details`, :func:`resolve_feedback`,
  :func:`publish_feedback`, with DOMAIN §7's time limits stored as due moments.
- **Satisfaction** (DOMAIN §7, formula in ``reports.metrics.satisfaction_rate``):
  :func:`complained_or_disliked` is the source the reports read the complained-or-disliked flag from
  (registered in ``PortalConfig.ready``), and a
  dislike or a complaint about a dossier (or its rejection) re-projects the dossier's report
  aggregates inside the same transaction (``reports.aggregates.refresh_dossier``).

Dossiers are never written here: the portal is a UI and calls the dossier services (architecture.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.catalog.models import Procedure
from motcua.catalog.services import current_version
from motcua.dossiers import services as dossier_services
from motcua.dossiers import validators
from motcua.dossiers.access import CitizenPrincipal
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Channel, Dossier, SuppliedAs, WaitingPeriod
from motcua.dossiers.workflow import Stage, Status
from motcua.integrations.sso.models import CitizenAccount
from motcua.lib import clock
from motcua.org.models import ServiceCentre
from motcua.reports.aggregates import refresh_dossier
from motcua.worktime.engine import CalendarRangeError, Duration
from motcua.worktime.services import calendar_for

from .models import DraftFile, Feedback, OnlineDraft, Rating

log = logging.getLogger("motcua.portal")

DEFAULT_MAX_FILES_PER_DOCUMENT = 10
DEFAULT_MAX_DRAFT_BYTES = 100 * 1024 * 1024
MAX_TEXT = 2000
SECRET_ALPHABET = dossier_services.SECRET_ALPHABET
# DOMAIN §7 (766): feedback handled on time — reject ≤ 2, request details ≤ 5, resolve ≤ 15,
# publish ≤ 2 working days.
FEEDBACK_LIMITS = {"reject": 2, "details": 5, "resolve": 15, "publish": 2}


class PortalError(Exception):
    """A refused portal action; ``message`` is Vietnamese, for the citizen."""

    def __init__(self, message, *, field: str | None = None) -> None:
        self.message = str(message)
        self.field = field
        super().__init__(self.message)


# --- identity ---------------------------------------------------------------------------------------------


def identity_number(account: CitizenAccount) -> str:
    """The identifier a dossier is filed under: the personal ID number, or an organisation's tax code."""
    if account.kind == CitizenAccount.Kind.ORGANISATION:
        return account.tax_code or ""
    return account.id_number or ""


def principal_for(account: CitizenAccount) -> CitizenPrincipal:
    """How the dossier services see a signed-in citizen (their own dossiers only)."""
    return CitizenPrincipal(
        kind=account.kind,
        id_number=identity_number(account),
        name=account.display_name,
        eid_level=account.assurance_level,
    )


def _applicant_data(account: CitizenAccount, form: dict) -> dossier_services.ApplicantData:
    return dossier_services.ApplicantData(
        kind=account.kind,
        id_number=identity_number(account),
        name=account.display_name,
        phone=form.get("phone", ""),
        email=form.get("email", ""),
        address=form.get("address", ""),
    )


# --- limits -----------------------------------------------------------------------------------------------


def upload_max_bytes() -> int:
    return int(settings.MOTCUA.get("UPLOAD_MAX_BYTES", dossier_services.DEFAULT_UPLOAD_MAX_BYTES))


def max_files_per_document() -> int:
    return int(settings.MOTCUA.get("PORTAL_MAX_FILES_PER_DOCUMENT", DEFAULT_MAX_FILES_PER_DOCUMENT))


def max_draft_bytes() -> int:
    return int(settings.MOTCUA.get("PORTAL_MAX_DRAFT_BYTES", DEFAULT_MAX_DRAFT_BYTES))


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.0f}" if size >= 1_048_576 else f"{size / 1_048_576:.1f}"


# --- drafts -----------------------------------------------------------------------------------------------


def filing_draft_for(account: CitizenAccount, procedure: Procedure, *, create: bool = False) -> OnlineDraft | None:
    """The citizen's draft for filing this procedure (the one being edited), created on demand."""
    draft = (
        OnlineDraft.objects.filter(
            citizen=account, procedure=procedure, purpose=OnlineDraft.Purpose.FILING, state=OnlineDraft.State.EDITING
        )
        .select_related("version", "centre")
        .first()
    )
    if draft is not None or not create:
        return draft
    version = current_version(procedure)
    if version is None:
        raise PortalError(_("Thủ tục này hiện chưa có phiên bản đang có hiệu lực; chưa nộp trực tuyến được."))
    form = {"phone": account.phone, "email": account.email, "address": account.address}
    try:
        with transaction.atomic():
            return OnlineDraft.objects.create(
                citizen=account,
                procedure=procedure,
                version=version,
                purpose=OnlineDraft.Purpose.FILING,
                form_data=form,
            )
    except IntegrityError:  # two tabs started the same draft at once: use the one that won
        return filing_draft_for(account, procedure)


def open_request(dossier: Dossier) -> WaitingPeriod | None:
    """The supplement (or intake completion) request the applicant may answer now, if any."""
    if dossier.stage == Stage.SUPPLEMENT_REQUESTED:
        kind = WaitingPeriod.Kind.SUPPLEMENT
    elif dossier.stage == Stage.COMPLETION_REQUESTED:
        kind = WaitingPeriod.Kind.COMPLETION
    else:
        return None
    return (
        dossier.waiting_periods.filter(kind=kind, answered_at__isnull=True, closed_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )


def answer_draft_for(account: CitizenAccount, dossier: Dossier, *, create: bool = False) -> OnlineDraft | None:
    """The draft answering the dossier's open supplement / completion request.

    ``dossier`` must come from the scoped helper (the citizen's own dossier).
    """
    purpose = (
        OnlineDraft.Purpose.COMPLETION
        if dossier.stage == Stage.COMPLETION_REQUESTED
        else OnlineDraft.Purpose.SUPPLEMENT
    )
    draft = OnlineDraft.objects.filter(
        citizen=account, dossier=dossier, purpose=purpose, state=OnlineDraft.State.EDITING
    ).first()
    if draft is not None or not create:
        return draft
    if open_request(dossier) is None:
        raise PortalError(_("Hồ sơ không có yêu cầu bổ sung nào đang chờ bạn."))
    try:
        with transaction.atomic():
            return OnlineDraft.objects.create(
                citizen=account,
                procedure=dossier.procedure,
                version=dossier.procedure_version,
                purpose=purpose,
                dossier=dossier,
            )
    except IntegrityError:
        return answer_draft_for(account, dossier)


def _check_editable(draft: OnlineDraft) -> None:
    if not draft.is_editable:
        raise PortalError(_("Bản nháp này đã được nộp; không sửa được nữa."))


def save_answer_note(draft: OnlineDraft, note: str) -> OnlineDraft:
    """Keep the note of a supplement answer (the only thing typed on that page besides the files)."""
    _check_editable(draft)
    draft.form_data = {**draft.form_data, "note": note.strip()[:MAX_TEXT]}
    draft.save(update_fields=["form_data"])
    return draft


def save_draft_form(
    draft: OnlineDraft,
    *,
    phone: str = "",
    email: str = "",
    address: str = "",
    note: str = "",
    centre: ServiceCentre | None = None,
) -> OnlineDraft:
    """Keep what the citizen typed (contact details, filing place, note). Checked, then saved."""
    _check_editable(draft)
    data = dict(draft.form_data)
    try:
        data["phone"] = validators.phone(phone) if phone.strip() else ""
    except ValueError as exc:
        raise PortalError(exc, field="phone") from None
    try:
        data["email"] = validators.email(email) if email.strip() else ""
    except ValueError as exc:
        raise PortalError(exc, field="email") from None
    data["address"] = " ".join(address.split())[:500]
    data["note"] = note.strip()[:MAX_TEXT]
    draft.form_data = data
    fields = ["form_data"]
    if centre is not None:
        draft.centre = centre
        fields.append("centre")
    draft.save(update_fields=fields)
    return draft


def draft_documents(draft: OnlineDraft) -> list[dict]:
    """The checklist lines the draft collects files for: the whole list (filing), or the requested ones."""
    listed = {d.order: d for d in draft.version.required_documents.all().order_by("order")}
    if draft.purpose == OnlineDraft.Purpose.FILING:
        return [{"order": order, "name": doc.name, "detail": "", "document": doc} for order, doc in listed.items()]
    period = open_request(draft.dossier) if draft.dossier_id else None
    items = period.items if period else []
    return [
        {
            "order": item["document"],
            "name": item.get("name", ""),
            "detail": item.get("detail", ""),
            "document": listed.get(item["document"]),
        }
        for item in items
    ]


@dataclass(frozen=True)
class UploadResult:
    stored: list[DraftFile]
    errors: list[str]


def add_draft_files(draft: OnlineDraft, document_order: int, uploads: Sequence[UploadedFile]) -> UploadResult:
    """Store each file at once (its own transaction): a later failure never loses an earlier file.

    Checks, in order, with a Vietnamese message naming the file: the document is on the list; the
    number of files for this document; the file's size (before reading it); the whole draft's size;
    the type, by the file's first bytes (PDF, JPEG, PNG, TIFF). The same file twice is kept once.
    """
    _check_editable(draft)
    orders = {d["order"] for d in draft_documents(draft)}
    if document_order not in orders:
        raise PortalError(_("Giấy tờ số %(n)s không có trong danh sách cần nộp.") % {"n": document_order})
    stored, errors = [], []
    max_bytes, max_files, max_total = upload_max_bytes(), max_files_per_document(), max_draft_bytes()
    for upload in uploads:
        name = (upload.name or "tep")[:255]
        existing = draft.files.filter(document_order=document_order).count()
        if existing >= max_files:
            errors.append(
                _("Tệp «%(name)s» không được nhận: mỗi giấy tờ tối đa %(max)s tệp.") % {"name": name, "max": max_files}
            )
            continue
        if upload.size > max_bytes:
            errors.append(
                _("Tệp «%(name)s» quá lớn (%(size)s MB); mỗi tệp tối đa %(max)s MB.")
                % {"name": name, "size": _mb(upload.size), "max": _mb(max_bytes)}
            )
            continue
        used = sum(draft.files.values_list("size", flat=True))
        if used + upload.size > max_total:
            errors.append(
                _("Tệp «%(name)s» không được nhận: tổng dung lượng hồ sơ tối đa %(max)s MB.")
                % {"name": name, "max": _mb(max_total)}
            )
            continue
        content = upload.read()
        try:
            checked = validators.check_upload(content, max_bytes=max_bytes)
        except ValueError as exc:
            errors.append(_("Tệp «%(name)s»: %(error)s") % {"name": name, "error": exc})
            continue
        if draft.files.filter(document_order=document_order, sha256=checked.sha256).exists():
            continue  # the same file again (a retried upload): already kept
        extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif"}
        row = DraftFile(
            draft=draft,
            document_order=document_order,
            original_name=name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        row.file.save(
            f"{checked.sha256[:20]}{extension.get(checked.content_type, '')}", ContentFile(content), save=False
        )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # a concurrent identical upload won
            row.file.delete(save=False)
            continue
        stored.append(row)
    if stored:
        draft.save(update_fields=[])  # touch updated_at: the draft was worked on
    return UploadResult(stored, errors)


def remove_draft_file(draft: OnlineDraft, file_id: int) -> None:
    _check_editable(draft)
    row = draft.files.filter(pk=file_id).first()
    if row is None:
        raise PortalError(_("Không tìm thấy tệp này trong bản nháp."))
    row.delete()
    transaction.on_commit(lambda: row.file.delete(save=False))


def discard_draft(draft: OnlineDraft) -> None:
    _check_editable(draft)
    files = [f.file for f in draft.files.all()]
    draft.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


def _documents_of(draft: OnlineDraft, orders: Iterable[int]) -> list[dossier_services.DocumentData]:
    wanted = set(orders)
    by_order: dict[int, list[dossier_services.Upload]] = {}
    for row in draft.files.all().order_by("document_order", "uploaded_at", "id"):
        if row.document_order not in wanted:
            continue
        with row.file.open("rb") as handle:
            by_order.setdefault(row.document_order, []).append(
                dossier_services.Upload(name=row.original_name, content=handle.read())
            )
    return [
        dossier_services.DocumentData(document=order, supplied_as=SuppliedAs.ELECTRONIC, files=tuple(files))
        for order, files in sorted(by_order.items())
    ]


def _mark_submitted(draft: OnlineDraft, dossier: Dossier) -> None:
    updated = OnlineDraft.objects.filter(pk=draft.pk, state=OnlineDraft.State.EDITING).update(
        state=OnlineDraft.State.SUBMITTED, submitted_at=clock.now(), dossier=dossier, updated_at=clock.now()
    )
    if not updated:
        raise PortalError(_("Bản nháp này đã được nộp."))
    files = [f.file for f in draft.files.all()]
    # The content now lives in the dossier's own files: the draft's copies go once that is committed.
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])
    draft.state, draft.dossier = OnlineDraft.State.SUBMITTED, dossier


# Refusals of the dossier service whose message speaks to administrators: what the citizen reads instead.
CITIZEN_MESSAGES = {
    "duration_unknown": _lazy(
        "Thủ tục này tạm thời chưa nhận hồ sơ trực tuyến vì thời hạn giải quyết đang được cơ quan xác minh. "
        "Vui lòng nộp trực tiếp tại Trung tâm Phục vụ hành chính công; bản nháp của bạn vẫn được giữ."
    ),
    "calendar_missing": _lazy("Hệ thống tạm thời chưa nhận được hồ sơ. Vui lòng thử lại sau; bản nháp vẫn được giữ."),
    "code_range_exhausted": _lazy(
        "Hệ thống tạm thời chưa nhận được hồ sơ. Vui lòng thử lại sau; bản nháp vẫn được giữ."
    ),
    "no_version_in_force": _lazy("Thủ tục này hiện chưa có phiên bản đang có hiệu lực; chưa nộp trực tuyến được."),
}


def _dossier_error(exc: DossierError) -> PortalError:
    if exc.code in CITIZEN_MESSAGES:
        log.warning("portal: dossier service refused (%s): %s", exc.code, exc.message)
        return PortalError(CITIZEN_MESSAGES[exc.code])
    return PortalError(exc.message)


def submit_filing(draft: OnlineDraft, account: CitizenAccount) -> Dossier:
    """Turn a filing draft into an online dossier (status 1, "Mới đăng ký") in one call.

    DOMAIN §3: the dossier waits for a counter officer, who accepts it (code issued, legal clock
    starts) or refuses it, or asks once for completion. The e-identity level the procedure needs is
    checked by the dossier service too.
    """
    _check_editable(draft)
    if draft.citizen_id != account.pk:
        raise PortalError(_("Bản nháp không thuộc tài khoản này."))
    version = current_version(draft.procedure)
    if version is None:
        raise PortalError(_("Thủ tục này hiện chưa có phiên bản đang có hiệu lực; chưa nộp trực tuyến được."))
    if version.pk != draft.version_id:
        OnlineDraft.objects.filter(pk=draft.pk).update(version=version)
        raise PortalError(
            _("Thủ tục vừa được cập nhật (thành phần hồ sơ có thể đã thay đổi). Vui lòng kiểm tra lại rồi nộp.")
        )
    if account.assurance_level < (version.required_eid_level or 1):
        raise PortalError(
            _("Thủ tục này cần tài khoản định danh điện tử mức độ %(level)s để nộp trực tuyến.")
            % {"level": version.required_eid_level}
        )
    if not identity_number(account):
        raise PortalError(_("Tài khoản chưa có số định danh cá nhân (hoặc mã số thuế); không nộp trực tuyến được."))
    if draft.centre_id is None:
        raise PortalError(_("Vui lòng chọn nơi nộp hồ sơ."), field="centre")
    orders = [d["order"] for d in draft_documents(draft)]
    if not draft.files.filter(document_order__in=orders).exists():
        raise PortalError(_("Vui lòng đính kèm ít nhất một giấy tờ trước khi nộp."))
    documents = _documents_of(draft, orders)
    try:
        with transaction.atomic():
            dossier = dossier_services.submit_dossier(
                principal_for(account),
                centre=draft.centre,
                procedure=draft.procedure,
                applicant=_applicant_data(account, draft.form_data),
                channel=Channel.ONLINE,
                documents=documents,
                eid_level=account.assurance_level,
                idempotency_key=f"portal-draft-{draft.uid}",
            )
            _mark_submitted(draft, dossier)
    except DossierError as exc:
        raise _dossier_error(exc) from None
    log.info("portal.dossier.submitted draft=%s dossier=%s", draft.uid, dossier.uid)
    return dossier


def submit_answer(draft: OnlineDraft, account: CitizenAccount) -> Dossier:
    """Send the files of a supplement / completion draft through the dossier service (one call).

    Every requested document needs at least one file; the clock of a supplemented dossier resumes
    (or restarts) as the procedure's policy says (DOMAIN §6).
    """
    _check_editable(draft)
    if draft.citizen_id != account.pk or draft.dossier_id is None:
        raise PortalError(_("Bản nháp không thuộc tài khoản này."))
    dossier = draft.dossier
    period = open_request(dossier)
    if period is None:
        raise PortalError(_("Hồ sơ không có yêu cầu bổ sung nào đang chờ bạn."))
    required = dossier.procedure_version.required_eid_level or 1
    if account.assurance_level < required:
        raise PortalError(
            _("Nộp bổ sung trực tuyến cần tài khoản định danh điện tử mức độ %(level)s.") % {"level": required}
        )
    orders = [d["order"] for d in draft_documents(draft)]
    have = set(draft.files.values_list("document_order", flat=True))
    missing = [d["name"] for d in draft_documents(draft) if d["order"] not in have]
    if missing:
        raise PortalError(_("Còn thiếu tệp cho: %(names)s.") % {"names": "; ".join(str(m)[:80] for m in missing)})
    documents = _documents_of(draft, orders)
    note = draft.form_data.get("note", "")
    principal = principal_for(account)
    try:
        with transaction.atomic():
            if draft.purpose == OnlineDraft.Purpose.SUPPLEMENT:
                result = dossier_services.receive_supplement(
                    dossier, principal, documents=documents, note=note, idempotency_key=f"portal-draft-{draft.uid}"
                )
            else:
                result = dossier_services.complete_submission(
                    dossier, principal, documents=documents, idempotency_key=f"portal-draft-{draft.uid}"
                )
            _mark_submitted(draft, result)
    except DossierError as exc:
        raise _dossier_error(exc) from None
    log.info("portal.dossier.answered draft=%s dossier=%s purpose=%s", draft.uid, dossier.uid, draft.purpose)
    return result


# --- ratings (DOMAIN §7) ------------------------------------------------------------------------------------


def can_rate(dossier: Dossier) -> bool:
    return dossier.status == Status.RETURNED and not Rating.objects.filter(dossier=dossier).exists()


def rate_dossier(dossier: Dossier, *, score: int, comment: str = "", via: str) -> Rating:
    """Record the applicant's satisfaction with a dossier whose result was returned. Once per dossier.

    ``dossier`` comes from the owner's scoped helper or from code + secret (the receipt's QR): a
    rating is tied to the dossier, never to a public identity, and is never shown one by one.
    """
    if score not in Rating.Score.values:
        raise PortalError(_("Vui lòng chọn mức độ hài lòng."), field="score")
    if via not in Rating.Via.values:
        raise ValueError(via)
    if dossier.status != Status.RETURNED:
        raise PortalError(_("Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ."))
    comment = comment.strip()
    if len(comment) > MAX_TEXT:
        raise PortalError(_("Góp ý tối đa %(max)s ký tự.") % {"max": MAX_TEXT}, field="comment")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(dossier=dossier, score=score, comment=comment, via=via, rated_at=clock.now())
            if rating.is_dislike:  # the 766 satisfaction's second term: the report aggregates move with it
                refresh_dossier(dossier, rating.rated_at)
    except IntegrityError:
        raise PortalError(_("Hồ sơ này đã được đánh giá. Cảm ơn bạn.")) from None
    log.info("portal.dossier.rated dossier=%s score=%s via=%s", dossier.uid, score, via)
    return rating


def _dislikes(dossier_ids: list[int] | None):
    """Dossier ids with a "Không hài lòng" rating (of ``dossier_ids``, all when None)."""
    rows = Rating.objects.filter(score=Rating.Score.DISSATISFIED)
    if dossier_ids is not None:
        rows = rows.filter(dossier_id__in=dossier_ids)
    return rows.order_by().values_list("dossier_id", flat=True)


def _complaints(dossier_ids: list[int] | None):
    """Dossier ids with a complaint (phản ánh) about them — one rejected at intake does not count."""
    rows = Feedback.objects.filter(kind=Feedback.Kind.COMPLAINT, dossier__isnull=False).exclude(
        state=Feedback.State.REJECTED
    )
    if dossier_ids is not None:
        rows = rows.filter(dossier_id__in=dossier_ids)
    return rows.order_by().values_list("dossier_id", flat=True)


def complained_or_disliked(dossier_ids: list[int] | None) -> set[int]:
    """The dossiers (of ``dossier_ids``, all when None) counted in the second term of DOMAIN §7's
    satisfaction — a complaint or a dislike, once per dossier — in one query.

    The source the reports' aggregates read (``reports.dislikes``, registered in ``PortalConfig.ready``).
    """
    return set(_dislikes(dossier_ids).union(_complaints(dossier_ids)))


# --- feedback (phản ánh, kiến nghị) -----------------------------------------------------------------------


def _calendar():
    return calendar_for(settings.MOTCUA["PROVINCE_CODE"])


def feedback_due(start: dt.datetime, working_days: int) -> dt.datetime | None:
    try:
        return _calendar().due(start, Duration.working_days(working_days))
    except (CalendarRangeError, LookupError):  # no official calendar loaded for that year
        log.warning("portal: no working calendar for feedback deadlines from %s", start)
        return None


def _token(length: int) -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(length))


def submit_feedback(
    *,
    kind: str,
    subject: str,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    citizen: CitizenAccount | None = None,
    dossier: Dossier | None = None,
    centre: ServiceCentre | None = None,
) -> Feedback:
    """Receive a phản ánh / kiến nghị; the handling deadlines start now (DOMAIN §7)."""
    if kind not in Feedback.Kind.values:
        raise PortalError(_("Vui lòng chọn phản ánh hoặc kiến nghị."), field="kind")
    subject, content, name = " ".join(subject.split()), content.strip(), " ".join(name.split())
    if not subject:
        raise PortalError(_("Vui lòng nhập tiêu đề."), field="subject")
    if not content:
        raise PortalError(_("Vui lòng nhập nội dung phản ánh, kiến nghị."), field="content")
    if len(content) > 5 * MAX_TEXT:
        raise PortalError(_("Nội dung tối đa %(max)s ký tự.") % {"max": 5 * MAX_TEXT}, field="content")
    if not name:
        raise PortalError(_("Vui lòng nhập họ và tên."), field="name")
    try:
        phone = validators.phone(phone) if phone.strip() else ""
    except ValueError as exc:
        raise PortalError(exc, field="phone") from None
    try:
        email = validators.email(email) if email.strip() else ""
    except ValueError as exc:
        raise PortalError(exc, field="email") from None
    if not (phone or email):
        raise PortalError(_("Vui lòng để lại số điện thoại hoặc thư điện tử để nhận trả lời."), field="phone")
    now = clock.now().replace(second=0, microsecond=0)
    if dossier is not None and centre is None:
        centre = dossier.receiving_centre
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    reference=f"PA{now.astimezone(clock.BUSINESS_TZ):%y%m%d}-{_token(5)}",
                    secret=_token(10),
                    kind=kind,
                    subject=subject[:200],
                    content=content,
                    name=name[:200],
                    phone=phone,
                    email=email,
                    citizen=citizen,
                    dossier=dossier,
                    centre=centre,
                    received_at=now,
                    reject_due_at=feedback_due(now, FEEDBACK_LIMITS["reject"]),
                    details_due_at=feedback_due(now, FEEDBACK_LIMITS["details"]),
                    resolve_due_at=feedback_due(now, FEEDBACK_LIMITS["resolve"]),
                )
                if kind == Feedback.Kind.COMPLAINT and dossier is not None:
                    refresh_dossier(dossier, now)  # a complaint about a dossier: the 766 satisfaction moves
            break
        except IntegrityError:  # reference collision (31^5 per day): draw again
            continue
    else:
        raise RuntimeError("could not draw a unique feedback reference")
    log.info("portal.feedback.received reference=%s kind=%s", feedback.reference, kind)
    return feedback


def _locked_feedback(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def _require_state(feedback: Feedback, *states: str) -> None:
    if feedback.state not in states:
        raise PortalError(
            _("Không thực hiện được khi phản ánh đang ở trạng thái «%(state)s».")
            % {"state": feedback.get_state_display()}
        )


def reject_feedback(feedback: Feedback, by, *, reason: str) -> Feedback:
    """Từ chối tiếp nhận (not within competence, abusive, duplicate…): due within 2 working days."""
    if not reason.strip():
        raise PortalError(_("Cần nêu lý do từ chối."), field="reason")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_state(locked, Feedback.State.RECEIVED)
        locked.state, locked.rejected_at, locked.reject_reason = Feedback.State.REJECTED, clock.now(), reason.strip()
        locked.handled_by = by
        locked.save(update_fields=["state", "rejected_at", "reject_reason", "handled_by"])
        if locked.kind == Feedback.Kind.COMPLAINT and locked.dossier_id is not None:
            refresh_dossier(locked.dossier_id)  # a rejected complaint no longer counts (complained_or_disliked)
    log.info("portal.feedback.rejected reference=%s", locked.reference)
    return locked


def request_feedback_details(feedback: Feedback, by, *, request: str) -> Feedback:
    """Đề nghị người gửi bổ sung thông tin: due within 5 working days of receipt."""
    if not request.strip():
        raise PortalError(_("Cần ghi rõ thông tin cần bổ sung."), field="request")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_state(locked, Feedback.State.RECEIVED)
        locked.state = Feedback.State.DETAILS_REQUESTED
        locked.details_requested_at, locked.details_request, locked.handled_by = clock.now(), request.strip(), by
        locked.save(update_fields=["state", "details_requested_at", "details_request", "handled_by"])
    log.info("portal.feedback.details_requested reference=%s", locked.reference)
    return locked


def add_feedback_details(feedback: Feedback, *, details: str) -> Feedback:
    """The sender answers the request for details; the 15 working days to resolve count from now."""
    if not details.strip():
        raise PortalError(_("Vui lòng nhập thông tin bổ sung."), field="details")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_state(locked, Feedback.State.DETAILS_REQUESTED)
        now = clock.now().replace(second=0, microsecond=0)
        locked.state, locked.details_answered_at = Feedback.State.RECEIVED, now
        locked.details_answer = details.strip()[: 5 * MAX_TEXT]
        locked.resolve_due_at = feedback_due(now, FEEDBACK_LIMITS["resolve"])
        locked.save(update_fields=["state", "details_answered_at", "details_answer", "resolve_due_at"])
    log.info("portal.feedback.details_added reference=%s", locked.reference)
    return locked


def resolve_feedback(feedback: Feedback, by, *, answer: str) -> Feedback:
    """Trả lời: due within 15 working days (of receipt, or of the details the sender added)."""
    if not answer.strip():
        raise PortalError(_("Cần nhập nội dung trả lời."), field="answer")
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_state(locked, Feedback.State.RECEIVED)
        now = clock.now().replace(second=0, microsecond=0)
        locked.state, locked.resolved_at, locked.answer, locked.handled_by = (
            Feedback.State.RESOLVED,
            now,
            answer.strip(),
            by,
        )
        locked.publish_due_at = feedback_due(now, FEEDBACK_LIMITS["publish"])
        locked.save(update_fields=["state", "resolved_at", "answer", "handled_by", "publish_due_at"])
    log.info("portal.feedback.resolved reference=%s", locked.reference)
    return locked


def publish_feedback(feedback: Feedback, by, *, summary: str = "") -> Feedback:
    """Công khai trả lời on the portal (no personal data): due within 2 working days of the answer."""
    with transaction.atomic():
        locked = _locked_feedback(feedback)
        _require_state(locked, Feedback.State.RESOLVED)
        locked.state, locked.published_at = Feedback.State.PUBLISHED, clock.now()
        locked.public_summary = summary.strip() or locked.subject
        locked.handled_by = by
        locked.save(update_fields=["state", "published_at", "public_summary", "handled_by"])
    log.info("portal.feedback.published reference=%s", locked.reference)
    return locked


@dataclass(frozen=True)
class FeedbackTimeliness:
    """Which of DOMAIN §7's four limits a feedback met (None: not reached yet)."""

    rejected_on_time: bool | None
    details_on_time: bool | None
    resolved_on_time: bool | None
    published_on_time: bool | None
    overdue_now: bool


def feedback_timeliness(feedback: Feedback, at: dt.datetime | None = None) -> FeedbackTimeliness:
    at = at or clock.now()

    def met(done: dt.datetime | None, due: dt.datetime | None) -> bool | None:
        if done is None or due is None:
            return None
        return done <= due

    pending_due = {
        Feedback.State.RECEIVED: feedback.resolve_due_at,
        Feedback.State.RESOLVED: feedback.publish_due_at,
    }.get(feedback.state)
    return FeedbackTimeliness(
        rejected_on_time=met(feedback.rejected_at, feedback.reject_due_at),
        details_on_time=met(feedback.details_requested_at, feedback.details_due_at),
        resolved_on_time=met(feedback.resolved_at, feedback.resolve_due_at),
        published_on_time=met(feedback.published_at, feedback.publish_due_at),
        overdue_now=pending_due is not None and at > pending_due,
    )


def find_feedback(reference: str, secret: str) -> Feedback | None:
    """The feedback with this reference if ``secret`` matches (the sender's link), else None."""
    feedback = Feedback.objects.filter(reference=(reference or "").strip().upper()).first()
    given = (secret or "").strip().upper().encode()
    if feedback is None or not given:
        return None
    return feedback if secrets.compare_digest(feedback.secret.encode(), given) else None


__all__ = [
    "PortalError",
    "add_draft_files",
    "add_feedback_details",
    "answer_draft_for",
    "complained_or_disliked",
    "discard_draft",
    "filing_draft_for",
    "publish_feedback",
    "rate_dossier",
    "reject_feedback",
    "remove_draft_file",
    "request_feedback_details",
    "resolve_feedback",
    "save_answer_note",
    "save_draft_form",
    "submit_answer",
    "submit_feedback",
    "submit_filing",
]

"""Every change the portal makes is one function here (STYLE §2).

- **Drafts** (issue 6 §3): :func:`filing_draft_for`, :func:`answer_draft_for`, :func:`save_draft_form`,
  :func:`add_draft_files`, :func:`remove_draft_file`, :func:`discard_draft`, and the one call that turns
  a draft into a dossier (:func:`submit_filing`) or into a supplement / completed submission
  (:func:`submit_answer`) — both through :mod:`motcua.dossiers.services`, idempotent on the draft's
  reference (a double click or a retried request never files twice).

Ratings and feedback (phản ánh, kiến nghị) are :mod:`motcua.feedback.services`, shared with the back
office's feedback desk.

Dossiers are never written here: the portal is a UI and calls the dossier services (architecture.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Procedure
from motcua.catalog.services import current_version
from motcua.core.errors import RefusedAction
from motcua.dossiers import services as dossier_services
from motcua.dossiers import validators
from motcua.dossiers.access import CitizenPrincipal
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Channel, Dossier, SuppliedAs, WaitingPeriod
from motcua.dossiers.workflow import Stage
from motcua.integrations.sso.models import CitizenAccount
from motcua.lib import clock
from motcua.org.models import ServiceCentre

from .models import DraftFile, OnlineDraft

log = logging.getLogger("motcua.portal")

DEFAULT_MAX_FILES_PER_DOCUMENT = 10
DEFAULT_MAX_DRAFT_BYTES = 100 * 1024 * 1024
MAX_TEXT = 2000


class PortalError(RefusedAction):
    """A refused portal action; ``message`` is Vietnamese, for the citizen."""


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
    "duration_unknown": gettext_lazy(
        "Thủ tục này tạm thời chưa nhận hồ sơ trực tuyến vì thời hạn giải quyết đang được cơ quan xác minh. "
        "Vui lòng nộp trực tiếp tại Trung tâm Phục vụ hành chính công; bản nháp của bạn vẫn được giữ."
    ),
    "calendar_missing": gettext_lazy(
        "Hệ thống tạm thời chưa nhận được hồ sơ. Vui lòng thử lại sau; bản nháp vẫn được giữ."
    ),
    "code_range_exhausted": gettext_lazy(
        "Hệ thống tạm thời chưa nhận được hồ sơ. Vui lòng thử lại sau; bản nháp vẫn được giữ."
    ),
    "no_version_in_force": gettext_lazy(
        "Thủ tục này hiện chưa có phiên bản đang có hiệu lực; chưa nộp trực tuyến được."
    ),
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


__all__ = [
    "PortalError",
    "add_draft_files",
    "answer_draft_for",
    "discard_draft",
    "filing_draft_for",
    "remove_draft_file",
    "save_answer_note",
    "save_draft_form",
    "submit_answer",
    "submit_filing",
]

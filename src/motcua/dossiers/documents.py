"""A dossier's official forms (Thông tư 03/2025/TT-VPCP, Phụ lục I) built from its audited record.

``motcua.printing`` lays the forms out from plain dataclasses and knows nothing about dossiers
(docs/printing.md); this module is the other half: it reads a dossier, its checklist, its waiting
periods, its control-sheet steps and its timeline (the :class:`~.models.Transition` rows, which are
never edited) and fills the dataclass of each form. Nothing is typed again at print time, so a
reprint shows what the record says — the same thing, since the record only grows.

Callers obtain the dossier through :mod:`.access` (scoped, object or 404); nothing here widens
scope. Each builder raises :class:`FormNotAvailable` (a Vietnamese message) when the form does not
exist for the dossier in its current state (no receipt before acceptance, no stop notice for a
dossier that was not stopped…).

Derived values, documented because no counter table exists yet (a later change may add one):

- **Tracking-book line** (Sổ theo dõi hồ sơ, Mẫu 07) and volume: the dossiers accepted at the
  receiving centre in the calendar year of acceptance, in the order they were *entered* (primary
  key) — a paper receipt back-filled after an outage gets the next line, as in a paper book. The
  volume is ``01/<year>``.
- **Form numbers** (``số``): ``<n>/<symbol>``, ``n`` the rank of this form among the same forms
  of the issuer in that year, in the order they were recorded: TNHS receipt, HDHT completion
  guidance, YCBS supplement request, TCHS refusal, PXL apology, TBDXL stop notice, PKS control sheet
  (numbered like its receipt).
- **Signer of 04 and 05**: the leader who recorded the re-appointment / the stop, with the title
  "THỦ TRƯỞNG CƠ QUAN" until postings carry official titles.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override, pgettext

from motcua.lib import clock
from motcua.org.models import AdminUnit, Department, Level, Province, ServiceCentre
from motcua.printing.forms import (
    ApologyForm,
    ControlSheetForm,
    HandOver,
    Issuer,
    Paper,
    Person,
    Proxy,
    ReceiptForm,
    RefusalForm,
    StepResult,
    StopNoticeForm,
    SupplementRequestForm,
    TrackingBookForm,
    TrackingBookRow,
)
from motcua.worktime.engine import DurationKind

from . import deadlines
from .models import Applicant, Dossier, DossierDocument, DossierStep, SuppliedAs, Transition, WaitingPeriod
from .services import RETURN_METHODS
from .workflow import Action, Stage

CENTRE_HEADER = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN"
SYMBOLS = {
    "receipt": "TNHS",
    "completion": "HDHT",
    "supplement": "YCBS",
    "refusal": "TCHS",
    "apology": "PXL",
    "stop": "TBDXL",
    "control": "PKS",
}
STEP_RESULTS = {
    DossierStep.Outcome.EARLY: StepResult.EARLY,
    DossierStep.Outcome.ON_TIME: StepResult.ON_TIME,
    DossierStep.Outcome.LATE: StepResult.LATE,
}


class FormNotAvailable(Exception):
    """The form does not exist for this dossier (yet): the message says why (translated when shown)."""


def in_vietnamese(build):
    """The forms are Vietnamese legal documents (docs/printing.md): whatever language the screen is
    in, every text the builder computes (time limits, "Ông/Bà", defaults) is Vietnamese."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with override("vi"):
            return build(*args, **kwargs)

    return wrapper


# --- names as they are printed ----------------------------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(clock.BUSINESS_TZ)


def _province(code: str) -> Province | None:
    return Province.objects.filter(code=code, code_version__is_current=True).first() or (
        Province.objects.filter(code=code).order_by("-id").first()
    )


def _short_unit_name(unit: AdminUnit) -> str:
    """ "Phường Phú Khương" → "Phú Khương" (the place of the date line)."""
    label = str(AdminUnit.Kind(unit.kind).label)
    return unit.name[len(label) :].strip() if unit.name.lower().startswith(label.lower()) else unit.name


def _running_unit_name(unit: AdminUnit) -> str:
    """ "Phường Phú Khương" → "phường Phú Khương" (in running text)."""
    return unit.name[:1].lower() + unit.name[1:]


def _province_names(code: str) -> tuple[str, str]:
    """(running "tỉnh Vĩnh Long", short "Vĩnh Long")."""
    province = _province(code)
    if province is None:
        return "", ""
    running = province.name[:1].lower() + province.name[1:]
    short = province.name.split(" ", 1)[1] if " " in province.name else province.name
    return running, short


def centre_running_name(centre: ServiceCentre) -> str:
    """ "Trung tâm Phục vụ hành chính công phường Phú Khương"."""
    if centre.admin_unit_id and centre.admin_unit.name in centre.name:
        return centre.name.replace(centre.admin_unit.name, _running_unit_name(centre.admin_unit))
    return centre.name


def centre_issuer(centre: ServiceCentre) -> Issuer:
    """The receiving centre under its People's Committee (NĐ 30/2020 header)."""
    if centre.level == Level.COMMUNE and centre.admin_unit_id:
        unit = centre.admin_unit
        return Issuer(parent=f"ỦY BAN NHÂN DÂN {unit.name.upper()}", name=CENTRE_HEADER, place=_short_unit_name(unit))
    running, short = _province_names(centre.province_code)
    return Issuer(parent=f"ỦY BAN NHÂN DÂN {running.upper()}".strip(), name=CENTRE_HEADER, place=short)


def _department_unit(department: Department) -> AdminUnit | None:
    centre = department.centre
    return centre.admin_unit if centre.level == Level.COMMUNE and centre.admin_unit_id else None


def agency_issuer(department: Department) -> Issuer:
    """The competent agency that signs 02 (during processing), 04 and 05.

    A commune office acts for its People's Committee; a commune branch of a vertical agency (police)
    and a provincial department sign in their own name under their parent body.
    """
    unit = _department_unit(department)
    if unit is not None:
        committee = f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
        if department.kind == Department.Kind.VERTICAL_AGENCY:
            return Issuer(parent="", name=department.name.upper(), place=_short_unit_name(unit))
        return Issuer(name=committee, place=_short_unit_name(unit))
    running, short = _province_names(department.centre.province_code)
    if department.kind == Department.Kind.VERTICAL_AGENCY:
        return Issuer(name=_with_province(department.name, running, short).upper(), place=short)
    return Issuer(parent=f"ỦY BAN NHÂN DÂN {running.upper()}", name=department.name.upper(), place=short)


def agency_running_name(department: Department) -> str:
    """The competent agency in running text: "Ủy ban nhân dân phường Phú Khương", "Sở Tư pháp tỉnh Vĩnh Long"."""
    unit = _department_unit(department)
    if unit is not None:
        if department.kind == Department.Kind.VERTICAL_AGENCY:
            return department.name
        return f"Ủy ban nhân dân {_running_unit_name(unit)}"
    running, short = _province_names(department.centre.province_code)
    return _with_province(department.name, running, short)


def _with_province(name: str, running: str, short: str) -> str:
    """ "Sở Tư pháp" → "Sở Tư pháp tỉnh Vĩnh Long"; "Công an tỉnh" → "Công an tỉnh Vĩnh Long"."""
    if not running or running.lower() in name.lower():
        return name
    kind = running[: len(running) - len(short)].strip()  # "tỉnh"
    if kind and name.lower().endswith(f" {kind.lower()}"):
        return f"{name} {short}"
    return f"{name} {running}"


def person(applicant: Applicant) -> Person:
    return Person(
        name=applicant.name,
        id_number=applicant.id_number,
        address=applicant.address,
        phone=applicant.phone,
        email=applicant.email,
    )


def _user_name(user) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def tracking_url(dossier: Dossier) -> str:
    """The citizen portal's public tracking page, carrying the lookup secret (DOMAIN §5)."""
    if not dossier.code:
        return ""
    base = settings.MOTCUA.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/tra-cuu/{quote(dossier.code)}/?s={quote(dossier.lookup_secret)}"


@in_vietnamese
def time_limit_text(duration: str) -> str:
    """The published limit as the receipt prints it: "03 ngày làm việc", "Trong ngày"."""
    if not duration:
        return ""
    parsed = deadlines.parse_duration(duration)
    if parsed.kind is DurationKind.SAME_DAY:
        return _("Trong ngày")
    unit = {
        DurationKind.WORKING_DAYS: _("ngày làm việc"),
        DurationKind.WORKING_HOURS: _("giờ làm việc"),
        DurationKind.CALENDAR_DAYS: pgettext("time limit unit", "ngày"),  # "ngày" alone is also "date"
    }[parsed.kind]
    return f"{parsed.amount:02d} {unit}"


# --- the timeline ---------------------------------------------------------------------------------------


def _transition(dossier: Dossier, *actions: str, last: bool = True) -> Transition | None:
    rows = dossier.transitions.filter(action__in=actions).order_by("-seq" if last else "seq")
    return rows.first()


def acceptance(dossier: Dossier) -> Transition | None:
    """The transition that issued the code (receipt at the counter, or acceptance of a submission)."""
    return _transition(dossier, Action.RECEIVE, Action.ACCEPT, last=False)


def is_backfilled(dossier: Dossier) -> bool:
    accepted = acceptance(dossier)
    return bool(accepted and accepted.data.get("backfilled"))


def _rank(queryset, pk: int) -> int:
    return queryset.filter(pk__lte=pk).count()


def book_line(dossier: Dossier) -> int:
    """Line of the centre's tracking book for the year of acceptance (module docstring)."""
    year = _local(dossier.accepted_at).year
    return _rank(_accepted_in_year(dossier.receiving_centre, year), dossier.pk)


def _accepted_in_year(centre: ServiceCentre, year: int):
    start = dt.datetime(year, 1, 1, tzinfo=clock.BUSINESS_TZ)
    end = dt.datetime(year + 1, 1, 1, tzinfo=clock.BUSINESS_TZ)
    return centre.received_dossiers.filter(accepted_at__gte=start, accepted_at__lt=end)


def book_volume(year: int) -> str:
    return f"01/{year}"


def _year_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    year = _local(moment).year
    return (
        dt.datetime(year, 1, 1, tzinfo=clock.BUSINESS_TZ),
        dt.datetime(year + 1, 1, 1, tzinfo=clock.BUSINESS_TZ),
    )


def _number(rank: int, kind: str) -> str:
    return f"{rank:02d}/{SYMBOLS[kind]}"


# --- 01 receipt and appointment ---------------------------------------------------------------------------


def _paper(document: DossierDocument) -> Paper:
    suffix = {
        SuppliedAs.SHOWN: _(" (xuất trình)"),
        SuppliedAs.DATA_STORE: _(" (khai thác từ kho dữ liệu)"),
        SuppliedAs.ELECTRONIC: _(" (bản điện tử)"),
    }.get(document.supplied_as, "")
    copies = document.supplied_as in (SuppliedAs.COPY, SuppliedAs.CERTIFIED_COPY)
    counted = document.supplied_as in (
        SuppliedAs.ORIGINAL,
        SuppliedAs.ELECTRONIC,
        SuppliedAs.COPY,
        SuppliedAs.CERTIFIED_COPY,
    )
    quantity = document.quantity if counted else 0
    return Paper(
        name=f"{document.name}{suffix}",
        originals=0 if copies else quantity,
        copies=quantity if copies else 0,
    )


def received_papers(dossier: Dossier) -> tuple[Paper, ...]:
    """The papers received up to acceptance (the completion round included), in checklist order."""
    documents = dossier.documents.filter(added_at__lte=dossier.accepted_at).order_by("id")
    return tuple(_paper(d) for d in documents)


@in_vietnamese
def receipt_form(dossier: Dossier) -> ReceiptForm:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    if not dossier.code or dossier.accepted_at is None:
        raise FormNotAvailable(gettext_lazy("Hồ sơ chưa được tiếp nhận: chưa có giấy tiếp nhận và hẹn trả kết quả."))
    accepted = acceptance(dossier)
    proxy = None
    if dossier.proxy_id:
        document = accepted.data.get("proxy_document", "") if accepted else ""
        proxy = Proxy(**dataclasses.asdict(person(dossier.proxy)), document=document)
    line = book_line(dossier)
    return ReceiptForm(
        issuer=centre_issuer(dossier.receiving_centre),
        number=_number(line, "receipt"),
        issued_on=_local(dossier.accepted_at).date(),
        dossier_code=dossier.code,
        centre=centre_running_name(dossier.receiving_centre),
        applicant=person(dossier.applicant),
        proxy=proxy,
        procedure=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        papers=received_papers(dossier),
        sets=1,
        time_limit=time_limit_text(dossier.duration),
        received_at=dossier.accepted_at,
        due_at=dossier.original_due_at,
        return_place=centre_running_name(dossier.return_centre),
        book_volume=book_volume(_local(dossier.accepted_at).year),
        book_line=line,
        officer=_user_name(dossier.received_by) or (accepted.actor_label if accepted else ""),
        tracking_url=tracking_url(dossier),
        lookup_secret=dossier.lookup_secret,
        signed_electronically=dossier.channel == "online",
    )


# --- 02 supplement / completion request ----------------------------------------------------------------


def _items(period: WaitingPeriod) -> tuple[str, ...]:
    lines = []
    for item in period.items or []:
        name, detail = (item.get("name") or "").strip(), (item.get("detail") or "").strip()
        lines.append(f"{name}: {detail}" if name and detail else (name or detail))
    return tuple(line for line in lines if line)


def supplement_periods(dossier: Dossier):
    """The completion (at intake) and supplement (during processing) requests, oldest first."""
    return dossier.waiting_periods.filter(
        kind__in=(WaitingPeriod.Kind.COMPLETION, WaitingPeriod.Kind.SUPPLEMENT)
    ).order_by("requested_at", "id")


@in_vietnamese
def supplement_request_form(dossier: Dossier, period: WaitingPeriod | None = None) -> SupplementRequestForm:
    """Mẫu 02 — at intake (completion guidance, issued by the centre, no code) or during processing
    (supplement request, issued by the competent agency). Default: the latest request."""
    if period is None:
        period = supplement_periods(dossier).last()
    if period is None or period.dossier_id != dossier.pk or period.kind == WaitingPeriod.Kind.FINANCIAL:
        raise FormNotAvailable(gettext_lazy("Hồ sơ không có yêu cầu bổ sung, hoàn thiện nào."))
    at_intake = period.kind == WaitingPeriod.Kind.COMPLETION
    if at_intake:
        issuer = centre_issuer(dossier.receiving_centre)
        siblings = WaitingPeriod.objects.filter(
            kind=WaitingPeriod.Kind.COMPLETION, dossier__receiving_centre=dossier.receiving_centre
        )
    else:
        issuer = agency_issuer(dossier.resolving_department)
        siblings = WaitingPeriod.objects.filter(
            kind=WaitingPeriod.Kind.SUPPLEMENT, dossier__resolving_department=dossier.resolving_department
        )
    start, end = _year_bounds(period.requested_at)
    rank = _rank(siblings.filter(requested_at__gte=start, requested_at__lt=end), period.pk)
    officer = period.requested_by
    unit = dossier.receiving_centre.name if at_intake else dossier.resolving_department.name
    contact = _user_name(officer)
    return SupplementRequestForm(
        issuer=issuer,
        number=_number(rank, "completion" if at_intake else "supplement"),
        issued_on=_local(period.requested_at).date(),
        applicant=person(dossier.applicant),
        procedure=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        dossier_code="" if at_intake else (dossier.code or ""),
        items=_items(period),
        reason=period.reason or _("Thành phần hồ sơ chưa đầy đủ, hợp lệ theo quy định."),
        contact_name=f"{contact}, {unit}" if contact else unit,
        contact_phone=(getattr(officer, "phone", "") or dossier.receiving_centre.phone or "…"),
        officer=contact,
        tracking_url="" if at_intake else tracking_url(dossier),
        signed_electronically=dossier.channel == "online",
    )


# --- 03 refusal ------------------------------------------------------------------------------------------


@in_vietnamese
def refusal_form(dossier: Dossier) -> RefusalForm:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (status 3, reasons stated)."""
    refused = _transition(dossier, Action.REFUSE_INTAKE)
    if dossier.stage != Stage.REFUSED or refused is None:
        raise FormNotAvailable(gettext_lazy("Hồ sơ không bị từ chối tiếp nhận: không có phiếu từ chối."))
    reasons = refused.data.get("reasons") or [r.strip() for r in refused.reason.split(";") if r.strip()]
    start, end = _year_bounds(refused.at)
    siblings = Transition.objects.filter(
        action=Action.REFUSE_INTAKE,
        dossier__receiving_centre=dossier.receiving_centre,
        at__gte=start,
        at__lt=end,
    )
    return RefusalForm(
        issuer=centre_issuer(dossier.receiving_centre),
        number=_number(_rank(siblings, refused.pk), "refusal"),
        issued_on=_local(refused.at).date(),
        centre=centre_running_name(dossier.receiving_centre),
        applicant=person(dossier.applicant),
        procedure=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        dossier_code=dossier.code or "",
        reasons=tuple(reasons),
        officer=_user_name(refused.actor) or refused.actor_label,
        signed_electronically=dossier.channel == "online",
    )


# --- 04 apology and new appointment ------------------------------------------------------------------------


@in_vietnamese
def apology_form(dossier: Dossier) -> ApologyForm:
    """Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (the one re-appointment)."""
    apology = _transition(dossier, Action.APOLOGISE)
    if dossier.reappointed_at is None or apology is None:
        raise FormNotAvailable(gettext_lazy("Hồ sơ chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả."))
    start, end = _year_bounds(apology.at)
    siblings = Transition.objects.filter(
        action=Action.APOLOGISE,
        dossier__resolving_department=dossier.resolving_department,
        at__gte=start,
        at__lt=end,
    )
    return ApologyForm(
        issuer=agency_issuer(dossier.resolving_department),
        number=_number(_rank(siblings, apology.pk), "apology"),
        issued_on=_local(apology.at).date(),
        agency=agency_running_name(dossier.resolving_department),
        addressee=_("Ông/Bà %(name)s") % {"name": dossier.applicant.name},
        applicant=person(dossier.applicant),
        procedure=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        dossier_code=dossier.code,
        received_at=dossier.accepted_at,
        original_due_at=dossier.original_due_at,
        reason=apology.reason,
        new_due_at=dossier.reappointed_due_at,
        signer_title=SIGNER_TITLE,
        signer_name=_user_name(apology.actor) or apology.actor_label,
        tracking_url=tracking_url(dossier),
    )


# --- 05 stop notice ----------------------------------------------------------------------------------------


@in_vietnamese
def stop_notice_form(dossier: Dossier) -> StopNoticeForm:
    """Mẫu 05 — after the citizen's stop request (7 → 8, stage ``stopped``)."""
    stopped = _transition(dossier, Action.STOP)
    requested = _transition(dossier, Action.REQUEST_WITHDRAWAL)
    if dossier.stage != Stage.STOPPED or stopped is None or requested is None:
        raise FormNotAvailable(
            gettext_lazy("Hồ sơ không dừng xử lý theo đề nghị của người nộp: không có thông báo dừng.")
        )
    reached = requested.data.get("stage_reached") or requested.from_stage
    stage = str(Stage(reached).label) if reached in Stage.values else reached
    start, end = _year_bounds(stopped.at)
    siblings = Transition.objects.filter(
        action=Action.STOP, dossier__resolving_department=dossier.resolving_department, at__gte=start, at__lt=end
    )
    fees = dossier.fee_amount if dossier.fee_paid and dossier.fee_amount is not None else Decimal(0)
    return StopNoticeForm(
        issuer=agency_issuer(dossier.resolving_department),
        number=_number(_rank(siblings, stopped.pk), "stop"),
        issued_on=_local(stopped.at).date(),
        agency=agency_running_name(dossier.resolving_department),
        applicant=person(dossier.applicant),
        procedure=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        dossier_code=dossier.code or "",
        requested_at=requested.at,
        stage=f"{stage} ({dossier.resolving_department.name})",
        decision=stopped.reason or _("Dừng xử lý hồ sơ theo đề nghị của người nộp hồ sơ."),
        fees_paid=int(fees),
        fee_handling=stopped.data.get("fee_handling", ""),
        signer_title=SIGNER_TITLE,
        signer_name=_user_name(stopped.actor) or stopped.actor_label,
        tracking_url=tracking_url(dossier),
    )


# --- 06 process control sheet ------------------------------------------------------------------------------


def _unit(step: DossierStep) -> str:
    if step.department_id:
        return step.department.name
    return step.centre.name if step.centre_id else ""


@in_vietnamese
def control_sheet_form(dossier: Dossier) -> ControlSheetForm:
    """Mẫu 06 — one row per hand-over, written by the services (never edited)."""
    if not dossier.code or dossier.accepted_at is None:
        raise FormNotAvailable(gettext_lazy("Hồ sơ chưa được tiếp nhận: chưa có phiếu kiểm soát quá trình."))
    rows = []
    giver = _user_name(dossier.received_by)
    for step in dossier.steps.select_related("department", "centre", "assignee").order_by("started_at", "id"):
        receiver = _user_name(step.assignee)
        rows.append(
            HandOver(
                unit=_unit(step),
                given_at=step.started_at,
                received_at=step.started_at,
                result=STEP_RESULTS.get(step.outcome) if step.finished_at else None,
                note=step.note or step.name,
                given_by=giver if rows else "",
                received_by=receiver,
            )
        )
        giver = receiver or giver
    return ControlSheetForm(
        issuer=centre_issuer(dossier.receiving_centre),
        number=_number(book_line(dossier), "control"),
        issued_on=_local(dossier.accepted_at).date(),
        dossier_code=dossier.code,
        lead_agency=dossier.resolving_department.name,
        received_at=dossier.accepted_at,
        due_at=dossier.original_due_at,
        rows=tuple(rows),
    )


# --- 07 tracking book --------------------------------------------------------------------------------------


def _recipient(dossier: Dossier) -> str:
    returned = _transition(dossier, Action.RETURN_RESULT)
    return (returned.data.get("recipient") or "") if returned else ""


@in_vietnamese
def tracking_book_form(
    centre: ServiceCentre, period_start: dt.date, period_end: dt.date, dossiers: Iterable[Dossier]
) -> TrackingBookForm:
    """Mẫu 07 — the dossiers received at ``centre`` between the two dates (inclusive), in book order.

    ``dossiers`` is the caller's scoped queryset (:func:`.access.visible_dossiers`); only those
    accepted at ``centre`` in the period are listed, each with its line in the year's book.
    """
    if period_end < period_start:
        raise FormNotAvailable(gettext_lazy("Ngày kết thúc phải sau ngày bắt đầu."))
    start = dt.datetime.combine(period_start, dt.time(0), clock.BUSINESS_TZ)
    end = dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time(0), clock.BUSINESS_TZ)
    selected = [
        d
        for d in dossiers
        if d.receiving_centre_id == centre.pk and d.accepted_at is not None and start <= d.accepted_at < end
    ]
    lines: dict[int, int] = {}
    for year in sorted({_local(d.accepted_at).year for d in selected}):
        pks = _accepted_in_year(centre, year).order_by("pk").values_list("pk", flat=True)
        lines.update({pk: index for index, pk in enumerate(pks, start=1)})
    selected.sort(key=lambda d: (_local(d.accepted_at).year, lines.get(d.pk, 0)))
    rows = tuple(
        TrackingBookRow(
            line=lines.get(d.pk, 0),
            dossier_code=d.code,
            procedure=d.procedure.name,
            applicant=d.applicant.name,
            address=d.applicant.address,
            phone=d.applicant.phone,
            lead_agency=d.resolving_department.name,
            received_at=d.accepted_at,
            due_at=d.original_due_at,
            returned_at=d.returned_at,
            return_method=str(RETURN_METHODS.get(d.return_method, d.return_method)) if d.returned_at else "",
            recipient=_recipient(d) if d.returned_at else "",
        )
        for d in selected
    )
    return TrackingBookForm(
        issuer=centre_issuer(centre),
        number=book_volume(period_start.year),
        issued_on=clock.today(),
        period_start=period_start,
        period_end=period_end,
        rows=rows,
    )

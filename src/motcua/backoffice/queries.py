"""What the back-office screens read: always through the scoped helpers of :mod:`motcua.dossiers.access`.

Nothing here changes state (views call :mod:`motcua.dossiers.services`). Lists of dossiers start
from :func:`~motcua.dossiers.access.visible_dossiers` and only narrow it; reading applicants' data
in a list leaves one audit entry per page (``dossier.personal_data.list``), like the API.

Deadline figures are derived on read (STYLE §5): ``due_at`` (the appointment in force, indexed) and
the receiving centre's working calendar; a dossier waiting for the applicant (statuses 5 and 6) has
its clock stopped and is neither "due" nor "overdue".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from motcua.catalog.models import ChannelOption, Procedure, ProcedureVersion
from motcua.catalog.services import current_version
from motcua.dossiers import access, audit, deadlines
from motcua.dossiers.models import Applicant, Dossier, DossierStep
from motcua.dossiers.workflow import PAUSED_STAGES, RUNNING_STAGES, TERMINAL_STAGES, Stage, Status
from motcua.lib import clock
from motcua.lib.text import fold
from motcua.org.models import Level, ServiceCentre
from motcua.worktime import services as worktime
from motcua.worktime.engine import CalendarRangeError

OPEN_STATUSES = (Status.ACCEPTED, Status.PROCESSING, Status.WITHDRAWAL_REQUESTED)
SEARCH_LIMIT = 15


# --- procedures (catalogue) -----------------------------------------------------------------------


def search_procedures(query: str, centre: ServiceCentre | None, limit: int = SEARCH_LIMIT) -> list[Procedure]:
    """By code or by name without diacritics ("khai sinh" finds "Khai sinh"), the centre's level and
    the demo subset first, then the code."""
    words = fold(query).split()
    if not words:
        return []
    queryset = Procedure.objects.select_related("sector")
    for word in words[:8]:
        queryset = queryset.filter(search_text__contains=word)
    code = query.strip()
    at_level = (
        Q(level__in=("commune", "both")) | Q(at_commune=True)
        if centre is None or centre.level == Level.COMMUNE
        else Q(level__in=("province", "both")) | Q(at_province=True)
    )
    queryset = queryset.annotate(
        exact=Case(When(code=code, then=Value(0)), When(code__startswith=code, then=Value(1)), default=Value(2)),
        here=Case(When(at_level, then=Value(0)), default=Value(1), output_field=IntegerField()),
        demo=Case(When(in_demo_subset=True, then=Value(0)), default=Value(1), output_field=IntegerField()),
    )
    return list(queryset.order_by("exact", "here", "demo", "code")[:limit])


@dataclass
class ProcedureCard:
    """What the counter needs to receive a dossier of this procedure now."""

    procedure: Procedure
    version: ProcedureVersion | None
    documents: list = field(default_factory=list)
    channels: list[ChannelOption] = field(default_factory=list)
    direct_duration: str | None = None

    @property
    def time_unknown(self) -> bool:
        return self.version is not None and self.direct_duration is None

    @property
    def same_day(self) -> bool:
        return bool(self.direct_duration and self.direct_duration.startswith("sameday"))

    @property
    def fee_amount(self):
        amounts = {o.fee_amount for o in self.channels if o.channel == "direct" and o.fee_amount is not None}
        return amounts.pop() if len(amounts) == 1 else None


def procedure_card(code: str) -> ProcedureCard | None:
    procedure = Procedure.objects.select_related("sector").filter(code=code.strip()).first()
    if procedure is None:
        return None
    version = current_version(procedure, clock.now())
    if version is None:
        return ProcedureCard(procedure, None)
    return ProcedureCard(
        procedure,
        version,
        documents=list(version.required_documents.order_by("order")),
        channels=list(version.channel_options.order_by("order")),
        direct_duration=version.duration_for_channel("direct"),
    )


# --- applicants -----------------------------------------------------------------------------------------


def find_applicant(user, kind: str, id_number: str) -> Applicant | None:
    """An earlier applicant by ID number (reused at intake), exact match only; the read is audited."""
    number = "".join(id_number.split())
    if len(number) < 10:
        return None
    applicant = Applicant.objects.filter(kind=kind, id_number=number).first()
    if applicant is not None:
        audit.record(
            "applicant.personal_data.read",
            actor=user,
            object_type="applicant",
            object_ref=str(applicant.pk),
            data={"purpose": "tiếp nhận: dùng lại thông tin người nộp"},
        )
    return applicant


# --- lists of dossiers -------------------------------------------------------------------------------


def _base(user) -> QuerySet[Dossier]:
    return access.visible_dossiers(user).select_related(
        "procedure",
        "applicant",
        "receiving_centre",
        "return_centre",
        "resolving_department",
        "resolving_department__centre",
        "assignee",
        "current_step",
        "current_step__assignee",
        "current_step__department",
    )


def audit_list(user, rows, purpose: str) -> None:
    if rows:
        audit.record(
            "dossier.personal_data.list",
            actor=user,
            object_type="dossier_list",
            object_ref="backoffice",
            data={"keys": [d.key for d in rows][:200], "purpose": purpose},
        )


def find_dossiers(user, query: str, limit: int = 50) -> list[Dossier]:
    """By dossier code (or its tail), applicant ID number, or name without diacritics."""
    text = query.strip()
    if not text:
        return []
    condition = Q(code__iexact=text) | Q(code__endswith=text) if len(text) >= 4 else Q(code__iexact=text)
    digits = "".join(text.split())
    if digits.isdigit() and len(digits) >= 9:
        condition |= Q(applicant__id_number=digits) | Q(proxy__id_number=digits)
    words = fold(text).split()
    if words and not digits.isdigit():
        name = Q()
        for word in words[:6]:
            name &= Q(applicant__search_text__contains=word)
        condition |= name
    return list(_base(user).filter(condition).order_by("-id")[:limit])


def counter_queues(user, centre: ServiceCentre) -> dict[str, list[Dossier]]:
    """The counter's work at ``centre``: to accept, waiting for completion, to transfer, results to return."""
    base = _base(user)
    here = Q(receiving_centre=centre)
    return {
        "to_accept": list(base.filter(here, stage=Stage.SUBMITTED).order_by("submitted_at")[:50]),
        "completion": list(base.filter(here, stage=Stage.COMPLETION_REQUESTED).order_by("-submitted_at")[:50]),
        "to_transfer": list(base.filter(here, stage=Stage.ACCEPTED).order_by("accepted_at")[:50]),
        "to_return": list(base.filter(return_centre=centre, stage=Stage.DONE).order_by("done_at")[:50]),
    }


DESK_TABS = ("mine", "unassigned", "approval", "issue", "waiting", "all")


def desk_inbox(user, departments, tab: str) -> list[Dossier]:
    """The department desk: mine, waiting for assignment, at the approval or issuing step, waiting
    for the applicant, or everything open in the department(s) — earliest due first."""
    base = _base(user).filter(resolving_department__in=departments).exclude(stage__in=TERMINAL_STAGES)
    base = base.exclude(stage__in=(Stage.SUBMITTED, Stage.COMPLETION_REQUESTED, Stage.REFUSED))
    if tab == "mine":
        base = base.filter(assignee=user).exclude(stage=Stage.DONE)
    elif tab == "unassigned":
        base = base.filter(stage=Stage.TRANSFERRED)
    elif tab == "approval":
        base = base.filter(stage=Stage.IN_STEP, current_step__role="approver")
    elif tab == "issue":
        base = base.filter(stage=Stage.APPROVED)
    elif tab == "waiting":
        base = base.filter(stage__in=PAUSED_STAGES)
    else:
        base = base.exclude(stage=Stage.DONE)
    return list(base.order_by("due_at", "id")[:200])


def specialists_of(department):
    from motcua.org.models import Posting, Role, User

    user_ids = Posting.objects.active().filter(role=Role.SPECIALIST, department=department).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "username")


def open_assigned_to(user, department, specialist) -> list[Dossier]:
    """Dossiers a (possibly absent) specialist holds in ``department`` — for bulk reassignment."""
    return list(
        _base(user)
        .filter(resolving_department=department, assignee=specialist, stage__in=(Stage.TRANSFERRED, Stage.IN_STEP))
        .order_by("due_at", "id")
    )


# --- deadlines on read -------------------------------------------------------------------------------


class Calendars:
    """Working calendars of the receiving centres, per request (worktime caches them per process)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], object] = {}

    def for_dossier(self, dossier: Dossier):
        centre = dossier.receiving_centre
        key = (centre.province_code, centre.code)
        if key not in self._cache:
            self._cache[key] = deadlines.calendar_for_dossier(dossier)
        return self._cache[key]


@dataclass
class DeadlineView:
    """A dossier's clock as the lists show it."""

    remaining_minutes: int | None  # working minutes left (negative: overdue), None: no clock
    overdue: bool
    paused: bool
    due_today: bool
    minutes_per_day: int = 480

    @property
    def css(self) -> str:
        if self.paused:
            return "paused"
        if self.overdue:
            return "late"
        if self.remaining_minutes is not None and self.remaining_minutes <= self.minutes_per_day:
            return "due-soon"
        return "on-time"


def deadline_view(dossier: Dossier, calendars: Calendars, now: dt.datetime | None = None) -> DeadlineView:
    now = now or clock.now()
    if dossier.due_at is None or dossier.stage in TERMINAL_STAGES or dossier.stage == Stage.DONE:
        return DeadlineView(None, False, False, False)
    calendar = calendars.for_dossier(dossier)
    paused = dossier.stage in PAUSED_STAGES
    at = min(now, dossier.paused_at) if (paused and dossier.paused_at) else now
    try:
        remaining = calendar.remaining(dossier.due_at, at)
    except CalendarRangeError:
        remaining = None
    local_due = dossier.due_at.astimezone(clock.BUSINESS_TZ).date()
    return DeadlineView(
        remaining,
        overdue=not paused and dossier.due_at < now,
        paused=paused,
        due_today=not paused and local_due == clock.today() and dossier.due_at >= now,
        minutes_per_day=calendar.minutes_per_day,
    )


def holder(dossier: Dossier) -> str:
    """Who holds the dossier now: the assignee of the open step, else the unit and its role."""
    step: DossierStep | None = dossier.current_step
    if dossier.stage == Stage.DONE:
        return dossier.return_centre.name
    if step is not None and step.finished_at is None:
        if step.assignee_id:
            return str(step.assignee)
        if step.department_id:
            return step.department.name
    if dossier.assignee_id:
        return str(dossier.assignee)
    if dossier.stage == Stage.ACCEPTED:
        return dossier.receiving_centre.name
    return dossier.resolving_department.name


# --- supervision ---------------------------------------------------------------------------------------


@dataclass
class SupervisionRow:
    dossier: Dossier
    deadline: DeadlineView
    holder: str
    apology_by: dt.datetime | None = None
    apology_late: bool = False


@dataclass
class Supervision:
    overdue: list[SupervisionRow]
    due_today: list[SupervisionRow]
    due_soon: list[SupervisionRow]  # the next 2 working days after today
    red_list: list[SupervisionRow]  # must get an apology letter (Mẫu 04) before the appointment
    by_department: list[tuple[str, Counter]]
    by_procedure: list[tuple[str, Counter]]
    horizon: dt.datetime


def _end_of_next_working_days(today: dt.date, days: int, calendar) -> dt.datetime:
    day, found = today, 0
    while found < days:
        day += dt.timedelta(days=1)
        try:
            if calendar.is_working_day(day):
                found += 1
        except CalendarRangeError:
            found += 1
        if (day - today).days > 60:
            break
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), clock.BUSINESS_TZ)


def supervision(user, *, centre: ServiceCentre | None = None, now: dt.datetime | None = None) -> Supervision:
    """DOMAIN §6–7 for the director: due today, in the next 2 working days, overdue; who holds them;
    and the red list — open dossiers without a re-appointment whose apology (Mẫu 04) is due within
    the next working day or already late (it must reach the applicant ≥ 1 working day before the
    appointment; an overdue dossier still owes its apology and new date)."""
    now = now or clock.now()
    calendar = worktime.calendar_for()
    horizon = _end_of_next_working_days(clock.today(), 2, calendar)
    queryset = _base(user).filter(
        status__in=OPEN_STATUSES, stage__in=RUNNING_STAGES, ended_at__isnull=True, due_at__isnull=False
    )
    if centre is not None:
        queryset = queryset.filter(
            Q(receiving_centre=centre) | Q(return_centre=centre) | Q(resolving_department__centre=centre)
        )
    # The red list looks one working day further than the apology margin (default 1 day).
    red_horizon = calendar.add_working_minutes(now, (deadlines.apology_margin_days() + 1) * calendar.minutes_per_day)
    rows = list(queryset.filter(due_at__lt=max(horizon, red_horizon)).order_by("due_at", "id")[:500])
    calendars = Calendars()
    overdue, today, soon, red = [], [], [], []
    by_department: dict[str, Counter] = defaultdict(Counter)
    by_procedure: dict[str, Counter] = defaultdict(Counter)
    for dossier in rows:
        view = deadline_view(dossier, calendars, now)
        row = SupervisionRow(dossier, view, holder(dossier))
        bucket = None
        if view.overdue:
            bucket, target = "overdue", overdue
        elif view.due_today:
            bucket, target = "today", today
        elif dossier.due_at < horizon:
            bucket, target = "soon", soon
        if bucket:
            target.append(row)
            by_department[dossier.resolving_department.name][bucket] += 1
            by_procedure[f"{dossier.procedure.code} — {dossier.procedure.name}"][bucket] += 1
        if dossier.reappointed_at is None:
            try:
                latest = deadlines.latest_apology_moment(dossier, calendars.for_dossier(dossier))
            except CalendarRangeError:
                continue
            if latest <= red_horizon or view.overdue:
                row.apology_by, row.apology_late = latest, latest < now
                red.append(row)
    red.sort(key=lambda r: (r.apology_by, r.dossier.pk))
    audit_list(user, rows, "giám sát: hồ sơ đến hạn, quá hạn")

    def ordered(counts: dict[str, Counter]) -> list[tuple[str, Counter]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1]["overdue"], -kv[1]["today"], -kv[1]["soon"], kv[0]))

    return Supervision(overdue, today, soon, red, ordered(by_department), ordered(by_procedure), horizon)

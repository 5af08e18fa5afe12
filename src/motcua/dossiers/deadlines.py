"""Deadlines of a dossier on the official calendar: appointment, pauses, extension, re-appointment.

DOMAIN §6. All arithmetic is the worktime engine's; this module decides *which* computation applies
and keeps ``due_at`` a pure function of the dossier's stored history, so that it can be recomputed
at any time (an administrator corrects the official calendar → :func:`recompute_open_dossiers`):

1. at acceptance: ``due = calendar.due(accepted_at, duration, convention)`` — the appointment on the
   receipt (``original_due_at``, set once) and the first ``due_at``;
2. then, in the order they happened, every closed waiting period, the extension and the
   re-appointment:

   - supplement with the **pause** policy (default) and every financial obligation: the working
     time left at the request is left again from the resumption (``calendar.resume``);
   - supplement with the **restart** policy: the full time limit from the complete supplement
     (``calendar.restart``);
   - extension (legal basis given): ``calendar.extend(due, n working days)``;
   - re-appointment (Mẫu 04): the new date the head of the agency signed;
   - a waiting period closed without an answer (the dossier stopped while waiting) moves nothing.

3. while a waiting period is open the clock is stopped: ``due_at`` keeps the value before the pause
   and :attr:`Dossier.paused_at` says since when.

``excluded_minutes`` (what DOMAIN §7 subtracts) is computed by the same replay: the working minutes
of each closed waiting period, or — restart — all working time from the clock start to the
complete supplement.

The calendar is the receiving centre's (province days off + the centre's sessions in force on the
acceptance date): the appointment is given by the centre that received the dossier.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.lib import clock
from motcua.worktime import services as worktime
from motcua.worktime.engine import CalendarRangeError, Duration, DurationKind, WorkCalendar

from .errors import DossierError
from .ontime import DeadlineFacts, OnTime, classify

logger = logging.getLogger("motcua.dossiers")

DEFAULT_APOLOGY_MARGIN_DAYS = 1  # DOMAIN §6 (default): at the latest 1 working day before the appointment


def apology_margin_days() -> int:
    return int(settings.MOTCUA.get("APOLOGY_MARGIN_WORKING_DAYS", DEFAULT_APOLOGY_MARGIN_DAYS))


def calendar_for_dossier(dossier) -> WorkCalendar:
    centre = dossier.receiving_centre
    on = (dossier.accepted_at or clock.now()).astimezone(clock.BUSINESS_TZ).date()
    try:
        return worktime.calendar_for(centre.province_code, centre.code, on=on)
    except worktime.CalendarNotLoaded as exc:
        raise DossierError(
            "calendar_missing", _("Chưa có lịch làm việc để tính hạn: %(detail)s") % {"detail": exc}
        ) from exc


def parse_duration(text: str) -> Duration:
    return worktime.parse_duration(text)


def limit_minutes(dossier, calendar: WorkCalendar) -> int | None:
    """The time limit in working minutes (None for same-day and calendar-day limits)."""
    duration = parse_duration(dossier.duration)
    if duration.kind in (DurationKind.WORKING_DAYS, DurationKind.WORKING_HOURS):
        return duration.working_minutes(calendar.minutes_per_day)
    return None


@dataclass
class Replay:
    clock_started_at: dt.datetime
    due_at: dt.datetime
    excluded_minutes: int
    periods: dict[int, tuple[dt.datetime | None, int]]  # period id → (due after it, minutes excluded)


def replay(dossier, periods, calendar: WorkCalendar | None = None) -> Replay:
    """Recompute ``due_at`` and ``excluded_minutes`` from the stored history (module docstring)."""
    calendar = calendar or calendar_for_dossier(dossier)
    convention = worktime.default_convention()
    duration = parse_duration(dossier.duration)
    accepted = dossier.accepted_at
    try:
        started = calendar.period_start(accepted, duration, convention)
        due = calendar.due(accepted, duration, convention)
        events: list[tuple[dt.datetime, int, str, object]] = []
        for period in periods:
            if period.kind == "completion":
                continue
            if period.answered_at is not None:
                events.append((period.answered_at, 1, "resume", period))
            elif period.closed_at is not None:
                events.append((period.closed_at, 1, "close", period))
        if dossier.extended_at and dossier.extension_days:
            events.append((dossier.extended_at, 0, "extend", None))
        if dossier.reappointed_at and dossier.reappointed_due_at:
            events.append((dossier.reappointed_at, 0, "reappoint", None))
        events.sort(key=lambda event: (event[0], event[1]))
        excluded = 0
        details: dict[int, tuple[dt.datetime | None, int]] = {}
        for moment, _order, kind, period in events:
            if kind == "resume":
                if period.kind == "supplement" and period.policy == "restart":
                    due = calendar.restart(moment, duration, convention)
                    minutes = calendar.working_minutes_between(started, moment) - excluded
                else:
                    due = calendar.resume(due, period.requested_at, moment)
                    minutes = calendar.working_minutes_between(period.requested_at, moment)
                excluded += minutes
                details[period.pk] = (due, minutes)
            elif kind == "close":
                minutes = calendar.working_minutes_between(period.requested_at, moment)
                excluded += minutes
                details[period.pk] = (None, minutes)
            elif kind == "extend":
                due = calendar.extend(due, dossier.extension_days)
            else:
                due = dossier.reappointed_due_at
    except CalendarRangeError as exc:
        raise DossierError("calendar_missing", _("Không tính được hạn: %(detail)s") % {"detail": exc}) from exc
    return Replay(started, due, excluded, details)


def refresh(dossier, calendar: WorkCalendar | None = None) -> Replay:
    """Recompute and set ``due_at``/``excluded_minutes`` (and the waiting periods' details) in memory.

    The caller saves (the services do, inside their transaction).
    """
    periods = list(dossier.waiting_periods.order_by("requested_at", "id"))
    result = replay(dossier, periods, calendar)
    dossier.clock_started_at = result.clock_started_at
    dossier.due_at = result.due_at
    dossier.excluded_minutes = result.excluded_minutes
    for period in periods:
        if period.pk in result.periods:
            due_after, minutes = result.periods[period.pk]
            if (period.due_after, period.excluded_minutes) != (due_after, minutes):
                period.due_after, period.excluded_minutes = due_after, minutes
                period.save(update_fields=["due_after", "excluded_minutes"])
    return result


def latest_apology_moment(dossier, calendar: WorkCalendar | None = None) -> dt.datetime:
    """DOMAIN §6: the apology is due at the latest N working days (setting, default 1) before the
    appointment in force — the receipt's appointment as moved by pauses and extension."""
    calendar = calendar or calendar_for_dossier(dossier)
    return calendar.subtract_working_minutes(dossier.due_at, apology_margin_days() * calendar.minutes_per_day)


def step_due(dossier, started: dt.datetime, budget_minutes: int | None, calendar=None) -> dt.datetime | None:
    if not budget_minutes:
        return None
    calendar = calendar or calendar_for_dossier(dossier)
    try:
        return calendar.add_working_minutes(started, budget_minutes)
    except CalendarRangeError:
        return None


# --- derived deadline status (DOMAIN §7) --------------------------------------------------------


def facts(dossier, calendar: WorkCalendar) -> DeadlineFacts | None:
    if dossier.accepted_at is None or dossier.original_due_at is None or dossier.stage == "cancelled":
        return None
    open_periods = [p for p in dossier.waiting_periods.all() if p.is_open and p.kind != "completion"]
    pending_supplement = next((p.requested_at for p in open_periods if p.kind == "supplement"), None)
    return DeadlineFacts(
        clock_started_at=dossier.clock_started_at,
        appointment=dossier.original_due_at,
        end=dossier.ended_at,
        excluded_minutes=dossier.excluded_minutes,
        paused_since=dossier.paused_at,
        pending_supplement_since=pending_supplement,
        supplement_requests=dossier.supplement_count,
        limit_minutes=limit_minutes(dossier, calendar),
    )


@dataclass(frozen=True)
class DeadlineStatus:
    classification: OnTime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    remaining_minutes: int | None
    paused: bool


def deadline_status(dossier, at: dt.datetime | None = None) -> DeadlineStatus:
    """Derived on read (STYLE §5): never stored, so it can never be stale."""
    at = at or clock.now()
    if dossier.accepted_at is None:
        return DeadlineStatus(None, None, None, None, False)
    calendar = calendar_for_dossier(dossier)
    info = facts(dossier, calendar)
    classification = classify(info, at, calendar) if info else None
    remaining = None
    if dossier.ended_at is None and dossier.due_at is not None:
        try:
            remaining = calendar.remaining(dossier.due_at, min(at, dossier.paused_at or at))
        except CalendarRangeError:
            remaining = None
    return DeadlineStatus(classification, dossier.due_at, dossier.original_due_at, remaining, dossier.is_paused)


# --- recomputation after a calendar change ---------------------------------------------------------


def recompute_open_dossiers(
    province_code: str | None = None,
    *,
    centre_code: str | None = None,
    dates: tuple[dt.date, ...] | list[dt.date] = (),
    accepted_from: dt.date | None = None,
    reason: str = "",
) -> int:
    """Recompute ``due_at`` of every open dossier the change can affect; returns how many moved.

    Idempotent: a second run with the same calendar moves nothing. One short transaction per
    dossier (row lock, version bump, audit entry) so the counters are never blocked for long.
    """
    from .models import Dossier
    from .services import apply_recomputed_deadline

    queryset = Dossier.objects.filter(accepted_at__isnull=False, ended_at__isnull=True)
    if province_code:
        queryset = queryset.filter(receiving_centre__province_code=province_code)
    if centre_code:
        queryset = queryset.filter(receiving_centre__code=centre_code)
    if dates:
        last = max(dates) + dt.timedelta(days=1)
        queryset = queryset.filter(accepted_at__lt=dt.datetime.combine(last, dt.time(0), clock.BUSINESS_TZ))
    if accepted_from:
        queryset = queryset.filter(accepted_at__gte=dt.datetime.combine(accepted_from, dt.time(0), clock.BUSINESS_TZ))
    moved = 0
    for pk in queryset.order_by("pk").values_list("pk", flat=True).iterator():
        if apply_recomputed_deadline(pk, reason=reason):
            moved += 1
    return moved


def _enqueue_recompute(**kwargs) -> None:
    from .tasks import recompute_deadlines_task

    try:
        recompute_deadlines_task.enqueue(**kwargs)
    except Exception:  # the calendar change is committed; a failed enqueue must not hide it
        logger.exception("dossiers: could not enqueue the deadline recomputation %s", kwargs)


def on_calendar_changed(sender, province_code, dates=(), revision=None, change_ids=(), **kwargs) -> None:
    """Receiver of ``worktime.signals.calendar_changed`` (already sent after commit): enqueue one
    background task and return — the administrator's request must stay fast."""
    if not dates:
        return  # only a year's status changed: no working day moved
    _enqueue_recompute(
        province_code=province_code,
        dates=[d.isoformat() for d in dates],
        reason=f"calendar revision {revision}, changes {list(change_ids)}",
    )


def on_centre_schedule_changed(sender, centre_code, effective_from, change_ids=(), **kwargs) -> None:
    _enqueue_recompute(
        centre_code=centre_code,
        accepted_from=effective_from.isoformat(),
        reason=f"centre schedule {centre_code} from {effective_from}, changes {list(change_ids)}",
    )


def connect_calendar_signal() -> None:
    from motcua.worktime import signals

    signals.calendar_changed.connect(on_calendar_changed, dispatch_uid="dossiers.recompute.calendar")
    signals.centre_schedule_changed.connect(on_centre_schedule_changed, dispatch_uid="dossiers.recompute.centre")

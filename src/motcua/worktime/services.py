"""Services of the worktime app: the calendar of a province or centre, and every change to it.

Reading — :func:`calendar_for` returns an :class:`~motcua.worktime.engine.WorkCalendar` built from
the database and cached in the process. The cache key holds the province's calendar *revision
token*, which every change replaces in the same transaction, so other processes rebuild on their
next call (one indexed query per call to read the token; a second one when a centre is given).
Years the database does not hold yet — up to :data:`PROVISIONAL_YEARS_AHEAD` years after today —
are filled in memory with the statutory days off (:mod:`motcua.worktime.statutory`) and reported
as provisional, so that a deadline in January never fails for want of a reference-data load.

Writing — one function per change (:func:`set_day`, :func:`remove_day`, :func:`confirm_year`,
:func:`set_centre_schedule`, :func:`remove_centre_schedule`; the loader uses the same machinery):

1. ``transaction.atomic()`` and lock the province's :class:`CalendarRevision` row (writers queue);
2. validate and write, marking the year as edited by an administrator (reloads keep it);
3. append one :class:`CalendarChange` per day/year/schedule touched (who, when, old, new, reason);
4. bump the revision (number + new token) once;
5. ``transaction.on_commit`` → :data:`~motcua.worktime.signals.calendar_changed` (or
   ``centre_schedule_changed``), whose receiver recomputes open dossiers (see ``signals.py``).

Errors a user can fix raise :class:`django.core.exceptions.ValidationError` with a Vietnamese
message; the admin forms run the same checks before calling the services.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.lib import clock

from . import signals, statutory
from .engine import DEFAULT_SCHEDULE, Convention, Duration, DurationKind, Session, WorkCalendar, WorkSchedule
from .models import (
    CalendarChange,
    CalendarDay,
    CalendarRevision,
    CalendarYear,
    CentreSchedule,
    check_day_kind,
)

PROVISIONAL_YEARS_AHEAD = 2
"""The calendar always reaches 31/12 of (today's year + this), provisionally where not confirmed."""

SYSTEM_ACTOR = "hệ thống"
_CACHE_LIMIT = 64

__all__ = [
    "PROVISIONAL_YEARS_AHEAD",
    "CalendarData",
    "CalendarNotLoaded",
    "calendar_data",
    "calendar_for",
    "calendar_from_data",
    "calendar_status",
    "clear_cache",
    "confirm_year",
    "default_convention",
    "default_province",
    "parse_duration",
    "remove_centre_schedule",
    "remove_day",
    "same_day_cutoff",
    "schedule_for",
    "set_centre_schedule",
    "set_day",
]


class CalendarNotLoaded(LookupError):
    """The province has no calendar in the database (run ``motcua load-reference-data``)."""

    def __init__(self, province_code: str) -> None:
        self.province_code = province_code
        super().__init__(
            f"Chưa có lịch làm việc của tỉnh {province_code} trong cơ sở dữ liệu; "
            "chạy `motcua load-reference-data` để nạp."
        )


# --- settings ------------------------------------------------------------------------------------

def default_province() -> str:
    return settings.MOTCUA["PROVINCE_CODE"]


def default_convention() -> Convention:
    """DOMAIN §6 (default "elapsed"): ``MOTCUA_DEADLINE_CONVENTION``."""
    return Convention(settings.MOTCUA["DEADLINE_CONVENTION"])


def same_day_cutoff() -> dt.time:
    """DOMAIN §6 (default 15:00): ``MOTCUA_SAME_DAY_CUTOFF``.

    Parsed and checked once by the settings (``lib.env.env_time``), so a bad value stops the start
    rather than the first same-day appointment; this only hands the time on.
    """
    return settings.MOTCUA["SAME_DAY_CUTOFF"]


def parse_duration(text: str) -> Duration:
    """:meth:`Duration.parse`, where a plain ``sameday`` takes the deployment's cut-off setting."""
    duration = Duration.parse(text)
    if duration.kind is DurationKind.SAME_DAY and "@" not in text:
        return Duration.same_day(same_day_cutoff())
    return duration


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarData:
    """The days of a province's calendar, as the engine needs them, with each year's status."""

    province_code: str
    token: str
    days_off: frozenset[dt.date]
    makeup_days: frozenset[dt.date]
    first_year: int
    last_year: int
    statuses: Mapping[int, str] = field(default_factory=dict)

    def status_of(self, years: Iterable[int]) -> dict[int, str]:
        return {year: self.statuses.get(year, "unavailable") for year in sorted(set(years))}


def build_calendar_data(
    province_code: str,
    token: str,
    years: Mapping[int, str],
    days: Iterable[tuple[dt.date, str]],
    through_year: int,
) -> CalendarData:
    """Assemble :class:`CalendarData`; years missing between the first stored year and
    ``through_year`` get the statutory days off, in memory, as provisional."""
    if not years:
        raise CalendarNotLoaded(province_code)
    statuses = dict(years)
    days_off, makeup = set(), set()
    for day, kind in days:
        (makeup if kind == CalendarDay.Kind.MAKEUP_WORKDAY else days_off).add(day)
    first, last = min(statuses), max(max(statuses), through_year)
    for year in range(first, last + 1):
        if year not in statuses:
            statuses[year] = CalendarYear.Status.PROVISIONAL
            days_off.update(d.date for d in statutory.provisional_days_off(year))
    return CalendarData(
        province_code, token, frozenset(days_off), frozenset(makeup), first, last, MappingProxyType(statuses)
    )


_data_cache: dict[tuple, CalendarData] = {}
_calendar_cache: dict[tuple, WorkCalendar] = {}


def _remember(cache: dict, key: tuple, value):
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def calendar_data(province_code: str | None = None) -> CalendarData:
    """The province's days off and make-up days from the database (cached per revision token)."""
    province = province_code or default_province()
    # The token first, then the days: a change committed in between only costs a rebuild later.
    token = CalendarRevision.objects.filter(province_code=province).values_list("token", flat=True).first() or ""
    through_year = clock.today().year + PROVISIONAL_YEARS_AHEAD
    key = (province, token, through_year)
    if (cached := _data_cache.get(key)) is not None:
        return cached
    years = dict(CalendarYear.objects.filter(province_code=province).values_list("year", "status"))
    days = CalendarDay.objects.filter(province_code=province).values_list("date", "kind")
    data = build_calendar_data(province, token, years, days, through_year)
    return _remember(_data_cache, key, data) if token else data  # no token: rows written outside the services


def schedule_for(centre_code: str | None, on: dt.date | None = None) -> WorkSchedule:
    """The centre's sessions in force on ``on`` (default today); the province default otherwise."""
    row = _schedule_row(centre_code, on)
    return row.work_schedule() if row else DEFAULT_SCHEDULE


def _schedule_row(centre_code: str | None, on: dt.date | None) -> CentreSchedule | None:
    if not centre_code:
        return None
    on = on or clock.today()
    return (
        CentreSchedule.objects.filter(centre_code=centre_code, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def calendar_for(
    province_code: str | None = None, centre_code: str | None = None, *, on: dt.date | None = None
) -> WorkCalendar:
    """The working calendar of a province (default: the deployed one), with a centre's hours.

    ``on`` picks the centre schedule in force that day (default today): pass the receipt date
    when computing a dossier's deadline. The whole computation then uses that schedule.
    """
    data = calendar_data(province_code)
    schedule = schedule_for(centre_code, on)
    return calendar_from_data(data, schedule)


def calendar_from_data(data: CalendarData, schedule: WorkSchedule = DEFAULT_SCHEDULE) -> WorkCalendar:
    key = (data.province_code, data.token, data.first_year, data.last_year, schedule.sessions)
    if data.token and (cached := _calendar_cache.get(key)) is not None:
        return cached
    calendar = WorkCalendar(
        data.days_off, data.makeup_days, schedule=schedule, first_year=data.first_year, last_year=data.last_year
    )
    return _remember(_calendar_cache, key, calendar) if data.token else calendar


def calendar_status(province_code: str | None = None, years: Iterable[int] | None = None) -> dict[int, str]:
    """``{year: "official" | "provisional"}`` (``"unavailable"`` for a year outside the calendar)."""
    data = calendar_data(province_code)
    return data.status_of(years if years is not None else data.statuses)


def clear_cache() -> None:
    """Forget cached calendars (never needed for correctness: keys carry the revision token)."""
    _data_cache.clear()
    _calendar_cache.clear()


# --- writing -------------------------------------------------------------------------------------


def _actor(by) -> tuple[object | None, str]:
    """(user or None, label) — ``by`` is a user, or a string naming a system task."""
    if by is None:
        return None, SYSTEM_ACTOR
    if isinstance(by, str):
        return None, by
    return by, by.get_username()


class ChangeBatch:
    """The changes of one service call: log rows, one revision bump, one signal after commit.

    Use inside ``transaction.atomic()``: ``batch = ChangeBatch(province, by=…, reason=…)`` locks
    the province's revision row; ``batch.log(...)`` appends a change; ``batch.finish()`` bumps the
    revision and queues the signal (nothing at all when nothing was logged).
    """

    def __init__(self, province_code: str, *, by, reason: str, centre_code: str = "") -> None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("ChangeBatch phải dùng trong transaction.atomic().")
        self.province_code, self.centre_code, self.reason = province_code, centre_code, reason
        self.actor, self.actor_label = _actor(by)
        self.dates: set[dt.date] = set()
        self.changes: list[CalendarChange] = []
        self.revision = None
        if province_code:
            CalendarRevision.objects.get_or_create(province_code=province_code)
            self.revision = CalendarRevision.objects.select_for_update().get(province_code=province_code)

    @property
    def next_revision(self) -> int:
        return self.revision.number + 1 if self.revision else 0

    def log(
        self,
        action: str,
        *,
        date: dt.date | None = None,
        year: int | None = None,
        old: dict | None = None,
        new: dict | None = None,
        moves_days: bool = True,
    ) -> CalendarChange:
        if date is not None and moves_days:
            self.dates.add(date)
        change = CalendarChange(
            actor=self.actor,
            actor_label=self.actor_label,
            action=action,
            province_code=self.province_code,
            centre_code=self.centre_code,
            date=date,
            year=year if year is not None else (date.year if date else None),
            old_value=old,
            new_value=new,
            reason=self.reason,
            revision=self.next_revision,
        )
        change.save()
        self.changes.append(change)
        return change

    def finish(self, send=None) -> None:
        if not self.changes:
            return
        if self.revision is not None:
            self.revision.number += 1
            self.revision.token = uuid.uuid4().hex
            self.revision.changed_at = clock.now()
            self.revision.save(update_fields=["number", "token", "changed_at"])
        change_ids = tuple(c.pk for c in self.changes)
        if send is not None:
            transaction.on_commit(lambda: send(change_ids))
            return
        dates, province, revision = tuple(sorted(self.dates)), self.province_code, self.revision.number
        transaction.on_commit(
            lambda: signals.calendar_changed.send(
                sender=CalendarChange, province_code=province, dates=dates, revision=revision, change_ids=change_ids
            )
        )


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Cần ghi lý do thay đổi (ví dụ: số hiệu văn bản công bố).", code="reason")
    return reason


def _locked_year(province_code: str, year: int) -> CalendarYear:
    row = CalendarYear.objects.select_for_update().filter(province_code=province_code, year=year).first()
    if row is None:
        raise ValidationError(
            f"Chưa có lịch làm việc năm {year} của tỉnh {province_code}; chạy `motcua load-reference-data` "
            "để tạo lịch tạm tính trước.",
            code="year",
        )
    return row


def set_day(
    province_code: str | None,
    day: dt.date,
    *,
    kind: str,
    name: str,
    source: str,
    by,
    reason: str,
) -> CalendarDay:
    """Add or change a day off / make-up working day (e.g. a newly announced swap).

    The year must exist (the loader creates it); it is then marked as edited by an administrator
    so reference-data reloads leave it alone. Setting a day to what it already is changes nothing.
    """
    province = province_code or default_province()
    reason = _require_reason(reason)
    name, source = (name or "").strip(), (source or "").strip()
    if not name or not source:
        raise ValidationError("Cần ghi tên ngày và căn cứ pháp lý.", code="required")
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise ValidationError(f"Cần một ngày (date), nhận được {day!r}.", code="date")
    check_day_kind(day, kind)
    with transaction.atomic():
        batch = ChangeBatch(province, by=by, reason=reason)
        year = _locked_year(province, day.year)
        existing = CalendarDay.objects.filter(province_code=province, date=day).first()
        new_value = {"kind": kind, "name": name, "source": source, "provisional": False}
        if existing is not None and existing.as_value() == new_value:
            return existing
        old_value = existing.as_value() if existing else None
        row = existing or CalendarDay(province_code=province, date=day, calendar_year=year)
        row.kind, row.name, row.source, row.provisional = kind, name, source, False
        row.save()
        moves = old_value is None or (old_value["kind"] == CalendarDay.Kind.MAKEUP_WORKDAY) != (
            kind == CalendarDay.Kind.MAKEUP_WORKDAY
        )
        action = CalendarChange.Action.DAY_ADDED if existing is None else CalendarChange.Action.DAY_CHANGED
        batch.log(action, date=day, old=old_value, new=new_value, moves_days=moves)
        _mark_edited(year)
        batch.finish()
        return row


def remove_day(province_code: str | None, day: dt.date, *, by, reason: str) -> None:
    """Remove a day from the calendar: a weekday becomes a working day again, a Saturday a rest day."""
    province = province_code or default_province()
    reason = _require_reason(reason)
    with transaction.atomic():
        batch = ChangeBatch(province, by=by, reason=reason)
        year = _locked_year(province, day.year)
        existing = CalendarDay.objects.filter(province_code=province, date=day).first()
        if existing is None:
            raise ValidationError(f"Ngày {day:%d/%m/%Y} không có trong lịch của tỉnh {province}.", code="missing")
        old_value = existing.as_value()
        existing.delete()
        batch.log(CalendarChange.Action.DAY_REMOVED, date=day, old=old_value)
        _mark_edited(year)
        batch.finish()


def confirm_year(province_code: str | None, year: int, *, source: str, by, reason: str) -> CalendarYear:
    """An administrator confirms the year's calendar as the official schedule announced in ``source``.

    Its days lose their provisional flag; reloads never overwrite it again. Confirming changes no
    working day, so the signal carries no dates. Confirming an already official year with the same
    source changes nothing.
    """
    province = province_code or default_province()
    reason = _require_reason(reason)
    source = (source or "").strip()
    if not source:
        raise ValidationError("Cần ghi căn cứ của lịch chính thức (văn bản công bố lịch nghỉ năm).", code="source")
    if by is None or isinstance(by, str):
        raise ValidationError("Chỉ quản trị viên (một tài khoản) mới xác nhận được lịch chính thức.", code="actor")
    with transaction.atomic():
        batch = ChangeBatch(province, by=by, reason=reason)
        row = _locked_year(province, year)
        if row.status == CalendarYear.Status.OFFICIAL and row.source == source and row.confirmed_by_id:
            return row
        old_value = {"status": row.status, "source": row.source}
        row.status, row.source = CalendarYear.Status.OFFICIAL, source
        row.confirmed_by, row.confirmed_at, row.admin_edited = by, clock.now(), True
        row.save()
        CalendarDay.objects.filter(calendar_year=row, provisional=True).update(provisional=False)
        batch.log(
            CalendarChange.Action.YEAR_CONFIRMED,
            year=year,
            old=old_value,
            new={"status": row.status, "source": row.source},
        )
        batch.finish()
        return row


def _mark_edited(year: CalendarYear) -> None:
    if not year.admin_edited:
        year.admin_edited = True
        year.save(update_fields=["admin_edited"])


def _schedule_value(row: CentreSchedule) -> dict:
    return {
        "sessions": [f"{s.start:%H:%M}–{s.end:%H:%M}" for s in row.sessions()],
        "saturday_reception": row.saturday_reception,
        "note": row.note,
    }


def set_centre_schedule(
    centre_code: str,
    *,
    effective_from: dt.date,
    sessions: Sequence[Session | tuple[dt.time, dt.time]],
    by,
    reason: str,
    saturday_reception: str = "",
    note: str = "",
) -> CentreSchedule:
    """A centre's own sessions (one or two) from ``effective_from`` on.

    ``saturday_reception`` only informs the public: Saturday reception never counts as working time
    (DOMAIN §6) — only a make-up Saturday of the official calendar does, with these sessions.
    """
    reason = _require_reason(reason)
    centre_code = (centre_code or "").strip()
    if not centre_code:
        raise ValidationError("Cần mã trung tâm.", code="centre")
    try:
        schedule = WorkSchedule(tuple(sessions))
    except (ValueError, TypeError) as exc:
        raise ValidationError(str(exc), code="schedule") from exc
    if len(schedule.sessions) > 2:
        raise ValidationError("Giờ làm việc của trung tâm gồm buổi sáng và (nếu có) buổi chiều.", code="schedule")
    morning, *afternoon = schedule.sessions
    with transaction.atomic():
        batch = ChangeBatch("", by=by, reason=reason, centre_code=centre_code)
        row = (
            CentreSchedule.objects.select_for_update()
            .filter(centre_code=centre_code, effective_from=effective_from)
            .first()
        )
        old_value = _schedule_value(row) if row else None
        if row is None:
            row = CentreSchedule(centre_code=centre_code, effective_from=effective_from, created_by=batch.actor)
        row.morning_start, row.morning_end = morning.start, morning.end
        row.afternoon_start = afternoon[0].start if afternoon else None
        row.afternoon_end = afternoon[0].end if afternoon else None
        row.saturday_reception, row.note = (saturday_reception or "").strip(), (note or "").strip()
        new_value = _schedule_value(row)
        if old_value == new_value:
            return row
        row.save()
        batch.log(CalendarChange.Action.SCHEDULE_SET, date=effective_from, old=old_value, new=new_value)
        batch.finish(send=_schedule_signal(centre_code, effective_from))
        return row


def remove_centre_schedule(centre_code: str, effective_from: dt.date, *, by, reason: str) -> None:
    """Withdraw a centre schedule; the previous one (or the province default) applies again."""
    reason = _require_reason(reason)
    with transaction.atomic():
        batch = ChangeBatch("", by=by, reason=reason, centre_code=centre_code)
        row = (
            CentreSchedule.objects.select_for_update()
            .filter(centre_code=centre_code, effective_from=effective_from)
            .first()
        )
        if row is None:
            raise ValidationError(
                f"Trung tâm {centre_code} không có giờ làm việc áp dụng từ {effective_from:%d/%m/%Y}.", code="missing"
            )
        old_value = _schedule_value(row)
        row.delete()
        batch.log(CalendarChange.Action.SCHEDULE_REMOVED, date=effective_from, old=old_value)
        batch.finish(send=_schedule_signal(centre_code, effective_from))


def _schedule_signal(centre_code: str, effective_from: dt.date):
    def send(change_ids):
        signals.centre_schedule_changed.send(
            sender=CalendarChange, centre_code=centre_code, effective_from=effective_from, change_ids=change_ids
        )

    return send

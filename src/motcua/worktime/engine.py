"""Working-time engine: deadline arithmetic on the official calendar (framework-free).

What it does
------------
Turns "received at <moment>, time limit <duration>" into the appointment moment (thời gian hẹn trả
kết quả), measures working time between moments, and moves deadlines for pauses and extensions.
No Django here: the Django app loads the official calendar and builds a :class:`WorkCalendar`.

Rules it implements (DOMAIN §6; Nghị định 118/2025/NĐ-CP as amended by NĐ 367/2025/NĐ-CP)
----------------------------------------------------------------------------------------
- Working time (default): Monday–Friday, 07:00–11:00 and 13:00–17:00 in Asia/Ho_Chi_Minh; 8
  working hours = 1 working day. A centre may have its own :class:`WorkSchedule`; one working day
  is then the sum of its sessions. Days off and make-up Saturdays are data (the Government's yearly
  announcements, or :mod:`motcua.worktime.statutory` until then). A make-up day runs the same
  sessions as a weekday; Saturday reception sessions never count as working time otherwise.
- :attr:`Convention.ELAPSED` (default): counting starts at the receipt moment, or at the start of
  the next working session when received outside working time (lunch, evening, Saturday
  reception, holiday). N working days = N × (minutes of one working day) of working time; N
  working hours = N × 60 minutes. The due moment is the *first instant* at which that much working
  time has elapsed, so a due moment exactly at a session end (11:00, 17:00) stays there.
- :attr:`Convention.CIVIL` (a province setting): for working days the receipt day is not counted
  and the due moment is the end of the N-th working day after it (end of its last session) —
  Bộ luật Dân sự 2015 (BLDS) Đ.147 k.2 (the first day is not counted) and Đ.148. Periods in hours
  start at the moment itself (Đ.147 k.1), so working hours, same-day and calendar days are
  computed the same way under both conventions.
- Same day (trong ngày): accepted on a working day before the cut-off (default 15:00, a
  per-procedure setting; some use 16:30) — including before the first session — → due at the end
  of that day's last session; otherwise (at/after the cut-off, after the last session, on a
  non-working day) → end of the next working day.
- Calendar days (our documented simplification): the receipt day is not counted (BLDS Đ.147 k.2),
  the last day is receipt date + N; if it is not a working day the period runs to the next working
  day (Đ.148 k.5); the due moment is the end of that day's last session rather than 24:00
  (Đ.148 k.6), because results are returned during working hours. Months are not supported.

Conventions of this module
--------------------------
- Every public function takes and returns timezone-aware datetimes (naive ones → ValueError);
  results are in Asia/Ho_Chi_Minh (+07:00, no DST since 1975). Receipts and appointments are
  recorded to the minute: seconds are dropped (floored) on input.
- Sessions are half-open [start, end): at 11:00 the morning session is over, so a dossier received
  at exactly 11:00 starts counting at 13:00 and ``is_working_time(11:00)`` is False — while a due
  moment may be exactly 11:00 (the instant the time ran out).
- Whether a dossier is late compares *moments* (DOMAIN §7: late = after the appointment moment);
  :meth:`WorkCalendar.remaining` measures *working* time and is 0 over the weekend after a Friday
  17:00 due moment.

How it is fast
--------------
The calendar precomputes, for every day of its range [1/1 of ``first_year``, 31/12 of
``last_year``], the working minutes before that day (a non-decreasing list), the list of its
working days, and the schedule precomputes per-minute tables of one working day. A moment maps to
its *working position* (working minutes since the range start) with two list lookups. Because
every working day holds exactly one day of working minutes, a position maps back to a moment with
one ``divmod`` (which working day, how far into it) and two table lookups. Every query is O(1),
with no loop and no search over days; anything outside the range raises
:class:`CalendarRangeError` naming the date. ``bench/bench_worktime.py`` compares it with the
day-by-day baseline in ``tests/oracle.py``.

API (all times aware; ``cal = WorkCalendar(days_off, makeup_days)``)
------------------------------------------------------------------
- ``Duration.parse("3d" | "4h" | "sameday" | "sameday@16:30" | "10cd")``, ``str(duration)``
- ``cal.due(received, duration, convention=Convention.ELAPSED) -> datetime``
- ``cal.counting_from(received) -> datetime`` — when the clock starts
- ``cal.working_minutes_between(a, b) -> int`` — 0 when b <= a
- ``cal.add_working_minutes(start, minutes) -> datetime`` — first instant with that much elapsed
- ``cal.subtract_working_minutes(end, minutes) -> datetime`` — earliest instant that much before
  ``end`` (e.g. the apology deadline, 1 working day before the appointment — DOMAIN §6)
- ``cal.period_start(received, duration, convention) -> datetime`` — when the period starts to run
- ``cal.is_working_time(moment) -> bool``, ``cal.is_working_day(day) -> bool``
- ``cal.remaining(due, now) -> int`` — working minutes left, negative when overdue
- ``cal.resume(due_before_pause, paused_at, resumed_at) -> datetime`` — pause policy
- ``cal.restart(resumed_at, duration, convention) -> datetime`` — restart policy
- ``cal.extend(due, n_working_days) -> datetime``
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise

from motcua.lib.clock import BUSINESS_TZ

__all__ = [
    "DEFAULT_SAME_DAY_CUTOFF",
    "DEFAULT_SCHEDULE",
    "CalendarRangeError",
    "Convention",
    "Duration",
    "DurationKind",
    "Session",
    "WorkCalendar",
    "WorkSchedule",
]

DEFAULT_SAME_DAY_CUTOFF = time(15, 0)


class CalendarRangeError(ValueError):
    """A date outside the range the calendar was built for (load that year's calendar first)."""

    def __init__(self, day: date, first: date, last: date) -> None:
        self.day, self.first, self.last = day, first, last
        super().__init__(
            f"Ngày {day.isoformat()} nằm ngoài lịch làm việc đã nạp ({first.isoformat()} – "
            f"{last.isoformat()}); cần nạp lịch làm việc năm {day.year}."
        )


class Convention(StrEnum):
    ELAPSED = "elapsed"
    CIVIL = "civil"


_MINUTES_PER_DAY = 24 * 60


def _minute_of(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True, slots=True)
class Session:
    """One working session [start, end) of a working day, to the minute."""

    start: time
    end: time

    def __post_init__(self) -> None:
        for t in (self.start, self.end):
            if not isinstance(t, time) or t.tzinfo is not None or t.second or t.microsecond:
                raise ValueError(f"Giờ làm việc phải là giờ:phút không kèm múi giờ, nhận được {t!r}.")
        if self.start >= self.end:
            raise ValueError(
                f"Buổi làm việc {self.start:%H:%M}–{self.end:%H:%M}: giờ bắt đầu phải trước giờ kết thúc."
            )

    @property
    def minutes(self) -> int:
        return _minute_of(self.end) - _minute_of(self.start)


_DEFAULT_SESSIONS = (Session(time(7, 0), time(11, 0)), Session(time(13, 0), time(17, 0)))


@dataclass(frozen=True)
class WorkSchedule:
    """The working sessions of every working day (province default 07–11, 13–17; per centre).

    ``sessions`` accepts :class:`Session` objects or ``(start, end)`` pairs; they must be sorted and
    must not overlap (touching is allowed).
    """

    sessions: tuple[Session, ...] = _DEFAULT_SESSIONS
    # Per-minute tables of one working day, so that the calendar never searches inside a day:
    # _worked[m]: working minutes before minute m of the day (m = 0..1440);
    # _reach[w]: (hour, minute) of the earliest moment with w working minutes done (w = 1..length);
    # _leave[w]: (hour, minute) of the latest moment with exactly w done (w = 0..length-1), i.e. the
    #            start of the next session when w falls at a session boundary.
    _worked: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _reach: tuple[tuple[int, int] | None, ...] = field(init=False, repr=False, compare=False)
    _leave: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sessions = tuple(s if isinstance(s, Session) else Session(*s) for s in self.sessions)
        if not sessions:
            raise ValueError("Lịch làm việc phải có ít nhất một buổi.")
        for previous, current in pairwise(sessions):
            if current.start < previous.end:
                raise ValueError(
                    "Các buổi làm việc phải theo thứ tự và không chồng lấn: "
                    f"{previous.start:%H:%M}–{previous.end:%H:%M} và "
                    f"{current.start:%H:%M}–{current.end:%H:%M}."
                )
        in_session = [False] * _MINUTES_PER_DAY
        for s in sessions:
            in_session[_minute_of(s.start) : _minute_of(s.end)] = [True] * s.minutes
        worked = [0] * (_MINUTES_PER_DAY + 1)
        reach: list[tuple[int, int] | None] = [None]
        leave: list[tuple[int, int]] = []
        for minute, working in enumerate(in_session):
            worked[minute + 1] = worked[minute] + working
            if working:
                leave.append(divmod(minute, 60))  # latest moment with worked[minute] done
                reach.append(divmod(minute + 1, 60))  # earliest moment with worked[minute + 1] done
        object.__setattr__(self, "sessions", sessions)
        object.__setattr__(self, "_worked", tuple(worked))
        object.__setattr__(self, "_reach", tuple(reach))
        object.__setattr__(self, "_leave", tuple(leave))

    @property
    def minutes_per_day(self) -> int:
        """Length of one working day in minutes (480 for the default 8 hours)."""
        return self._worked[-1]

    @property
    def day_end(self) -> time:
        """End of the last session: where same-day and civil-convention deadlines fall."""
        return self.sessions[-1].end


DEFAULT_SCHEDULE = WorkSchedule()


class DurationKind(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"
    CALENDAR_DAYS = "calendar_days"


_SUFFIX = {DurationKind.WORKING_DAYS: "d", DurationKind.WORKING_HOURS: "h", DurationKind.CALENDAR_DAYS: "cd"}
_KIND_OF_SUFFIX = {suffix: kind for kind, suffix in _SUFFIX.items()}
_AMOUNT_RE = re.compile(r"([1-9][0-9]{0,4})(d|h|cd)")
_SAME_DAY_RE = re.compile(r"sameday(?:@([0-9]{1,2}):([0-9]{2}))?")
_PARSE_HELP = (
    "dùng '3d' (ngày làm việc), '4h' (giờ làm việc), 'sameday' hoặc 'sameday@16:30' (trong ngày, "
    "giờ tiếp nhận tối đa), '10cd' (ngày theo lịch)"
)


@dataclass(frozen=True, slots=True)
class Duration:
    """A procedure's time limit (thời hạn giải quyết). Build with the class methods or :meth:`parse`."""

    kind: DurationKind
    amount: int = 0
    cutoff: time | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DurationKind(self.kind))
        if self.kind is DurationKind.SAME_DAY:
            if self.amount != 0 or not isinstance(self.cutoff, time) or self.cutoff.tzinfo is not None:
                raise ValueError(
                    "Thời hạn 'trong ngày' chỉ có giờ tiếp nhận tối đa (không múi giờ), không có số lượng."
                )
            if self.cutoff.second or self.cutoff.microsecond:
                raise ValueError("Giờ tiếp nhận tối đa chỉ tính đến phút.")
        else:
            if self.cutoff is not None:
                raise ValueError("Chỉ thời hạn 'trong ngày' mới có giờ tiếp nhận tối đa.")
            if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
                raise ValueError(f"Thời hạn phải là số nguyên dương, nhận được {self.amount!r}.")

    @classmethod
    def working_days(cls, n: int) -> Duration:
        return cls(DurationKind.WORKING_DAYS, n)

    @classmethod
    def working_hours(cls, n: int) -> Duration:
        return cls(DurationKind.WORKING_HOURS, n)

    @classmethod
    def same_day(cls, cutoff: time = DEFAULT_SAME_DAY_CUTOFF) -> Duration:
        return cls(DurationKind.SAME_DAY, 0, cutoff)

    @classmethod
    def calendar_days(cls, n: int) -> Duration:
        return cls(DurationKind.CALENDAR_DAYS, n)

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Inverse of ``str()``: "3d", "4h", "sameday", "sameday@16:30", "10cd"."""
        cleaned = text.strip().lower() if isinstance(text, str) else ""
        if match := _AMOUNT_RE.fullmatch(cleaned):
            return cls(_KIND_OF_SUFFIX[match[2]], int(match[1]))
        if match := _SAME_DAY_RE.fullmatch(cleaned):
            if match[1] is None:
                return cls.same_day()
            hour, minute = int(match[1]), int(match[2])
            if hour < 24 and minute < 60:
                return cls.same_day(time(hour, minute))
        raise ValueError(f"Thời hạn không hợp lệ: {text!r}; {_PARSE_HELP}.")

    def __str__(self) -> str:
        if self.kind is DurationKind.SAME_DAY:
            return "sameday" if self.cutoff == DEFAULT_SAME_DAY_CUTOFF else f"sameday@{self.cutoff:%H:%M}"
        return f"{self.amount}{_SUFFIX[self.kind]}"

    def working_minutes(self, minutes_per_day: int) -> int:
        """Working time of a working-days/hours limit; ValueError for same-day and calendar days."""
        if self.kind is DurationKind.WORKING_DAYS:
            return self.amount * minutes_per_day
        if self.kind is DurationKind.WORKING_HOURS:
            return self.amount * 60
        raise ValueError(f"Thời hạn {self} không quy đổi được thành số phút làm việc.")


# Enum attribute access costs ~60 ns on CPython 3.11; the hot path of ``due`` compares with these.
_WORKING_DAYS, _WORKING_HOURS = DurationKind.WORKING_DAYS, DurationKind.WORKING_HOURS
_SAME_DAY, _ELAPSED, _CIVIL = DurationKind.SAME_DAY, Convention.ELAPSED, Convention.CIVIL


class WorkCalendar:
    """Official working days of a range of whole years plus a schedule, indexed for O(1) queries.

    A working day is Monday–Friday not in ``days_off``, or a date in ``makeup_days`` (a Saturday
    or Sunday worked in exchange for a swapped day off). Days off on a weekend are accepted (the
    official lists contain them) and change nothing. ``first_year``/``last_year`` default to the
    years of the dates given.
    """

    def __init__(
        self,
        days_off: Iterable[date],
        makeup_days: Iterable[date] = (),
        schedule: WorkSchedule = DEFAULT_SCHEDULE,
        first_year: int | None = None,
        last_year: int | None = None,
    ) -> None:
        off, makeup = set(days_off), set(makeup_days)
        for day in off | makeup:
            if isinstance(day, datetime) or not isinstance(day, date):
                raise ValueError(f"Ngày nghỉ/ngày làm bù phải là date, nhận được {day!r}.")
        years = sorted({d.year for d in off | makeup})
        first_year = years[0] if first_year is None and years else first_year
        last_year = years[-1] if last_year is None and years else last_year
        if first_year is None or last_year is None or first_year > last_year:
            raise ValueError("Cần khoảng năm hợp lệ (first_year ≤ last_year) cho lịch làm việc.")
        self.schedule = schedule
        self.first_day, self.last_day = date(first_year, 1, 1), date(last_year, 12, 31)
        for day in sorted(off | makeup):
            if not self.first_day <= day <= self.last_day:
                raise CalendarRangeError(day, self.first_day, self.last_day)
        if both := off & makeup:
            raise ValueError(f"Ngày {min(both).isoformat()} vừa là ngày nghỉ vừa là ngày làm bù.")
        if weekdays := sorted(d for d in makeup if d.weekday() < 5):
            raise ValueError(f"Ngày làm bù {weekdays[0].isoformat()} không phải thứ Bảy hoặc Chủ nhật.")

        self._base = self.first_day.toordinal()
        self._ndays = self.last_day.toordinal() - self._base + 1
        off_ord = {d.toordinal() for d in off}
        makeup_ord = {d.toordinal() for d in makeup}
        per_day = schedule.minutes_per_day
        first_weekday = self.first_day.weekday()
        # The index: cumulative[i] = working minutes in days 0..i-1 of the range (cumulative[0] = 0),
        # and the (year, month, day) of every day to build result datetimes without date arithmetic.
        cumulative = [0] * (self._ndays + 1)
        for i in range(self._ndays):
            ordinal = self._base + i
            working = ordinal in makeup_ord or ((first_weekday + i) % 7 < 5 and ordinal not in off_ord)
            cumulative[i + 1] = cumulative[i] + (per_day if working else 0)
        self._cum = cumulative
        # _workdays[k]: day index of the k-th working day. Every working day holds exactly per_day
        # minutes, so position p lies in working day (p - 1) // per_day (or p // per_day, see below).
        self._workdays = [i for i in range(self._ndays) if cumulative[i + 1] != cumulative[i]]
        days = map(date.fromordinal, range(self._base, self._base + self._ndays))
        self._ymd = [(d.year, d.month, d.day) for d in days]
        self._per_day = per_day
        self._day_end = _minute_of(schedule.day_end)
        self._worked, self._reach, self._leave = schedule._worked, schedule._reach, schedule._leave

    def __repr__(self) -> str:
        return f"<WorkCalendar {self.first_day}–{self.last_day} {self.schedule.minutes_per_day} min/day>"

    @property
    def minutes_per_day(self) -> int:
        return self._per_day

    # --- the two maps: moment -> working position -> moment -------------------------------------
    # A moment's *position* is the working time (minutes) from the start of the range to it. Every
    # query converts moments to positions, does integer arithmetic, and converts back.

    def _locate(self, moment: datetime) -> tuple[int, int]:
        """(day index in the range, minute of the day) of ``moment`` in business time."""
        if type(moment) is not datetime or moment.tzinfo is not BUSINESS_TZ:  # fast path: already +07
            if not isinstance(moment, datetime):
                raise ValueError(f"Cần một datetime, nhận được {moment!r}.")
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"Thời điểm {moment.isoformat()} phải có múi giờ (timezone-aware).")
            moment = moment.astimezone(BUSINESS_TZ)
        index = moment.toordinal() - self._base
        if 0 <= index < self._ndays:
            return index, moment.hour * 60 + moment.minute
        raise CalendarRangeError(moment.date(), self.first_day, self.last_day)

    def _is_working_index(self, index: int) -> bool:
        return self._cum[index + 1] != self._cum[index]

    def _position(self, moment: datetime) -> int:
        index, minute = self._locate(moment)
        position = self._cum[index]
        if self._cum[index + 1] != position:  # a working day
            position += self._worked[minute]
        return position

    def _out_of_range(self, position: int) -> CalendarRangeError:
        if position <= 0:
            return CalendarRangeError(self.first_day - timedelta(days=1), self.first_day, self.last_day)
        return CalendarRangeError(self.last_day + timedelta(days=1), self.first_day, self.last_day)

    def _first_reaching(self, position: int) -> datetime:
        """Earliest moment at ``position`` (>= 1): may be a session end (11:00, 17:00)."""
        if not 0 < position <= self._cum[-1]:
            raise self._out_of_range(position)
        k, done = divmod(position - 1, self._per_day)  # k-th working day, done + 1 minutes into it
        year, month, day = self._ymd[self._workdays[k]]
        hour, minute = self._reach[done + 1]
        return datetime(year, month, day, hour, minute, 0, 0, BUSINESS_TZ)

    def _last_at(self, position: int) -> datetime:
        """Latest moment at ``position``: the start of the next session at a session boundary."""
        if not 0 <= position < self._cum[-1]:
            raise self._out_of_range(position)
        k, done = divmod(position, self._per_day)  # k-th working day, done minutes into it
        year, month, day = self._ymd[self._workdays[k]]
        hour, minute = self._leave[done]
        return datetime(year, month, day, hour, minute, 0, 0, BUSINESS_TZ)

    # --- public API --------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValueError(f"Cần một date, nhận được {day!r}.")
        index = day.toordinal() - self._base
        if not 0 <= index < self._ndays:
            raise CalendarRangeError(day, self.first_day, self.last_day)
        return self._is_working_index(index)

    def is_working_time(self, moment: datetime) -> bool:
        """True inside a session [start, end) of a working day."""
        index, minute = self._locate(moment)
        return self._is_working_index(index) and self._worked[minute + 1] != self._worked[minute]

    def counting_from(self, received: datetime) -> datetime:
        """When the clock starts: ``received`` itself in working time, else the next session start."""
        return self._last_at(self._position(received))

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes in [start, end); 0 when ``end`` is not after ``start``."""
        return max(0, self._position(end) - self._position(start))

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """First moment at which ``minutes`` (>= 0) working minutes have elapsed since ``start``."""
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
            raise ValueError(f"Số phút làm việc phải là số nguyên không âm, nhận được {minutes!r}.")
        position = self._position(start)
        if minutes == 0:
            return start.astimezone(BUSINESS_TZ).replace(second=0, microsecond=0)
        return self._first_reaching(position + minutes)

    def subtract_working_minutes(self, end: datetime, minutes: int) -> datetime:
        """The moment that lies ``minutes`` (>= 0) of working time before ``end``.

        Among the moments from which exactly ``minutes`` working minutes remain until ``end``, the
        *earliest*: like a due moment, it stays at a session end (11:00, 17:00) rather than moving
        to the next session start. DOMAIN §6: the apology for a late dossier is due at the latest
        1 working day before the appointment — ``subtract_working_minutes(due, minutes_per_day)``;
        for a due moment of Monday 17:00 that is Friday 17:00. ``minutes == 0`` gives ``end``
        itself (to the minute), as :meth:`add_working_minutes` does. Invariant for ``minutes > 0``:
        ``working_minutes_between(result, end) == minutes`` and one minute earlier it is one more.
        """
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
            raise ValueError(f"Số phút làm việc phải là số nguyên không âm, nhận được {minutes!r}.")
        position = self._position(end)
        if minutes == 0:
            return end.astimezone(BUSINESS_TZ).replace(second=0, microsecond=0)
        # Position 0 is reached before the range starts (end of the previous year's last working
        # day), so _first_reaching raises CalendarRangeError naming the day before the range.
        return self._first_reaching(position - minutes)

    def period_start(
        self, received: datetime, duration: Duration, convention: Convention = Convention.ELAPSED
    ) -> datetime:
        """When the time limit starts to run for a dossier accepted at ``received``.

        :meth:`counting_from` (the receipt, or the next session start) except where the receipt
        day is not counted (BLDS 2015 Đ.147 k.2): working days under :attr:`Convention.CIVIL` start
        at the first session of the first working day after the receipt day, calendar days at
        00:00 of the day after the receipt.
        """
        if convention is not _ELAPSED and convention is not _CIVIL:
            convention = Convention(convention)
        index, _minute = self._locate(received)
        kind = duration.kind
        if kind is _WORKING_DAYS and convention is _CIVIL:
            return self._last_at(self._cum[index + 1])
        if kind is DurationKind.CALENDAR_DAYS:
            if index + 1 >= self._ndays:
                raise CalendarRangeError(self.last_day + timedelta(days=1), self.first_day, self.last_day)
            year, month, day = self._ymd[index + 1]
            return datetime(year, month, day, 0, 0, 0, 0, BUSINESS_TZ)
        return self.counting_from(received)

    def due(
        self, received: datetime, duration: Duration, convention: Convention = Convention.ELAPSED
    ) -> datetime:
        """The appointment moment for a dossier accepted at ``received`` (see the module docstring)."""
        if convention is not _ELAPSED and convention is not _CIVIL:
            convention = Convention(convention)  # a stored setting may arrive as a plain string
        index, minute = self._locate(received)
        cum, per_day, kind = self._cum, self._per_day, duration.kind
        if kind is _WORKING_DAYS:
            if convention is _CIVIL:  # end of the N-th working day after the receipt day
                return self._first_reaching(cum[index + 1] + duration.amount * per_day)
            limit = duration.amount * per_day
        elif kind is _WORKING_HOURS:
            limit = duration.amount * 60
        elif kind is _SAME_DAY:
            last_minute = min(_minute_of(duration.cutoff), self._day_end)
            if self._is_working_index(index) and minute < last_minute:
                return self._first_reaching(cum[index] + per_day)  # end of today
            return self._first_reaching(cum[index + 1] + per_day)  # end of the next working day
        else:  # calendar days
            last = index + duration.amount
            if last >= self._ndays:
                day = date.fromordinal(self._base + last)
                raise CalendarRangeError(day, self.first_day, self.last_day)
            return self._first_reaching(cum[last] + per_day)  # end of the first working day >= last
        position = cum[index]  # ELAPSED: counting starts at the receipt (its position)
        if cum[index + 1] != position:
            position += self._worked[minute]
        return self._first_reaching(position + limit)

    def remaining(self, due: datetime, now: datetime) -> int:
        """Working minutes from ``now`` to ``due``; negative (working minutes overdue) after it."""
        return self._position(due) - self._position(now)

    def resume(self, due_before_pause: datetime, paused_at: datetime, resumed_at: datetime) -> datetime:
        """Pause policy (DOMAIN §6, default): the new due moment leaves exactly the working time
        that was left at the pause, counted from ``resumed_at``.

        Invariant: ``remaining(new_due, resumed_at) == remaining(due_before_pause, paused_at)`` —
        a dossier paused when already overdue stays overdue by the same working time.
        """
        left = self._position(due_before_pause) - self._position(paused_at)
        resumed = self._position(resumed_at)  # validates before the comparison below
        if resumed_at < paused_at:
            raise ValueError("Thời điểm tiếp tục xử lý không được trước thời điểm tạm dừng.")
        return self._first_reaching(resumed + left)

    def restart(
        self, resumed_at: datetime, duration: Duration, convention: Convention = Convention.ELAPSED
    ) -> datetime:
        """Restart policy: the full time limit counts again from the complete supplement."""
        return self.due(resumed_at, duration, convention)

    def extend(self, due: datetime, n_working_days: int) -> datetime:
        """``due`` moved ``n_working_days`` (>= 1) working days later."""
        if isinstance(n_working_days, bool) or not isinstance(n_working_days, int) or n_working_days < 1:
            raise ValueError(f"Số ngày gia hạn phải là số nguyên dương, nhận được {n_working_days!r}.")
        return self._first_reaching(self._position(due) + n_working_days * self._per_day)

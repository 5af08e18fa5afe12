"""Naive day-by-day deadline arithmetic: the benchmark baseline and the property tests' oracle.

This is how one would write it without an index: walk forward from the receipt one calendar day at
a time and consume each working session until the time limit is used up. It is deliberately
simple, so that the indexed engine (:mod:`motcua.worktime.engine`) can be checked against it. It
shares only the value types (``Duration``, ``WorkSchedule``, ``Convention``) with the engine, none
of its arithmetic. Not for production use: a query costs one loop turn per calendar day.
``bench/bench_worktime.py`` imports it from here.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

from motcua.lib.clock import BUSINESS_TZ
from motcua.worktime.engine import DEFAULT_SCHEDULE, Convention, Duration, DurationKind, WorkSchedule

_ONE_DAY = timedelta(days=1)
_MAX_DAYS = 100_000


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _at(day: date, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=BUSINESS_TZ)


def naive_due_day_by_day(
    received: datetime,
    duration: Duration,
    *,
    days_off: Collection[date],
    makeup_days: Collection[date] = (),
    schedule: WorkSchedule = DEFAULT_SCHEDULE,
    convention: Convention = Convention.ELAPSED,
) -> datetime:
    """Benchmark baseline / test oracle for ``WorkCalendar.due`` (same rules, no index)."""
    if received.tzinfo is None:
        raise ValueError("naive datetime")
    local = received.astimezone(BUSINESS_TZ)
    sessions = [(_minutes(s.start), _minutes(s.end)) for s in schedule.sessions]
    day_end = sessions[-1][1]

    def is_working_day(day: date) -> bool:
        return day in makeup_days or (day.weekday() < 5 and day not in days_off)

    def end_of_first_working_day(day: date) -> datetime:
        for _ in range(_MAX_DAYS):
            if is_working_day(day):
                return _at(day, day_end)
            day += _ONE_DAY
        raise RuntimeError("no working day found")

    day, now = local.date(), local.hour * 60 + local.minute
    if duration.kind is DurationKind.SAME_DAY:
        if is_working_day(day) and now < min(_minutes(duration.cutoff), day_end):
            return _at(day, day_end)
        return end_of_first_working_day(day + _ONE_DAY)
    if duration.kind is DurationKind.CALENDAR_DAYS:
        return end_of_first_working_day(day + timedelta(days=duration.amount))
    if duration.kind is DurationKind.WORKING_DAYS and convention is Convention.CIVIL:
        counted = 0
        while counted < duration.amount:
            day += _ONE_DAY
            if is_working_day(day):
                counted += 1
        return _at(day, day_end)

    left = duration.working_minutes(sum(end - start for start, end in sessions))
    for _ in range(_MAX_DAYS):
        if is_working_day(day):
            for start, end in sessions:
                start = max(start, now)
                if start >= end:
                    continue
                if left <= end - start:
                    return _at(day, start + left)
                left -= end - start
        day, now = day + _ONE_DAY, 0
    raise RuntimeError("deadline not reached")


def naive_working_minutes_between(
    start: datetime,
    end: datetime,
    *,
    days_off: Collection[date],
    makeup_days: Collection[date] = (),
    schedule: WorkSchedule = DEFAULT_SCHEDULE,
) -> int:
    """Oracle for ``WorkCalendar.working_minutes_between``: sum the session overlaps day by day."""
    a = start.astimezone(BUSINESS_TZ).replace(second=0, microsecond=0)
    b = end.astimezone(BUSINESS_TZ).replace(second=0, microsecond=0)
    total, day = 0, a.date()
    while day <= b.date():
        if day in makeup_days or (day.weekday() < 5 and day not in days_off):
            for session in schedule.sessions:
                lo = max(_at(day, _minutes(session.start)), a)
                hi = min(_at(day, _minutes(session.end)), b)
                if hi > lo:
                    total += int((hi - lo).total_seconds()) // 60
        day += _ONE_DAY
    return total


def naive_subtract_day_by_day(
    end: datetime,
    minutes: int,
    *,
    days_off: Collection[date],
    makeup_days: Collection[date] = (),
    schedule: WorkSchedule = DEFAULT_SCHEDULE,
) -> datetime:
    """Oracle for ``WorkCalendar.subtract_working_minutes``: walk backwards one day at a time.

    Consumes the sessions before ``end`` latest first; the answer is the earliest moment with
    exactly ``minutes`` left, so when the time runs out exactly at a session start the answer is
    the end of the working session before it.
    """
    local = end.astimezone(BUSINESS_TZ).replace(second=0, microsecond=0)
    if minutes == 0:
        return local
    sessions = [(_minutes(s.start), _minutes(s.end)) for s in schedule.sessions]
    day, now, left = local.date(), local.hour * 60 + local.minute, minutes
    for _ in range(_MAX_DAYS):
        if day in makeup_days or (day.weekday() < 5 and day not in days_off):
            for start, stop in reversed(sessions):
                stop = min(stop, now)
                if stop <= start:
                    continue
                if left == 0:
                    return _at(day, stop)
                if left < stop - start:
                    return _at(day, stop - left)
                left -= stop - start
        day, now = day - _ONE_DAY, 24 * 60
    raise RuntimeError("start not reached")

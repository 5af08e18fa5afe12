"""Properties of the indexed engine, checked with hypothesis against the day-by-day oracle.

Receipts are drawn from 2025-01-01 to 2026-09-30 on the official 2025–2026 calendar (so that 30
working days still end inside the calendar), and on random calendars and centre schedules.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.lib.clock import BUSINESS_TZ
from motcua.worktime.engine import (
    CalendarRangeError,
    Convention,
    Duration,
    DurationKind,
    WorkCalendar,
    WorkSchedule,
)
from motcua.worktime.tests.oracle import (
    naive_due_day_by_day,
    naive_subtract_day_by_day,
    naive_working_minutes_between,
)
from motcua.worktime.tests.test_engine import CAL, DAYS_OFF, MAKEUP_DAYS

FIRST, LAST = date(2025, 1, 1), date(2026, 9, 30)


@st.composite
def moments(draw, first: date = FIRST, last: date = LAST) -> datetime:
    """A minute in business time; a third of them on session boundaries, where bugs live."""
    day = draw(st.dates(min_value=first, max_value=last))
    if draw(st.integers(0, 2)) == 0:
        hour, minute = draw(st.sampled_from([(7, 0), (11, 0), (13, 0), (17, 0), (10, 59), (16, 59)]))
    else:
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BUSINESS_TZ)


working_time_limits = st.one_of(
    st.integers(1, 30).map(Duration.working_days),
    st.integers(1, 40).map(Duration.working_hours),
)
durations = st.one_of(
    working_time_limits,
    st.integers(1, 60).map(Duration.calendar_days),
    st.builds(Duration.same_day, st.builds(time, st.integers(8, 17), st.sampled_from([0, 30]))),
)
conventions = st.sampled_from(list(Convention))


def ends_of_sessions(cal: WorkCalendar) -> set[time]:
    return {s.end for s in cal.schedule.sessions}


@given(moments(), working_time_limits)
def test_add_then_measure_round_trips(received, duration):
    # DOMAIN §6: due = first instant at which N × minutes-per-day working minutes have elapsed
    due = CAL.due(received, duration)
    assert CAL.working_minutes_between(CAL.counting_from(received), due) == duration.working_minutes(480)
    assert CAL.working_minutes_between(received, due) == duration.working_minutes(480)


@given(moments(), moments(), durations, conventions)
def test_due_is_monotonic_in_the_receipt_time(a, b, duration, convention):
    first, second = sorted((a, b))
    assert CAL.due(first, duration, convention) <= CAL.due(second, duration, convention)


@given(moments(), durations, conventions)
def test_due_lies_in_working_time_or_exactly_at_a_session_end(received, duration, convention):
    due = CAL.due(received, duration, convention)
    assert due > received
    assert CAL.is_working_time(due) or (
        CAL.is_working_day(due.date()) and due.timetz().replace(tzinfo=None) in ends_of_sessions(CAL)
    )


@given(moments(), durations, conventions)
def test_engine_agrees_with_the_day_by_day_oracle(received, duration, convention):
    naive = naive_due_day_by_day(
        received, duration, days_off=DAYS_OFF, makeup_days=MAKEUP_DAYS, convention=convention
    )
    assert CAL.due(received, duration, convention) == naive


@given(moments(), moments())
def test_working_minutes_between_agrees_with_the_oracle(a, b):
    expected = naive_working_minutes_between(a, b, days_off=DAYS_OFF, makeup_days=MAKEUP_DAYS)
    assert CAL.working_minutes_between(a, b) == expected


@given(moments(), st.integers(0, 30 * 480))
def test_add_working_minutes_is_measured_back_exactly(start, minutes):
    end = CAL.add_working_minutes(start, minutes)
    assert end >= start
    assert CAL.working_minutes_between(start, end) == minutes
    if minutes:  # and it is the *first* such instant
        assert CAL.working_minutes_between(start, end - timedelta(minutes=1)) == minutes - 1


@given(moments(), st.integers(0, 30 * 480))
def test_subtract_working_minutes_agrees_with_the_oracle_and_inverts_add(end, minutes):
    # DOMAIN §6 (apology ≥ 1 working day before the appointment): the earliest moment with exactly
    # ``minutes`` of working time left before ``end``
    naive = naive_subtract_day_by_day(end, minutes, days_off=DAYS_OFF, makeup_days=MAKEUP_DAYS)
    try:
        start = CAL.subtract_working_minutes(end, minutes)
    except CalendarRangeError:
        assert naive.date() < CAL.first_day
        return
    assert start == naive
    assert start <= end
    assert CAL.working_minutes_between(start, end) == minutes
    if minutes:
        assert CAL.working_minutes_between(start - timedelta(minutes=1), end) == minutes + 1
        # adding the same time back lands on the first instant with that much elapsed (<= end)
        back = CAL.add_working_minutes(start, minutes)
        assert back <= end and CAL.working_minutes_between(back, end) == 0


@given(moments())
def test_counting_starts_in_working_time_and_is_idempotent(received):
    start = CAL.counting_from(received)
    assert start >= received.replace(second=0, microsecond=0)
    assert CAL.is_working_time(start)
    assert CAL.counting_from(start) == start
    assert CAL.working_minutes_between(received, start) == 0


@given(
    moments(last=date(2026, 6, 30)),
    working_time_limits,
    st.integers(0, 60 * 24 * 60),  # paused up to 60 days after receipt (maybe after the due moment)
    st.integers(0, 40 * 24 * 60),  # waiting for the supplement up to 40 days
)
def test_resume_keeps_the_working_time_left(received, duration, pause_after, wait):
    # DOMAIN §6 pause policy (and §7: waiting time is subtracted)
    due = CAL.due(received, duration)
    paused = received + timedelta(minutes=pause_after)
    resumed = paused + timedelta(minutes=wait)
    new_due = CAL.resume(due, paused, resumed)
    assert CAL.remaining(new_due, resumed) == CAL.remaining(due, paused)
    assert new_due >= due


@given(durations)
def test_duration_str_round_trips(duration):
    assert Duration.parse(str(duration)) == duration


# --- random calendars and centre schedules against the oracle


@st.composite
def schedules(draw) -> WorkSchedule:
    """1–3 sorted, non-overlapping (possibly touching) sessions on 5-minute marks."""
    marks = sorted(draw(st.sets(st.integers(5 * 12, 21 * 12), min_size=2, max_size=6)))
    if len(marks) % 2:
        marks = marks[:-1]
    sessions = [
        (time(marks[i] * 5 // 60, marks[i] * 5 % 60), time(marks[i + 1] * 5 // 60, marks[i + 1] * 5 % 60))
        for i in range(0, len(marks), 2)
    ]
    if draw(st.booleans()) and len(sessions) >= 2:  # make two sessions touch
        sessions[1] = (sessions[0][1], sessions[1][1])
    return WorkSchedule(sessions)


@st.composite
def calendars(draw) -> tuple[WorkCalendar, frozenset[date], frozenset[date]]:
    year_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
    days_off = frozenset(draw(st.sets(year_days, max_size=60)))
    weekend_days = st.sets(year_days.filter(lambda d: d.weekday() >= 5), max_size=10)
    makeup = frozenset(draw(weekend_days)) - days_off
    schedule = draw(schedules())
    cal = WorkCalendar(days_off, makeup, schedule=schedule, first_year=2025, last_year=2026)
    return cal, days_off, makeup


@settings(max_examples=300)
@given(calendars(), moments(), durations, conventions)
def test_random_calendars_agree_with_the_oracle(calendar, received, duration, convention):
    cal, days_off, makeup = calendar
    naive = naive_due_day_by_day(
        received,
        duration,
        days_off=days_off,
        makeup_days=makeup,
        schedule=cal.schedule,
        convention=convention,
    )
    try:
        due = cal.due(received, duration, convention)
    except CalendarRangeError:  # e.g. 40 working hours on a 5-minute day: the range must say so
        assert naive.date() > cal.last_day
        return
    assert due == naive
    if duration.kind in (DurationKind.WORKING_DAYS, DurationKind.WORKING_HOURS):
        expected = duration.working_minutes(cal.minutes_per_day)
        if convention is Convention.ELAPSED or duration.kind is DurationKind.WORKING_HOURS:
            assert cal.working_minutes_between(received, naive) == expected


@settings(max_examples=300)
@given(calendars(), moments(), st.integers(0, 40 * 60))
def test_random_calendars_subtract_like_the_oracle(calendar, end, minutes):
    cal, days_off, makeup = calendar
    naive = naive_subtract_day_by_day(end, minutes, days_off=days_off, makeup_days=makeup, schedule=cal.schedule)
    try:
        start = cal.subtract_working_minutes(end, minutes)
    except CalendarRangeError:
        assert naive.date() < cal.first_day
        return
    assert start == naive
    assert cal.working_minutes_between(start, end) == minutes

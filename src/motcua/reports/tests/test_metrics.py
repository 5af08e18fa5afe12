"""Every report formula of DOMAIN §7, one row per case (framework-free: no database).

The per-dossier classification is ``dossiers.ontime`` (reused, never duplicated); the rows here
check it through the reports' interface on the rules the issue lists, then the report formulas.
Calendar: a bare March 2026 (no day off). Received Mon 2/3 08:00, 3 working days → appointment
Thu 5/3 08:00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.lib.clock import BUSINESS_TZ
from motcua.reports.metrics import DeadlineFacts, Figures, OnTime, classify, end_moment, percent, rate
from motcua.worktime.engine import WorkCalendar

CAL = WorkCalendar((), first_year=2026, last_year=2026)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=BUSINESS_TZ)


T0, APPOINTMENT = at(2, 8), at(5, 8)
E, OT, L, W, OD = OnTime.EARLY, OnTime.ON_TIME, OnTime.LATE, OnTime.IN_PROGRESS_WITHIN, OnTime.IN_PROGRESS_OVERDUE


def facts(**kw):
    return DeadlineFacts(clock_started_at=T0, appointment=kw.pop("appointment", APPOINTMENT), **kw)


# --- end of processing (766 rule 1) ----------------------------------------------------------------

END_CASES = [
    # done counts, even when returned later
    (dict(done_at=at(3, 9), returned_at=at(4, 9)), at(3, 9)),
    # returned without a recorded "done" (same-day handover): the return ends it
    (dict(returned_at=at(4, 9)), at(4, 9)),
    # stopped after a citizen's request
    (dict(stopped_at=at(4, 10)), at(4, 10)),
    # refused by the agency with reasons
    (dict(refused_at=at(4, 11)), at(4, 11)),
    # a citizen's withdrawal ends it too (the stop notice may come later)
    (dict(withdrawn_at=at(3, 15), stopped_at=at(4, 9)), at(3, 15)),
    # nothing: still in progress
    ({}, None),
]


@pytest.mark.parametrize(("moments", "expected"), END_CASES)
def test_end_moment(moments, expected):
    assert end_moment(**moments) == expected


# --- on time: finished no later than the appointment; waiting subtracted; >1 supplement late -------

LATER = at(20, 8)  # a report moment after every end below
CLASS_CASES = [
    # (facts, report moment, expected)
    # early: the end falls on a calendar day before the appointment's day
    (facts(end=at(4, 16)), LATER, E),
    # on time: on the appointment's day, before the moment
    (facts(end=at(5, 7, 30)), LATER, OT),
    # on time: exactly at the appointment moment ("no later than")
    (facts(end=at(5, 8)), LATER, OT),
    # late: one minute after
    (facts(end=at(5, 8, 1)), LATER, L),
    # supplement waiting subtracted: 26 working hours waited, ended Tue 10/3 09:00 → early
    (facts(end=at(10, 9), excluded_minutes=26 * 60), LATER, E),
    # the same end without the subtraction is late
    (facts(end=at(10, 9)), LATER, L),
    # more than one supplement request counts as late, whatever the times
    (facts(end=at(3, 9), supplement_requests=2), LATER, L),
    # exactly one request: judged on the times
    (facts(end=at(3, 9), supplement_requests=1), LATER, E),
    # still waiting for its only supplement at the end of the period: the request time is its end
    (facts(pending_supplement_since=at(3, 10), paused_since=at(3, 10), supplement_requests=1), LATER, E),
    # in progress before the appointment: within time
    (facts(), at(4, 15), W),
    # in progress after it: overdue
    (facts(), at(5, 9), OD),
]


@pytest.mark.parametrize(("info", "moment", "expected"), CLASS_CASES)
def test_classification_rules(info, moment, expected):
    assert classify(info, moment, CAL) == expected


# --- rates -----------------------------------------------------------------------------------------

RATE_CASES = [
    (1, 3, Decimal("33.33")),
    (2, 3, Decimal("66.67")),  # half up
    (936, 1000, Decimal("93.60")),
    (0, 5, Decimal("0.00")),
    (5, 5, Decimal("100.00")),
    (1, 0, None),  # nothing resolved: no rate, never 0 % or 100 %
]


@pytest.mark.parametrize(("num", "den", "expected"), RATE_CASES)
def test_rate(num, den, expected):
    assert rate(num, den) == expected


def test_percent_for_json():
    assert percent(Decimal("93.60")) == 93.6
    assert percent(None) is None


FIG = Figures(
    received=200,
    received_online=150,
    digitised=170,
    early=60,
    on_time=30,
    late=10,
    in_progress_within=40,
    in_progress_overdue=10,
    disliked=2,
)

FIGURE_CASES = [
    # resolved = early + on time + late
    ("resolved", 100),
    ("in_progress", 50),
    # press rate: (early + on time) ÷ resolved
    ("on_time_rate", Decimal("90.00")),
    # 766 progress: (on time + in progress within) ÷ (resolved + in progress) = 130 / 150
    ("progress_rate_766", Decimal("86.67")),
    # online share: online ÷ received
    ("online_share", Decimal("75.00")),
    # digitisation share: digitised ÷ received
    ("digitisation_share", Decimal("85.00")),
    ("late_rate", Decimal("10.00")),
    ("dislike_rate", Decimal("2.00")),
    # satisfaction = 100 − (late rate + dislike rate)
    ("satisfaction", Decimal("88.00")),
]


@pytest.mark.parametrize(("name", "expected"), FIGURE_CASES)
def test_figures(name, expected):
    assert getattr(FIG, name) == expected


EMPTY_CASES = ["on_time_rate", "progress_rate_766", "online_share", "digitisation_share", "satisfaction"]


@pytest.mark.parametrize("name", EMPTY_CASES)
def test_rates_of_nothing_are_undefined(name):
    assert getattr(Figures(), name) is None


@pytest.mark.parametrize(
    ("late", "disliked", "resolved", "expected"),
    [
        (1, 1, 4, Decimal("50.00")),
        (1, 1, 3, Decimal("33.33")),  # exact, then rounded: 100 − 200/3 (not 100 − 33.33 − 33.33)
        (1, 1, 1, Decimal("0.00")),  # late and disliked: both terms, clamped at 0 %
        (0, 0, 7, Decimal("100.00")),
    ],
)
def test_satisfaction_is_exact_rounded_and_clamped(late, disliked, resolved, expected):
    # satisfaction_rate's reading (checked against a dossier-by-dossier count in portal/tests)
    assert Figures(early=resolved - late, late=late, disliked=disliked).satisfaction == expected


def test_figures_add_up():
    assert (FIG + FIG).received == 400 and (FIG + Figures()).on_time_rate == FIG.on_time_rate


def test_json_shape():
    data = FIG.as_dict()
    assert data["resolved"] == 100 and data["on_time_rate"] == 90.0 and data["in_progress"] == 50
    assert {"received", "resolved", "early", "on_time", "late", "in_progress", "on_time_rate"} <= data.keys()

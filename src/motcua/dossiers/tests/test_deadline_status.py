"""Derived deadline status: the on-time rules of DOMAIN §7 (QĐ 766), table-driven.

The framework-free :func:`ontime.classify` is checked on a bare working calendar (no day off in
March 2026); the last tests read the status of real dossiers through ``deadlines.deadline_status``.
Received Monday 2/3 08:00, 3 working days → appointment Thursday 5/3 08:00.
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers import deadlines
from motcua.dossiers import services as s
from motcua.dossiers.ontime import DeadlineFacts, OnTime, classify
from motcua.dossiers.services import MissingItem
from motcua.dossiers.workflow import Stage
from motcua.lib import clock
from motcua.worktime.engine import WorkCalendar

from .conftest import T0, at, walk

CAL = WorkCalendar((), first_year=2026, last_year=2026)
APPOINTMENT = at(5, 8)
E, OT, L, W, OD = OnTime.EARLY, OnTime.ON_TIME, OnTime.LATE, OnTime.IN_PROGRESS_WITHIN, OnTime.IN_PROGRESS_OVERDUE


def facts(**kw):
    return DeadlineFacts(clock_started_at=T0, appointment=kw.pop("appointment", APPOINTMENT), **kw)


CASES = [
    # (facts, report moment, expected)
    # DOMAIN §7 — early: the end falls on a calendar day before the appointment's day
    (facts(end=at(4, 16)), at(20, 8), E),
    # on time: on the appointment's day, no later than the appointment moment
    (facts(end=at(5, 7, 30)), at(20, 8), OT),
    # on time: exactly at the appointment moment
    (facts(end=at(5, 8)), at(20, 8), OT),
    # late: one minute after the appointment moment
    (facts(end=at(5, 8, 1)), at(20, 8), L),
    # late: later that day, still on the appointment's day
    (facts(end=at(5, 16)), at(20, 8), L),
    # waiting time is subtracted: 26 h waited; ended Tue 10/3 09:00 → effective Wed 4/3 17:00 → early
    (facts(end=at(10, 9), excluded_minutes=26 * 60), at(20, 8), E),
    # …and the same end without the subtraction would be late
    (facts(end=at(10, 9)), at(20, 8), L),
    # more than one supplement request during processing counts as late, whatever the times
    (facts(end=at(3, 9), supplement_requests=2), at(20, 8), L),
    # one request is fine
    (facts(end=at(3, 9), supplement_requests=1), at(20, 8), E),
    # still waiting for its only supplement at the report: the request time is its end → early
    (facts(pending_supplement_since=at(3, 10), paused_since=at(3, 10), supplement_requests=1), at(20, 8), E),
    # still waiting, but it is the second request → late
    (facts(pending_supplement_since=at(9, 10), paused_since=at(9, 10), supplement_requests=2), at(20, 8), L),
    # in progress, before the appointment → within time
    (facts(), at(4, 15), W),
    # in progress, past the appointment → overdue
    (facts(), at(5, 9), OD),
    # in progress with waiting time behind it: now − 26 h is still before the appointment → within
    (facts(excluded_minutes=26 * 60), at(9, 9), W),
    # clock stopped (financial obligation since Wed): judged at the pause start even a week later
    (facts(paused_since=at(4, 10)), at(12, 9), W),
    # no appointment on record: on time when the working time used ≤ the limit (24 h)
    (facts(appointment=None, end=at(5, 8), limit_minutes=24 * 60), at(20, 8), OT),
    (facts(appointment=None, end=at(5, 9), limit_minutes=24 * 60), at(20, 8), L),
    # in progress, more than one request already: it can only finish late (our reading, ontime.py rule 7)
    (facts(supplement_requests=2), at(3, 9), OD),
    # the end lies after the report moment: still in progress at that moment
    (facts(end=at(6, 9)), at(4, 9), W),
]


@pytest.mark.parametrize(("info", "moment", "expected"), CASES)
def test_classification(info, moment, expected):
    assert classify(info, moment, CAL) == expected


def test_labels_are_vietnamese():
    assert [c.label for c in OnTime] == [
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Đang giải quyết trong hạn",
        "Đang giải quyết quá hạn",
    ]
    assert {c for c in OnTime if c.finished} == {E, OT, L}


# --- through the dossier -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_status_of_a_dossier_over_its_life(world):
    with clock.frozen(T0) as advance:
        d = walk(world, Stage.IN_STEP)
        status = deadlines.deadline_status(d)
        assert (status.classification, status.due_at, status.remaining_minutes) == (W, at(5, 8), 24 * 60)
        advance(at(3, 10) - T0)
        d = s.request_supplement(d, world.p.minh, items=[MissingItem(2)])
        advance(at(9, 9) - at(3, 10))  # a week later, still waiting for its only supplement
        status = deadlines.deadline_status(d)
        assert status.paused and status.classification == E  # request time (Tue) is its end (DOMAIN §7)
        assert status.remaining_minutes == 14 * 60  # the clock is stopped
        d = s.receive_supplement(d, world.p.lan)
        assert deadlines.deadline_status(d).classification == W
        d = s.approve_dossier(s.complete_step(d, world.p.minh), world.p.hoa)
        advance(at(11, 9) - at(9, 9))  # after the new due moment (Tue 10/3 17:00)
        assert deadlines.deadline_status(d).classification == OD
        d = s.issue_result(d, world.p.hoa)
    status = deadlines.deadline_status(d, at(20, 8))
    assert status.classification == L and status.remaining_minutes is None  # judged at "done"


@pytest.mark.django_db
def test_on_time_is_judged_at_done_not_at_return(world):
    with clock.frozen(T0) as advance:
        d = walk(world, Stage.APPROVED)
        d = s.issue_result(d, world.p.hoa)
        advance(at(20, 9) - T0)  # collected two weeks later
        d = s.return_result(d, world.p.lan, method="counter")
    assert deadlines.deadline_status(d, at(25, 8)).classification == E


@pytest.mark.django_db
def test_two_supplement_requests_make_a_finished_dossier_late(world, frozen):
    d = walk(world, Stage.IN_STEP)
    for _ in range(2):
        d = s.receive_supplement(s.request_supplement(d, world.p.minh, items=[MissingItem(1)]), world.p.lan)
    d = s.issue_result(s.approve_dossier(s.complete_step(d, world.p.minh), world.p.hoa), world.p.hoa)
    assert deadlines.deadline_status(d).classification == L


@pytest.mark.django_db
def test_a_reappointment_does_not_change_the_statistics(world):
    with clock.frozen(T0) as advance:
        d = walk(world, Stage.IN_STEP)
        d = s.apologise(d, world.p.hoa, new_due_at=at(10, 17), reason="Xác minh")
        advance(at(9, 9) - T0)  # within the new date, after the original one
        status = deadlines.deadline_status(d)
    assert status.due_at == at(10, 17) and status.original_due_at == at(5, 8)
    assert status.classification == OD  # statistics compare against the original appointment


@pytest.mark.django_db
def test_refused_and_cancelled_dossiers(world, frozen):
    refused = walk(world, Stage.REFUSED)
    assert deadlines.deadline_status(refused).classification is None  # never accepted: no appointment
    cancelled = walk(world, Stage.CANCELLED)
    assert deadlines.deadline_status(cancelled).classification is None  # not a resolution outcome
    stopped = walk(world, Stage.RESOLUTION_REFUSED)
    assert deadlines.deadline_status(stopped).classification == E  # a refusal is an end moment


def test_the_end_can_be_in_the_past_relative_to_now():
    assert classify(facts(end=at(4, 9)), dt.datetime(2026, 3, 30, tzinfo=clock.BUSINESS_TZ), CAL) == E


@pytest.mark.parametrize("module", ["ontime.py", "codes.py"])
def test_the_rule_modules_are_framework_free(module):
    """Reports and an offline counter node reuse these without Django (codes.py imports Django only
    inside the database reservation function)."""
    import ast
    from pathlib import Path

    tree = ast.parse((Path(__file__).resolve().parents[1] / module).read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = [a.name for n in top_level if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in top_level if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.split(".")[0] == "django"]

"""The per-dossier state machine (framework-free): which deltas each change produces.

Calendar: March 2026 has no day off. Received Mon 2/3 08:00, 3 working days → appointment Thu 5/3
08:00; it counts as overdue from the end of Thu 5/3 (the first working minute after 08:00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.lib.clock import BUSINESS_TZ
from motcua.reports.metrics import DeadlineFacts, OnTime, classify
from motcua.reports.projection import (
    COUNTERS,
    DAILY,
    PENDING_TABLE,
    Accumulator,
    Dims,
    Snapshot,
    State,
    advance,
    overdue_from,
    replay,
)
from motcua.worktime.engine import Duration, WorkCalendar

CAL = WorkCalendar((), first_year=2026, last_year=2026)
DIMS = Dims(1, 2, 3, "direct")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=BUSINESS_TZ)


def d(day: int) -> dt.date:
    return dt.date(2026, 3, day)


RECEIVED = at(2, 8)
BASE = dict(
    dims=DIMS, accepted_at=RECEIVED, clock_started_at=RECEIVED, original_due_at=at(5, 8), digitised=False
)


def snap(moment, stage, **kw):
    return Snapshot(at=moment, stage=stage, **{**BASE, **kw})


def daily(deltas):
    return sorted((x.counter, x.day, x.n) for x in deltas if x.table == DAILY)


def pending(deltas):
    return sorted((x.day, x.request_day, x.outcome, x.n) for x in deltas if x.table == PENDING_TABLE)


def test_receipt_counts_received_opens_and_schedules_the_overdue_flip():
    state, deltas = advance(State(), snap(RECEIVED, "accepted"), CAL)
    assert daily(deltas) == [("d_open", d(2), 1), ("d_overdue", d(5), 1), ("received", d(2), 1)]
    assert state.phase == "open" and state.overdue_on == d(5) and state.received_on == d(2)


def test_finishing_early_retracts_the_scheduled_flip():
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    state, deltas = advance(state, snap(at(3, 10), "done", ended_at=at(3, 10)), CAL)
    # leaves "open" on Tue, the flip planned for Thu is taken back, ended early on Tue
    assert daily(deltas) == [("d_open", d(3), -1), ("d_overdue", d(5), -1), ("ended_early", d(3), 1)]
    assert state.phase == "ended" and state.outcome == "early"


def test_finishing_late_leaves_the_overdue_stock_on_the_end_day():
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    state, deltas = advance(state, snap(at(9, 10), "done", ended_at=at(9, 10)), CAL)
    assert daily(deltas) == [("d_open", d(9), -1), ("d_overdue", d(9), -1), ("ended_late", d(9), 1)]


def test_transitions_that_change_nothing_produce_nothing():
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    again, deltas = advance(state, snap(at(2, 9), "transferred"), CAL)
    assert deltas == [] and again == state


def test_supplement_pending_is_resolved_at_the_request_then_comes_back():
    # DOMAIN §7 rule 5: still waiting for its only supplement → resolved, classified at the request
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    state, deltas = advance(
        state, snap(at(3, 9), "supplement_requested", paused_at=at(3, 9), supplement_count=1), CAL
    )
    assert pending(deltas) == [(d(3), d(3), "early", 1)]
    assert daily(deltas) == [("d_open", d(3), -1), ("d_overdue", d(5), -1)]
    # the supplement comes in Mon 9 09:00: 1 working day + … waited, the flip moves accordingly
    waited = CAL.working_minutes_between(at(3, 9), at(9, 9))
    state, deltas = advance(state, snap(at(9, 9), "in_step", excluded_minutes=waited, supplement_count=1), CAL)
    assert pending(deltas) == [(d(9), d(3), "early", -1)]
    assert daily(deltas) == [("d_open", d(9), 1), ("d_overdue", d(11), 1)]


def test_a_second_supplement_request_makes_it_late_and_then_overdue():
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    state, _ = advance(state, snap(at(3, 9), "supplement_requested", paused_at=at(3, 9), supplement_count=1), CAL)
    state, _ = advance(state, snap(at(3, 10), "in_step", excluded_minutes=60, supplement_count=1), CAL)
    state, deltas = advance(
        state, snap(at(3, 11), "supplement_requested", paused_at=at(3, 11), excluded_minutes=60, supplement_count=2),
        CAL,
    )
    assert pending(deltas) == [(d(3), d(3), "late", 1)]
    state, deltas = advance(state, snap(at(4, 9), "in_step", excluded_minutes=180, supplement_count=2), CAL)
    assert ("d_overdue", d(4), 1) in daily(deltas)  # overdue at once (ontime rule 7)


def test_financial_obligation_freezes_the_clock_and_unschedules_the_flip():
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    state, deltas = advance(state, snap(at(3, 9), "financial_obligation", paused_at=at(3, 9)), CAL)
    assert daily(deltas) == [("d_overdue", d(5), -1)] and state.overdue_on is None and state.phase == "open"
    waited = CAL.working_minutes_between(at(3, 9), at(10, 9))
    state, deltas = advance(state, snap(at(10, 9), "approved", excluded_minutes=waited), CAL)
    assert daily(deltas) == [("d_overdue", d(12), 1)]


def test_refused_at_intake_is_counted_apart_and_never_received():
    state, deltas = advance(State(), snap(at(2, 9), "refused", accepted_at=None, clock_started_at=None,
                                          original_due_at=None), CAL)
    assert daily(deltas) == [("refused_intake", d(2), 1)] and state.received_on is None


def test_cancellation_stays_received_but_leaves_every_stock():
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    state, deltas = advance(state, snap(at(2, 9), "cancelled", ended_at=at(2, 9)), CAL)
    assert daily(deltas) == [("cancelled", d(2), 1), ("d_open", d(2), -1), ("d_overdue", d(5), -1)]


def test_withdrawal_is_resolved_and_counted_as_withdrawn():
    state, _ = advance(State(), snap(RECEIVED, "accepted"), CAL)
    state, deltas = advance(state, snap(at(3, 9), "withdrawal_requested", ended_at=at(3, 9)), CAL)
    assert ("ended_withdrawn", d(3), 1) in daily(deltas) and ("ended_early", d(3), 1) in daily(deltas)
    _state, deltas = advance(state, snap(at(4, 9), "stopped", ended_at=at(3, 9)), CAL)
    assert deltas == []  # the stop notice changes nothing: the end was the withdrawal


def test_digitisation_counts_on_the_receipt_day_whenever_it_changes():
    state, deltas = advance(State(), snap(RECEIVED, "accepted"), CAL)
    assert not [x for x in deltas if x.counter == "digitised"]
    state, deltas = advance(state, snap(at(4, 9), "in_step", digitised=True), CAL)
    assert daily(deltas) == [("digitised", d(2), 1)]


def test_online_dossier_counts_from_acceptance_not_submission():
    submitted = snap(at(1, 21), "submitted", accepted_at=None, clock_started_at=None, original_due_at=None)
    state, deltas = replay([submitted, snap(RECEIVED, "accepted")], CAL)
    assert ("received", d(2), 1) in daily(deltas) and state.phase == "open"


def test_accumulator_keeps_rows_that_net_to_zero():
    _state, deltas = replay([snap(RECEIVED, "accepted"), snap(at(3, 9), "done", ended_at=at(3, 9))], CAL)
    acc = Accumulator()
    acc.add(deltas)
    thursday = acc.daily[(d(5), 1, 2, 3, "direct")]
    assert sum(abs(n) for n in thursday) == 0  # +1 then −1 overdue: the row exists, all zero


# --- complained or disliked: counted once, where (and while) the dossier counts as resolved ------------
#
# The portal flags a dossier (a complaint about it, or a "Không hài lòng" rating); the flag reaches the
# projection on a snapshot (``disliked=True``; ``None`` keeps the stored flag). It counts once, on the
# day the dossier's ended early / on-time / late outcome is counted — its end day — whenever the flag
# arrives; never for a dossier that is not resolved; not while it waits for a supplement (rule 5).

ACCEPTED = snap(RECEIVED, "accepted")
IN_STEP = snap(at(2, 9), "in_step")
DONE = snap(at(3, 10), "done", ended_at=at(3, 10))  # early, ended Tue 3
RETURNED = snap(at(4, 9), "returned", ended_at=at(3, 10))
REQUESTED = snap(at(3, 9), "supplement_requested", paused_at=at(3, 9), supplement_count=1)  # rule 5, Tue 3
WAITED = CAL.working_minutes_between(at(3, 9), at(9, 9))
SUPPLIED = snap(at(9, 9), "in_step", excluded_minutes=WAITED, supplement_count=1)  # back Mon 9
DONE_AFTER = snap(at(10, 9), "done", ended_at=at(10, 9), excluded_minutes=WAITED, supplement_count=1)  # Tue 10
WITHDRAWN = snap(at(4, 9), "withdrawal_requested", ended_at=at(4, 9))
CANCELLED = snap(at(3, 9), "cancelled", ended_at=at(3, 9))
SUBMITTED = snap(at(1, 21), "submitted", accepted_at=None, clock_started_at=None, original_due_at=None)
REFUSED = snap(at(2, 9), "refused", accepted_at=None, clock_started_at=None, original_due_at=None)


def flag(snapshot, value=True, moment=None):
    """The portal's refresh: the same dossier, re-projected with the flag (at ``moment``)."""
    return replace(snapshot, at=moment or snapshot.at, disliked=value)


def flagged_deltas(deltas):
    return sorted(
        (x.table, x.day, x.request_day, x.n) for x in deltas if x.counter == "disliked" or x.outcome == "disliked"
    )


def resolved_and_disliked(acc: Accumulator, first: dt.date, last: dt.date) -> tuple[int, int]:
    """What ``queries.figures`` reads for [first, last]: flows of its days + rule-5 rows (day ≤ last,
    request day ≥ first)."""
    index = {name: i for i, name in enumerate(COUNTERS)}
    resolved = disliked = 0
    for (day, *_dims), counts in acc.daily.items():
        if first <= day <= last:
            resolved += sum(counts[index[c]] for c in ("ended_early", "ended_on_time", "ended_late"))
            disliked += counts[index["disliked"]]
    for (day, request_day, _outcome, *_dims), n in acc.pending.items():
        if day <= last and request_day >= first:
            resolved += n
    return resolved, disliked


@pytest.mark.parametrize(
    "snapshots, expected, counted",
    [
        pytest.param(  # a dislike after the result is returned: on the end day (the past moves)
            [ACCEPTED, IN_STEP, DONE, RETURNED, flag(RETURNED, moment=at(6, 10))],
            [(DAILY, d(3), None, 1)], True, id="flag-after-resolution",
        ),
        pytest.param(  # a complaint while open counts nothing yet; when it ends, on the end day
            [ACCEPTED, flag(IN_STEP), DONE],
            [(DAILY, d(3), None, 1)], True, id="flag-before-resolution",
        ),
        pytest.param(  # a complaint and a dislike on the same dossier: once
            [ACCEPTED, flag(IN_STEP), DONE, flag(RETURNED, moment=at(6, 10)), flag(RETURNED, moment=at(6, 11))],
            [(DAILY, d(3), None, 1)], True, id="complaint-and-dislike-once",
        ),
        pytest.param(  # the flag stays when a later snapshot does not know it (None)
            [ACCEPTED, flag(IN_STEP), IN_STEP, DONE, RETURNED],
            [(DAILY, d(3), None, 1)], True, id="unknown-keeps-the-flag",
        ),
        pytest.param(  # a rejected complaint (no dislike): the count is taken back from the same day
            [ACCEPTED, DONE, flag(RETURNED, moment=at(5, 9)), flag(RETURNED, False, at(6, 9))],
            [(DAILY, d(3), None, -1), (DAILY, d(3), None, 1)], False, id="rejected-complaint",
        ),
        pytest.param(  # a withdrawal is resolved (it is in early / on time / late): it counts
            [ACCEPTED, flag(IN_STEP), WITHDRAWN],
            [(DAILY, d(4), None, 1)], True, id="withdrawn-counts",
        ),
        pytest.param(  # waiting for its only supplement (resolved by rule 5, as of each period's end): not yet
            [ACCEPTED, flag(IN_STEP), REQUESTED],
            [], False, id="flag-then-pending",
        ),
        pytest.param(  # complained about while waiting: not yet either
            [ACCEPTED, REQUESTED, flag(REQUESTED, moment=at(5, 10))],
            [], False, id="flag-while-pending",
        ),
        pytest.param(  # … it counts when it ends, on its end day
            [ACCEPTED, REQUESTED, flag(REQUESTED, moment=at(5, 10)), SUPPLIED, DONE_AFTER],
            [(DAILY, d(10), None, 1)], True, id="pending-then-ended",
        ),
        pytest.param(  # ended after waiting, complained about afterwards: the same day
            [ACCEPTED, REQUESTED, SUPPLIED, DONE_AFTER, flag(DONE_AFTER, moment=at(12, 10))],
            [(DAILY, d(10), None, 1)], True, id="pending-ended-then-flag",
        ),
        pytest.param(  # refused by the agency (resolved, in early / on time / late): it counts
            [ACCEPTED, flag(IN_STEP), snap(at(9, 10), "resolution_refused", ended_at=at(9, 10))],
            [(DAILY, d(9), None, 1)], True, id="refused-by-the-agency-counts",
        ),
        pytest.param(  # cancelled by an administrator: not resolved, never counts
            [ACCEPTED, flag(IN_STEP), CANCELLED, flag(CANCELLED, moment=at(6, 9))],
            [], False, id="cancelled-never",
        ),
        pytest.param(  # refused at intake: never received, never resolved
            [SUBMITTED, flag(SUBMITTED, moment=at(1, 22)), REFUSED, flag(REFUSED, moment=at(3, 9))],
            [], False, id="refused-at-intake-never",
        ),
        pytest.param(  # flagged before acceptance (a complaint about an online filing): counts once it ends
            [SUBMITTED, flag(SUBMITTED, moment=at(1, 22)), ACCEPTED, DONE],
            [(DAILY, d(3), None, 1)], True, id="flag-before-acceptance",
        ),
        pytest.param(  # still open at the end: nothing
            [ACCEPTED, flag(IN_STEP)], [], False, id="open-never-yet",
        ),
    ],
)
def test_complained_or_disliked_counts_once_where_the_dossier_is_resolved(snapshots, expected, counted):
    _state, deltas = replay(snapshots, CAL)
    assert flagged_deltas(deltas) == expected
    acc = Accumulator()
    acc.add(deltas)
    march = [d(n) for n in range(1, 32)]
    for i, first in enumerate(march):  # every period of March: 0 ≤ disliked ≤ resolved
        for last in march[i:]:
            resolved, disliked = resolved_and_disliked(acc, first, last)
            assert 0 <= disliked <= resolved, (first, last)
    assert resolved_and_disliked(acc, d(1), d(31))[1] == (1 if counted else 0)


PATHS = {
    "returned": [ACCEPTED, IN_STEP, DONE, RETURNED],
    "supplied-then-done": [ACCEPTED, REQUESTED, SUPPLIED, DONE_AFTER],
    "pending": [ACCEPTED, REQUESTED],
    "withdrawn": [ACCEPTED, IN_STEP, WITHDRAWN],
    "cancelled": [ACCEPTED, IN_STEP, CANCELLED],
    "refused-at-intake": [SUBMITTED, REFUSED],
    "open": [ACCEPTED, IN_STEP],
}


@pytest.mark.parametrize(
    "name, when", [(name, when) for name, path in PATHS.items() for when in range(len(path) + 1)]
)
@pytest.mark.parametrize("rejected", [False, True], ids=["flag", "flag-then-rejected"])
def test_a_flag_arriving_at_any_point_gives_what_the_rebuild_gives(name, when, rejected):
    """Incremental (the portal's refresh after the n-th transition; then, maybe, the complaint rejected
    at the end) = rebuild (the current flag on every snapshot): same state, same rows."""
    path = PATHS[name]
    last = path[max(when - 1, 0)]
    incremental = [*path[:when], flag(last, moment=last.at + dt.timedelta(minutes=1)), *path[when:]]
    if rejected:
        incremental.append(flag(path[-1], False, path[-1].at + dt.timedelta(days=1)))
    rebuilt = [flag(x, not rejected) for x in path]
    state_a, deltas_a = replay(incremental, CAL)
    state_b, deltas_b = replay(rebuilt, CAL)
    acc_a, acc_b = Accumulator(), Accumulator()
    acc_a.add(deltas_a)
    acc_b.add(deltas_b)
    assert state_a == state_b
    assert dict(acc_a.daily) == dict(acc_b.daily) and dict(acc_a.pending) == dict(acc_b.pending)


# --- the overdue flip agrees with ontime.classify ---------------------------------------------------

YEAR = WorkCalendar((dt.date(2026, 4, 30), dt.date(2026, 5, 1)), first_year=2026, last_year=2026)
DAYS = [dt.date(2026, 3, 1) + dt.timedelta(days=i) for i in range(120)]


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), BUSINESS_TZ)


@settings(max_examples=600, deadline=None)
@given(
    received=st.sampled_from(DAYS[:40]),
    minute=st.integers(min_value=6 * 60, max_value=18 * 60),
    duration=st.sampled_from(["1d", "3d", "7d", "4h", "sameday", "10cd", "20d"]),
    waited=st.integers(min_value=0, max_value=5 * 480),
    paused_offset=st.one_of(st.none(), st.integers(min_value=0, max_value=30 * 24 * 60)),
    report=st.sampled_from(DAYS),
)
def test_overdue_flip_day_matches_classify_at_the_end_of_every_day(
    received, minute, duration, waited, paused_offset, report
):
    accepted = dt.datetime.combine(received, dt.time(minute // 60, minute % 60), BUSINESS_TZ)
    limit = Duration.parse(duration)
    start = YEAR.period_start(accepted, limit)
    due = YEAR.due(accepted, limit)
    paused = None if paused_offset is None else accepted + dt.timedelta(minutes=paused_offset)
    moment = _end_of(report)
    if moment <= accepted or (paused is not None and paused > moment):
        return
    facts = DeadlineFacts(clock_started_at=start, appointment=due, excluded_minutes=waited, paused_since=paused)
    expected = classify(facts, moment, YEAR) == OnTime.IN_PROGRESS_OVERDUE
    snapshot = Snapshot(
        at=accepted, stage="in_step", dims=DIMS, accepted_at=accepted, clock_started_at=start,
        original_due_at=due, excluded_minutes=waited, paused_at=paused,
    )
    flip = overdue_from(snapshot, YEAR)
    assert (flip is not None and flip <= report) == expected

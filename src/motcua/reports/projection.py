"""How one dossier's history feeds the report aggregates — a small state machine, framework-free.

Why a state machine
-------------------
Reports must answer "received / resolved / early / on time / late / in progress within time /
overdue" for any period without scanning the dossier table (issue 7 §3). So every state change of a
dossier turns into **deltas** on day-keyed counters (``DailyFigure``/``MonthlyFigure``, and the
stock deltas also on ``StockTotal``) and on the small table of dossiers waiting for a supplement
(``PendingFigure``). Flows (received, ended…) are summed over the days of a period; stocks (in
progress, overdue) are the running sum of their deltas up to the last day of the period — "in
progress at the end of day D".

The same function :func:`advance` is used by

1. the incremental path — the ``dossier_changed`` receiver, inside the service's transaction,
   feeds it the dossier as it is right after the transition;
2. the rebuild — ``motcua reports-rebuild`` replays every dossier's transitions;
3. the bulk loader of the province simulation.

Each call gets the stored :class:`State` of the dossier and a :class:`Snapshot` of its facts after
the transition, and returns the new state plus the deltas. The aggregates are sums of deltas, so
incremental = rebuild as long as both feed the same snapshots — the test suite checks it on real
service histories.

States (``State.phase``) and what each one counts (DOMAIN §7, rules of :mod:`motcua.reports.metrics`)
------------------------------------------------------------------------------------------------------
- ``""`` — not received yet (submitted online, waiting at the counter). Nothing counts.
- ``refused`` — refused at intake (status 3): ``refused_intake`` +1 on that day. Not received.
- ``open`` — received and being processed (also while paused for a financial obligation, clock
  stopped): ``d_open`` +1 on entering, −1 on leaving; ``d_overdue`` +1 on the day it becomes
  overdue — scheduled ahead (a future day) when it enters ``open`` and **retracted** (−1 on that
  future day) if it leaves before. "Becomes overdue": the first day at whose end the working time
  used, minus the waiting time, exceeds the appointment's — see :func:`overdue_from`. While paused
  for a financial obligation it is judged at the pause start (frozen), so the flip is unscheduled
  until the clock resumes.
- ``pending`` — waiting for a supplement (rule 5: counted as resolved at the request, classified
  then; with more than one request it is late). ``PendingFigure`` +1 on the request day keyed by
  the request day and the class, −1 on the day it comes back (supplement received) or ends.
- ``ended`` — finished (rule 1: done, refused, withdrawal; "returned" after "done" changes nothing):
  ``ended_<class>`` +1 on the end day, plus ``withdrawn``/``refused`` for those outcomes.
- ``cancelled`` — an administrator's cancellation: not a resolution (outside every rate);
  ``cancelled`` +1. A cancelled dossier stays counted as received (it was received).

Digitisation (``digitised``) is the *latest known* state of the dossier's components: when it
changes, the ``digitised`` counter of the day it was received moves (±1).

Complained or disliked (``disliked``, the second term of the 766 satisfaction: 100 % − late rate −
rate of dossiers with a complaint or a "Không hài lòng" rating, over the dossiers resolved) is a
per-dossier flag, the *latest known* one like digitisation: on when the portal records a
dissatisfied rating or a complaint about the dossier; off again only if every such complaint is
rejected at intake (the portal's reading does not count a rejected complaint) and there is no
dislike. The rule:

- **ended** — a result, a refusal of the agency or a withdrawal (all three are in early + on time +
  late, :attr:`.metrics.Figures.resolved`): ``disliked`` +1 on ``ended_on``, the day its
  ``ended_<class>`` +1 landed, whenever the flag arrives. Before the end, it counts when the dossier
  ends; after the end, that past day moves (like digitisation). The flag going off takes it back
  from the same day.
- **not received yet, open, waiting for a supplement**: nothing yet — counted when it ends, on its
  end day.
- **refused at intake, cancelled**: never (not resolved).

It counts **once per dossier** (a complaint and a dislike on the same dossier are one flag), so on
every day and breakdown ``disliked`` ≤ ended early + on time + late: for any period and group,
disliked ≤ resolved. A dossier **waiting for its only supplement** (rule 5), which the period counts
as resolved at the request, is *not* counted in ``disliked`` while it waits: that count is as of the
end of each period (the pending table), and a flag arriving after a waiting episode could not be
placed there by the rebuild, which knows only the current flag — so it counts when the dossier
ends, on its end day. Placing the flag only on the end day keeps rebuild = incremental exactly,
whatever the moment the complaint or rating came.

Past days only ever receive deltas that are retractions of what was scheduled for them or the
digitisation and complained-or-disliked flags; everything else lands on the day of the event, so a
closed period's figures stay as they were reported (rule 5 is as-of the end of each period, by its
nature).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from motcua.dossiers.ontime import DeadlineFacts, OnTime, classify
from motcua.lib.clock import BUSINESS_TZ
from motcua.worktime.engine import CalendarRangeError

# National channel for statistics (DOMAIN §3: 1 direct, 2 online, 3 postal): a filing by the
# officer for a person at the counter is a direct filing.
CHANNELS = ("direct", "online", "postal")
NATIONAL_CHANNEL = {"direct": "direct", "on_behalf": "direct", "online": "online", "postal": "postal"}

NONE, OPEN, PENDING, ENDED, CANCELLED, REFUSED = "", "open", "pending", "ended", "cancelled", "refused"
PHASES = (NONE, OPEN, PENDING, ENDED, CANCELLED, REFUSED)

# Outcome kinds of an ended dossier (besides its class).
RESULT, REFUSED_RESOLUTION, WITHDRAWN = "result", "refused", "withdrawn"
_KIND_OF_STAGE = {
    "done": RESULT,
    "returned": RESULT,
    "resolution_refused": REFUSED_RESOLUTION,
    "withdrawal_requested": WITHDRAWN,
    "stopped": WITHDRAWN,
}

# Counters of DailyFigure / MonthlyFigure (the model declares one column per name).
FLOW_COUNTERS = (
    "received",
    "digitised",
    "refused_intake",
    "ended_early",
    "ended_on_time",
    "ended_late",
    "ended_withdrawn",
    "ended_refused",
    "cancelled",
    "disliked",
)
STOCK_COUNTERS = ("d_open", "d_overdue")
COUNTERS = FLOW_COUNTERS + STOCK_COUNTERS
ENDED_COUNTER = {OnTime.EARLY: "ended_early", OnTime.ON_TIME: "ended_on_time", OnTime.LATE: "ended_late"}
DAILY, PENDING_TABLE = "daily", "pending"


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BUSINESS_TZ).date()


@dataclass(frozen=True, slots=True)
class Dims:
    """What a figure is broken down by: receiving centre, resolving department, procedure, channel."""

    centre_id: int
    department_id: int
    procedure_id: int
    channel: str  # national: direct / online / postal


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A dossier's report-relevant facts right after one of its transitions."""

    at: dt.datetime  # the transition moment
    stage: str
    dims: Dims
    accepted_at: dt.datetime | None = None
    clock_started_at: dt.datetime | None = None
    original_due_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    paused_at: dt.datetime | None = None
    excluded_minutes: int = 0
    supplement_count: int = 0
    digitised: bool | None = None  # None: not known at this snapshot — keep the stored flag
    disliked: bool | None = None  # complained or disliked; None: not known at this snapshot — keep the stored flag


@dataclass(frozen=True, slots=True)
class State:
    """What the aggregates hold about one dossier (stored as ``DossierStat``)."""

    phase: str = NONE
    received_on: dt.date | None = None
    digitised: bool = False
    overdue_on: dt.date | None = None  # open: the day it counts as overdue from (None: not scheduled)
    pending_on: dt.date | None = None  # pending: the request day (rule 5)
    outcome: str = ""  # pending/ended: early / on_time / late
    kind: str = ""  # ended: result / refused / withdrawn
    ended_on: dt.date | None = None  # ended / cancelled / refused: the day
    disliked: bool = False  # a complaint or a "Không hài lòng" rating (counted only while resolved)


@dataclass(frozen=True, slots=True)
class Delta:
    table: str  # DAILY or PENDING_TABLE
    day: dt.date
    dims: Dims
    counter: str  # DAILY: one of COUNTERS; PENDING_TABLE: "count"
    n: int
    request_day: dt.date | None = None  # PENDING_TABLE only
    outcome: str = ""  # PENDING_TABLE only


def phase_of(snapshot: Snapshot) -> str:
    if snapshot.accepted_at is None:
        return REFUSED if snapshot.stage == "refused" else (CANCELLED if snapshot.stage == "cancelled" else NONE)
    if snapshot.stage == "cancelled":
        return CANCELLED
    if snapshot.ended_at is not None:
        return ENDED
    if snapshot.stage == "supplement_requested":
        return PENDING
    return OPEN


def _facts(snapshot: Snapshot, **extra) -> DeadlineFacts:
    return DeadlineFacts(
        clock_started_at=snapshot.clock_started_at,
        appointment=snapshot.original_due_at,
        excluded_minutes=snapshot.excluded_minutes,
        supplement_requests=snapshot.supplement_count,
        **extra,
    )


def ended_class(snapshot: Snapshot, calendar) -> str:
    """Rule 1–4: the class of a finished dossier at its end moment."""
    facts = _facts(snapshot, end=snapshot.ended_at)
    return str(classify(facts, snapshot.ended_at, calendar))


def pending_class(snapshot: Snapshot, calendar) -> str:
    """Rule 5: waiting for a supplement — classified at the request (late when not the only one)."""
    requested = snapshot.paused_at
    facts = _facts(snapshot, paused_since=requested, pending_supplement_since=requested)
    return str(classify(facts, requested, calendar))


def overdue_from(snapshot: Snapshot, calendar) -> dt.date | None:
    """The first day at whose end an unfinished dossier counts as overdue (DOMAIN §7), or None.

    It mirrors ``ontime.classify`` for a report at the end of a day (00:00 of the next one), where
    overdue means ``effective(now) > appointment`` and ``effective`` takes the waiting time X off:

    - X = 0: ``effective(now)`` is ``now`` itself, so the dossier is overdue at the end of the
      appointment's own day (e.g. due 17:00 → overdue from that evening);
    - X > 0: ``effective(now)`` is the first instant at which (working time used − X) had elapsed; with
      W the working minutes from the clock start to the appointment, that passes the appointment
      during working minute W + X + 1 — on the day of ``add_working_minutes(start, W + X + 1)``;
    - paused for a financial obligation: judged at the pause start — overdue only if it already was
      (the flip then lies in the past), otherwise not scheduled (None) until the clock resumes;
    - more than one supplement request: overdue at once (ontime rule 7, our reading).
    """
    if snapshot.supplement_count > 1:
        return dt.date.min
    start, appointment = snapshot.clock_started_at, snapshot.original_due_at
    if start is None or appointment is None:
        return None
    waited = snapshot.excluded_minutes
    try:
        if waited <= 0:
            if snapshot.paused_at is not None and snapshot.paused_at <= appointment:
                return None
            return local_date(appointment)
        limit = calendar.working_minutes_between(start, appointment) + waited + 1
        if snapshot.paused_at is not None and calendar.working_minutes_between(start, snapshot.paused_at) < limit:
            return None
        return local_date(calendar.add_working_minutes(start, limit))
    except CalendarRangeError:  # beyond the loaded calendar years: not overdue within them
        return None


def advance(state: State, snapshot: Snapshot, calendar) -> tuple[State, list[Delta]]:
    """The new state after ``snapshot`` and the deltas that take the aggregates there."""
    deltas: list[Delta] = []
    dims = snapshot.dims
    day = local_date(snapshot.at)

    def add(counter: str, n: int, on: dt.date) -> None:
        deltas.append(Delta(DAILY, on, dims, counter, n))

    new = state
    target = phase_of(snapshot)

    # 1. First acceptance: received on the acceptance day.
    if state.received_on is None and snapshot.accepted_at is not None:
        received_on = local_date(snapshot.accepted_at)
        add("received", 1, received_on)
        new = replace(new, received_on=received_on)

    # 2. Digitisation: the latest known state, counted on the day it was received.
    desired = state.digitised if snapshot.digitised is None else snapshot.digitised
    counted_before = state.digitised and state.received_on is not None
    counted_after = desired and new.received_on is not None
    if counted_after != counted_before:
        add("digitised", 1 if counted_after else -1, new.received_on)
    if desired != state.digitised:
        new = replace(new, digitised=desired)

    # 3. Complained or disliked: the latest known flag; counted only where the dossier is resolved.
    flag = state.disliked if snapshot.disliked is None else snapshot.disliked
    if flag != state.disliked:
        new = replace(new, disliked=flag)

    old = state.phase
    if old in (ENDED, CANCELLED, REFUSED) or target == NONE:
        if old == ENDED and flag != state.disliked:
            add("disliked", 1 if flag else -1, state.ended_on)  # on the day its outcome was counted
        return new, deltas  # terminal, or not received yet: nothing else moves

    # 4. An open dossier that stays open: only its overdue flip may move (pause / resume).
    if old == OPEN and target == OPEN:
        # Overdue at the end of overdue_on: from the day after, it can only stay so. On that day itself
        # an earlier event (a pause before the appointment moment) may still take the flip back.
        if state.overdue_on is not None and state.overdue_on < day:
            return new, deltas
        flip = overdue_from(snapshot, calendar)
        flip = None if flip is None else max(flip, day)
        if flip != state.overdue_on:
            if state.overdue_on is not None:
                add("d_overdue", -1, state.overdue_on)  # retract the scheduled flip
            if flip is not None:
                add("d_overdue", 1, flip)
            new = replace(new, overdue_on=flip)
        return new, deltas
    if old == PENDING and target == PENDING and state.pending_on == local_date(snapshot.paused_at):
        return new, deltas

    # 5. Leave the old phase.
    if old == OPEN:
        add("d_open", -1, day)
        if state.overdue_on is not None:
            add("d_overdue", -1, day if state.overdue_on <= day else state.overdue_on)
        new = replace(new, overdue_on=None)
    elif old == PENDING:
        deltas.append(Delta(PENDING_TABLE, day, dims, "count", -1, state.pending_on, state.outcome))
        new = replace(new, pending_on=None, outcome="")

    # 6. Enter the new one.
    if target == OPEN:
        add("d_open", 1, day)
        flip = overdue_from(snapshot, calendar)
        if flip is not None:
            flip = max(flip, day)
            add("d_overdue", 1, flip)
        new = replace(new, overdue_on=flip)
    elif target == PENDING:
        request_day = local_date(snapshot.paused_at)
        outcome = pending_class(snapshot, calendar)
        deltas.append(Delta(PENDING_TABLE, day, dims, "count", 1, request_day, outcome))
        new = replace(new, pending_on=request_day, outcome=outcome)
    elif target == ENDED:
        ended_on = local_date(snapshot.ended_at)
        outcome = ended_class(snapshot, calendar)
        kind = _KIND_OF_STAGE.get(snapshot.stage, RESULT)
        add(ENDED_COUNTER[outcome], 1, ended_on)
        if flag:
            add("disliked", 1, ended_on)
        if kind == WITHDRAWN:
            add("ended_withdrawn", 1, ended_on)
        elif kind == REFUSED_RESOLUTION:
            add("ended_refused", 1, ended_on)
        new = replace(new, outcome=outcome, kind=kind, ended_on=ended_on)
    elif target == CANCELLED:
        add("cancelled", 1, day)
        new = replace(new, ended_on=day)
    elif target == REFUSED:
        add("refused_intake", 1, day)
        new = replace(new, ended_on=day)
    return replace(new, phase=target), deltas


def replay(snapshots, calendar, state: State | None = None) -> tuple[State, list[Delta]]:
    """Feed a dossier's snapshots in order; the final state and every delta."""
    state = state or State()
    deltas: list[Delta] = []
    for snapshot in snapshots:
        state, more = advance(state, snapshot, calendar)
        deltas.extend(more)
    return state, deltas


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


class Accumulator:
    """Sums deltas per aggregate row — what the bulk loader and the rebuild write.

    Every row a delta touched is kept even when its counters net to zero: the incremental path
    creates the row at the first delta, so both paths leave exactly the same rows.
    """

    def __init__(self) -> None:
        self.daily: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(COUNTERS))
        self.monthly: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(COUNTERS))
        self.pending: dict[tuple, int] = defaultdict(int)
        self.stock: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, deltas) -> None:
        index = _COUNTER_INDEX
        for delta in deltas:
            d = delta.dims
            if delta.table == DAILY:
                i = index[delta.counter]
                self.daily[(delta.day, d.centre_id, d.department_id, d.procedure_id, d.channel)][i] += delta.n
                self.monthly[(month_of(delta.day), d.centre_id, d.department_id, d.procedure_id, d.channel)][
                    i
                ] += delta.n
                if delta.counter in _STOCK_INDEX:
                    self.stock[(d.centre_id, d.department_id, d.procedure_id, d.channel)][
                        _STOCK_INDEX[delta.counter]
                    ] += delta.n
            else:
                key = (
                    delta.day,
                    delta.request_day,
                    delta.outcome,
                    d.centre_id,
                    d.department_id,
                    d.procedure_id,
                    d.channel,
                )
                self.pending[key] += delta.n


_COUNTER_INDEX = {name: i for i, name in enumerate(COUNTERS)}
_STOCK_INDEX = {name: i for i, name in enumerate(STOCK_COUNTERS)}

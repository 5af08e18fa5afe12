"""On-time classification of a dossier (DOMAIN §7; Quyết định 766/QĐ-TTg rules) — framework-free.

Reports (issue 7) reuse this module, so it takes plain values and a working-time clock (anything
with ``working_minutes_between`` and ``add_working_minutes``, e.g. a worktime ``WorkCalendar``)
and knows nothing about Django.

Rules
-----
1. **End moment**: the first of done (9) → returned (10) → stopped/refused; a withdrawal ends the
   dossier too (the caller passes it as ``end``).
2. **Waiting time is subtracted**: working minutes spent waiting for a supplement or a financial
   obligation (``excluded_minutes``; for the restart policy, all working time before the complete
   supplement) are taken off the end moment before it is compared — "effective end".
3. Against the **original appointment** (default):
   early = the effective end falls on a calendar day before the appointment's day;
   on time = on the appointment's day, no later than the appointment moment;
   late = after the appointment moment.
4. **More than one supplement request during processing → late**, whatever the times.
5. A dossier **still waiting for its only supplement** at the moment of the report uses the request
   time as its end (it is classified as finished); with more than one request it is late.
6. **No appointment on record**: on time when the working time used (minus waiting) ≤ the limit.
7. **In progress** (not finished): within time while the effective "now" (the pause start when the
   clock is stopped) is not after the appointment; overdue after it. Our reading: an unfinished
   dossier that already had more than one supplement request is overdue (it can only finish late).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from motcua.lib.clock import BUSINESS_TZ


class OnTime(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    IN_PROGRESS_WITHIN = "in_progress_within"
    IN_PROGRESS_OVERDUE = "in_progress_overdue"

    @property
    def finished(self) -> bool:
        return self in (OnTime.EARLY, OnTime.ON_TIME, OnTime.LATE)

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    OnTime.EARLY: "Trước hạn",
    OnTime.ON_TIME: "Đúng hạn",
    OnTime.LATE: "Quá hạn",
    OnTime.IN_PROGRESS_WITHIN: "Đang giải quyết trong hạn",
    OnTime.IN_PROGRESS_OVERDUE: "Đang giải quyết quá hạn",
}


class WorkingClock(Protocol):
    def working_minutes_between(self, start: dt.datetime, end: dt.datetime) -> int: ...

    def add_working_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime: ...


@dataclass(frozen=True)
class DeadlineFacts:
    """What the rules need to know about one dossier."""

    clock_started_at: dt.datetime  # when the legal clock started (acceptance, or next session)
    appointment: dt.datetime | None  # the ORIGINAL appointment (receipt, Mẫu 01)
    end: dt.datetime | None = None  # end moment (rule 1); None while unfinished
    excluded_minutes: int = 0  # closed waiting periods (rule 2)
    paused_since: dt.datetime | None = None  # clock stopped now (waiting for the applicant)
    pending_supplement_since: dt.datetime | None = None  # waiting for a supplement now (rule 5)
    supplement_requests: int = 0  # requests during processing (rule 4)
    limit_minutes: int | None = None  # the time limit in working minutes, for rule 6


def effective_moment(moment: dt.datetime, facts: DeadlineFacts, clock: WorkingClock) -> dt.datetime:
    """``moment`` with the waiting time taken off (rule 2), in working time from the clock start."""
    if facts.excluded_minutes <= 0:
        return moment
    used = clock.working_minutes_between(facts.clock_started_at, moment)
    return clock.add_working_minutes(facts.clock_started_at, max(0, used - facts.excluded_minutes))


def _finished(end: dt.datetime, facts: DeadlineFacts, clock: WorkingClock) -> OnTime:
    if facts.supplement_requests > 1:  # rule 4
        return OnTime.LATE
    if facts.appointment is None:  # rule 6
        if facts.limit_minutes is None:
            raise ValueError("Không có ngày hẹn và không có thời hạn: không xếp loại đúng hạn được.")
        used = clock.working_minutes_between(facts.clock_started_at, end) - facts.excluded_minutes
        return OnTime.ON_TIME if used <= facts.limit_minutes else OnTime.LATE
    effective = effective_moment(end, facts, clock)
    if effective > facts.appointment:  # rule 3
        return OnTime.LATE
    if effective.astimezone(BUSINESS_TZ).date() < facts.appointment.astimezone(BUSINESS_TZ).date():
        return OnTime.EARLY
    return OnTime.ON_TIME


def classify(facts: DeadlineFacts, at: dt.datetime, clock: WorkingClock) -> OnTime:
    """Classify one dossier at the moment ``at`` (the end of a report period, or now)."""
    if facts.end is not None and facts.end <= at:
        return _finished(facts.end, facts, clock)
    if facts.pending_supplement_since is not None and facts.pending_supplement_since <= at:  # rule 5
        if facts.supplement_requests > 1:
            return OnTime.LATE
        return _finished(facts.pending_supplement_since, facts, clock)
    if facts.supplement_requests > 1:  # rule 7, our reading
        return OnTime.IN_PROGRESS_OVERDUE
    now = min(at, facts.paused_since) if facts.paused_since else at
    if facts.appointment is None:
        if facts.limit_minutes is None:
            raise ValueError("Không có ngày hẹn và không có thời hạn: không xếp loại đúng hạn được.")
        used = clock.working_minutes_between(facts.clock_started_at, now) - facts.excluded_minutes
        return OnTime.IN_PROGRESS_WITHIN if used <= facts.limit_minutes else OnTime.IN_PROGRESS_OVERDUE
    effective = effective_moment(now, facts, clock)
    return OnTime.IN_PROGRESS_WITHIN if effective <= facts.appointment else OnTime.IN_PROGRESS_OVERDUE

"""The report metrics, exactly as DOMAIN §7 states them (Quyết định 766/QĐ-TTg rules) — framework-free.

One module holds every formula the reports, the public page, the exports and the CLI print, so a
figure means the same thing everywhere. The per-dossier rule (early / on time / late / in progress)
is :mod:`motcua.dossiers.ontime` (re-exported here, never duplicated); this module adds what a
report does with many dossiers.

Per dossier (DOMAIN §7, ``ontime``)
-----------------------------------
1. **End of processing** (:func:`end_moment`): the first of done (9) → returned (10) →
   stopped/refused; a citizen's withdrawal also ends a dossier.
2. **On time** = finished no later than the *original* appointment (the receipt's); **early** = the
   end falls on a calendar day before the appointment's day; **late** = after the appointment moment.
3. Time **waiting for a supplement or a financial obligation is subtracted** before comparing.
4. **More than one supplement request** during processing counts as **late**.
5. A dossier **still waiting for its only supplement** at the end of the period uses the request
   time as its end (it is counted as resolved, classified at the request).
6. **In progress**: within time, or overdue (past the appointment, not finished).

Per report (:class:`Figures`)
-----------------------------
- **received** (tiếp nhận): dossiers accepted (code issued, status 2) in the period — refusals at
  intake are not received, they are counted apart (``refused_intake``);
- **resolved** (đã giải quyết) = early + on time + late: dossiers whose end (rule 1, or rule 5)
  falls in the period;
- **in progress** (đang giải quyết) = within time + overdue, at the end of the period;
- **on-time rate** — the press/leadership rate "tỷ lệ giải quyết trước hạn và đúng hạn" =
  (early + on time) ÷ resolved;
- **766 progress rate** = (early + on time + in progress within time) ÷ (resolved + in progress) —
  "received or processed in the period" read as every dossier the period handled;
- **online share** = dossiers received online ÷ received (by channel; DOMAIN §3 channel codes);
- **digitisation share** = dossiers whose every component is digitised (scanned, or electronic /
  taken from the data store) ÷ received — full 766 points at ≥ 80 %;
- **late rate** = late ÷ resolved; **dislike rate** = dossiers with a complaint or a "dislike"
  rating ÷ resolved;
- **satisfaction** (766) = 100 % − (late rate + dislike rate) — full points at ≥ 90 %; computed
  exactly, rounded, clamped at 0 % (a dossier late *and* disliked is in both terms).

A rate whose denominator is zero is ``None`` (shown as "—"), never 0 % or 100 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from motcua.dossiers.ontime import DeadlineFacts, OnTime, classify, effective_moment

__all__ = [
    "DIGITISATION_FULL_POINTS",
    "SATISFACTION_FULL_POINTS",
    "DeadlineFacts",
    "Figures",
    "OnTime",
    "classify",
    "effective_moment",
    "end_moment",
    "percent",
    "rate",
]

DIGITISATION_FULL_POINTS = 80.0  # QĐ 766: digitised dossiers, full points at ≥ 80 %
SATISFACTION_FULL_POINTS = 90.0  # QĐ 766: satisfaction, full points at ≥ 90 %


def end_moment(
    *,
    done_at: dt.datetime | None = None,
    returned_at: dt.datetime | None = None,
    stopped_at: dt.datetime | None = None,
    refused_at: dt.datetime | None = None,
    withdrawn_at: dt.datetime | None = None,
) -> dt.datetime | None:
    """Rule 1: the first of done (9) → returned (10) → stopped/refused; a withdrawal ends it too.

    "First" in the order of the rule: a dossier that is done ends when it was done, even if it was
    returned (10) later; only a dossier with none of these is unfinished (None).
    """
    for moment in (done_at, returned_at):
        if moment is not None:
            return moment
    ends = [m for m in (stopped_at, refused_at, withdrawn_at) if m is not None]
    return min(ends) if ends else None


def rate(numerator: int, denominator: int) -> Decimal | None:
    """``numerator ÷ denominator`` in percent, 2 decimals (half up); None when nothing to divide."""
    if denominator <= 0:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(value: Decimal | None) -> float | None:
    """A rate for JSON (a float with 2 decimals) — None stays None."""
    return None if value is None else float(value)


def satisfaction_rate(resolved: int, late: int, disliked: int) -> Decimal | None:
    """QĐ 766 satisfaction in percent (DOMAIN §7): 100 % − (late rate + rate of dossiers with a complaint
    or a "dislike" rating). Our reading, to confirm with the province:

    1. The population is the dossiers **resolved** in the period (early, on time or late); both rates
       share that denominator.
    2. ``disliked`` counts the resolved dossiers with a complaint (phản ánh about the dossier, not
       rejected at intake) **or** a "Không hài lòng" rating — a dossier with both counts once.
    3. The formula is applied as written: a dossier both late and disliked is in both terms. Computed
       exactly, then rounded (2 decimals, half up) and kept within 0–100 %. Full points of the index
       group at ≥ ``SATISFACTION_FULL_POINTS``.
    4. ``None`` when nothing was resolved (undefined, not 100 %)."""
    if resolved <= 0:
        return None
    exact = Decimal(100) - Decimal(100) * (late + disliked) / resolved
    return min(Decimal(100), max(Decimal(0), exact)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    """The counts behind one line of a report (a centre, a sector, a procedure, a channel, a period)."""

    received: int = 0
    received_online: int = 0
    digitised: int = 0
    refused_intake: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    withdrawn: int = 0  # resolved by the citizen's withdrawal / stop (part of early/on time/late)
    refused: int = 0  # resolved by a reasoned refusal of the agency (part of early/on time/late)
    cancelled: int = 0  # cancelled by an administrator: not a resolution, outside the rates
    disliked: int = 0  # resolved dossiers with a complaint or a "dislike" rating, once each (projection.py)

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    # --- derived counts -----------------------------------------------------------------------

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def early_or_on_time(self) -> int:
        return self.early + self.on_time

    @property
    def in_progress(self) -> int:
        return self.in_progress_within + self.in_progress_overdue

    # --- rates (percent, 2 decimals) -----------------------------------------------------------

    @property
    def on_time_rate(self) -> Decimal | None:
        """Tỷ lệ giải quyết trước hạn và đúng hạn = (early + on time) ÷ resolved."""
        return rate(self.early_or_on_time, self.resolved)

    @property
    def progress_rate_766(self) -> Decimal | None:
        """QĐ 766 progress: (finished on time + in progress within time) ÷ (received or processed)."""
        return rate(self.early_or_on_time + self.in_progress_within, self.resolved + self.in_progress)

    @property
    def late_rate(self) -> Decimal | None:
        return rate(self.late, self.resolved)

    @property
    def online_share(self) -> Decimal | None:
        return rate(self.received_online, self.received)

    @property
    def digitisation_share(self) -> Decimal | None:
        return rate(self.digitised, self.received)

    @property
    def dislike_rate(self) -> Decimal | None:
        return rate(self.disliked, self.resolved)

    @property
    def satisfaction(self) -> Decimal | None:
        """QĐ 766: 100 % − (late rate + rate of dossiers with a complaint or a "dislike").

        As :func:`satisfaction_rate` reads it: computed exactly, then rounded (2 decimals, half up) and
        clamped at 0 % (a dossier both late and disliked is in both terms, so the sum may pass 100 %).
        """
        return satisfaction_rate(self.resolved, self.late, self.disliked)

    def as_dict(self) -> dict:
        """The CLI/JSON shape: counts, derived counts, rates as floats (None when undefined)."""
        return {
            "received": self.received,
            "resolved": self.resolved,
            "early": self.early,
            "on_time": self.on_time,
            "late": self.late,
            "in_progress": self.in_progress,
            "in_progress_within": self.in_progress_within,
            "in_progress_overdue": self.in_progress_overdue,
            "on_time_rate": percent(self.on_time_rate),
            "progress_rate_766": percent(self.progress_rate_766),
            "online_share": percent(self.online_share),
            "digitisation_share": percent(self.digitisation_share),
            "satisfaction": percent(self.satisfaction),
            "refused_intake": self.refused_intake,
            "withdrawn": self.withdrawn,
            "refused": self.refused,
            "cancelled": self.cancelled,
        }

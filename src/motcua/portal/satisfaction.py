"""The satisfaction indicator of the 766 index (DOMAIN §7) — framework-free.

    satisfaction = 100% − (late rate + rate of dossiers with a complaint or a "dislike" rating)

Our reading, to confirm with the province:

1. The population is the dossiers **resolved** in the period (those with an on-time classification
   as finished: early, on time or late). Both rates share that denominator.
2. "Late rate" = late ÷ resolved. "Complaint or dislike rate" = resolved dossiers that have a
   complaint (a phản ánh about the dossier) **or** a "Không hài lòng" rating ÷ resolved; a dossier
   with both counts once in that term.
3. The formula is applied as written: a dossier both late and disliked appears in both terms. The
   result is clamped to 0–100 %. Full points of the index group at ≥ 90 %.
4. No resolved dossier: the indicator is undefined (None), not 100 %.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from motcua.reports.metrics import satisfaction_rate

FULL_POINTS_THRESHOLD = Decimal("90")


@dataclass(frozen=True)
class DossierFacts:
    """What the indicator needs to know about one resolved dossier."""

    late: bool
    complaint: bool = False
    dislike: bool = False


@dataclass(frozen=True)
class Satisfaction:
    resolved: int
    late: int
    complained_or_disliked: int
    rate: Decimal | None  # percent, two decimals; None without resolved dossiers

    @property
    def late_rate(self) -> Decimal | None:
        return _percent(self.late, self.resolved)

    @property
    def complaint_rate(self) -> Decimal | None:
        return _percent(self.complained_or_disliked, self.resolved)

    @property
    def full_points(self) -> bool:
        return self.rate is not None and self.rate >= FULL_POINTS_THRESHOLD


def _percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def satisfaction(dossiers: Iterable[DossierFacts]) -> Satisfaction:
    resolved = late = unhappy = 0
    for facts in dossiers:
        resolved += 1
        late += facts.late
        unhappy += facts.complaint or facts.dislike
    return Satisfaction(resolved, late, unhappy, satisfaction_rate(resolved, late, unhappy))

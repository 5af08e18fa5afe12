"""The satisfaction indicator counted dossier by dossier — the tests' independent oracle.

The product reads DOMAIN §7's satisfaction from the reports' aggregates
(:func:`motcua.reports.metrics.satisfaction_rate` over ``DailyFigure`` sums). These tests count it
another way — one dossier at a time, from its deadline status, its ratings and its complaints — and
compare the two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from motcua.dossiers.deadlines import deadline_status
from motcua.dossiers.ontime import OnTime
from motcua.feedback.services import complained_or_disliked
from motcua.reports.metrics import satisfaction_rate


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


def satisfaction(dossiers: Iterable[DossierFacts]) -> Satisfaction:
    resolved = late = unhappy = 0
    for facts in dossiers:
        resolved += 1
        late += facts.late
        unhappy += facts.complaint or facts.dislike
    return Satisfaction(resolved, late, unhappy, satisfaction_rate(resolved, late, unhappy))


def satisfaction_of(dossiers, at: dt.datetime | None = None) -> Satisfaction:
    """DOMAIN §7's satisfaction over the resolved ones among ``dossiers``."""
    dossiers = list(dossiers)
    unhappy = complained_or_disliked([d.pk for d in dossiers])
    facts = []
    for dossier in dossiers:
        status = deadline_status(dossier, at)
        if status.classification is None or not status.classification.finished:
            continue
        facts.append(DossierFacts(late=status.classification == OnTime.LATE, complaint=dossier.pk in unhappy))
    return satisfaction(facts)

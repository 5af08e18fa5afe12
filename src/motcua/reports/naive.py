"""The reference computation: figures by scanning the dossier table and classifying each dossier.

Never used by the screens (that is what the aggregates are for). It exists to check them: the test
suite compares :func:`naive_figures` with :func:`motcua.reports.queries.figures`, the benchmark uses
:func:`group_by_sql` as the "naive GROUP BY over the dossier table" baseline, and the browser test
checks a figure on screen against it.

:func:`naive_figures` judges every dossier with ``deadlines.facts`` + ``ontime.classify`` at the end
of the period, as the dossier stands now — so it equals the aggregates for periods that end after
the dossiers' last change (the aggregates are as-of the end of each period; see projection.py).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.dossiers.ontime import OnTime, classify
from motcua.lib.clock import BUSINESS_TZ

from . import dislikes
from .aggregates import CalendarCache, digitised_now
from .metrics import Figures
from .periods import Period
from .projection import _KIND_OF_STAGE, NATIONAL_CHANNEL, RESULT


def end_of(day: dt.date) -> dt.datetime:
    """The report moment of "the end of ``day``": 00:00 of the next day, business time."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), BUSINESS_TZ)


def _local(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(BUSINESS_TZ).date() if moment else None


def classify_dossier(dossier, at: dt.datetime, calendars: CalendarCache) -> tuple[OnTime | None, dt.datetime | None]:
    """(class at ``at``, the end moment it was judged at — None while in progress)."""
    if dossier.accepted_at is None or dossier.accepted_at >= at:
        return None, None
    centre = dossier.receiving_centre
    calendar = calendars.for_dossier(centre.province_code, centre.code, dossier.accepted_at)
    facts = deadlines.facts(dossier, calendar)
    if facts is None:
        return None, None
    result = classify(facts, at, calendar)
    if not result.finished:
        return result, None
    end = facts.end if facts.end is not None and facts.end <= at else facts.pending_supplement_since
    return result, end


def naive_figures(period: Period, queryset=None, *, channel: str | None = None) -> Figures:
    """Scan every dossier (of ``queryset``) and count it the way DOMAIN §7 says."""
    queryset = (queryset if queryset is not None else Dossier.objects.all()).select_related("receiving_centre")
    queryset = queryset.prefetch_related("waiting_periods")
    at = end_of(period.end)
    calendars = CalendarCache()
    counts = dict.fromkeys(
        ("received", "online", "digitised", "refused_intake", "early", "on_time", "late", "within", "overdue",
         "withdrawn", "refused", "cancelled", "disliked"),
        0,
    )
    flagged = dislikes.flagged(None)  # a complaint or a dislike, as it stands now
    for dossier in queryset.iterator(chunk_size=2000):
        if channel and NATIONAL_CHANNEL[dossier.channel] != channel:
            continue
        ended_day = _local(dossier.ended_at)
        if dossier.accepted_at is None:
            if dossier.stage == "refused" and period.start <= ended_day <= period.end:
                counts["refused_intake"] += 1
            if dossier.stage == "cancelled" and period.start <= ended_day <= period.end:
                counts["cancelled"] += 1
            continue
        if period.start <= _local(dossier.accepted_at) <= period.end:
            counts["received"] += 1
            counts["online"] += dossier.channel == "online"
            counts["digitised"] += digitised_now(dossier.pk)
        if dossier.stage == "cancelled":
            if period.start <= ended_day <= period.end:
                counts["cancelled"] += 1
            continue
        result, end = classify_dossier(dossier, at, calendars)
        if result is None:
            continue
        if end is None:
            counts["within" if result == OnTime.IN_PROGRESS_WITHIN else "overdue"] += 1
        elif period.start <= _local(end) <= period.end:
            counts[str(result)] += 1
            if dossier.ended_at is not None and dossier.ended_at <= at:
                counts["disliked"] += dossier.pk in flagged  # counted on its end day (projection.py)
                kind = _KIND_OF_STAGE.get(dossier.stage, RESULT)
                counts["withdrawn"] += kind == "withdrawn"
                counts["refused"] += kind == "refused"
    return Figures(
        received=counts["received"],
        received_online=counts["online"],
        digitised=counts["digitised"],
        refused_intake=counts["refused_intake"],
        early=counts["early"],
        on_time=counts["on_time"],
        late=counts["late"],
        in_progress_within=counts["within"],
        in_progress_overdue=counts["overdue"],
        withdrawn=counts["withdrawn"],
        refused=counts["refused"],
        cancelled=counts["cancelled"],
        disliked=counts["disliked"],
    )


def group_by_sql(start: dt.date, end: dt.date) -> str:
    """The naive dashboard query: one GROUP BY over the dossier table (the benchmark's baseline).

    Received, resolved and early-or-on-time per receiving centre, comparing the end moment with the
    original appointment in SQL (no waiting-time subtraction, no rule 4/5 — it is already slower
    than the aggregates while being less exact).
    """
    table = Dossier._meta.db_table
    start_at = dt.datetime.combine(start, dt.time(0), BUSINESS_TZ)
    end_at = end_of(end)
    a = connection.ops.adapt_datetimefield_value(start_at)
    b = connection.ops.adapt_datetimefield_value(end_at)
    quote = connection.ops.quote_name
    return (
        f"SELECT receiving_centre_id, "
        f"SUM(CASE WHEN accepted_at >= '{a}' AND accepted_at < '{b}' THEN 1 ELSE 0 END) AS received, "
        f"SUM(CASE WHEN ended_at >= '{a}' AND ended_at < '{b}' AND accepted_at IS NOT NULL "
        f"AND stage <> 'cancelled' THEN 1 ELSE 0 END) AS resolved, "
        f"SUM(CASE WHEN ended_at >= '{a}' AND ended_at < '{b}' AND accepted_at IS NOT NULL "
        f"AND stage <> 'cancelled' AND ended_at <= original_due_at THEN 1 ELSE 0 END) AS on_time, "
        f"SUM(CASE WHEN accepted_at < '{b}' AND (ended_at IS NULL OR ended_at >= '{b}') "
        f"AND accepted_at IS NOT NULL THEN 1 ELSE 0 END) AS in_progress "
        f"FROM {quote(table)} GROUP BY receiving_centre_id"
    )

"""Report figures for any period and breakdown, read from the aggregates only (issue 7 §2, §3).

:func:`figures` is the one query every screen, export and the CLI use. For a period [A, B] and a
breakdown (centre, department, sector, procedure, channel, competence level, or none):

1. **flows** (received, digitised, refused at intake, ended early/on time/late, withdrawn, refused,
   cancelled): the monthly table for the whole months inside [A, B], the daily table for the rest
   (:func:`motcua.reports.periods.plan`);
2. **stocks at the end of B** (in progress, of which overdue): the sum of the ``d_open`` /
   ``d_overdue`` deltas dated up to B. For a recent B: the running total of every delta
   (``StockTotal``, one row per combination) minus the daily rows dated after B (the few flips
   scheduled ahead); for an old B: monthly rows before B's month plus daily rows of B's month up to
   B. Both are exact; the cheaper one is used;
3. **waiting for a supplement at the end of B** with the request inside [A, B] (DOMAIN §7 rule 5:
   counted as resolved, classified at the request): the pending table, rows of days ≤ B whose
   request day ≥ A.

The cost depends on the number of breakdown combinations and months, not on the number of
dossiers (``bench/bench_reports.py`` measures it at 100k, 1M and 10M dossiers).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, Sum

from .metrics import Figures
from .models import DailyFigure, MonthlyFigure, PendingFigure, StockTotal
from .periods import Period, plan, up_to_plan
from .projection import FLOW_COUNTERS, STOCK_COUNTERS

# breakdown name -> the aggregate columns it groups by (through the procedure / department FKs)
GROUPS: dict[str, tuple[str, ...]] = {
    "total": (),
    "centre": ("centre_id",),
    "department": ("department_id",),
    "competent_centre": ("department__centre_id",),
    "sector": ("procedure__sector_id",),
    "procedure": ("procedure_id",),
    "channel": ("channel",),
    "level": ("department__level",),
    "centre_level": ("centre__level",),
}
# filters a caller may pass (name -> lookup on the aggregate rows)
FILTERS = {
    "centre": "centre_id",
    "centres": "centre_id__in",
    "department": "department_id",
    "competent_centre": "department__centre_id",
    "sector": "procedure__sector_id",
    "procedure": "procedure_id",
    "channel": "channel",
    "level": "department__level",
    "centre_level": "centre__level",
}
FLOWS, STOCKS = FLOW_COUNTERS, STOCK_COUNTERS  # the counters the projection maintains
RECENT_DAYS = 62  # a period ending within this many days of today reads the stock backwards


def _filter(**filters) -> Q:
    condition = Q()
    for name, value in filters.items():
        if value is None:
            continue
        if name not in FILTERS:
            raise ValueError(f"Bộ lọc báo cáo không hợp lệ: {name!r}.")
        condition &= Q(**{FILTERS[name]: value})
    return condition


def _sum(queryset, columns: tuple[str, ...], counters: Iterable[str]):
    counters = tuple(counters)
    return queryset.values(*columns).annotate(**{f"s_{c}": Sum(c) for c in counters}).order_by()


def _key(row: dict, columns: tuple[str, ...]):
    return tuple(row[c] for c in columns)


class _Totals:
    def __init__(self) -> None:
        self.values: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, rows, columns: tuple[str, ...], counters: Iterable[str], sign: int = 1) -> None:
        counters = tuple(counters)
        for row in rows:
            target = self.values[_key(row, columns)]
            for c in counters:
                target[c] += sign * (row[f"s_{c}"] or 0)


def raw_totals(
    period: Period, group_by: str = "total", *, stock_path: str | None = None, **filters
) -> dict[tuple, dict[str, int]]:
    """Counter sums per breakdown key (plus the channel) — the building block of :func:`figures`."""
    columns = (*GROUPS[group_by], "channel")
    condition = _filter(**filters)
    totals = _Totals()
    start, end = period.start, period.end

    # 1. flows over [start, end]
    split = plan(start, end)
    if split.months:
        rows = MonthlyFigure.objects.filter(condition, month__in=split.months)
        totals.add(_sum(rows, columns, FLOWS), columns, FLOWS)
    for first, last in split.day_ranges:
        rows = DailyFigure.objects.filter(condition, day__gte=first, day__lte=last)
        totals.add(_sum(rows, columns, FLOWS), columns, FLOWS)

    # 2. stocks at the end of `end`
    from motcua.lib import clock

    if stock_path is None:
        stock_path = "backward" if end >= clock.today() - dt.timedelta(days=RECENT_DAYS) else "forward"
    if stock_path == "backward":
        totals.add(_sum(StockTotal.objects.filter(condition), columns, STOCKS), columns, STOCKS)
        rows = DailyFigure.objects.filter(condition, day__gt=end)
        totals.add(_sum(rows, columns, STOCKS), columns, STOCKS, sign=-1)
    else:
        bound, days = up_to_plan(end)
        rows = MonthlyFigure.objects.filter(condition, month__lt=bound)
        totals.add(_sum(rows, columns, STOCKS), columns, STOCKS)
        if days:
            rows = DailyFigure.objects.filter(condition, day__gte=days[0], day__lte=days[1])
            totals.add(_sum(rows, columns, STOCKS), columns, STOCKS)

    # 3. waiting for a supplement at the end of `end`, requested inside the period
    rows = PendingFigure.objects.filter(condition, day__lte=end, request_day__gte=start)
    pending_columns = (*columns, "outcome")
    for row in _sum(rows, pending_columns, ("count",)):
        totals.values[_key(row, columns)][f"pending_{row['outcome']}"] += row["s_count"] or 0
    return totals.values


def _figures(counts: dict[str, int], online: int) -> Figures:
    opened = counts.get("d_open", 0)
    overdue = counts.get("d_overdue", 0)
    return Figures(
        received=counts.get("received", 0),
        received_online=online,
        digitised=counts.get("digitised", 0),
        refused_intake=counts.get("refused_intake", 0),
        early=counts.get("ended_early", 0) + counts.get("pending_early", 0),
        on_time=counts.get("ended_on_time", 0) + counts.get("pending_on_time", 0),
        late=counts.get("ended_late", 0) + counts.get("pending_late", 0),
        in_progress_within=opened - overdue,
        in_progress_overdue=overdue,
        withdrawn=counts.get("ended_withdrawn", 0),
        refused=counts.get("ended_refused", 0),
        cancelled=counts.get("cancelled", 0),
        disliked=counts.get("disliked", 0),
    )


def figures(
    period: Period, group_by: str = "total", *, by_channel: bool = False, stock_path: str | None = None, **filters
) -> dict:
    """``{key: Figures}`` for the breakdown (key: the id / value, ``None`` for "total");
    with ``by_channel`` the value is ``(Figures, {channel: Figures})``."""
    if group_by not in GROUPS:
        raise ValueError(f"Cách nhóm báo cáo không hợp lệ: {group_by!r}.")
    raw = raw_totals(period, group_by, stock_path=stock_path, **filters)
    width = len(GROUPS[group_by])
    grouped: dict = defaultdict(dict)
    for key, counts in raw.items():
        grouped[key[:width]][key[-1]] = counts  # (breakdown…, channel)
    result = {}
    for group, channels in grouped.items():
        channels = {ch: counts for ch, counts in channels.items() if any(counts.values())}
        if not channels:
            continue  # a combination whose counters all net to zero has nothing to show
        per_channel = {
            channel: _figures(counts, counts.get("received", 0) if channel == "online" else 0)
            for channel, counts in channels.items()
        }
        total = Figures()
        for value in per_channel.values():
            total = total + value
        key = group[0] if group else None
        result[key] = (total, per_channel) if by_channel else total
    return result


def carried_over(period: Period, group_by: str = "total", **filters) -> dict:
    """``{key: count}`` — column (4) of the periodic report, "từ kỳ trước chuyển qua": dossiers
    received before the period that the period's lines account for (resolved in it or in progress
    at its end, columns (7) and (11)).

    Those are the dossiers in progress at the end of the day before the period, **plus** those then
    waiting for a supplement (rule 5 counted them as resolved in the earlier period, at the request)
    that came back, ended or were cancelled during the period. A dossier still waiting at the end of
    the period on a request from before it is in neither (7) nor (11) — nor here. So for every line
    (3) = (4) + (5) + (6) = (7) + (11) + the dossiers cancelled in the period (not a resolution):
    the balance a provincial office checks on the form.
    """
    if group_by not in GROUPS:
        raise ValueError(f"Cách nhóm báo cáo không hợp lệ: {group_by!r}.")
    start = period.start
    day_before = start - dt.timedelta(days=1)
    result: dict = defaultdict(int)
    for key, counts in figures(Period(day_before, day_before, "day"), group_by, **filters).items():
        result[key] += counts.in_progress
    columns = GROUPS[group_by]
    # the −1 of a dossier waiting since before the period, dated inside it: it came back or ended
    rows = PendingFigure.objects.filter(_filter(**filters), request_day__lt=start, day__gte=start,
                                        day__lte=period.end)
    for row in _sum(rows, columns, ("count",)):
        key = row[columns[0]] if columns else None
        result[key] -= row["s_count"] or 0
    return {key: count for key, count in result.items() if count}


def total(period: Period, **filters) -> Figures:
    """One line: every dossier matching the filters."""
    return figures(period, **filters).get(None, Figures())


def trend(periods: Iterable[Period], **filters) -> list[tuple[Period, Figures]]:
    """The same figures for consecutive periods (the on-time trend chart)."""
    return [(p, total(p, **filters)) for p in periods]


def last_months(end: dt.date, count: int) -> list[Period]:
    from .periods import month

    result = []
    year_, month_ = end.year, end.month
    for _ in range(count):
        result.append(month(year_, month_))
        month_ -= 1
        if month_ == 0:
            year_, month_ = year_ - 1, 12
    return list(reversed(result))


def reference_date() -> dt.date:
    """"Today" for the default periods of the screens: ``settings.MOTCUA["REPORTS_AS_OF"]`` when set
    (``motcua demo`` sets it to the last day of a loaded simulation), otherwise today."""
    from django.conf import settings

    from motcua.lib import clock

    value = settings.MOTCUA.get("REPORTS_AS_OF")
    if value:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return clock.today()

"""Report figures for any period and breakdown, read from the aggregates only (issue 7 §2, §3).

:func:`figures` is the one query every screen, export and the CLI use. For a period [A, B] and a
breakdown (centre, department, sector, procedure, channel, competence level, or none):

1. **flows** (received, digitised, refused at intake, ended early/on time/late, withdrawn, refused,
   cancelled): the monthly table for the whole months inside [A, B], the daily table for the rest
   (:func:`motcua.reports.periods.plan`);
2. **stocks at the end of B** (in progress, of which overdue): the sum of the ``d_open`` /
   ``d_overdue`` deltas dated up to B. Backwards: the running total of every delta (``StockTotal``,
   one row per combination) minus the monthly rows after B's month and the daily rows of its month
   after B; forwards: the monthly rows before B's month plus the daily rows of its month up to B.
   Both are exact; the one reading fewer months is used (a recent B backwards, an old one forwards);
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
from .periods import Period, month_end, plan, up_to_plan
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


def _months_between(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _backward_is_cheaper(month_: dt.date) -> bool:
    """Whether the stock at the end of ``month_`` (a first day) is read with fewer monthly rows from
    the running totals backwards (the months after it) than from the beginning forwards (the months
    before it). Both are exact; the monthly rows per month depend on the breakdown combinations, not on
    the number of dossiers, so the cost follows the months read. (Two index lookups.)"""
    # two queries, not one MIN/MAX: SQLite walks the index for a lone MIN or MAX only
    months = MonthlyFigure.objects.values_list("month", flat=True)
    first, last = months.order_by("month").first(), months.order_by("-month").first()
    if first is None:
        return True
    return _months_between(month_, last) <= _months_between(first, month_)


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
    if stock_path is None:
        stock_path = "backward" if _backward_is_cheaper(end.replace(day=1)) else "forward"
    if stock_path == "backward":
        # the running totals minus every delta dated after `end`: the months after its month, then the
        # rest of its month (the flips scheduled ahead are among them)
        totals.add(_sum(StockTotal.objects.filter(condition), columns, STOCKS), columns, STOCKS)
        rows = MonthlyFigure.objects.filter(condition, month__gt=end.replace(day=1))
        totals.add(_sum(rows, columns, STOCKS), columns, STOCKS, sign=-1)
        if end < month_end(end.replace(day=1)):
            rows = DailyFigure.objects.filter(condition, day__gt=end, day__lte=month_end(end.replace(day=1)))
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


def _figures(counts: dict[str, int], channel: str) -> Figures:
    """One channel's counter sums as figures (what it received counts as online on the online channel)."""
    opened = counts.get("d_open", 0)
    overdue = counts.get("d_overdue", 0)
    return Figures(
        received=counts.get("received", 0),
        received_online=counts.get("received", 0) if channel == "online" else 0,
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
        per_channel = {channel: _figures(counts, channel) for channel, counts in channels.items()}
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
    """The same figures for consecutive periods (the on-time trend chart): what :func:`total` gives
    for each of them.

    Whole calendar months (the dashboard's twelve) are read in one pass over the monthly rows: a
    month's flows are its own rows, its end-of-month stock a running sum of the monthly deltas (from
    the beginning, or back from the running totals, as for one period) — and the rows waiting for a
    supplement in one more query. Asking :func:`total` month by month instead
    walks the monthly rows (or the daily rows after the month) once per month: at ten million dossiers
    that made the dashboard page 0.7–1.1 s against 0.1 s at a hundred thousand (docs/benchmarks.md).
    """
    periods = list(periods)
    if not periods or not all(p.start.day == 1 and p.end == month_end(p.start) for p in periods):
        return [(p, total(p, **filters)) for p in periods]
    condition = _filter(**filters)
    counters = FLOWS + STOCKS
    first, last = min(p.start for p in periods), max(p.start for p in periods)
    # the months read: from the first one on (the stock backwards from the running totals) or up to
    # the last one (the stock forwards from the beginning) — whichever is fewer
    backward = _backward_is_cheaper(first)
    rows = MonthlyFigure.objects.filter(condition, **({"month__gte": first} if backward else {"month__lte": last}))
    monthly: dict[dt.date, dict[str, dict[str, int]]] = defaultdict(dict)
    for row in _sum(rows, ("month", "channel"), counters):
        monthly[row["month"]][row["channel"]] = {c: row[f"s_{c}"] or 0 for c in counters}
    stock_total: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STOCKS, 0))
    if backward:
        for row in _sum(StockTotal.objects.filter(condition), ("channel",), STOCKS):
            stock_total[row["channel"]] = {c: row[f"s_{c}"] or 0 for c in STOCKS}
    # running[m]: the stock deltas of the months read, up to and including m
    running: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STOCKS, 0))
    up_to: list[tuple[dt.date, dict]] = []
    for month_ in sorted(monthly):
        for channel, counts in monthly[month_].items():
            for c in STOCKS:
                running[channel][c] += counts[c]
        up_to.append((month_, {channel: dict(values) for channel, values in running.items()}))
    pending = list(_sum(PendingFigure.objects.filter(condition, request_day__gte=first, day__lte=month_end(last)),
                        ("day", "request_day", "channel", "outcome"), ("count",)))
    result = []
    for period in periods:
        read = next((values for month_, values in reversed(up_to) if month_ <= period.start), {})
        channels: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for channel in set(read) | set(running) | set(stock_total):
            for c in STOCKS:
                if backward:  # the running totals minus the deltas of the months after this one
                    value = stock_total[channel][c] - (running[channel][c] - read.get(channel, {}).get(c, 0))
                else:
                    value = read.get(channel, {}).get(c, 0)
                channels[channel][c] += value
        for channel, counts in monthly.get(period.start, {}).items():
            for c in FLOWS:
                channels[channel][c] += counts[c]
        for row in pending:  # waiting at the end of the month, requested inside it (step 3 of raw_totals)
            if row["request_day"] >= period.start and row["day"] <= period.end:
                channels[row["channel"]][f"pending_{row['outcome']}"] += row["s_count"] or 0
        figures_ = Figures()
        for channel, counts in channels.items():
            figures_ = figures_ + _figures(counts, channel)
        result.append((period, figures_))
    return result


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

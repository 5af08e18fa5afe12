"""The aggregates, maintained by the services, give the figures a scan of the dossiers gives.

One story (``story.fortnight``) drives 15 dossiers through every path (early, on time, late, two
supplements, restart policy, financial obligation, withdrawal, refusal by the agency, refusal at
intake, same day, cancellation, boundary-free intake, a Saturday session, scans). At the end of
every day the test scans the dossier table (``naive.naive_figures``, DOMAIN §7 applied dossier by
dossier) for several periods ending that day; afterwards the aggregates must give the same numbers
for each of those periods — including the stocks (in progress, overdue) as they were then.
"""

from __future__ import annotations

import datetime as dt

from motcua.reports import periods, queries
from motcua.reports.metrics import Figures
from motcua.reports.naive import naive_figures

from .story import FIRST_DAY, fortnight


def test_figures_equal_a_scan_of_the_dossiers_at_the_end_of_every_period(world):
    story = fortnight(world)
    expected: dict[periods.Period, Figures] = {}

    def checkpoint(day: dt.date) -> None:
        for period in (
            periods.day(day),
            periods.custom(FIRST_DAY, day),
            periods.custom(max(FIRST_DAY, day - dt.timedelta(days=4)), day),
        ):
            expected[period] = naive_figures(period)

    story.run(checkpoint)
    mismatches = {
        period.label: (queries.total(period), figures)
        for period, figures in expected.items()
        if queries.total(period) != figures
    }
    assert mismatches == {}
    whole = periods.custom(FIRST_DAY, dt.date(2026, 3, 20))
    final = queries.total(whole)
    # the story is meant to exercise every counter
    assert final.received == 14 and final.refused_intake == 1 and final.cancelled == 1
    assert final.early and final.on_time and final.late and final.in_progress_within
    assert final.withdrawn == 1 and final.refused == 1 and final.digitised == 2


def test_breakdowns_add_up_to_the_total(world):
    fortnight(world).run()
    period = periods.month(2026, 3)
    total = queries.total(period)
    for group in ("centre", "department", "sector", "procedure", "channel", "level", "centre_level"):
        parts = queries.figures(period, group)
        summed = Figures()
        for value in parts.values():
            summed = summed + value
        assert summed == total, group


def test_breakdown_by_channel_matches_a_scan_per_channel(world):
    fortnight(world).run()
    period = periods.month(2026, 3)
    total, per_channel = queries.figures(period, by_channel=True)[None]
    for channel in ("direct", "online"):
        assert per_channel[channel] == naive_figures(period, channel=channel), channel
    assert total.received_online == per_channel["online"].received == 1


def test_the_stock_read_forwards_equals_the_stock_read_backwards(world):
    fortnight(world).run()
    for day in (dt.date(2026, 3, 4), dt.date(2026, 3, 9), dt.date(2026, 3, 20), dt.date(2026, 4, 30)):
        for group in ("total", "centre", "procedure", "channel"):
            period = periods.custom(FIRST_DAY, day)
            forward = queries.figures(period, group, stock_path="forward")
            backward = queries.figures(period, group, stock_path="backward")
            assert forward == backward, (day, group)

"""The dashboard's 12-month trend read in one pass gives exactly what the months read one by one give.

``queries.trend`` reads whole months from the monthly rows with a running stock (one pass) instead of
one ``queries.total`` per month; the figures must be identical — flows, the stock at each month's end
(in progress within time / overdue) and rule 5's dossiers waiting for a supplement — whatever the
filters, read backwards from the running totals or forwards from the beginning.
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.lib import clock
from motcua.reports import periods, queries

from .simulated import SEED
from .story import fortnight

NEXT_DAY = dt.datetime(2025, 9, 1, 9, 0, tzinfo=clock.BUSINESS_TZ)  # the month just ended: stock read backwards
YEARS_LATER = dt.datetime(2029, 1, 2, 9, 0, tzinfo=clock.BUSINESS_TZ)  # every month read forwards


def month_by_month(months, **filters):
    return [(p, queries.total(p, **filters)) for p in months]


def both_ways(monkeypatch, months, **filters):
    """The trend read backwards (from the running totals) and forwards (from the beginning)."""
    results = []
    for backward in (True, False):
        monkeypatch.setattr(queries, "_backward_is_cheaper", lambda _month, backward=backward: backward)
        results.append(queries.trend(months, **filters))
    monkeypatch.undo()
    return results


@pytest.mark.django_db
def test_trend_of_the_simulated_province_equals_month_by_month(province, monkeypatch):
    from motcua.org.models import ServiceCentre
    from motcua.reports.simulation import bulk

    bulk.load(province.plans, SEED)  # July–August 2025 at 1/100, every path
    hoa_minh = ServiceCentre.objects.get(name__icontains="Hòa Minh")
    cases = [
        (dt.date(2025, 8, 31), {}),
        (dt.date(2025, 7, 31), {}),  # August ahead of the trend's last month
        (dt.date(2025, 11, 30), {}),  # months without a dossier after the data
        (dt.date(2025, 8, 31), {"centre": hoa_minh.pk}),
        (dt.date(2025, 8, 31), {"channel": "online"}),
        (dt.date(2025, 8, 31), {"level": "province"}),
    ]
    for moment in (NEXT_DAY, YEARS_LATER):
        with clock.frozen(moment):
            for end, filters in cases:
                months = queries.last_months(end, 12)
                expected = month_by_month(months, **filters)
                assert queries.trend(months, **filters) == expected, (moment, end, filters)
                backwards, forwards = both_ways(monkeypatch, months, **filters)
                assert backwards == expected and forwards == expected, (moment, end, filters)
    july, august = queries.trend(queries.last_months(dt.date(2025, 8, 31), 12))[-2:]
    assert july[1].received and august[1].resolved and august[1].in_progress  # something was compared


def test_trend_of_every_dossier_path_equals_month_by_month(world, monkeypatch):
    # the fortnight story: a supplement waiting at the end of March, a cancellation, a financial
    # obligation, an overdue dossier — read from February to May 2026
    fortnight(world).run()
    months = [periods.month(2026, m) for m in (2, 3, 4, 5)]
    centre = world.p.phu_khuong.pk
    with clock.frozen(dt.datetime(2026, 4, 1, 9, 0, tzinfo=clock.BUSINESS_TZ)):
        for filters in ({}, {"centre": centre}):
            expected = month_by_month(months, **filters)
            assert both_ways(monkeypatch, months, **filters) == [expected, expected], filters
    march = queries.trend(months)[1][1]
    assert march.received == 14 and march.cancelled == 1 and march.in_progress_overdue


def test_periods_that_are_not_whole_months_are_read_one_by_one(world):
    fortnight(world).run()
    weeks = [periods.custom(dt.date(2026, 3, 2), dt.date(2026, 3, 8)),
             periods.custom(dt.date(2026, 3, 9), dt.date(2026, 3, 15))]
    assert queries.trend(weeks) == month_by_month(weeks)

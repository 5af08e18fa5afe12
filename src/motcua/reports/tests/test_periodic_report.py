"""The periodic report balances as the office that files it checks: (3) = (7) + (11).

Column (3) "số hồ sơ nhận giải quyết" = (4) carried over + (5) + (6) received in the period; (7) resolved
in the period + (11) in progress at its end. Rule 5 (DOMAIN §7) counts a dossier waiting for its only
supplement as resolved at the request — so a dossier waiting at the end of one period and coming back
in the next is resolved (or in progress) in *both*: the second period must carry it over, or its line
shows more dossiers handled than it had (206 of 29,478 in August of the simulated province before
``queries.carried_over``). The fortnight story (story.py) has both kinds: d3 waits at the end of week 1
and comes back Monday 9; d4 waits from Tuesday 10 and comes back Monday 16; d14 still waits at the end;
d11 is cancelled by the administrator on Friday 6.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.reports import exports, periods, queries
from motcua.reports.metrics import Figures
from motcua.reports.periods import Period

from .story import fortnight


def day(n: int) -> dt.date:
    return dt.date(2026, 3, n)


@pytest.fixture
def march(world):
    fortnight(world).run()
    return world


PERIODS = [
    Period(day(2), day(6), "custom"),  # week 1: d11 cancelled, d3 waiting at the end
    Period(day(9), day(13), "custom"),  # week 2: d3 comes back (carried), d4 waiting at the end
    Period(day(16), day(20), "custom"),  # week 3: d4 comes back (carried), d14 waiting at the end
    Period(day(4), day(10), "custom"),  # across the weekend, d4's first wait inside it
    Period(day(9), day(9), "day"),
    Period(day(16), day(16), "day"),
    Period(day(2), day(20), "custom"),  # the whole fortnight: nothing carried
    periods.month(2026, 3),
]


GROUPS = ["total", "centre", "sector", "procedure", "channel", "department"]


def test_every_line_balances(march):
    # one story played once, every period × breakdown checked (the story takes a second to play)
    unbalanced = []
    for period in PERIODS:
        for group in GROUPS:
            current, carried = queries.figures(period, group), queries.carried_over(period, group)
            assert current, (period, group)  # something to balance
            for key in set(current) | set(carried):
                f = current.get(key, Figures())
                if carried.get(key, 0) + f.received != f.resolved + f.in_progress + f.cancelled:
                    unbalanced.append((period.start, period.end, group, key))
    assert unbalanced == []


def test_a_dossier_waiting_across_the_boundary_is_carried_over(march):
    # d3 waited at the end of Sunday 8 (requested Tuesday 3) and came back Monday 9: in progress at the
    # end of the day before it was not, yet week 2 resolves it — so it is carried over
    sunday = Period(day(8), day(8), "day")
    in_progress = queries.total(sunday).in_progress
    assert queries.carried_over(Period(day(9), day(13), "custom")) == {None: in_progress + 1}
    # d4 waited at the end of Sunday 15 (requested Tuesday 10), came back Monday 16
    sunday = Period(day(15), day(15), "day")
    assert queries.carried_over(Period(day(16), day(20), "custom")) == {None: queries.total(sunday).in_progress + 1}
    # over the whole fortnight nothing comes from before
    assert queries.carried_over(Period(day(2), day(20), "custom")) == {}


def test_a_dossier_still_waiting_on_an_earlier_request_is_not_carried(march):
    # d4's second request (Tuesday 10) is still waiting at the end of Friday 13: the period 11–13
    # neither resolves it nor has it in progress, so it is not carried over either
    period = Period(day(11), day(13), "custom")
    tuesday = Period(day(10), day(10), "day")
    assert queries.carried_over(period) == {None: queries.total(tuesday).in_progress}


def test_excel_lines_balance_and_the_cancelled_dossier_is_explained(client, march):
    client.force_login(march.p.giang)
    response = client.get(reverse("reports:export", args=["xlsx"]),
                          {"ky": "custom", "tu": "2026-03-02", "den": "2026-03-06", "nhom": "sector"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    table = [row for row in rows if isinstance(row[2], int) and row[1]]
    assert table
    cancelled = queries.total(PERIODS[0]).cancelled
    assert cancelled == 1  # d11
    for row in table:
        received, carried, online, direct, resolved, in_progress = row[2], row[3], row[4], row[5], row[6], row[10]
        assert received == carried + online + direct
        if row[1] == "Tổng cộng":
            assert received == resolved + in_progress + cancelled
    notes = next(v for row in rows for v in row if isinstance(v, str) and v.startswith("Lập lúc"))
    assert "(3) = (4) + (5) + (6) = (7) + (11)" in notes
    assert "1 hồ sơ bị hủy" in notes


def test_week_two_report_counts_the_dossier_back_from_a_supplement(march):
    report = exports.build(Period(day(9), day(13), "custom"), "total", {}, unit="Phú Khương", group_label="",
                           filters={}, labels={}, simulated=False)
    total = report.total
    assert total.received_total == total.resolved + total.in_progress  # nothing cancelled in week 2
    assert "bị hủy" not in report.notes


def test_the_form_is_vietnamese_from_the_english_pages_too(client, march):
    # the official periodic report is filed in Vietnamese: /en/ gave an English title over the
    # form's Vietnamese columns
    client.force_login(march.p.giang)
    response = client.get("/en" + reverse("reports:export", args=["xlsx"]), {"ky": "month", "tu": "2026-03-01"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    flat = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in flat and "Tổng cộng" in flat
    assert "Tỉnh Vĩnh Long (toàn tỉnh)" in flat and "Lĩnh vực" in flat
    assert "Total" not in flat and "Sector" not in flat

"""The report screens: who sees what, the figures they show, drill-down and exports.

Personas (org/personas.py): tuan directs Phú Khương, giang supervises the province, lan is a counter
officer (no report), anonymous visitors see only the public page. The story (story.fortnight) fills
March 2026 at Phú Khương.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from motcua.lib import clock
from motcua.reports import periods, queries
from motcua.reports.tests.story import fortnight

AS_OF = dt.date(2026, 3, 20)


@pytest.fixture
def march(world, monkeypatch):
    monkeypatch.setitem(settings.MOTCUA, "REPORTS_AS_OF", AS_OF)
    fortnight(world).run()
    return world


def login(client, user):
    client.force_login(user)
    return client


def test_public_page_needs_no_login_and_shows_this_month(client, march):
    response = client.get(reverse("reports:transparency"))
    assert response.status_code == 200
    month = queries.total(periods.month_to_date(AS_OF))
    html = response.content.decode()
    assert f'id="month-received" data-value="{month.received}"' in html
    assert f'id="month-on-time-rate" data-value="{month.on_time_rate}"' in html
    assert "R1.001193" in html  # the procedures list with their rates


def test_public_page_figures_per_procedure_and_centre_are_the_dossier_tables(client, march):
    """Online share, the procedures' on-time rates and each centre's row, against a scan of the
    dossier table (naive.naive_figures: DOMAIN §7 applied dossier by dossier), not the aggregates."""
    import re

    from motcua.dossiers.models import Dossier
    from motcua.reports.naive import naive_figures

    html = client.get(reverse("reports:transparency")).content.decode()
    month, year = periods.month_to_date(AS_OF), periods.year_to_date(AS_OF)

    def cell(row: str, metric: str) -> str:
        found = re.search(rf'<tr {row}>.*?data-metric="{metric}" data-value="([^"]*)"', html, re.S)
        assert found, (row, metric)
        return found.group(1)

    assert naive_figures(month).online_share is not None
    assert f'id="month-online-share" data-value="{naive_figures(month).online_share}"' in html
    assert f'id="year-online-share" data-value="{naive_figures(year).online_share}"' in html
    codes = set(re.findall(r'data-procedure="([^"]+)"', html))
    assert len(codes) >= 2
    for code in codes:
        expected = naive_figures(year, Dossier.objects.filter(procedure__code=code))
        assert cell(f'data-procedure="{code}"', "received") == str(expected.received)
        assert cell(f'data-procedure="{code}"', "late") == str(expected.late)
        assert cell(f'data-procedure="{code}"', "on_time_rate") == ("" if expected.on_time_rate is None
                                                                   else str(expected.on_time_rate))
    phu_khuong = naive_figures(year, Dossier.objects.filter(receiving_centre__code="28756"))
    assert phu_khuong.received and phu_khuong.resolved
    assert cell('data-centre="28756"', "online_share") == str(phu_khuong.online_share)
    assert cell('data-centre="28756"', "satisfaction") == str(phu_khuong.satisfaction)


@pytest.mark.parametrize("name", ["reports:transparency", "reports:dashboard", "reports:table"])
def test_the_figures_never_scan_the_dossier_table(client, march, name):
    """Issue 7 §3: the pages read the aggregates, so they answer as fast at ten million dossiers as at
    ten thousand — no statement of theirs touches the dossier table (the drill-down lists dossiers by
    design, a page at a time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers.models import Dossier

    table = connection.ops.quote_name(Dossier._meta.db_table)
    login(client, march.p.giang)
    with CaptureQueriesContext(connection) as queries_made:
        response = client.get(reverse(name), {"ky": "month", "tu": "2026-03-01"})
    assert response.status_code == 200
    assert len(queries_made) > 3
    assert [q["sql"] for q in queries_made if table in q["sql"]] == []


def test_the_citizen_portal_links_to_the_public_page_and_back(client, march):
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("reports:transparency")}"' in home and "Công khai kết quả" in home
    public = client.get(reverse("reports:transparency")).content.decode()
    assert f'href="{reverse("portal:home")}"' in public
    assert f'href="{reverse("backoffice:home")}"' not in public  # anonymous: no staff link
    dashboard = login(client, march.p.tuan).get(reverse("reports:dashboard")).content.decode()
    assert f'href="{reverse("backoffice:home")}"' in dashboard  # staff: back to their screens


def test_public_page_shows_the_satisfaction_lowered_by_a_dislike(client, world, monkeypatch):
    """Mai, whose birth registration d1 was returned on Wed 4, rates it "Không hài lòng" with her
    receipt's code and lookup secret (the portal's page); the public page then shows the lower 766
    satisfaction — province-wide and for Phú Khương."""
    from motcua.lib import clock
    from motcua.reports.metrics import rate

    monkeypatch.setitem(settings.MOTCUA, "REPORTS_AS_OF", AS_OF)
    story = fortnight(world)
    story.run()
    d1 = story.d["d1"]
    month = periods.month_to_date(AS_OF)
    before = queries.total(month)
    assert before.disliked == 0 and before.satisfaction == Decimal(100) - before.late_rate
    with clock.frozen(dt.datetime(2026, 3, 20, 10, 0, tzinfo=clock.BUSINESS_TZ)):
        response = client.post(f"/tra-cuu/{d1.code}/danh-gia/", {"s": d1.lookup_secret, "score": 1})
    assert response.status_code == 302
    after = queries.total(month)
    assert after.disliked == 1 and after.resolved == before.resolved
    lowered = Decimal(100) - after.late_rate - rate(1, after.resolved)
    assert after.satisfaction == lowered < before.satisfaction
    for url in (reverse("reports:transparency"), reverse("reports:transparency_centre", args=["28756"])):
        html = client.get(url).content.decode()
        assert f'id="month-satisfaction" data-value="{lowered}"' in html, url


def test_public_page_of_one_centre(client, march):
    response = client.get(reverse("reports:transparency_centre", args=["28756"]))
    assert response.status_code == 200
    assert "Phú Khương" in response.content.decode()
    assert client.get(reverse("reports:transparency_centre", args=["99999"])).status_code == 404


def test_dashboard_requires_login(client, march):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_counter_officer_has_no_report(client, march):
    assert login(client, march.p.lan).get(reverse("reports:dashboard")).status_code == 403


def test_director_sees_his_centre_only(client, march):
    client = login(client, march.p.tuan)
    response = client.get(reverse("reports:dashboard"), {"ky": "month", "tu": "2026-03-01"})
    assert response.status_code == 200
    figures = queries.total(periods.month(2026, 3), centres=[march.p.phu_khuong.pk])
    assert f'id="kpi-received" data-value="{figures.received}"' in response.content.decode()
    # another centre is out of scope: like a missing one
    assert client.get(reverse("reports:dashboard"), {"tt": "29410"}).status_code == 404


def test_supervisor_sees_the_province_and_every_centre(client, march):
    client = login(client, march.p.giang)
    response = client.get(reverse("reports:dashboard"), {"ky": "month", "tu": "2026-03-01"})
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html  # server-rendered charts
    total = queries.total(periods.month(2026, 3))
    assert f'id="kpi-received" data-value="{total.received}"' in html
    assert client.get(reverse("reports:dashboard"), {"tt": "28756"}).status_code == 200


@pytest.mark.parametrize("group", ["centre", "department", "sector", "procedure", "channel", "level"])
def test_tables_by_every_breakdown(client, march, group):
    response = login(client, march.p.giang).get(reverse("reports:table"), {"ky": "month", "tu": "2026-03-01",
                                                                           "nhom": group})
    assert response.status_code == 200
    total = queries.total(periods.month(2026, 3))
    assert f'id="total-received" data-value="{total.received}"' in response.content.decode()


def test_drill_down_lists_the_dossiers_behind_a_number(client, march):
    client = login(client, march.p.tuan)
    period = {"ky": "month", "tu": "2026-03-01"}
    late = queries.total(periods.month(2026, 3), centres=[march.p.phu_khuong.pk]).late
    response = client.get(reverse("reports:drilldown"), {**period, "chi-so": "late"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == late
    received = client.get(reverse("reports:drilldown"), {**period, "chi-so": "received"})
    assert received.context["page"].paginator.count == 14


@pytest.mark.parametrize(
    ("path", "query", "english", "vietnamese"),
    [
        # the breakdown tabs and the period, translated per request (they were fixed at import, in Vietnamese)
        ("reports:table", {"nhom": "channel"}, ["Receiving centre", "Month 3/2026", "In person"],
         ["Trung tâm tiếp nhận", "Tháng 3/2026", "Trực tiếp"]),
        # the drill-down's classification column in words, not codes
        ("reports:drilldown", {"chi-so": "received"}, ["Received", "Month 3/2026", "On time"],
         ["Tháng 3/2026", ">on_time<"]),
        ("reports:dashboard", {}, ["Month 3/2026", "On-time rate by month"], ["Tháng 3/2026"]),
    ],
)
def test_report_pages_in_english_are_in_english(client, march, path, query, english, vietnamese):
    from django.utils import translation

    with translation.override("en"):
        url = reverse(path)
    assert url.startswith("/en/")
    html = login(client, march.p.giang).get(url, {"ky": "month", "tu": "2026-03-01", **query}).content.decode()
    for text in english:
        assert text in html
    for text in vietnamese:
        assert text not in html


def test_drill_down_shows_classes_in_words(client, march):
    html = login(client, march.p.tuan).get(
        reverse("reports:drilldown"), {"ky": "month", "tu": "2026-03-01", "chi-so": "received"}
    ).content.decode()
    assert "Đúng hạn" in html or "Trước hạn" in html
    assert ">on_time<" not in html and ">early<" not in html and ">open<" not in html


def test_drill_down_stays_in_scope(client, march, world):
    # a director of another centre sees none of Phú Khương's dossiers
    from motcua.org.models import Posting, Role, ServiceCentre, User

    other = User.objects.create_user(username="giamdoc2", password="x-motcua-123")
    Posting.objects.create(user=other, role=Role.CENTRE_DIRECTOR, centre=ServiceCentre.objects.get(code="29410"),
                           starts_on=dt.date(2025, 7, 1))
    response = login(client, other).get(reverse("reports:drilldown"),
                                        {"ky": "month", "tu": "2026-03-01", "chi-so": "received"})
    assert response.context["page"].paginator.count == 0


def test_excel_export_has_the_periodic_report_layout(client, march):
    response = login(client, march.p.giang).get(reverse("reports:export", args=["xlsx"]),
                                                {"ky": "month", "tu": "2026-03-01", "nhom": "sector"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in flat
    assert "Số hồ sơ nhận giải quyết" in flat and "(14)" in flat
    total_row = next(row for row in values if row[1] == "Tổng cộng")
    total = queries.total(periods.month(2026, 3))
    assert total_row[2] == total.received  # nothing carried over from February
    assert total_row[6] == total.resolved and total_row[9] == total.late


def test_pdf_export(client, march):
    response = login(client, march.p.giang).get(reverse("reports:export", args=["pdf"]),
                                                {"ky": "month", "tu": "2026-03-01"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_number_and_its_list_agree_across_midnight(client, world):
    # tuan reads his dashboard (default period: this month) at 23:58 on 31 March and clicks
    # "Tiếp nhận" at 00:02 on 1 April: the link names March, so the list is March's, not April's
    import html as html_lib
    import re

    fortnight(world).run()
    client = login(client, world.p.tuan)
    with clock.frozen(dt.datetime(2026, 3, 31, 23, 58, tzinfo=clock.BUSINESS_TZ)):
        page = client.get(reverse("reports:dashboard")).content.decode()
    link = re.search(r'id="kpi-received" data-value="(\d+)" href="([^"]+)"', page)
    number, href = int(link.group(1)), html_lib.unescape(link.group(2))
    assert number == 14 and "tu=2026-03-01" in href
    with clock.frozen(dt.datetime(2026, 4, 1, 0, 2, tzinfo=clock.BUSINESS_TZ)):
        listed = client.get(href).context["page"].paginator.count
    assert listed == number


def test_the_total_row_and_the_channel_figures_open_their_dossiers(client, march):
    # every number is a way in: the table's "Tổng cộng" row and the dashboard's per-channel figures
    # link to the list of exactly that many dossiers
    import html as html_lib
    import re

    client = login(client, march.p.giang)
    query = {"ky": "month", "tu": "2026-03-01"}
    table = client.get(reverse("reports:table"), {**query, "nhom": "centre"}).content.decode()
    total_row = table[table.index('id="total-received"'):]
    total_row = total_row[:total_row.index("</tr>")]
    links = re.findall(r'<a href="([^"]+)">([\d.,]+)</a>', total_row)
    assert len(links) == 7
    dashboard = client.get(reverse("reports:dashboard"), query).content.decode()
    channels = re.findall(r'<tr data-channel="(\w+)">(.*?)</tr>', dashboard, re.S)
    assert channels
    for _channel, row in channels:
        links += re.findall(r'<a href="([^"]+/ho-so/[^"]*)">([\d.,]+)</a>', row)
    for href, shown in links:
        listed = client.get(html_lib.unescape(href)).context["page"].paginator.count
        assert listed == int(shown.replace(".", "").replace(",", "")), href

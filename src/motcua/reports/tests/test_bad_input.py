"""Bad report input gets a clear message in the reader's language, the right status, and changes nothing.

Personas (org/personas.py): giang supervises the province, tuan directs Phú Khương, lan is a counter
officer (no reports). Found by an audit that typed what the pages' own date inputs allow: a year 9999
or 0001 gave HTTP 500, a "²" in a filter gave HTTP 500, and every refusal was Django's English "Not
Found" page.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from motcua.reports.models import DailyFigure, DossierStat

from .story import fortnight

DASHBOARD = "reports:dashboard"
TABLE = "reports:table"
DRILLDOWN = "reports:drilldown"


@pytest.fixture
def march(world):
    fortnight(world).run()
    return world


# (page, query, status, the Vietnamese message the page shows)
CASES = [
    (DASHBOARD, {"ky": "day", "tu": "9999-12-31"}, 400, "Năm báo cáo phải từ 2000 đến 2099."),
    (DASHBOARD, {"ky": "month", "tu": "0001-01-15"}, 400, "Năm báo cáo phải từ 2000 đến 2099."),
    (TABLE, {"ky": "custom", "tu": "9999-01-01", "den": "9999-12-31"}, 400, "Năm báo cáo phải từ 2000 đến 2099."),
    (DASHBOARD, {"ky": "tuần"}, 400, "Loại kỳ báo cáo không hợp lệ."),
    (DASHBOARD, {"ky": "day", "tu": "31/08/2025"}, 400, "Ngày phải theo dạng YYYY-MM-DD"),
    (DASHBOARD, {"ky": "day", "tu": "20250831"}, 400, "Ngày phải theo dạng YYYY-MM-DD"),
    (DASHBOARD, {"ky": "day", "tu": "2025-02-30"}, 400, "Ngày phải theo dạng YYYY-MM-DD"),
    (TABLE, {"ky": "custom", "tu": "2026-03-20", "den": "2026-03-02"}, 400,
     "Ngày kết thúc phải trùng hoặc sau ngày bắt đầu."),
    (TABLE, {"ky": "custom", "tu": "2026-03-02"}, 400, "Kỳ tuỳ chọn cần cả ngày bắt đầu và ngày kết thúc."),
    (TABLE, {"ky": "custom", "tu": "2000-01-01", "den": "2026-03-02"}, 400, "Kỳ báo cáo dài nhất 10 năm."),
    (DASHBOARD, {"lv": "²"}, 400, "Không tìm thấy lĩnh vực."),
    (DASHBOARD, {"th": "٣"}, 400, "Không tìm thấy thủ tục."),
    (DASHBOARD, {"cq": "1 OR 1=1"}, 400, "Không tìm thấy cơ quan giải quyết."),
    (DASHBOARD, {"kenh": "fax"}, 400, "Kênh tiếp nhận không hợp lệ."),
    (DASHBOARD, {"cap": "huyen"}, 400, "Cấp giải quyết không hợp lệ."),
    (DASHBOARD, {"tt": "99999"}, 404, "Không tìm thấy trung tâm."),
    (TABLE, {"nhom": "tinh"}, 400, "Cách nhóm không hợp lệ."),
    (DRILLDOWN, {"chi-so": "tong"}, 400, "Chỉ số không hợp lệ."),
]


@pytest.mark.parametrize("page, query, status, message", CASES, ids=[str(c[1]) for c in CASES])
def test_bad_report_input_is_answered_in_vietnamese(client, world, page, query, status, message):
    client.force_login(world.p.giang)
    response = client.get(reverse(page), query)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html and 'id="error-message"' in html
    assert "Not Found" not in html


def test_bad_input_on_the_english_pages_is_in_english(client, world):
    client.force_login(world.p.giang)
    response = client.get("/en" + reverse(DASHBOARD), {"ky": "day", "tu": "9999-12-31"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Năm báo cáo" not in html and "2000" in html


def test_exports_with_a_year_out_of_range_are_refused(client, world):
    client.force_login(world.p.giang)
    for fmt in ("xlsx", "pdf"):
        response = client.get(reverse("reports:export", args=[fmt]), {"ky": "year", "tu": "0001-01-01"})
        assert response.status_code == 400, fmt


def test_a_counter_officer_is_told_why_in_vietnamese(client, world):
    client.force_login(world.p.lan)
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 403
    assert "Chỉ giám đốc trung tâm và giám sát cấp tỉnh xem được báo cáo." in response.content.decode()


def test_an_unknown_public_centre_page(client, world):
    response = client.get(reverse("reports:transparency_centre", args=["99999"]))
    assert response.status_code == 404
    assert "Không tìm thấy trung tâm." in response.content.decode()


def test_site_wide_error_pages_are_vietnamese(client, world):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and "Not Found" not in html


# --- the command line ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["--from", "9999-12-01", "--to", "9999-12-31"], "Năm báo cáo phải từ 2000 đến 2099."),
    (["--from", "2025-08-31", "--to", "2025-07-01"], "Ngày kết thúc phải trùng hoặc sau ngày bắt đầu."),
    (["--from", "20250701", "--to", "2025-08-31"], "YYYY-MM-DD"),
])
def test_report_command_refuses_bad_dates_in_vietnamese(world, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("report", *args)
    assert message in str(raised.value)


def test_rebuild_with_an_empty_batch_is_refused_and_deletes_nothing(march):
    daily, stats = DailyFigure.objects.count(), DossierStat.objects.count()
    assert daily and stats
    for batch in ("0", "-5"):
        with pytest.raises(CommandError) as raised:
            call_command("reports_rebuild", "--batch", batch, "--no-progress")
        assert "--batch phải là số nguyên dương" in str(raised.value)
    assert (DailyFigure.objects.count(), DossierStat.objects.count()) == (daily, stats)


@pytest.mark.parametrize("scale", ["0", "0.0000001", "2"])
def test_simulate_refuses_a_scale_out_of_range_before_writing(world, scale):
    from motcua.org.models import User

    users = User.objects.count()
    with pytest.raises(CommandError) as raised:
        call_command("simulate", "--scale", scale, "--no-progress")
    assert "Tỉ lệ thu nhỏ phải từ 0.001 đến 1." in str(raised.value)
    assert User.objects.count() == users


def test_the_period_form_keeps_the_filters_and_bounds_the_years(client, world):
    client.force_login(world.p.giang)
    html = client.get(reverse(DASHBOARD), {"ky": "month", "tu": "2026-03-01", "kenh": "online", "cap": "commune",
                                           "trang": "2"}).content.decode()
    assert '<input type="hidden" name="kenh" value="online">' in html
    assert '<input type="hidden" name="cap" value="commune">' in html
    assert 'type="hidden" name="trang"' not in html and 'type="hidden" name="tu"' not in html
    assert html.count('min="2000-01-01" max="2099-12-31"') == 2  # what the server accepts (periods.parse_date)


@pytest.mark.parametrize("code, heading", [("400", "Yêu cầu không hợp lệ"), ("403", "Không có quyền truy cập"),
                                           ("404", "Không tìm thấy trang"), ("500", "Hệ thống đang gặp lỗi")])
def test_every_site_wide_error_page_renders_without_a_request(code, heading):
    # Django renders 500.html with no context at all: the page must not need one
    from django.template.loader import render_to_string

    html = render_to_string(f"{code}.html")
    assert f"Mã lỗi {code}" in html and html.count(heading) == 2

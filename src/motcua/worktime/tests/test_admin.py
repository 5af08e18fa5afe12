"""The Vietnamese admin edits the calendar only through the services (logged, revision bumped)."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.worktime.models import CalendarChange, CalendarDay, CalendarRevision, CalendarYear, CentreSchedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_vi(client, admin_user, calendar_loaded):
    client.force_login(admin_user)
    return client


def _revision() -> int:
    return CalendarRevision.objects.get(province_code="86").number


def test_adding_a_day_in_the_admin_goes_through_the_service(admin_client_vi, admin_user):
    revision = _revision()
    response = admin_client_vi.post("/admin/worktime/calendarday/add/", {
        "province_code": "86", "date": "2026-12-31", "kind": "swapped_day_off",
        "name": "Nghỉ hoán đổi (giả định)", "source": "Công văn giả định", "reason": "Thông báo mới",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    change = CalendarChange.objects.order_by("-id").first()
    assert (change.action, change.date, change.actor, change.reason) == (
        "day.added", date(2026, 12, 31), admin_user, "Thông báo mới")
    assert _revision() == revision + 1


def test_the_admin_shows_the_weekday_rule_as_a_form_error(admin_client_vi):
    count = CalendarChange.objects.count()
    response = admin_client_vi.post("/admin/worktime/calendarday/add/", {
        "province_code": "86", "date": "2026-12-30", "kind": "makeup_workday",
        "name": "Làm bù", "source": "x", "reason": "y",
    })
    assert response.status_code == 200
    assert "phải là thứ Bảy hoặc Chủ nhật" in response.content.decode()
    assert CalendarChange.objects.count() == count


def test_changing_and_deleting_a_day_in_the_admin_are_logged(admin_client_vi):
    day = CalendarDay.objects.get(province_code="86", date=date(2026, 8, 31))
    url = f"/admin/worktime/calendarday/{day.pk}/change/"
    response = admin_client_vi.post(url, {"kind": "swapped_day_off", "name": "Nghỉ hoán đổi Quốc khánh",
                                          "source": day.source, "reason": "đổi tên"})
    assert response.status_code == 302
    assert CalendarChange.objects.order_by("-id").first().action == "day.changed"
    response = admin_client_vi.post(f"/admin/worktime/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    change = CalendarChange.objects.order_by("-id").first()
    assert (change.action, change.date) == ("day.removed", date(2026, 8, 31))
    assert "quan" in change.reason


def test_confirming_a_year_in_the_admin(admin_client_vi, admin_user):
    year = CalendarYear.objects.get(province_code="86", year=2027)
    url = f"/admin/worktime/calendaryear/{year.pk}/change/"
    page = admin_client_vi.get(url).content.decode()
    assert "05/02/2027 (Thứ Sáu)" in page and "[tạm tính]" in page  # the year's days, generated
    response = admin_client_vi.post(url, {"source": "Công văn giả định 2027", "reason": "đối chiếu", "confirm": ""})
    assert response.status_code == 200  # without the confirmation box nothing is saved
    response = admin_client_vi.post(url, {"source": "Công văn giả định 2027", "reason": "đối chiếu", "confirm": "on"})
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.status, year.confirmed_by) == ("official", admin_user)


def test_centre_hours_in_the_admin(admin_client_vi):
    response = admin_client_vi.post("/admin/worktime/centreschedule/add/", {
        "centre_code": "29410", "effective_from": "2026-01-01", "morning_start": "07:30", "morning_end": "11:30",
        "afternoon_start": "13:30", "afternoon_end": "17:00", "saturday_reception": "07:30–11:30",
        "note": "", "reason": "Quyết định giả định",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CentreSchedule.objects.get(centre_code="29410").work_schedule().minutes_per_day == 450
    assert CalendarChange.objects.order_by("-id").first().action == "schedule.set"
    response = admin_client_vi.post("/admin/worktime/centreschedule/add/", {
        "centre_code": "29411", "effective_from": "2026-01-01", "morning_start": "11:30", "morning_end": "07:30",
        "reason": "x",
    })
    assert response.status_code == 200
    assert "giờ bắt đầu phải trước giờ kết thúc" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/admin/worktime/calendaryear/", "/admin/worktime/calendarday/", "/admin/worktime/calendarchange/",
     "/admin/worktime/centreschedule/", "/admin/worktime/calendarday/add/"],
)
def test_admin_pages_render(admin_client_vi, url):
    assert admin_client_vi.get(url).status_code == 200


def test_the_change_log_cannot_be_edited_in_the_admin(admin_client_vi):
    change = CalendarChange.objects.first()
    assert admin_client_vi.get("/admin/worktime/calendarchange/add/").status_code == 403
    assert admin_client_vi.post(f"/admin/worktime/calendarchange/{change.pk}/delete/", {"post": "yes"}).status_code \
        == 403

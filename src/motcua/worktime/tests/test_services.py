"""Calendar services: every change is logged, bumps the revision and signals after commit."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.lib import clock
from motcua.worktime import services
from motcua.worktime.engine import Duration
from motcua.worktime.models import CalendarChange, CalendarDay, CalendarRevision, CalendarYear
from motcua.worktime.signals import calendar_changed, centre_schedule_changed
from motcua.worktime.tests.conftest import PROVINCE, at

pytestmark = pytest.mark.django_db

D = Duration.working_days


@pytest.fixture
def received_signals():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    calendar_changed.connect(receiver, dispatch_uid="test-calendar")
    centre_schedule_changed.connect(receiver, dispatch_uid="test-schedule")
    yield received
    calendar_changed.disconnect(dispatch_uid="test-calendar")
    centre_schedule_changed.disconnect(dispatch_uid="test-schedule")


def _announce_swap(by, day=date(2026, 12, 31), reason="Công văn giả định số 1/VPCP-KGVX"):
    # a newly announced swap: Thursday 31/12/2026 off, worked back on Saturday 9/1/2027
    return services.set_day(PROVINCE, day, kind="swapped_day_off", name="Nghỉ hoán đổi dịp Tết Dương lịch 2027",
                            source="Công văn giả định số 1/VPCP-KGVX", by=by, reason=reason)


def test_set_day_logs_the_change_and_signals_only_after_commit(
    calendar_loaded, admin_user, received_signals, django_capture_on_commit_callbacks
):
    revision = CalendarRevision.objects.get(province_code=PROVINCE)
    with django_capture_on_commit_callbacks() as callbacks:
        _announce_swap(admin_user)
        assert received_signals == []  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    change = CalendarChange.objects.order_by("-id").first()
    assert (change.action, change.date, change.actor, change.actor_label) == (
        "day.added", date(2026, 12, 31), admin_user, "quan")
    assert change.old_value is None
    assert change.new_value["kind"] == "swapped_day_off"
    assert change.reason == "Công văn giả định số 1/VPCP-KGVX"
    new_revision = CalendarRevision.objects.get(province_code=PROVINCE)
    assert new_revision.number == revision.number + 1 and new_revision.token != revision.token
    assert received_signals == [{
        "signal": calendar_changed, "province_code": PROVINCE, "dates": (date(2026, 12, 31),),
        "revision": new_revision.number, "change_ids": (change.pk,),
    }]
    assert CalendarYear.objects.get(province_code=PROVINCE, year=2026).admin_edited


def test_a_rolled_back_change_sends_nothing(calendar_loaded, admin_user, received_signals,
                                            django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _announce_swap(admin_user)
        raise RuntimeError("rollback")
    assert callbacks == [] and received_signals == []
    assert not CalendarDay.objects.filter(date=date(2026, 12, 31)).exists()


def test_changing_a_day_records_old_and_new_and_setting_it_again_changes_nothing(
    calendar_loaded, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_day(PROVINCE, date(2026, 8, 31), kind="swapped_day_off", name="Nghỉ hoán đổi Quốc khánh",
                         source="VPCP 13/10/2025", by=admin_user, reason="đổi tên")
    change = CalendarChange.objects.order_by("-id").first()
    assert change.action == "day.changed"
    assert change.old_value["name"] == "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)"
    assert change.new_value["name"] == "Nghỉ hoán đổi Quốc khánh"
    count = CalendarChange.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        services.set_day(PROVINCE, date(2026, 8, 31), kind="swapped_day_off", name="Nghỉ hoán đổi Quốc khánh",
                         source="VPCP 13/10/2025", by=admin_user, reason="lần nữa")
    assert CalendarChange.objects.count() == count and callbacks == []


def test_renaming_a_day_moves_no_deadline(calendar_loaded, admin_user, received_signals,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_day(PROVINCE, date(2026, 9, 2), kind="statutory_holiday", name="Quốc khánh 2/9",
                         source="BLLĐ 2019 Đ.112", by=admin_user, reason="đổi tên")
    assert received_signals[0]["dates"] == ()  # still a day off: nothing to recompute


def test_remove_day_makes_a_weekday_a_working_day_again(calendar_loaded, admin_user, received_signals,
                                                        django_capture_on_commit_callbacks):
    assert not services.calendar_for(PROVINCE).is_working_day(date(2026, 8, 31))
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_day(PROVINCE, date(2026, 8, 31), by=admin_user, reason="hủy hoán đổi")
    assert services.calendar_for(PROVINCE).is_working_day(date(2026, 8, 31))
    change = CalendarChange.objects.order_by("-id").first()
    assert (change.action, change.new_value, change.old_value["kind"]) == ("day.removed", None, "swapped_day_off")
    assert received_signals[0]["dates"] == (date(2026, 8, 31),)


# (day, kind, message) — the weekday rules of each kind (models.check_day_kind)
@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (date(2026, 12, 30), "makeup_workday", "thứ Bảy hoặc Chủ nhật"),  # làm bù vào thứ Tư
        (date(2026, 12, 30), "weekend_in_break", "thứ Bảy hoặc Chủ nhật"),
        (date(2026, 12, 26), "swapped_day_off", "thứ Hai đến thứ Sáu"),  # hoán đổi vào thứ Bảy
        (date(2026, 12, 27), "compensatory_day_off", "thứ Hai đến thứ Sáu"),
        (date(2026, 12, 30), "holiday", "Loại ngày không hợp lệ"),
        (date(2030, 1, 2), "statutory_holiday", "Chưa có lịch làm việc năm 2030"),
    ],
)
def test_set_day_rejects_inconsistent_days(calendar_loaded, admin_user, day, kind, message):
    with pytest.raises(ValidationError, match=message):
        services.set_day(PROVINCE, day, kind=kind, name="x", source="y", by=admin_user, reason="z")


@pytest.mark.parametrize("reason", ["", "   "])
def test_every_change_needs_a_reason(calendar_loaded, admin_user, reason):
    with pytest.raises(ValidationError, match="lý do"):
        _announce_swap(admin_user, reason=reason)
    with pytest.raises(ValidationError, match="lý do"):
        services.remove_day(PROVINCE, date(2026, 8, 31), by=admin_user, reason=reason)


def test_remove_day_of_a_day_not_in_the_calendar(calendar_loaded, admin_user):
    with pytest.raises(ValidationError, match="không có trong lịch"):
        services.remove_day(PROVINCE, date(2026, 12, 30), by=admin_user, reason="x")


def test_confirming_a_year_makes_it_official(calendar_loaded, admin_user, received_signals,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.confirm_year(PROVINCE, 2027, source="Công văn giả định 2027/VPCP-KGVX", by=admin_user,
                                    reason="Đã đối chiếu thông báo")
    row.refresh_from_db()
    assert (row.status, row.confirmed_by, row.admin_edited) == ("official", admin_user, True)
    assert row.confirmed_at is not None and row.source == "Công văn giả định 2027/VPCP-KGVX"
    assert not CalendarDay.objects.filter(calendar_year=row, provisional=True).exists()
    assert services.calendar_status(PROVINCE, [2027]) == {2027: "official"}
    change = CalendarChange.objects.order_by("-id").first()
    assert change.action == "year.confirmed" and change.old_value["status"] == "provisional"
    assert received_signals[0]["dates"] == ()  # confirming moves no working day


@pytest.mark.parametrize(
    ("source", "by_admin", "message"),
    [
        ("", True, "căn cứ"),  # an official schedule names its announcement
        ("Công văn", False, "quản trị viên"),  # a system task cannot confirm
    ],
)
def test_confirming_needs_a_source_and_an_administrator(calendar_loaded, admin_user, source, by_admin, message):
    with pytest.raises(ValidationError, match=message):
        services.confirm_year(PROVINCE, 2027, source=source, by=admin_user if by_admin else "cron", reason="x")


def test_the_change_log_is_append_only(calendar_loaded):
    change = CalendarChange.objects.first()
    change.reason = "sửa lén"
    with pytest.raises(TypeError):
        change.save()
    with pytest.raises(TypeError):
        change.delete()
    with pytest.raises(TypeError):
        CalendarChange.objects.filter(pk=change.pk).update(reason="x")
    with pytest.raises(TypeError):
        CalendarChange.objects.all().delete()


# --- calendar_for


def test_calendar_for_picks_up_a_change(calendar_loaded, admin_user, django_capture_on_commit_callbacks):
    # received Wed 30/12/2026 10:00, 1 working day; 31/12 becomes a swapped day off, 1/1 is a holiday
    before = services.calendar_for(PROVINCE)
    assert services.calendar_for(PROVINCE) is before  # cached while nothing changes
    assert before.due(at("2026-12-30 10:00"), D(1)) == at("2026-12-31 10:00")
    with django_capture_on_commit_callbacks(execute=True):
        _announce_swap(admin_user)
    after = services.calendar_for(PROVINCE)
    assert after is not before
    assert after.due(at("2026-12-30 10:00"), D(1)) == at("2027-01-04 10:00")


def test_calendar_for_reaches_two_years_ahead_even_without_a_reload(calendar_loaded):
    # the clock moves into 2027 without a reference-data load: 2029 is generated in memory
    with clock.frozen(at("2027-01-05 09:00")):
        calendar = services.calendar_for(PROVINCE)
        assert calendar.last_day == date(2029, 12, 31)
        assert not calendar.is_working_day(date(2029, 1, 1))  # Tết Dương lịch, statutory
        assert services.calendar_status(PROVINCE, [2029]) == {2029: "provisional"}


def test_calendar_for_without_a_loaded_calendar(db, frozen_today):
    with pytest.raises(services.CalendarNotLoaded, match="load-reference-data"):
        services.calendar_for("99")


# --- centre hours and Saturday reception (DOMAIN §6)

CENTRE = "29410"  # Xã Hòa Minh


def _centre_hours(admin_user, saturday_reception="07:30–11:30"):
    return services.set_centre_schedule(
        CENTRE, effective_from=date(2026, 1, 1), sessions=[(time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))],
        saturday_reception=saturday_reception, by=admin_user, reason="Quyết định giả định về giờ làm việc",
    )


# (received, duration, province default due, centre due) — the centre works 07:30–11:30, 13:30–17:00
CENTRE_CASES = [
    ("2026-03-09 07:15", D(1), "2026-03-10 07:15", "2026-03-09 17:00"),  # ngày 7,5 giờ, tính từ 07:30
    ("2026-03-09 11:15", Duration.working_hours(1), "2026-03-09 14:00", "2026-03-09 14:15"),  # sáng đến 11:30
    ("2026-03-09 10:00", D(1), "2026-03-10 10:00", "2026-03-10 10:00"),
    ("2026-03-09 13:10", Duration.working_hours(1), "2026-03-09 14:10", "2026-03-09 14:30"),  # chiều từ 13:30
]


@pytest.mark.parametrize(("received", "duration", "default_due", "centre_due"), CENTRE_CASES)
def test_a_centre_schedule_changes_the_due_moment(calendar_loaded, admin_user, received, duration, default_due,
                                                   centre_due):
    _centre_hours(admin_user)
    assert services.calendar_for(PROVINCE).due(at(received), duration) == at(default_due)
    on = at(received).date()
    assert services.calendar_for(PROVINCE, CENTRE, on=on).due(at(received), duration) == at(centre_due)
    assert services.calendar_for(PROVINCE, "28756", on=on).due(at(received), duration) == at(default_due)


def test_a_centre_schedule_applies_from_its_date(calendar_loaded, admin_user):
    _centre_hours(admin_user)
    assert services.schedule_for(CENTRE, date(2025, 12, 31)).minutes_per_day == 480  # tỉnh mặc định
    assert services.schedule_for(CENTRE, date(2026, 1, 1)).minutes_per_day == 450


def test_setting_centre_hours_is_logged_and_signalled(calendar_loaded, admin_user, received_signals,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = _centre_hours(admin_user)
    change = CalendarChange.objects.order_by("-id").first()
    assert (change.action, change.centre_code, change.province_code) == ("schedule.set", CENTRE, "")
    assert change.new_value["sessions"] == ["07:30–11:30", "13:30–17:00"]
    assert received_signals == [{"signal": centre_schedule_changed, "centre_code": CENTRE,
                                 "effective_from": date(2026, 1, 1), "change_ids": (change.pk,)}]
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_centre_schedule(CENTRE, row.effective_from, by=admin_user, reason="bãi bỏ")
    assert services.schedule_for(CENTRE, date(2026, 3, 9)).minutes_per_day == 480


@pytest.mark.parametrize(
    "sessions",
    [
        [(time(13), time(17)), (time(7), time(11))],  # sai thứ tự
        [(time(7), time(12)), (time(11), time(17))],  # chồng lấn
        [(time(7), time(9)), (time(10), time(11)), (time(13), time(17))],  # quá hai buổi
        [],
    ],
)
def test_invalid_centre_hours_are_rejected(calendar_loaded, admin_user, sessions):
    with pytest.raises(ValidationError):
        services.set_centre_schedule(CENTRE, effective_from=date(2026, 1, 1), sessions=sessions, by=admin_user,
                                     reason="x")


# (received, duration, due) — Saturday-morning reception at the centre never counts as working time
SATURDAY_CASES = [
    ("2026-03-14 09:00", D(1), "2026-03-16 17:00"),  # nhận sáng thứ Bảy → tính từ 07:30 thứ Hai (7.5 h)
    ("2026-03-13 16:00", Duration.working_hours(2), "2026-03-16 08:30"),  # thứ Bảy không được tính
    ("2026-03-14 10:00", Duration.same_day(), "2026-03-16 17:00"),  # "trong ngày" nhận thứ Bảy → thứ Hai
    ("2026-08-21 16:00", Duration.working_hours(2), "2026-08-22 08:30"),  # thứ Bảy 22/8/2026 làm bù: được tính
]


@pytest.mark.parametrize(("received", "duration", "due"), SATURDAY_CASES)
def test_saturday_reception_never_counts(calendar_loaded, admin_user, received, duration, due):
    _centre_hours(admin_user, saturday_reception="07:30–11:30 thứ Bảy")
    calendar = services.calendar_for(PROVINCE, CENTRE, on=at(received).date())
    assert calendar.due(at(received), duration) == at(due)
    assert not calendar.is_working_time(at("2026-03-14 09:00"))
    assert calendar.is_working_time(at("2026-08-22 09:00"))  # Saturday make-up day, centre's hours


def test_same_day_uses_the_configured_cutoff(settings):
    # settings.py parses MOTCUA_SAME_DAY_CUTOFF into a time at start (lib/tests/test_env.py,
    # countersync/tests/test_settings.py check that a malformed value stops it there).
    settings.MOTCUA = {**settings.MOTCUA, "SAME_DAY_CUTOFF": time(16, 30)}
    assert services.parse_duration("sameday") == Duration.same_day(time(16, 30))
    assert services.parse_duration("sameday@15:00") == Duration.same_day(time(15, 0))

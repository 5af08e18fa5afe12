"""Loading the official 2025–2026 calendar and generating the provisional years after it."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from motcua.lib import clock
from motcua.lib.clock import BUSINESS_TZ
from motcua.lib.refdata import ReferenceDataError
from motcua.worktime import services
from motcua.worktime.loading import DATA_DIR, OFFICIAL_FILE, load_calendar
from motcua.worktime.models import CalendarChange, CalendarDay, CalendarRevision, CalendarYear
from motcua.worktime.tests.conftest import PROVINCE

pytestmark = pytest.mark.django_db

OFFICIAL, PROVISIONAL = CalendarYear.Status.OFFICIAL, CalendarYear.Status.PROVISIONAL


def _days(year: int) -> dict[date, CalendarDay]:
    return {d.date: d for d in CalendarDay.objects.filter(province_code=PROVINCE, date__year=year)}


def _snapshot():
    return (
        list(CalendarYear.objects.order_by("year").values_list("year", "status", "source", "notes", "updated_at")),
        list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name", "source", "updated_at")),
        CalendarChange.objects.count(),
        list(CalendarRevision.objects.values_list("province_code", "number", "token")),
    )


def test_the_seeded_years_are_official_and_the_next_two_provisional(calendar_loaded):
    # today 27/11/2026 → provisional years through 2026 + 2
    years = dict(CalendarYear.objects.filter(province_code=PROVINCE).values_list("year", "status"))
    assert years == {2025: OFFICIAL, 2026: OFFICIAL, 2027: PROVISIONAL, 2028: PROVISIONAL}
    assert calendar_loaded.years_written == [2025, 2026, 2027, 2028]
    assert calendar_loaded.changed


# (date, kind stored) — CSV kinds are stored as they are
@pytest.mark.parametrize(
    ("day", "kind"),
    [
        ("2025-01-27", "statutory_holiday"),  # 28 tháng Chạp: TTg chọn 28 Chạp–mùng 3 (BLLĐ Đ.112 k.3)
        ("2025-02-01", "weekend_in_break"),  # thứ Bảy trong kỳ nghỉ Tết Ất Tỵ
        ("2025-04-26", "makeup_workday"),  # thứ Bảy làm bù cho 2/5/2025
        ("2025-05-02", "swapped_day_off"),
        ("2026-01-02", "swapped_day_off"),  # VPCP 12729/VPCP-KGVX
        ("2026-01-10", "makeup_workday"),
        ("2026-04-26", "statutory_holiday"),  # Giỗ Tổ Chủ nhật
        ("2026-04-27", "compensatory_day_off"),  # BLLĐ Đ.111 k.3
        ("2026-08-22", "makeup_workday"),
        ("2026-08-31", "swapped_day_off"),
    ],
)
def test_official_rows_keep_their_kind_and_source(calendar_loaded, day, kind):
    row = CalendarDay.objects.get(province_code=PROVINCE, date=date.fromisoformat(day))
    assert row.kind == kind
    assert row.source and not row.provisional
    assert row.calendar_year.status == OFFICIAL


def test_the_official_file_gives_48_days_and_leaves_24_november_a_working_day(calendar_loaded):
    # 49 rows; 2026-11-24 (Ngày Văn hóa Việt Nam) is policy_pending: not law, so not a day off
    assert len(_days(2025)) + len(_days(2026)) == 48
    assert date(2026, 11, 24) not in _days(2026)
    year = CalendarYear.objects.get(province_code=PROVINCE, year=2026)
    assert "24/11/2026" in year.notes and "vẫn là ngày làm việc" in year.notes
    assert services.calendar_for(PROVINCE).is_working_day(date(2026, 11, 24))
    assert "VPCP 12729/VPCP-KGVX" in year.source


def test_provisional_2027_comes_from_the_labour_code_and_is_marked_provisional(calendar_loaded):
    year = CalendarYear.objects.get(province_code=PROVINCE, year=2027)
    assert (year.status, year.origin, year.admin_edited) == (PROVISIONAL, CalendarYear.Origin.LABOUR_CODE, False)
    days = _days(2027)
    assert all(d.provisional for d in days.values())
    # Tết Đinh Mùi: mùng 1 = 6/2/2027; eve (29 Chạp) Fri 5/2 → mùng 4 Tue 9/2
    assert {date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 9)} <= days.keys()
    # mùng 1–2 on Sat/Sun → compensatory 10/2 and 11/2 (BLLĐ Đ.111 k.3)
    assert days[date(2027, 2, 10)].kind == CalendarDay.Kind.COMPENSATORY_DAY_OFF
    assert days[date(2027, 2, 10)].source.startswith("BLLĐ 2019 Đ.111 k.3")
    assert days[date(2027, 1, 1)].kind == CalendarDay.Kind.STATUTORY_HOLIDAY
    assert not any(d.kind == CalendarDay.Kind.MAKEUP_WORKDAY for d in days.values())  # swaps are never guessed
    assert services.calendar_status(PROVINCE) == {2025: "official", 2026: "official", 2027: "provisional",
                                                  2028: "provisional"}


def test_every_loaded_day_is_in_the_change_log_and_the_revision_moved(calendar_loaded):
    assert CalendarChange.objects.filter(action=CalendarChange.Action.DAY_ADDED).count() == CalendarDay.objects.count()
    assert CalendarChange.objects.filter(action=CalendarChange.Action.YEAR_LOADED).count() == 4
    change = CalendarChange.objects.filter(date=date(2026, 1, 10)).get()
    assert change.actor is None and change.actor_label.startswith("hệ thống")
    assert "vn_civil_service_days_off_2025_2026.csv" in change.reason
    assert CalendarRevision.objects.get(province_code=PROVINCE).number == 1


def test_loading_twice_changes_nothing(calendar_loaded, django_capture_on_commit_callbacks):
    before = _snapshot()
    with django_capture_on_commit_callbacks() as callbacks:
        summary = load_calendar(province_code=PROVINCE)
    assert not summary.changed, summary
    assert str(summary) == "tỉnh 86: lịch làm việc không đổi"
    assert _snapshot() == before
    assert callbacks == []  # no signal: nothing to recompute


def test_a_later_load_adds_the_next_provisional_year(calendar_loaded):
    with clock.frozen(datetime(2027, 1, 2, 8, 0, tzinfo=BUSINESS_TZ)):
        summary = load_calendar(province_code=PROVINCE)
    assert summary.years_written == [2029]
    assert CalendarYear.objects.get(province_code=PROVINCE, year=2029).status == PROVISIONAL


def test_reload_keeps_years_an_administrator_edited_or_confirmed(calendar_loaded, admin_user):
    services.set_day(PROVINCE, date(2027, 5, 3), kind="swapped_day_off", name="Nghỉ hoán đổi (giả định)",
                     source="Công văn giả định", by=admin_user, reason="thử")
    services.remove_day(PROVINCE, date(2027, 1, 1), by=admin_user, reason="thử")
    services.confirm_year(PROVINCE, 2028, source="Thông báo giả định 2028", by=admin_user, reason="thử")
    before = _snapshot()
    summary = load_calendar(province_code=PROVINCE)
    assert not summary.changed
    assert summary.years_kept == [2027, 2028]
    assert _snapshot() == before
    assert date(2027, 1, 1) not in _days(2027)


def _copy_data(tmp_path, edit=None):
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / OFFICIAL_FILE
    if edit:
        target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


def test_a_corrected_data_release_refreshes_untouched_years(calendar_loaded, tmp_path,
                                                            django_capture_on_commit_callbacks):
    def edit(text):  # the release moves 2027 from provisional to official and renames a 2026 day
        text = text.replace("Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", "Nghỉ hoán đổi dịp Quốc khánh")
        return text + "2027-01-01,Fri,statutory_holiday,Tết Dương lịch,Thông báo giả định 2027\n"

    data_dir = _copy_data(tmp_path, edit)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        summary = load_calendar(data_dir, province_code=PROVINCE)
    assert summary.years_written == [2026, 2027]
    assert CalendarDay.objects.get(date=date(2026, 8, 31)).name == "Nghỉ hoán đổi dịp Quốc khánh"
    assert CalendarYear.objects.get(year=2027).status == OFFICIAL
    assert list(_days(2027)) == [date(2027, 1, 1)]  # the generated days gave way to the file's
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        (lambda text: text.replace("date,weekday,kind", "day,weekday,kind", 1), "thiếu cột: date"),
        (lambda text: text.replace("2025-04-07,Mon", "2025-04-31,Mon", 1), "2025-04-31"),
        (lambda text: text.replace("2025-04-07,Mon", "2025-04-07,Tue", 1), "không phải Tue"),
        (lambda text: text.replace(",swapped_day_off,", ",day_off,", 1), "loại ngày 'day_off'"),
        (lambda text: text.replace("2025-04-26,Sat,makeup_workday", "2025-04-28,Mon,makeup_workday", 1),
         "thứ Bảy hoặc Chủ nhật"),
        (lambda text: text + "2025-01-01,Wed,statutory_holiday,Tết Dương lịch,BLLĐ\n",
         "dòng 51: ngày 2025-01-01 bị trùng"),
        (lambda text: text.replace(",Ngày Chiến thắng,", ",,", 1), "cột name bị trống"),
        (lambda text: text + "2025-06-02,Mon,statutory_holiday,Lễ,\n", "cột source bị trống"),
        (lambda text: text + "2025-06-02,Mon,statutory_holiday\n", "số cột không khớp"),
    ],
)
def test_a_malformed_file_stops_the_load_and_changes_nothing(calendar_loaded, tmp_path, corrupt, message):
    data_dir = _copy_data(tmp_path, corrupt)
    before = _snapshot()
    with pytest.raises(ReferenceDataError, match=message):
        load_calendar(data_dir, province_code=PROVINCE)
    assert _snapshot() == before


def test_a_malformed_file_on_an_empty_database_writes_nothing(db, frozen_today, tmp_path):
    data_dir = _copy_data(tmp_path, lambda text: text.replace(",statutory_holiday,", ",holiday,", 1))
    with pytest.raises(ReferenceDataError, match="dòng 2"):
        load_calendar(data_dir, province_code=PROVINCE)
    assert not CalendarYear.objects.exists() and not CalendarChange.objects.exists()

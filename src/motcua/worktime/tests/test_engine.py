"""Deadline arithmetic on the official 2025–2026 calendar (one row per case, each naming its rule).

The calendar below is copied, as literals, from the shared reference data
``data/holidays/vn_civil_service_days_off_2025_2026.csv`` (tests never read shared files).
``2026-11-24`` (Ngày Văn hóa Việt Nam, ``policy_pending``) is left out: it is not law, so it is
officially a working day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from motcua.lib.clock import BUSINESS_TZ
from motcua.worktime.engine import (
    CalendarRangeError,
    Convention,
    Duration,
    DurationKind,
    Session,
    WorkCalendar,
    WorkSchedule,
)
from motcua.worktime.tests.oracle import naive_due_day_by_day, naive_subtract_day_by_day

# (date, kind) — kinds as in the CSV; every kind but makeup_workday is a day off.
OFFICIAL_2025_2026 = [
    ("2025-01-01", "statutory_holiday"),  # Tết Dương lịch
    ("2025-01-25", "weekend_in_break"),  # Tết Ất Tỵ
    ("2025-01-26", "weekend_in_break"),
    ("2025-01-27", "statutory_holiday"),  # 28 tháng Chạp
    ("2025-01-28", "statutory_holiday"),  # 29 tháng Chạp (Giao thừa)
    ("2025-01-29", "statutory_holiday"),  # Mùng 1 Tết
    ("2025-01-30", "statutory_holiday"),
    ("2025-01-31", "statutory_holiday"),
    ("2025-02-01", "weekend_in_break"),
    ("2025-02-02", "weekend_in_break"),
    ("2025-04-07", "statutory_holiday"),  # Giỗ Tổ Hùng Vương
    ("2025-04-26", "makeup_workday"),  # làm bù cho 2/5/2025
    ("2025-04-30", "statutory_holiday"),
    ("2025-05-01", "statutory_holiday"),
    ("2025-05-02", "swapped_day_off"),  # làm bù thứ Bảy 26/4/2025
    ("2025-05-03", "weekend_in_break"),
    ("2025-05-04", "weekend_in_break"),
    ("2025-08-30", "weekend_in_break"),
    ("2025-08-31", "weekend_in_break"),
    ("2025-09-01", "statutory_holiday"),  # Quốc khánh (ngày liền kề)
    ("2025-09-02", "statutory_holiday"),
    ("2026-01-01", "statutory_holiday"),  # Tết Dương lịch
    ("2026-01-02", "swapped_day_off"),  # làm bù thứ Bảy 10/1/2026
    ("2026-01-03", "weekend_in_break"),
    ("2026-01-04", "weekend_in_break"),
    ("2026-01-10", "makeup_workday"),  # làm bù cho 2/1/2026
    ("2026-02-14", "weekend_in_break"),  # Tết Bính Ngọ (27–28 tháng Chạp)
    ("2026-02-15", "weekend_in_break"),
    ("2026-02-16", "statutory_holiday"),  # 29 tháng Chạp (Giao thừa)
    ("2026-02-17", "statutory_holiday"),  # Mùng 1 Tết
    ("2026-02-18", "statutory_holiday"),
    ("2026-02-19", "statutory_holiday"),
    ("2026-02-20", "statutory_holiday"),  # Mùng 4 Tết
    ("2026-02-21", "weekend_in_break"),
    ("2026-02-22", "weekend_in_break"),
    ("2026-04-25", "weekend_in_break"),
    ("2026-04-26", "statutory_holiday"),  # Giỗ Tổ Hùng Vương (Chủ nhật)
    ("2026-04-27", "compensatory_day_off"),  # nghỉ bù Giỗ Tổ
    ("2026-04-30", "statutory_holiday"),
    ("2026-05-01", "statutory_holiday"),
    ("2026-05-02", "weekend_in_break"),
    ("2026-05-03", "weekend_in_break"),
    ("2026-08-22", "makeup_workday"),  # làm bù cho 31/8/2026
    ("2026-08-29", "weekend_in_break"),
    ("2026-08-30", "weekend_in_break"),
    ("2026-08-31", "swapped_day_off"),  # làm bù thứ Bảy 22/8/2026
    ("2026-09-01", "statutory_holiday"),  # Quốc khánh (ngày liền kề)
    ("2026-09-02", "statutory_holiday"),
]
DAYS_OFF = frozenset(date.fromisoformat(d) for d, kind in OFFICIAL_2025_2026 if kind != "makeup_workday")
MAKEUP_DAYS = frozenset(date.fromisoformat(d) for d, kind in OFFICIAL_2025_2026 if kind == "makeup_workday")
CAL = WorkCalendar(DAYS_OFF, MAKEUP_DAYS, first_year=2025, last_year=2026)

D, H, CD = Duration.working_days, Duration.working_hours, Duration.calendar_days
SAME_DAY = Duration.same_day()
ELAPSED, CIVIL = Convention.ELAPSED, Convention.CIVIL


def at(text: str) -> datetime:
    """'2025-03-10 09:00' in business time."""
    return datetime.fromisoformat(text).replace(tzinfo=BUSINESS_TZ)


# (received, duration, convention, expected due) — 2025-03-10 is an ordinary Monday.
DUE_CASES = [
    # --- same day: DOMAIN §6 / NĐ 118 — cut-off 15:00 by default
    ("2025-03-10 09:00", SAME_DAY, ELAPSED, "2025-03-10 17:00"),  # nhận trước 15:00 → 17:00 cùng ngày
    ("2025-03-10 14:59", SAME_DAY, ELAPSED, "2025-03-10 17:00"),  # 14:59 vẫn trước giờ chốt
    ("2025-03-10 15:00", SAME_DAY, ELAPSED, "2025-03-11 17:00"),  # đúng 15:00 không còn "trước" giờ chốt
    ("2025-03-14 15:30", SAME_DAY, ELAPSED, "2025-03-17 17:00"),  # nhận sau 15:00 thứ Sáu → thứ Hai
    ("2025-03-10 06:30", SAME_DAY, ELAPSED, "2025-03-10 17:00"),  # nhận trước giờ làm việc = trong ngày
    ("2025-03-10 12:00", SAME_DAY, ELAPSED, "2025-03-10 17:00"),  # nhận giờ nghỉ trưa, trước giờ chốt
    ("2025-03-10 17:30", SAME_DAY, ELAPSED, "2025-03-11 17:00"),  # nhận sau giờ làm việc
    ("2025-03-15 09:00", SAME_DAY, ELAPSED, "2025-03-17 17:00"),  # tiếp nhận thứ Bảy → ngày làm việc kế tiếp
    ("2025-04-30 09:00", SAME_DAY, ELAPSED, "2025-05-05 17:00"),  # ngày lễ 30/4; 1/5, 2/5 (hoán đổi) nghỉ
    ("2025-04-26 10:00", SAME_DAY, ELAPSED, "2025-04-26 17:00"),  # thứ Bảy làm bù 26/4/2025 là ngày làm việc
    ("2025-01-24 14:00", SAME_DAY, ELAPSED, "2025-01-24 17:00"),  # chiều trước kỳ nghỉ Tết, trước 15:00
    ("2025-01-24 15:30", SAME_DAY, ELAPSED, "2025-02-03 17:00"),  # chiều trước Tết, sau 15:00 → sau Tết
    ("2025-03-10 16:00", Duration.same_day(time(16, 30)), ELAPSED, "2025-03-10 17:00"),  # giờ chốt 16:30
    ("2025-03-10 16:45", Duration.same_day(time(16, 30)), ELAPSED, "2025-03-11 17:00"),  # sau giờ chốt 16:30
    ("2025-03-10 15:30", SAME_DAY, CIVIL, "2025-03-11 17:00"),  # quy ước dân sự: "trong ngày" không đổi
    # --- working days, ELAPSED: DOMAIN §6 — N × 8 working hours from the receipt moment
    ("2025-03-10 09:00", D(1), ELAPSED, "2025-03-11 09:00"),  # 1 ngày = 8 giờ làm việc
    ("2025-03-10 07:00", D(1), ELAPSED, "2025-03-10 17:00"),  # hẹn đúng 17:00 giữ nguyên, không sang sáng mai
    ("2025-03-10 13:00", D(1), ELAPSED, "2025-03-11 11:00"),  # hẹn đúng 11:00 giữ nguyên, không sang 13:00
    ("2025-03-10 07:00", D(3), ELAPSED, "2025-03-12 17:00"),  # 3 ngày trọn
    ("2025-03-10 12:00", D(1), ELAPSED, "2025-03-11 11:00"),  # nhận giờ nghỉ trưa → tính từ 13:00
    ("2025-03-10 11:00", D(1), ELAPSED, "2025-03-11 11:00"),  # nhận đúng 11:00 → tính từ 13:00
    ("2025-03-10 18:00", D(1), ELAPSED, "2025-03-11 17:00"),  # nhận buổi tối → tính từ 07:00 hôm sau
    ("2025-03-15 09:00", D(1), ELAPSED, "2025-03-17 17:00"),  # tiếp nhận thứ Bảy → tính từ 07:00 thứ Hai
    ("2025-09-02 09:00", D(1), ELAPSED, "2025-09-03 17:00"),  # nhận ngày lễ 2/9 → tính từ 3/9
    ("2025-01-24 15:00", D(1), ELAPSED, "2025-02-03 15:00"),  # chiều trước Tết Ất Tỵ: 2 giờ + 6 giờ sau Tết
    ("2025-01-22 10:00", D(5), ELAPSED, "2025-02-05 10:00"),  # 5 ngày vắt qua Tết 2025 (25/1–2/2 nghỉ)
    ("2026-02-12 09:00", D(3), ELAPSED, "2026-02-24 09:00"),  # 3 ngày vắt qua Tết 2026 (14/2–22/2 nghỉ)
    ("2026-01-26 07:00", D(30), ELAPSED, "2026-03-13 17:00"),  # 30 ngày vắt qua Tết 2026
    ("2025-12-31 10:00", D(1), ELAPSED, "2026-01-05 10:00"),  # qua năm: 1/1 lễ, 2/1/2026 nghỉ hoán đổi
    ("2025-12-31 16:00", D(2), ELAPSED, "2026-01-06 16:00"),  # qua năm, 2 ngày
    ("2026-01-09 10:00", D(1), ELAPSED, "2026-01-10 10:00"),  # thứ Bảy 10/1/2026 làm bù được tính
    ("2026-01-16 10:00", D(1), ELAPSED, "2026-01-19 10:00"),  # thứ Bảy thường 17/1/2026 không tính
    ("2025-04-25 10:00", D(1), ELAPSED, "2025-04-26 10:00"),  # thứ Bảy 26/4/2025 làm bù được tính
    ("2025-04-29 14:00", D(2), ELAPSED, "2025-05-06 14:00"),  # 30/4, 1/5 lễ; 2/5 hoán đổi; 3–4/5 cuối tuần
    ("2025-08-29 10:00", D(1), ELAPSED, "2025-09-03 10:00"),  # 2/9/2025 + ngày liền kề 1/9
    ("2026-08-28 16:00", D(1), ELAPSED, "2026-09-03 16:00"),  # 31/8 hoán đổi, 1/9 liền kề, 2/9/2026
    ("2026-08-21 09:00", D(1), ELAPSED, "2026-08-22 09:00"),  # thứ Bảy 22/8/2026 làm bù được tính
    ("2026-04-24 10:00", D(1), ELAPSED, "2026-04-28 10:00"),  # Giỗ Tổ Chủ nhật 26/4 → nghỉ bù 27/4
    # --- working hours: DOMAIN §6 — "giờ làm việc likewise"
    ("2025-03-10 07:00", H(4), ELAPSED, "2025-03-10 11:00"),  # hẹn đúng 11:00
    ("2025-03-10 09:00", H(4), ELAPSED, "2025-03-10 15:00"),  # vắt qua nghỉ trưa
    ("2025-03-10 16:00", H(2), ELAPSED, "2025-03-11 08:00"),  # vắt qua đêm
    ("2025-03-10 09:00", H(4), CIVIL, "2025-03-10 15:00"),  # BLDS Đ.147 k.1: giờ tính từ thời điểm nhận
    # --- CIVIL convention: BLDS 2015 Đ.147 — ngày nhận không tính, hẹn cuối ngày làm việc cuối
    ("2025-03-10 09:00", D(1), CIVIL, "2025-03-11 17:00"),  # ngày nhận không tính
    ("2025-03-10 06:30", D(1), CIVIL, "2025-03-11 17:00"),  # kể cả nhận trước giờ làm việc
    ("2025-03-15 09:00", D(1), CIVIL, "2025-03-17 17:00"),  # nhận thứ Bảy: thứ Hai là ngày thứ nhất
    ("2025-01-24 10:00", D(3), CIVIL, "2025-02-05 17:00"),  # vắt qua Tết 2025
    ("2026-02-13 16:00", D(1), CIVIL, "2026-02-23 17:00"),  # vắt qua Tết 2026
    # --- calendar days: BLDS Đ.147 (ngày đầu không tính), Đ.148 k.5 (ngày cuối là ngày nghỉ)
    ("2025-03-10 10:00", CD(10), ELAPSED, "2025-03-20 17:00"),  # ngày cuối là ngày làm việc
    ("2025-03-05 10:00", CD(10), ELAPSED, "2025-03-17 17:00"),  # ngày cuối thứ Bảy → thứ Hai
    ("2025-04-20 10:00", CD(10), ELAPSED, "2025-05-05 17:00"),  # ngày cuối 30/4 → hết kỳ nghỉ lễ
    ("2025-04-20 10:00", CD(10), CIVIL, "2025-05-05 17:00"),  # như nhau ở hai quy ước
]


@pytest.mark.parametrize(("received", "duration", "convention", "expected"), DUE_CASES)
def test_due(received, duration, convention, expected):
    assert CAL.due(at(received), duration, convention) == at(expected)


@pytest.mark.parametrize(("received", "duration", "convention", "expected"), DUE_CASES)
def test_due_cases_agree_with_the_naive_oracle(received, duration, convention, expected):
    naive = naive_due_day_by_day(
        at(received), duration, days_off=DAYS_OFF, makeup_days=MAKEUP_DAYS, convention=convention
    )
    assert naive == at(expected)


def test_it_returns_business_time_whatever_the_input_zone():
    received_utc = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)  # 09:00 +07
    due = CAL.due(received_utc, D(1))
    assert due == at("2025-03-11 09:00")
    assert due.utcoffset() == timedelta(hours=7)
    assert due.tzinfo is BUSINESS_TZ


def test_it_drops_seconds_because_receipts_are_recorded_to_the_minute():
    assert CAL.due(at("2025-03-10 09:00:59.5"), D(1)) == at("2025-03-11 09:00")


# (moment, when counting starts) — DOMAIN §6: next working session when outside working time
COUNTING_FROM_CASES = [
    ("2025-03-10 09:00", "2025-03-10 09:00"),  # trong giờ làm việc
    ("2025-03-10 06:00", "2025-03-10 07:00"),  # trước giờ mở cửa
    ("2025-03-10 11:00", "2025-03-10 13:00"),  # đúng 11:00: buổi sáng đã hết
    ("2025-03-10 12:30", "2025-03-10 13:00"),  # nghỉ trưa
    ("2025-03-10 17:00", "2025-03-11 07:00"),  # đúng 17:00
    ("2025-03-15 09:00", "2025-03-17 07:00"),  # tiếp nhận thứ Bảy
    ("2025-01-24 17:30", "2025-02-03 07:00"),  # tối trước kỳ nghỉ Tết
    ("2026-01-09 18:00", "2026-01-10 07:00"),  # thứ Bảy làm bù
]


@pytest.mark.parametrize(("moment", "expected"), COUNTING_FROM_CASES)
def test_counting_from(moment, expected):
    assert CAL.counting_from(at(moment)) == at(expected)


# (moment, in working time?) — sessions are [start, end)
WORKING_TIME_CASES = [
    ("2025-03-10 07:00", True),  # mở cửa
    ("2025-03-10 10:59", True),
    ("2025-03-10 11:00", False),  # buổi sáng kết thúc
    ("2025-03-10 12:00", False),  # nghỉ trưa
    ("2025-03-10 13:00", True),
    ("2025-03-10 17:00", False),
    ("2025-03-15 09:00", False),  # thứ Bảy có tiếp nhận nhưng không là giờ làm việc
    ("2025-04-26 09:00", True),  # thứ Bảy làm bù
    ("2025-09-01 09:00", False),  # ngày liền kề Quốc khánh
    ("2026-01-02 09:00", False),  # nghỉ hoán đổi
]


@pytest.mark.parametrize(("moment", "expected"), WORKING_TIME_CASES)
def test_is_working_time(moment, expected):
    assert CAL.is_working_time(at(moment)) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-03-10", True),  # thứ Hai thường
        ("2025-03-15", False),  # thứ Bảy thường
        ("2026-01-10", True),  # thứ Bảy làm bù
        ("2026-01-02", False),  # thứ Sáu nghỉ hoán đổi
        ("2026-11-24", True),  # 24/11 chưa là ngày nghỉ theo luật
    ],
)
def test_is_working_day(day, expected):
    assert CAL.is_working_day(date.fromisoformat(day)) is expected


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2025-03-10 07:00", "2025-03-10 17:00", 480),  # một ngày trọn
        ("2025-03-10 10:00", "2025-03-10 14:00", 120),  # trừ nghỉ trưa
        ("2025-01-24 16:00", "2025-02-03 08:00", 120),  # kỳ nghỉ Tết không tính
        ("2025-03-10 14:00", "2025-03-10 10:00", 0),  # end trước start
        ("2025-03-15 08:00", "2025-03-16 18:00", 0),  # cuối tuần
        ("2025-12-31 16:00", "2026-01-05 08:00", 120),  # qua năm
    ],
)
def test_working_minutes_between(start, end, minutes):
    assert CAL.working_minutes_between(at(start), at(end)) == minutes


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        ("2025-03-10 09:00", 0, "2025-03-10 09:00"),
        ("2025-03-10 09:00", 120, "2025-03-10 11:00"),  # đúng cuối buổi sáng
        ("2025-03-10 09:00", 121, "2025-03-10 13:01"),
        ("2025-03-10 12:00", 1, "2025-03-10 13:01"),  # bắt đầu từ 13:00
        ("2025-01-24 16:30", 60, "2025-02-03 07:30"),  # qua Tết
    ],
)
def test_add_working_minutes(start, minutes, expected):
    assert CAL.add_working_minutes(at(start), minutes) == at(expected)


# (end, minutes, expected) — the earliest moment with exactly that much working time left before
# ``end``; DOMAIN §6: the apology is due at the latest 1 working day (480 min) before the appointment
SUBTRACT_CASES = [
    ("2025-03-12 10:00", 480, "2025-03-11 10:00"),  # 1 ngày trước hẹn 10:00 thứ Tư → 10:00 thứ Ba
    ("2025-03-17 17:00", 480, "2025-03-14 17:00"),  # hẹn 17:00 thứ Hai → 17:00 thứ Sáu (không phải 07:00 thứ Hai)
    ("2025-03-11 11:00", 480, "2025-03-10 11:00"),  # hẹn 11:00 → 11:00 hôm trước, giữ cuối buổi sáng
    ("2025-03-11 13:30", 480, "2025-03-10 13:30"),
    ("2025-03-10 14:00", 59, "2025-03-10 13:01"),  # còn trong buổi chiều
    ("2025-03-10 14:00", 60, "2025-03-10 11:00"),  # hết đúng đầu buổi chiều → giữ cuối buổi sáng 11:00
    ("2025-03-10 14:00", 61, "2025-03-10 10:59"),  # vắt qua nghỉ trưa
    ("2025-03-10 13:00", 120, "2025-03-10 09:00"),  # từ đầu buổi chiều
    ("2025-03-10 09:00", 120, "2025-03-07 17:00"),  # về hết buổi sáng → cuối chiều thứ Sáu
    ("2025-02-03 09:00", 480, "2025-01-24 09:00"),  # kỳ nghỉ Tết Ất Tỵ không tính
    ("2025-04-28 10:00", 480, "2025-04-26 10:00"),  # thứ Bảy làm bù 26/4/2025 được tính
    ("2026-01-05 10:00", 480, "2025-12-31 10:00"),  # qua năm: 1/1 lễ, 2/1/2026 nghỉ hoán đổi
    ("2025-03-15 10:00", 60, "2025-03-14 16:00"),  # tính lùi từ thứ Bảy
    ("2025-03-10 09:00", 0, "2025-03-10 09:00"),  # 0 phút: chính thời điểm đó
    ("2025-03-10 09:00:45", 0, "2025-03-10 09:00"),  # bỏ giây
]


@pytest.mark.parametrize(("end", "minutes", "expected"), SUBTRACT_CASES)
def test_subtract_working_minutes(end, minutes, expected):
    assert CAL.subtract_working_minutes(at(end), minutes) == at(expected)
    naive = naive_subtract_day_by_day(at(end), minutes, days_off=DAYS_OFF, makeup_days=MAKEUP_DAYS)
    assert naive == at(expected)


@pytest.mark.parametrize("minutes", [-1, True, 1.5, "60"])
def test_subtract_working_minutes_rejects_bad_minutes(minutes):
    with pytest.raises(ValueError):
        CAL.subtract_working_minutes(at("2025-03-10 09:00"), minutes)


def test_subtracting_past_the_start_of_the_calendar_is_a_range_error():
    # 2025-01-02 09:00 minus 3 hours: 2 hours on 2 January, then 1/1 is a holiday → 2024
    with pytest.raises(CalendarRangeError, match="2024-12-31"):
        CAL.subtract_working_minutes(at("2025-01-02 09:00"), 180)
    with pytest.raises(CalendarRangeError, match="2024-12-31"):  # exactly at the first working minute
        CAL.subtract_working_minutes(at("2025-01-02 09:00"), 120)


# (received, duration, convention, period start) — BLDS 2015 Đ.147 k.2: the first day is not counted
PERIOD_START_CASES = [
    ("2025-03-10 09:00", D(1), ELAPSED, "2025-03-10 09:00"),  # tính từ lúc nhận
    ("2025-03-10 12:00", D(1), ELAPSED, "2025-03-10 13:00"),  # nghỉ trưa → 13:00
    ("2025-03-10 09:00", D(1), CIVIL, "2025-03-11 07:00"),  # quy ước dân sự: ngày nhận không tính
    ("2025-03-14 09:00", D(1), CIVIL, "2025-03-17 07:00"),  # thứ Sáu → thứ Hai
    ("2025-03-15 09:00", D(1), CIVIL, "2025-03-17 07:00"),  # thứ Bảy → thứ Hai
    ("2025-03-10 09:00", H(4), CIVIL, "2025-03-10 09:00"),  # BLDS Đ.147 k.1: giờ tính từ thời điểm nhận
    ("2026-02-13 16:20", SAME_DAY, ELAPSED, "2026-02-13 16:20"),
    ("2026-02-13 17:20", SAME_DAY, ELAPSED, "2026-02-23 07:00"),  # sau giờ làm việc trước Tết
    ("2025-03-10 09:00", CD(10), ELAPSED, "2025-03-11 00:00"),  # ngày theo lịch: từ 00:00 hôm sau
]


@pytest.mark.parametrize(("received", "duration", "convention", "expected"), PERIOD_START_CASES)
def test_period_start(received, duration, convention, expected):
    assert CAL.period_start(at(received), duration, convention) == at(expected)


def test_add_working_minutes_rejects_negative_minutes():
    with pytest.raises(ValueError):
        CAL.add_working_minutes(at("2025-03-10 09:00"), -1)


@pytest.mark.parametrize(
    ("due", "now", "minutes"),
    [
        ("2025-03-11 09:00", "2025-03-10 09:00", 480),  # còn 1 ngày
        ("2025-03-11 09:00", "2025-03-11 10:00", -60),  # quá hạn 1 giờ làm việc
        ("2025-03-14 17:00", "2025-03-15 10:00", 0),  # thứ Bảy sau hạn 17:00 thứ Sáu: 0 phút làm việc
        ("2025-02-03 09:00", "2025-01-24 16:00", 180),  # kỳ nghỉ Tết không tính
    ],
)
def test_remaining(due, now, minutes):
    assert CAL.remaining(at(due), at(now)) == minutes


# (original due, paused at, resumed at, new due) — DOMAIN §6: pause keeps the working time left
RESUME_CASES = [
    # nhận 24/4/2025 09:00, 3 ngày → hẹn 28/4 09:00 (26/4 làm bù); dừng 25/4 09:00 còn 2 ngày;
    # tiếp tục 29/4 14:00: 3 giờ, nghỉ 30/4–4/5, 8 giờ ngày 5/5, 5 giờ ngày 6/5
    ("2025-04-28 09:00", "2025-04-25 09:00", "2025-04-29 14:00", "2025-05-06 14:00"),
    # dừng và tiếp tục cùng ngày: hạn lùi đúng bằng thời gian làm việc đã dừng (1 giờ)
    ("2025-03-12 10:00", "2025-03-10 09:00", "2025-03-10 10:00", "2025-03-12 11:00"),
    # bổ sung nộp thứ Bảy, còn 1 ngày: tính từ 07:00 thứ Hai → 17:00 thứ Hai
    ("2025-03-12 10:00", "2025-03-11 10:00", "2025-03-15 09:00", "2025-03-17 17:00"),
    # dừng trước Tết 2026, tiếp tục sau Tết: còn 4 giờ
    ("2026-02-13 17:00", "2026-02-13 13:00", "2026-02-23 07:00", "2026-02-23 11:00"),
    # dừng khi đã quá hạn 1 giờ: vẫn quá hạn 1 giờ làm việc khi tiếp tục
    ("2025-03-10 09:00", "2025-03-10 10:00", "2025-03-12 10:00", "2025-03-12 09:00"),
]


@pytest.mark.parametrize(("due", "paused", "resumed", "expected"), RESUME_CASES)
def test_resume_keeps_the_working_time_left_at_the_pause(due, paused, resumed, expected):
    new_due = CAL.resume(at(due), at(paused), at(resumed))
    assert new_due == at(expected)
    assert CAL.remaining(new_due, at(resumed)) == CAL.remaining(at(due), at(paused))


def test_resume_before_pause_is_rejected():
    with pytest.raises(ValueError):
        CAL.resume(at("2025-03-12 10:00"), at("2025-03-11 10:00"), at("2025-03-11 09:00"))


def test_restart_counts_the_full_limit_again_from_the_supplement():
    # DOMAIN §6 restart policy: supplement complete on 2025-01-24 16:00, 2 days again
    assert CAL.restart(at("2025-01-24 16:00"), D(2)) == at("2025-02-04 16:00")
    assert CAL.restart(at("2025-01-24 16:00"), D(2), CIVIL) == at("2025-02-04 17:00")


@pytest.mark.parametrize(
    ("due", "days", "expected"),
    [
        ("2025-01-24 17:00", 2, "2025-02-04 17:00"),  # gia hạn vắt qua Tết 2025
        ("2026-02-13 11:00", 1, "2026-02-23 11:00"),  # hẹn 11:00 giữ 11:00
        ("2025-12-31 10:00", 1, "2026-01-05 10:00"),  # qua năm
    ],
)
def test_extend(due, days, expected):
    assert CAL.extend(at(due), days) == at(expected)


@pytest.mark.parametrize("days", [0, -1, True, 1.5])
def test_extend_rejects_non_positive_or_non_integer_days(days):
    with pytest.raises(ValueError):
        CAL.extend(at("2025-03-10 09:00"), days)


# --- a centre with its own schedule (07:30–11:30, 13:00–16:30 = 7.5 hours a day)

CENTRE = WorkCalendar(
    DAYS_OFF,
    MAKEUP_DAYS,
    schedule=WorkSchedule(((time(7, 30), time(11, 30)), (time(13, 0), time(16, 30)))),
    first_year=2025,
    last_year=2026,
)


@pytest.mark.parametrize(
    ("received", "duration", "convention", "expected"),
    [
        ("2025-03-10 07:30", D(1), ELAPSED, "2025-03-10 16:30"),  # một ngày = tổng các buổi (450 phút)
        ("2025-03-10 10:00", D(1), ELAPSED, "2025-03-11 10:00"),
        ("2025-03-10 07:00", D(1), ELAPSED, "2025-03-10 16:30"),  # trước 07:30 tính từ 07:30
        ("2025-03-10 11:45", H(1), ELAPSED, "2025-03-10 14:00"),
        ("2025-03-10 14:00", SAME_DAY, ELAPSED, "2025-03-10 16:30"),  # cuối ngày là 16:30
        ("2025-03-10 16:40", Duration.same_day(time(17, 0)), ELAPSED, "2025-03-11 16:30"),  # sau buổi cuối
        ("2025-03-10 09:00", D(1), CIVIL, "2025-03-11 16:30"),
    ],
)
def test_custom_centre_schedule(received, duration, convention, expected):
    assert CENTRE.due(at(received), duration, convention) == at(expected)
    naive = naive_due_day_by_day(
        at(received),
        duration,
        days_off=DAYS_OFF,
        makeup_days=MAKEUP_DAYS,
        schedule=CENTRE.schedule,
        convention=convention,
    )
    assert naive == at(expected)


def test_schedule_day_length_is_the_sum_of_its_sessions():
    assert WorkSchedule().minutes_per_day == 480
    assert CENTRE.minutes_per_day == 450
    three = WorkSchedule([Session(time(7), time(11)), (time(13), time(17)), (time(18), time(20))])
    assert three.minutes_per_day == 600


@pytest.mark.parametrize(
    "sessions",
    [
        (),  # không có buổi nào
        ((time(13), time(17)), (time(7), time(11))),  # sai thứ tự
        ((time(7), time(12)), (time(11), time(17))),  # chồng lấn
        ((time(11), time(7)),),  # bắt đầu sau kết thúc
        ((time(7, 0, 30), time(11)),),  # có giây
    ],
)
def test_invalid_schedules_are_rejected(sessions):
    with pytest.raises(ValueError):
        WorkSchedule(sessions)


# --- errors


@pytest.mark.parametrize(
    "call",
    [
        lambda naive: CAL.due(naive, D(1)),
        lambda naive: CAL.counting_from(naive),
        lambda naive: CAL.working_minutes_between(naive, at("2025-03-11 09:00")),
        lambda naive: CAL.add_working_minutes(naive, 10),
        lambda naive: CAL.is_working_time(naive),
        lambda naive: CAL.remaining(at("2025-03-11 09:00"), naive),
        lambda naive: CAL.resume(at("2025-03-12 09:00"), naive, at("2025-03-11 09:00")),
        lambda naive: CAL.extend(naive, 1),
        lambda naive: CAL.subtract_working_minutes(naive, 10),
        lambda naive: CAL.period_start(naive, D(1)),
    ],
)
def test_naive_datetimes_are_rejected(call):
    with pytest.raises(ValueError, match="múi giờ"):
        call(datetime(2025, 3, 10, 9, 0))


def test_a_receipt_outside_the_calendar_names_the_date():
    with pytest.raises(CalendarRangeError, match="2024-12-31"):
        CAL.due(at("2024-12-31 09:00"), D(1))


def test_a_due_moment_beyond_the_calendar_is_a_range_error():
    with pytest.raises(CalendarRangeError, match="2027-01-01") as caught:
        CAL.due(at("2026-12-30 09:00"), D(5))
    assert isinstance(caught.value, ValueError)
    with pytest.raises(CalendarRangeError, match="2027-01-04"):
        CAL.due(at("2026-12-25 09:00"), CD(10))


@pytest.mark.parametrize(
    ("days_off", "makeup_days", "years"),
    [
        ([date(2025, 5, 2)], [date(2025, 5, 2)], {}),  # vừa nghỉ vừa làm bù
        ([], [date(2025, 4, 28)], {}),  # làm bù vào thứ Hai
        ([date(2027, 1, 1)], [], {"first_year": 2025, "last_year": 2026}),  # ngoài khoảng năm
        ([], [], {}),  # không suy ra được khoảng năm
        ([datetime(2025, 1, 1, tzinfo=BUSINESS_TZ)], [], {}),  # datetime thay cho date
    ],
)
def test_invalid_calendars_are_rejected(days_off, makeup_days, years):
    with pytest.raises(ValueError):
        WorkCalendar(days_off, makeup_days, **years)


def test_calendar_range_defaults_to_the_years_of_its_dates():
    cal = WorkCalendar(DAYS_OFF, MAKEUP_DAYS)
    assert (cal.first_day, cal.last_day) == (date(2025, 1, 1), date(2026, 12, 31))


# --- Duration


@pytest.mark.parametrize(
    ("text", "kind", "amount", "cutoff", "canonical"),
    [
        ("3d", DurationKind.WORKING_DAYS, 3, None, "3d"),
        ("4h", DurationKind.WORKING_HOURS, 4, None, "4h"),
        ("sameday", DurationKind.SAME_DAY, 0, time(15), "sameday"),
        ("sameday@16:30", DurationKind.SAME_DAY, 0, time(16, 30), "sameday@16:30"),
        ("sameday@15:00", DurationKind.SAME_DAY, 0, time(15), "sameday"),
        ("10cd", DurationKind.CALENDAR_DAYS, 10, None, "10cd"),
        (" 30D ", DurationKind.WORKING_DAYS, 30, None, "30d"),
    ],
)
def test_duration_parse_and_str(text, kind, amount, cutoff, canonical):
    duration = Duration.parse(text)
    assert (duration.kind, duration.amount, duration.cutoff) == (kind, amount, cutoff)
    assert str(duration) == canonical
    assert Duration.parse(str(duration)) == duration


@pytest.mark.parametrize("text", ["", "0d", "-1d", "3", "3 days", "1.5h", "sameday@25:00", "sameday@9", None])
def test_duration_parse_rejects_bad_strings_in_vietnamese(text):
    with pytest.raises(ValueError, match="Thời hạn không hợp lệ"):
        Duration.parse(text)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Duration.working_days(0),
        lambda: Duration.working_hours(-2),
        lambda: Duration.calendar_days(True),
        lambda: Duration(DurationKind.WORKING_DAYS, 2, time(15)),
        lambda: Duration(DurationKind.SAME_DAY, 1, time(15)),
    ],
)
def test_invalid_durations_are_rejected(build):
    with pytest.raises(ValueError):
        build()


def test_duration_working_minutes_uses_the_schedule_day_length():
    assert D(3).working_minutes(480) == 1440
    assert D(3).working_minutes(450) == 1350
    assert H(3).working_minutes(450) == 180
    with pytest.raises(ValueError):
        SAME_DAY.working_minutes(480)


def test_convention_may_be_given_as_its_stored_string():
    assert CAL.due(at("2025-03-10 09:00"), D(1), "civil") == at("2025-03-11 17:00")
    with pytest.raises(ValueError):
        CAL.due(at("2025-03-10 09:00"), D(1), "lunar")

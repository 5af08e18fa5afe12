"""Provisional days off (BLLĐ 2019 Đ.111–112) and the Vietnamese lunar calendar behind them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from motcua.worktime.statutory import (
    RULE_COMPENSATORY,
    RULE_HUNG_KINGS,
    RULE_NATIONAL_DAY,
    RULE_NATIONAL_DAY_ADJACENT,
    RULE_NEW_YEAR,
    RULE_TET,
    LunarDate,
    hung_kings_day,
    lunar_new_year,
    lunar_to_solar,
    provisional_days_off,
    solar_to_lunar,
)

# --- lunar calendar (UTC+7, not the Chinese UTC+8)


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        (2024, date(2024, 2, 10)),  # Giáp Thìn
        (2025, date(2025, 1, 29)),  # Ất Tỵ
        (2026, date(2026, 2, 17)),  # Bính Ngọ
        (2027, date(2027, 2, 6)),  # Đinh Mùi
        (2030, date(2030, 2, 2)),  # Canh Tuất — Vietnam; China has 3/2 (see below)
    ],
)
def test_tet_dates(year, tet):
    assert lunar_new_year(year) == tet


@pytest.mark.parametrize(
    ("year", "vietnam", "china"),
    [
        (1985, date(1985, 1, 21), date(1985, 2, 20)),  # lịch 1985 (UTC+7): tháng nhuận khác, Tết lệch 1 tháng
        (2007, date(2007, 2, 17), date(2007, 2, 18)),  # sóc rơi giữa 16:00 và 17:00 UT
        (2030, date(2030, 2, 2), date(2030, 2, 3)),  # sóc 2/2/2030 ~16:07 UT: 23:07 ở VN, 00:07 ở TQ
    ],
)
def test_vietnamese_and_chinese_tet_differ(year, vietnam, china):
    assert lunar_new_year(year) == vietnam
    assert lunar_new_year(year, tz_hours=8) == china


@pytest.mark.parametrize(
    ("solar", "lunar"),
    [
        (date(2025, 1, 28), LunarDate(29, 12, 2024)),  # Giao thừa Ất Tỵ: tháng Chạp Giáp Thìn thiếu
        (date(2026, 2, 16), LunarDate(29, 12, 2025)),  # Giao thừa Bính Ngọ
        (date(2025, 4, 7), LunarDate(10, 3, 2025)),  # Giỗ Tổ 2025
        (date(2026, 4, 26), LunarDate(10, 3, 2026)),  # Giỗ Tổ 2026
        (date(2023, 3, 22), LunarDate(1, 2, 2023, leap=True)),  # tháng 2 nhuận Quý Mão
        (date(2025, 7, 25), LunarDate(1, 6, 2025, leap=True)),  # tháng 6 nhuận Ất Tỵ
    ],
)
def test_solar_to_lunar(solar, lunar):
    assert solar_to_lunar(solar) == lunar
    assert lunar_to_solar(*lunar) == solar


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2023, date(2023, 4, 29)),  # thứ Bảy → nghỉ bù
        (2024, date(2024, 4, 18)),
        (2025, date(2025, 4, 7)),
        (2026, date(2026, 4, 26)),  # Chủ nhật → nghỉ bù 27/4
    ],
)
def test_hung_kings_day(year, day):
    assert hung_kings_day(year) == day


def test_solar_lunar_round_trip_day_by_day():
    day = date(2020, 1, 1)
    while day <= date(2031, 12, 31):
        lunar = solar_to_lunar(day)
        assert 1 <= lunar.day <= 30
        assert lunar_to_solar(*lunar) == day
        day += timedelta(days=1)


@pytest.mark.parametrize("day", [date(2054, 5, 7), date(2062, 4, 9)])
def test_days_where_the_published_month_estimate_is_one_month_off(day):
    # the published solar→lunar gives "day 0" for these; we step back to the right month
    lunar = solar_to_lunar(day)
    assert lunar.day == 30
    assert lunar_to_solar(*lunar) == day


@pytest.mark.parametrize(
    "args",
    [
        (30, 12, 2024),  # tháng Chạp Giáp Thìn chỉ có 29 ngày
        (1, 3, 2025, True),  # năm 2025 nhuận tháng 6, không nhuận tháng 3
        (1, 1, 2026, True),  # năm 2026 không có tháng nhuận
        (0, 1, 2025),
        (1, 13, 2025),
        (1, 1, 1899),  # ngoài phạm vi thuật toán
    ],
)
def test_invalid_lunar_dates_are_rejected(args):
    with pytest.raises(ValueError):
        lunar_to_solar(*args)


def test_agrees_with_the_vietnamese_tables_of_the_holidays_package():
    # holidays 0.109 keeps Vietnamese-calendar overrides for Tết and Giỗ Tổ (1901–2099) in a private
    # class; we check our algorithm against them rather than depend on that private API.
    chinese = pytest.importorskip("holidays.calendars.chinese")
    lunisolar = getattr(chinese, "_ChineseLunisolar", None)
    if lunisolar is None or not hasattr(chinese, "VIETNAMESE_CALENDAR"):
        pytest.skip("holidays no longer exposes its Vietnamese lunisolar tables")
    vn = lunisolar(chinese.VIETNAMESE_CALENDAR)
    cn = lunisolar(chinese.CHINESE_CALENDAR)
    for year in range(1901, 2100):
        assert lunar_new_year(year) == vn.lunar_new_year_date(year)[0], year
        assert hung_kings_day(year) == vn.hung_kings_date(year)[0], year
        assert lunar_new_year(year, tz_hours=8) == cn.lunar_new_year_date(year)[0], year


# --- provisional days off

# statutory_holiday and compensatory_day_off rows of the official schedule, copied from the shared
# data file vn_civil_service_days_off_2025_2026.csv (swapped days and make-up Saturdays are not
# statutory: only the Government's announcement gives them).
OFFICIAL_STATUTORY = {
    2025: {
        date(2025, 1, 1),  # Tết Dương lịch
        date(2025, 1, 27),  # 28 tháng Chạp — TTg chose 28 Chạp–mùng 3
        date(2025, 1, 28),  # 29 tháng Chạp (Giao thừa)
        date(2025, 1, 29),
        date(2025, 1, 30),
        date(2025, 1, 31),  # mùng 3
        date(2025, 4, 7),  # Giỗ Tổ
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 9, 1),  # ngày liền kề
        date(2025, 9, 2),
    },
    2026: {
        date(2026, 1, 1),
        date(2026, 2, 16),  # 29 tháng Chạp (Giao thừa)
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),  # mùng 4
        date(2026, 4, 26),  # Giỗ Tổ (Chủ nhật)
        date(2026, 4, 27),  # compensatory_day_off
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),  # ngày liền kề
        date(2026, 9, 2),
    },
}


def test_2026_provisional_days_match_the_official_statutory_days_exactly():
    assert {d.date for d in provisional_days_off(2026)} == OFFICIAL_STATUTORY[2026]


def test_2025_provisional_days_differ_only_where_the_prime_minister_moved_tet():
    provisional = {d.date for d in provisional_days_off(2025)}
    # Đ.112 k.3: TTg chose 28 Chạp–mùng 3; our default is 29 Chạp–mùng 4 (Sat 1/2) + nghỉ bù 3/2
    assert provisional - OFFICIAL_STATUTORY[2025] == {date(2025, 2, 1), date(2025, 2, 3)}
    assert OFFICIAL_STATUTORY[2025] - provisional == {date(2025, 1, 27)}


def test_2026_rows_name_and_cite_their_rule():
    rows = {d.date: d for d in provisional_days_off(2026)}
    assert rows[date(2026, 1, 1)] == (date(2026, 1, 1), "Tết Dương lịch", RULE_NEW_YEAR)
    assert rows[date(2026, 2, 16)].name == "Tết Nguyên đán – 29 tháng Chạp (Giao thừa)"
    assert rows[date(2026, 2, 20)].name == "Tết Nguyên đán – Mùng 4 Tết"
    assert rows[date(2026, 2, 17)].rule == RULE_TET
    assert rows[date(2026, 4, 26)].rule == RULE_HUNG_KINGS
    assert rows[date(2026, 4, 27)].rule == RULE_COMPENSATORY
    assert rows[date(2026, 9, 2)].rule == RULE_NATIONAL_DAY
    assert rows[date(2026, 9, 1)].rule == RULE_NATIONAL_DAY_ADJACENT


def test_days_are_sorted_and_unique():
    for year in range(2021, 2100):
        days = [d.date for d in provisional_days_off(year)]
        assert days == sorted(set(days)), year


# The Government's schedules 2021–2024 are not in the shared data file; they are the widely
# reported announcements, used here to pin the 2/9 adjacent-day default to practice.
@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, {date(2021, 9, 2), date(2021, 9, 3)}),  # 2/9 thứ Năm → 3/9
        (2022, {date(2022, 9, 1), date(2022, 9, 2)}),  # 2/9 thứ Sáu → 1/9
        (2023, {date(2023, 9, 1), date(2023, 9, 2), date(2023, 9, 4)}),  # thứ Bảy → 1/9, nghỉ bù 4/9
        (2024, {date(2024, 9, 2), date(2024, 9, 3)}),  # thứ Hai → 3/9
        (2025, {date(2025, 9, 1), date(2025, 9, 2)}),  # thứ Ba → 1/9
        (2026, {date(2026, 9, 1), date(2026, 9, 2)}),  # thứ Tư → 1/9
    ],
)
def test_national_day_and_its_adjacent_day_follow_recent_practice(year, expected):
    september = {d.date for d in provisional_days_off(year) if d.date.month == 9}
    assert september == expected


# BLLĐ Đ.111 k.3 — a holiday on Saturday/Sunday → compensatory day on the next working day.
# Non-Tết rows match the announced schedules of those years; Tết rows follow our 5-day default
# (the real Tết breaks were set by the Prime Minister, Đ.112 k.3).
@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # mùng 2–3 Tết thứ Bảy/CN → 16–17/2; 1/5 thứ Bảy → 3/5
        (2021, ["2021-02-16", "2021-02-17", "2021-05-03"]),
        # 1/1 thứ Bảy → 3/1; Giỗ Tổ CN 10/4 → 11/4; 30/4 thứ Bảy, 1/5 CN → 2/5, 3/5
        (2022, ["2022-01-03", "2022-04-11", "2022-05-02", "2022-05-03"]),
        # 1/1 CN → 2/1; Giao thừa T7, mùng 1 CN → 26–27/1; Giỗ Tổ T7 29/4, 30/4 CN → 2/5, 3/5
        # (1/5 is itself a holiday); 2/9 thứ Bảy → 4/9
        (2023, ["2023-01-02", "2023-01-26", "2023-01-27", "2023-05-02", "2023-05-03", "2023-09-04"]),
        # Giỗ Tổ Chủ nhật 26/4 → 27/4 (as announced)
        (2026, ["2026-04-27"]),
    ],
)
def test_compensatory_days(year, expected):
    compensatory = [d.date for d in provisional_days_off(year) if d.rule == RULE_COMPENSATORY]
    assert compensatory == [date.fromisoformat(d) for d in expected]


def test_compensatory_days_never_land_on_a_weekend_or_another_holiday():
    for year in range(2021, 2100):
        rows = provisional_days_off(year)
        holidays = {d.date for d in rows if d.rule != RULE_COMPENSATORY}
        for row in rows:
            if row.rule == RULE_COMPENSATORY:
                assert row.date.weekday() < 5 and row.date not in holidays, (year, row)


def test_tet_is_five_days_from_the_last_day_of_the_lunar_year():
    for year in range(2021, 2100):
        tet = sorted(d.date for d in provisional_days_off(year) if d.rule == RULE_TET)
        first = lunar_new_year(year)
        assert tet == [first + timedelta(days=n) for n in range(-1, 4)], year


@pytest.mark.parametrize("year", [2020, 1999, 2200])
def test_years_outside_the_labour_code_2019_or_the_algorithm_are_rejected(year):
    with pytest.raises(ValueError):
        provisional_days_off(year)

"""Provisional official days off for a year, from the statutory list of the Labour Code 2019.

What this module is for
-----------------------
The official calendar of a year (days off, swapped days, make-up Saturdays) is data announced by
the Government each year (DOMAIN §6). Until it is announced, the system needs a *provisional*
calendar derived from the statutory list. :func:`provisional_days_off` returns that list; the
caller stores it marked "provisional" and replaces it when the year's schedule is confirmed.
Swapped days off and make-up Saturdays are never guessed here: they only come from announcements.

Rules (Bộ luật Lao động 2019 — BLLĐ, in force from 1/1/2021)
-----------------------------------------------------------
- Đ.112 k.1: a) 1/1; b) Tết Âm lịch, 5 days; c) 30/4; d) 1/5; đ) 2/9 and one adjacent day
  (before or after); e) Giỗ Tổ Hùng Vương, 10/3 lunar.
- Đ.112 k.3: the Prime Minister fixes the Tết days and the day adjacent to 2/9 each year. Our
  defaults, to be replaced by the announcement:

  * Tết: the last day of the lunar year (29 or 30 tháng Chạp) + mùng 1 to mùng 4. This matches the
    2026 schedule; in 2025 the PM chose 28 Chạp–mùng 3 instead.
  * 2/9: the adjacent day follows recent practice, chosen to join the break to a weekend: 3/9 when
    2/9 is a Monday (2024), a Thursday (2021) or a Sunday (no precedent under the 2019 Code: 3/9
    is then a Monday); otherwise 1/9 (Tue 2025, Wed 2026, Fri 2022, Sat 2023).
- Đ.111 k.3: a holiday that falls on the weekly rest day gives a compensatory day off on the next
  working day. Civil servants rest on Saturday and Sunday (Quyết định 188/1999/QĐ-TTg, 40-hour
  week), so a holiday on a Saturday or Sunday yields the next Monday–Friday that is not itself a
  holiday or an earlier compensatory day.
- Not included: 24/11 (Ngày Văn hóa Việt Nam) — a policy awaiting an amendment of Đ.112, not law.

Lunar dates: the Vietnamese calendar, not the Chinese one
---------------------------------------------------------
Vietnam computes new moons and solar terms for meridian 105°E (UTC+7); China uses UTC+8. When a
new moon falls between 16:00 and 17:00 UT the two calendars start the month on different days,
and the leap month can differ: Tết 1985 was 21/1 in Vietnam but 20/2 in China; Tết 2007 was
17/2 vs 18/2; Tết 2030 will be 2/2 vs 3/2. We implement Hồ Ngọc Đức's published astronomical
algorithm (public domain; Meeus' new-moon and solar-longitude series) with ``tz_hours=7``. It is
self-contained and valid for any year in [1900, 2199].

The installed ``holidays`` package (0.109) does carry Vietnamese overrides, but only as tables of
the Tết and Hùng Kings dates inside a private class (``holidays.calendars.chinese
._ChineseLunisolar``), limited to 1901–2099, with no general lunar conversion (we need the length
of tháng Chạp to name the eve). The tests compare our algorithm with those tables for every year
they cover instead of depending on a private API at run time.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

VIETNAM_TZ_HOURS = 7
"""Offset of the meridian the Vietnamese lunar calendar is computed for (105°E)."""

LUNAR_MIN_YEAR = 1900
LUNAR_MAX_YEAR = 2199
LABOUR_CODE_2019_FIRST_YEAR = 2021

RULE_NEW_YEAR = "BLLĐ 2019 Đ.112 k.1 a"
RULE_TET = "BLLĐ 2019 Đ.112 k.1 b, k.3"
RULE_VICTORY = "BLLĐ 2019 Đ.112 k.1 c"
RULE_LABOUR = "BLLĐ 2019 Đ.112 k.1 d"
RULE_NATIONAL_DAY = "BLLĐ 2019 Đ.112 k.1 đ"
RULE_NATIONAL_DAY_ADJACENT = "BLLĐ 2019 Đ.112 k.1 đ, k.3"
RULE_HUNG_KINGS = "BLLĐ 2019 Đ.112 k.1 e"
RULE_COMPENSATORY = "BLLĐ 2019 Đ.111 k.3"

# Julian Day Number of a Gregorian date = its proleptic ordinal + this constant.
_JDN_OFFSET = 1_721_425
_SYNODIC_MONTH = 29.530588853
_EPOCH_1900 = 2_415_021.076998695  # JD of the new moon of 1900-01-01 (k = 0 in the series)

_MON, _THU, _SAT, _SUN = 0, 3, 5, 6


class LunarDate(NamedTuple):
    day: int
    month: int
    year: int
    leap: bool = False


class DayOff(NamedTuple):
    date: date
    name: str
    rule: str


# --- Hồ Ngọc Đức's algorithm ------------------------------------------------------------------
# Step 1: the day (local to ``tz``) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, short
# series). Step 2: the sun's longitude at local midnight, as one of 12 sectors of 30° (a major
# solar term boundary between two sectors). Step 3: lunar month 11 is the month containing the
# winter solstice; a year between two months 11 that holds 13 months has a leap month: the first
# month with no major solar term. Every month starts on the day of its new moon.


def _check_year(year: int) -> None:
    if not LUNAR_MIN_YEAR <= year <= LUNAR_MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài phạm vi tính âm lịch ({LUNAR_MIN_YEAR}–{LUNAR_MAX_YEAR}).")


def _new_moon_day(k: int, tz: float) -> int:
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # moon's mean anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # moon's arg. of latitude
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 += -0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return math.floor(jd1 + c1 - delta_t + 0.5 + tz / 24)


def _sun_sector(jdn: int, tz: float) -> int:
    """Sun's apparent longitude at local midnight starting day ``jdn``, as a 30° sector 0..11."""
    t = (jdn - 2451545.5 - tz / 24) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= 2 * math.pi * math.floor(longitude / (2 * math.pi))
    return math.floor(longitude / math.pi * 6)


@lru_cache(maxsize=1024)
def _month11_start(year: int, tz: float) -> int:
    """JDN of the first day of lunar month 11 (the month holding the winter solstice of ``year``)."""
    k = math.floor((date(year, 12, 31).toordinal() + _JDN_OFFSET - 2415021) / _SYNODIC_MONTH)
    start = _new_moon_day(k, tz)
    if _sun_sector(start, tz) >= 9:  # this new moon is already past the solstice
        start = _new_moon_day(k - 1, tz)
    return start


def _leap_month_offset(a11: int, tz: float) -> int:
    """Position (counted from month 11) of the first month without a major solar term."""
    k = math.floor((a11 - _EPOCH_1900) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            return i - 1


def solar_to_lunar(day: date, *, tz_hours: float = VIETNAM_TZ_HOURS) -> LunarDate:
    """The lunar date (Vietnamese calendar by default) of a Gregorian date."""
    _check_year(day.year)
    jdn = day.toordinal() + _JDN_OFFSET
    # The estimate of k can be one month off near a new moon (the published version then yields
    # "day 0" for 2054-05-07 and 2062-04-09): step back until the month starts on or before it.
    k = math.floor((jdn - _EPOCH_1900) / _SYNODIC_MONTH) + 1
    month_start = _new_moon_day(k, tz_hours)
    while month_start > jdn:
        k -= 1
        month_start = _new_moon_day(k, tz_hours)
    a11 = _month11_start(day.year, tz_hours)
    b11 = a11
    if a11 >= month_start:
        lunar_year = day.year
        a11 = _month11_start(day.year - 1, tz_hours)
    else:
        lunar_year = day.year + 1
        b11 = _month11_start(day.year + 1, tz_hours)
    diff = (month_start - a11) // 29
    leap = False
    month = diff + 11
    if b11 - a11 > 365:  # 13 lunar months between the two months 11
        leap_offset = _leap_month_offset(a11, tz_hours)
        if diff >= leap_offset:
            month = diff + 10
            leap = diff == leap_offset
    if month > 12:
        month -= 12
    if month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(jdn - month_start + 1, month, lunar_year, leap)


def lunar_to_solar(
    day: int, month: int, year: int, leap: bool = False, *, tz_hours: float = VIETNAM_TZ_HOURS
) -> date:
    """The Gregorian date of a lunar date; ValueError for a leap month the year does not have."""
    _check_year(year)
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"Ngày âm lịch không hợp lệ: {day}/{month}/{year}.")
    if month < 11:
        a11 = _month11_start(year - 1, tz_hours)
        b11 = _month11_start(year, tz_hours)
    else:
        a11 = _month11_start(year, tz_hours)
        b11 = _month11_start(year + 1, tz_hours)
    k = math.floor(0.5 + (a11 - _EPOCH_1900) / _SYNODIC_MONTH)
    offset = (month - 11) % 12
    if b11 - a11 > 365:
        leap_offset = _leap_month_offset(a11, tz_hours)
        leap_month = (leap_offset - 2) % 12
        if leap and month != leap_month:
            raise ValueError(f"Năm âm lịch {year} không có tháng {month} nhuận.")
        if leap or offset >= leap_offset:
            offset += 1
    elif leap:
        raise ValueError(f"Năm âm lịch {year} không có tháng nhuận.")
    month_start = _new_moon_day(k + offset, tz_hours)
    next_start = _new_moon_day(k + offset + 1, tz_hours)
    if day > next_start - month_start:
        raise ValueError(f"Tháng {month} âm lịch năm {year} không có ngày {day}.")
    return date.fromordinal(month_start + day - 1 - _JDN_OFFSET)


def lunar_new_year(year: int, *, tz_hours: float = VIETNAM_TZ_HOURS) -> date:
    """Mùng 1 Tết of the lunar year that begins in Gregorian ``year``."""
    return lunar_to_solar(1, 1, year, tz_hours=tz_hours)


def hung_kings_day(year: int) -> date:
    """Giỗ Tổ Hùng Vương: 10/3 lunar (never the leap third month)."""
    return lunar_to_solar(10, 3, year)


# --- The statutory list -----------------------------------------------------------------------

# Weekday of 2/9 → is the adjacent day 3/9 (True) or 1/9 (False)? See the module docstring.
_NATIONAL_DAY_ADJACENT_IS_AFTER = {
    0: True,  # Monday: 2024 (31/8–3/9)
    1: False,  # Tuesday: 2025 (30/8–2/9)
    2: False,  # Wednesday: 2026 (1/9–2/9, plus 31/8 swapped with Saturday 22/8)
    3: True,  # Thursday: 2021 (2/9–5/9)
    4: False,  # Friday: 2022 (1/9–4/9)
    5: False,  # Saturday: 2023 (1/9–4/9, 4/9 compensatory)
    6: True,  # Sunday: no precedent; 3/9 (Monday) keeps the adjacent day a working day
}


def _tet_days(year: int) -> list[DayOff]:
    first = lunar_new_year(year)
    eve = first - timedelta(days=1)
    eve_lunar_day = solar_to_lunar(eve).day  # 29 or 30 tháng Chạp
    days = [DayOff(eve, f"Tết Nguyên đán – {eve_lunar_day} tháng Chạp (Giao thừa)", RULE_TET)]
    days += [
        DayOff(first + timedelta(days=n), f"Tết Nguyên đán – Mùng {n + 1} Tết", RULE_TET) for n in range(4)
    ]
    return days


def _compensatory_days(holidays: list[DayOff]) -> list[DayOff]:
    """BLLĐ Đ.111 k.3: each holiday on Saturday/Sunday → the next free Monday–Friday."""
    taken = {h.date for h in holidays}
    result = []
    for holiday in sorted(holidays):
        if holiday.date.weekday() < _SAT:
            continue
        candidate = holiday.date + timedelta(days=1)
        while candidate.weekday() >= _SAT or candidate in taken:
            candidate += timedelta(days=1)
        taken.add(candidate)
        name = f"Nghỉ bù {holiday.name} ({holiday.date:%d/%m/%Y})"
        result.append(DayOff(candidate, name, RULE_COMPENSATORY))
    return result


def provisional_days_off(year: int) -> list[DayOff]:
    """The statutory days off of ``year`` plus their compensatory days, sorted by date.

    Each item is ``(date, name, rule)``; ``rule`` cites the article (compensatory days carry
    :data:`RULE_COMPENSATORY`). ValueError before 2021 (the 2019 Code's first year) and after 2199.
    """
    if year < LABOUR_CODE_2019_FIRST_YEAR:
        raise ValueError(
            f"Năm {year}: danh sách ngày nghỉ theo Bộ luật Lao động 2019 chỉ áp dụng từ năm "
            f"{LABOUR_CODE_2019_FIRST_YEAR}."
        )
    _check_year(year)
    national_day = date(year, 9, 2)
    adjacent_is_after = _NATIONAL_DAY_ADJACENT_IS_AFTER[national_day.weekday()]
    adjacent = national_day + timedelta(days=1 if adjacent_is_after else -1)
    holidays = [
        DayOff(date(year, 1, 1), "Tết Dương lịch", RULE_NEW_YEAR),
        *_tet_days(year),
        DayOff(hung_kings_day(year), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", RULE_HUNG_KINGS),
        DayOff(date(year, 4, 30), "Ngày Chiến thắng", RULE_VICTORY),
        DayOff(date(year, 5, 1), "Ngày Quốc tế Lao động", RULE_LABOUR),
        DayOff(national_day, "Quốc khánh", RULE_NATIONAL_DAY),
        DayOff(adjacent, "Quốc khánh (ngày liền kề)", RULE_NATIONAL_DAY_ADJACENT),
    ]
    return sorted(holidays + _compensatory_days(holidays))

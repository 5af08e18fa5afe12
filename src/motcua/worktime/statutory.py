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
17/2 vs 18/2; Tết 2030 will be 2/2 vs 3/2. The conversion is the ``vnlunar`` library's (MIT):
Hồ Ngọc Đức's published astronomical algorithm (Meeus' new-moon and solar-longitude series),
always called with ``tz_hours=7`` — the Chinese calendar is the same call with 8. We use it for
years in [1900, 2199].

Checked, not trusted: the tests compare it with the Vietnamese Tết and Hùng Kings tables of the
``holidays`` package (a private class, 1901–2099, no general conversion, so not used at run time)
for every year they cover, and with known dates where Vietnam and China differ. A day-by-day
comparison for 1900–2199 with the algorithm we carried before (same series) found no difference.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

import vnlunar

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


# --- Lunar dates: the astronomical functions of ``vnlunar`` ----------------------------------
# Always called with an explicit time zone: vnlunar's default (no time zone) reads a built-in table
# that disagrees with the astronomical Vietnamese calendar on ~1,000 days of 1900–2199 (e.g. it puts
# mùng 1 Tết 1903 on 29/1; the calendar of UTC+7 — and the `holidays` tables — on 28/1).


def _check_year(year: int) -> None:
    if not LUNAR_MIN_YEAR <= year <= LUNAR_MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài phạm vi tính âm lịch ({LUNAR_MIN_YEAR}–{LUNAR_MAX_YEAR}).")


@lru_cache(maxsize=4096)
def solar_to_lunar(day: date, *, tz_hours: float = VIETNAM_TZ_HOURS) -> LunarDate:
    """The lunar date (Vietnamese calendar by default) of a Gregorian date."""
    _check_year(day.year)
    lunar = vnlunar.convert_solar_to_lunar(day.day, day.month, day.year, float(tz_hours))
    return LunarDate(lunar["day"], lunar["month"], lunar["year"], bool(lunar["leap"]))


def lunar_to_solar(
    day: int, month: int, year: int, leap: bool = False, *, tz_hours: float = VIETNAM_TZ_HOURS
) -> date:
    """The Gregorian date of a lunar date; ValueError for a date the lunar year does not have (a
    leap month it has not, a 30th in a 29-day month) — checked by converting back, because the
    library answers such dates with a neighbouring day, a zero date or None instead of an error."""
    _check_year(year)
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"Ngày âm lịch không hợp lệ: {day}/{month}/{year}.")
    solar = vnlunar.convert_lunar_to_solar(day, month, year, int(leap), float(tz_hours))
    if solar and solar[2]:
        result = date(solar[2], solar[1], solar[0])
        if solar_to_lunar(result, tz_hours=tz_hours) == LunarDate(day, month, year, leap):
            return result
    if leap:
        raise ValueError(f"Năm âm lịch {year} không có tháng {month} nhuận.")
    raise ValueError(f"Tháng {month} âm lịch năm {year} không có ngày {day}.")


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

"""The seeded official years against the ``holidays`` library (``holidays.VN``, pinned 0.109).

We do not use the library at run time: the official calendar is data (DOMAIN §6). This test keeps
an eye on the one independent, maintained source we have. Every date of 2025–2026 is compared;
a *disagreement* is a date where the two differ on whether it is a working day, or where the
library names a holiday on a date the official schedule only lists as a weekend inside a break.
Each known disagreement is in the table below with the reason we keep the official value; the
test fails when a NEW one appears (a data error on our side, or a library change to review) or a
known one disappears (the library fixed it: update the table, ``data/`` and ``docs/worktime.md``).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from motcua.lib.refdata import read_csv
from motcua.worktime import services
from motcua.worktime.loading import DATA_DIR
from motcua.worktime.models import CalendarDay
from motcua.worktime.tests.conftest import PROVINCE

holidays = pytest.importorskip("holidays")

pytestmark = pytest.mark.django_db

# (date, issue, officially a working day?, working day for holidays 0.109?, the library's name)
KNOWN_DISAGREEMENTS = [
    # VPCP 12729/VPCP-KGVX (25/12/2025): 2/1/2026 off, swapped with Saturday 10/1/2026. The library
    # (0.109) has not added this announcement: it treats 2/1 as a working day …
    ("2026-01-02", "lib_missing_day_off", False, True, ""),
    # … and Saturday 10/1/2026 as a rest day, although civil servants work it.
    ("2026-01-10", "lib_missing_makeup_workday", True, False, ""),
    # Ngày Văn hóa Việt Nam: the library already lists it as a holiday; it is a policy awaiting an
    # amendment of BLLĐ Đ.112, not law, so officially (and here) it stays a working day.
    ("2026-11-24", "policy_pending_24_11", True, False, "Ngày Văn hóa Việt Nam"),
    # Tết Ất Tỵ 2025: the PM set 28 Chạp–mùng 3 (27–31/1); the library also names Saturday 1/2
    # "mùng 4". Both sides agree it is not a working day: the disagreement is only the label.
    ("2025-02-01", "label_only: lib lists a holiday on a day that is officially weekend_in_break", False, False,
     "Mùng bốn Tết Nguyên Đán"),
]

# Official entries that count as "the official schedule names a holiday/day off here".
_NAMED_DAYS_OFF = {
    CalendarDay.Kind.STATUTORY_HOLIDAY,
    CalendarDay.Kind.COMPENSATORY_DAY_OFF,
    CalendarDay.Kind.SWAPPED_DAY_OFF,
}


def _disagreements() -> dict[str, tuple[bool, bool, str]]:
    calendar = services.calendar_for(PROVINCE)
    kinds = dict(CalendarDay.objects.filter(province_code=PROVINCE, date__year__in=(2025, 2026))
                 .values_list("date", "kind"))
    lib = holidays.VN(years=(2025, 2026), language="vi")
    found = {}
    day = date(2025, 1, 1)
    while day <= date(2026, 12, 31):
        official, theirs, name = calendar.is_working_day(day), lib.is_working_day(day), lib.get(day) or ""
        label_only = official == theirs and name and kinds.get(day) not in _NAMED_DAYS_OFF
        if official != theirs or label_only:
            found[day.isoformat()] = (official, theirs, name)
        day += timedelta(days=1)
    return found


def test_the_library_version_is_the_one_the_table_was_made_with():
    assert holidays.__version__ == "0.109", (
        f"holidays {holidays.__version__}: review KNOWN_DISAGREEMENTS against the new version, then update the pin"
    )


def test_only_the_known_disagreements_with_the_holidays_library(calendar_loaded):
    expected = {day: (official, theirs, name) for day, _issue, official, theirs, name in KNOWN_DISAGREEMENTS}
    found = _disagreements()
    new = {day: found[day] for day in sorted(found.keys() - expected.keys())}
    gone = sorted(expected.keys() - found.keys())
    assert not new, f"new disagreement(s) with holidays {holidays.__version__}: {new}"
    assert not gone, f"known disagreement(s) no longer present — update the table: {gone}"
    assert found == expected


def test_the_table_matches_the_shipped_comparison_file():
    path = DATA_DIR / "holidays_lib_0.109_vs_official_2025_2026.csv"
    columns = ("date", "issue", "official_is_working_day", "holidays_0.109_is_working_day", "holidays_0.109_name")
    rows = sorted(
        (row["date"], row["issue"], row[columns[2]] == "True", row[columns[3]] == "True", row[columns[4]])
        for _line, row in read_csv(path, columns)
    )
    assert rows == sorted(KNOWN_DISAGREEMENTS)

"""Fixtures of the worktime tests: a frozen "today" and the calendar loaded for Vĩnh Long (86).

The clock is frozen on Friday 27/11/2026 09:00 (+07), so the loader generates the provisional
years 2027 and 2028 (today's year + 2) and every expectation below is stable.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from motcua.lib import clock
from motcua.lib.clock import BUSINESS_TZ

TODAY = date(2026, 11, 27)
PROVINCE = "86"


def at(text: str) -> datetime:
    """'2026-02-13 16:20' in business time."""
    return datetime.fromisoformat(text).replace(tzinfo=BUSINESS_TZ)


@pytest.fixture
def frozen_today():
    with clock.frozen(datetime(2026, 11, 27, 9, 0, tzinfo=BUSINESS_TZ)) as advance:
        yield advance


@pytest.fixture
def calendar_loaded(db, frozen_today):
    from motcua.worktime.loading import load_calendar

    return load_calendar(province_code=PROVINCE)


@pytest.fixture
def admin_user(personas):
    return personas.quan

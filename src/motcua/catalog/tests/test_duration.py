"""``duration_for_channel``: the time limit in the worktime engine's notation, or None when unknown.

Notation (``motcua.worktime.engine.Duration.parse``): "3d" working days, "4h" working hours,
"sameday" / "sameday@16:30" same day with its cut-off, "10cd" calendar days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.catalog.models import ChannelOption, ProcedureVersion, TimeUnit


@pytest.mark.parametrize(
    ("value", "unit", "unit_missing", "cutoff", "expected"),
    [
        ("5", TimeUnit.WORKING_DAYS, False, None, "5d"),
        ("1.5", TimeUnit.WORKING_DAYS, False, None, "12h"),  # 1.013097: 1.5 working days = 12 working hours
        ("0.3", TimeUnit.WORKING_DAYS, False, None, None),  # 2.4 h: not a whole number of hours
        ("4", TimeUnit.WORKING_HOURS, False, None, "4h"),
        (None, TimeUnit.SAME_DAY, False, dt.time(15, 0), "sameday"),  # DOMAIN §6 default cut-off
        (None, TimeUnit.SAME_DAY, False, dt.time(16, 30), "sameday@16:30"),
        ("15", TimeUnit.CALENDAR_DAYS, False, None, "15cd"),  # "15 Ngày"
        ("6", TimeUnit.MONTHS, False, None, None),  # the engine does not count months
        ("24", TimeUnit.HOURS, False, None, None),  # "24 Giờ": working or clock hours? not guessed
        ("1", TimeUnit.UNKNOWN, True, None, None),  # unit lost in the source
        (None, TimeUnit.UNKNOWN, False, None, None),  # "Không có thông tin"
        ("0", TimeUnit.WORKING_DAYS, False, None, None),
    ],
)
def test_one_option_in_engine_notation(value, unit, unit_missing, cutoff, expected):
    option = ChannelOption(
        channel="direct",
        time_value=Decimal(value) if value is not None else None,
        time_unit=unit,
        unit_missing=unit_missing,
    )
    assert option.duration(cutoff) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "channel", "expected"),
    [
        ("1.004194", "direct", "3d"),  # Đăng ký tạm trú
        ("1.004194", "postal", None),  # channel not offered
        ("1.013097", "online", "12h"),  # "1.5 Ngày làm việc"
        ("1.000672", "direct", "2d"),  # three cases listed, all 2 working days
        ("1.000045", "direct", None),  # cases of 2, 3 or 4 working days: staff must choose
        ("1.001193", "direct", None),  # khai sinh: unit lost in the source
        ("1.001010", "direct", None),  # 6 months
        ("1.000005", "online", None),  # time and fee digits glued together ("120,000")
    ],
)
def test_duration_for_channel_of_real_procedures(catalog, code, channel, expected):
    version = ProcedureVersion.objects.get(procedure__code=code, number=1)
    assert version.duration_for_channel(channel) == expected


@pytest.mark.django_db
def test_the_cases_of_a_channel_stay_available_to_choose_from(catalog):
    version = ProcedureVersion.objects.get(procedure__code="1.000045")
    options = version.channel_options_for("direct")
    assert sorted(o.duration(version.same_day_cutoff) for o in options) == ["2d", "3d", "4d"]
    assert all(o.description for o in options)  # "Trường hợp cần xác minh nguồn gốc lâm sản…"

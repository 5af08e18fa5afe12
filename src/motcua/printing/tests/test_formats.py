"""The Vietnamese spellings of dates, moments, money and masked names (framework-free, no Django)."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from motcua.printing.forms import local, long_date, mask_name, moment_text, money, short_date
from motcua.printing.tests.samples import at

UTC = dt.UTC


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 2, 13), "ngày 13 tháng 02 năm 2026"),  # NĐ 30/2020 — tháng 1, 2 có số 0
        (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),  # NĐ 30/2020 — ngày < 10 có số 0
        (dt.date(2026, 3, 2), "ngày 02 tháng 3 năm 2026"),  # NĐ 30/2020 — tháng 3–12 không có số 0
        (dt.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (dt.datetime(2026, 2, 12, 17, 30, tzinfo=UTC), "ngày 13 tháng 02 năm 2026"),  # 00:30 +07 is the 13th
    ],
)
def test_long_date_follows_the_document_format_decree(value, expected):
    assert long_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 2, 20), "20/02/2026"),
        (dt.date(2026, 3, 2), "02/03/2026"),  # numeric form: always two digits
        (dt.datetime(2026, 2, 28, 23, 0, tzinfo=UTC), "01/03/2026"),  # 06:00 +07 next day
    ],
)
def test_short_date_is_dd_mm_yyyy_in_business_time(value, expected):
    assert short_date(value) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at("2026-02-13", "16:20"), "16 giờ 20 phút, ngày 13/02/2026"),
        (at("2026-02-23", "07:05"), "07 giờ 05 phút, ngày 23/02/2026"),
        (dt.datetime(2026, 2, 13, 9, 20, tzinfo=UTC), "16 giờ 20 phút, ngày 13/02/2026"),  # UTC in, +07 out
    ],
)
def test_moment_text_is_to_the_minute(moment, expected):
    assert moment_text(moment) == expected


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="múi giờ"):
        local(dt.datetime(2026, 2, 13, 16, 20))


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "0 đồng"),
        (8_000, "8.000 đồng"),  # cấp bản sao trích lục hộ tịch
        (1_250_000, "1.250.000 đồng"),
        (Decimal("400000"), "400.000 đồng"),
        (Decimal("50000.00"), "50.000 đồng"),
        (12_345_678_901, "12.345.678.901 đồng"),
    ],
)
def test_money_uses_dots_for_thousands(amount, expected):
    assert money(amount) == expected


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        (-1, ValueError),
        (Decimal("1000.5"), ValueError),  # no subunit of the đồng is in use
        (1000.0, TypeError),  # floats are not money
        (True, TypeError),
    ],
)
def test_money_refuses_what_is_not_whole_dong(amount, error):
    with pytest.raises(error):
        money(amount)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nguyễn Văn Bình", "Nguyễn V*** B***"),
        ("Lê Thị Mai", "Lê T*** M***"),
        ("Trần  Hùng", "Trần H***"),  # extra spaces collapse
        ("Đặng", "Đ***"),
        ("", ""),
    ],
)
def test_mask_name_keeps_the_family_name_and_hides_the_length(name, expected):
    assert mask_name(name) == expected


def test_formatters_take_a_translated_pattern():
    assert long_date(dt.date(2026, 2, 13), "%(day)s.%(month)s.%(year)s") == "13.02.2026"
    assert money(1_250_000, "%(amount)s VND") == "1.250.000 VND"


def test_forms_module_is_framework_free():
    source = (Path(__file__).resolve().parents[1] / "forms.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported

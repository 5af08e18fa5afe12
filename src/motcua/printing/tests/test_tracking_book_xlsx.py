"""Form 07 as a spreadsheet: the same columns as the paper book, real dates, a bold frozen header."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from openpyxl import load_workbook

from motcua.printing.render import render_tracking_book_xlsx
from motcua.printing.tests import samples

COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Trả kết quả",
    "Hình thức trả kết quả",
    "Ký nhận",
]


def _sheet(form=None):
    workbook = load_workbook(io.BytesIO(render_tracking_book_xlsx(form or samples.tracking_book())))
    return workbook.active


def test_it_has_the_columns_of_the_paper_book_in_a_bold_frozen_header():
    sheet = _sheet()
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 25  # the dossier code fits


def test_it_has_one_row_per_dossier():
    rows = list(_sheet().iter_rows(min_row=2, values_only=True))
    assert [row[:4] for row in rows] == [
        (25, "000.01.24.H62-260212-0003", "Thủ tục đăng ký kết hôn", "Lê Thị Mai"),
        (27, "000.01.24.H62-260213-0007", "Thủ tục đăng ký khai sinh", "Nguyễn Văn Bình"),
        (31, "000.01.24.H62-260223-0001", "Thủ tục đăng ký khai tử", "Trần Văn Hùng"),
    ]
    assert rows[2][4] == "Khu phố 2, phường Phú Khương, tỉnh Vĩnh Long; 0913 222 333"
    assert rows[2][9:] == ("Dịch vụ bưu chính công ích", "Trần Văn Hùng")


def test_moments_are_real_dates_in_business_time_shown_dd_mm_yyyy():
    sheet = _sheet()
    received, due, returned = sheet["G3"], sheet["H3"], sheet["I3"]
    assert received.value == dt.datetime(2026, 2, 13, 16, 20)  # wall clock in Vietnam, time kept
    assert due.value == dt.datetime(2026, 2, 23, 16, 20)
    assert returned.value is None  # not returned yet
    assert received.is_date and received.number_format == "dd/mm/yyyy"
    assert sheet["I2"].value == dt.datetime(2026, 2, 13, 7, 45)
    assert sheet["I2"].number_format == "dd/mm/yyyy"


def test_a_moment_given_in_utc_is_written_in_vietnam_time():
    book = samples.tracking_book()
    row = dataclasses.replace(book.rows[0], received_at=dt.datetime(2026, 2, 12, 1, 15, tzinfo=dt.UTC))
    assert _sheet(dataclasses.replace(book, rows=(row,)))["G2"].value == dt.datetime(2026, 2, 12, 8, 15)


def test_the_printed_page_carries_the_title_and_period():
    sheet = _sheet()
    assert sheet.page_setup.orientation == "landscape"
    assert "SỔ THEO DÕI HỒ SƠ" in sheet.oddHeader.center.text
    assert "01/02/2026" in sheet.oddHeader.center.text and "28/02/2026" in sheet.oddHeader.center.text

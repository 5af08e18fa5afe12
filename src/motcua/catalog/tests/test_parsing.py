"""Parsing of the national catalogue files — pure tests, no database.

Every string in the tables below occurs in the 2026-06 extract (``data/``) unless marked "not in
the extract" (forms the parser must still understand when the portal uses them).
"""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from motcua.catalog import parsing
from motcua.catalog.parsing import (
    CATALOG_FILE,
    DEMO_FILE,
    DETAILS_FILE,
    CatalogDataError,
    Channel,
    ReferenceDataError,
    TimeUnit,
    parse_fee,
    parse_quantity,
    parse_results,
    parse_time,
    read_reference_data,
    suggest_unit,
)

WD, WH, H, CD, MO, SD, UNK = (
    TimeUnit.WORKING_DAYS,
    TimeUnit.WORKING_HOURS,
    TimeUnit.HOURS,
    TimeUnit.CALENDAR_DAYS,
    TimeUnit.MONTHS,
    TimeUnit.SAME_DAY,
    TimeUnit.UNKNOWN,
)


@pytest.mark.parametrize(
    ("raw", "fee_lost", "value", "unit", "unit_missing", "merged"),
    [
        ("1 Ngày làm việc", False, "1", WD, False, False),
        ("5 Ngày làm việc", False, "5", WD, False, False),
        ("250 Ngày làm việc", False, "250", WD, False, False),
        ("1.5 Ngày làm việc", False, "1.5", WD, False, False),  # 1.013097 — half working days exist
        ("02 Ngày làm việc", True, "2", WD, False, False),  # 3.000382 — fee lost, time intact
        ("15 Ngày", False, "15", CD, False, False),  # "Ngày" alone: calendar days, not working days
        ("1 Giờ", False, "1", H, False, False),  # working or clock hours? the source does not say
        ("24 Giờ", False, "24", H, False, False),  # plant quarantine "trong vòng 24 giờ"
        ("4 Giờ làm việc", False, "4", WH, False, False),  # not in the extract
        ("12 Tháng", False, "12", MO, False, False),
        ("Trong ngày", False, None, SD, False, False),  # not in the extract
        ("Ngay trong ngày", False, None, SD, False, False),  # not in the extract
        ("1", False, "1", UNK, True, False),  # 1.001193 khai sinh — the crawl lost the unit
        ("5", False, "5", UNK, True, False),
        ("0", False, "0", UNK, True, False),  # 1.115148 — kept as the source says, flagged
        ("Không có thông tin", False, None, UNK, False, False),  # no number: nothing is missing a unit
        ("", False, None, UNK, False, False),
        ("120,000", True, None, UNK, True, True),  # 1.000005: time "1" glued to fee "20,000 VNĐ"
        ("1100,000", True, None, UNK, True, True),  # 2.002044: "1" + "100,000"
        ("1250", True, None, UNK, True, True),  # 2.002797: digits of time and fee glued, fee "?"
        ("120,000", False, None, UNK, True, True),  # a thousands separator never belongs to a time
        ("mười ngày", False, None, UNK, False, False),  # unrecognised: unknown, noted, not guessed
    ],
)
def test_it_parses_time_limits_faithfully(raw, fee_lost, value, unit, unit_missing, merged):
    parsed = parse_time(raw, fee_lost=fee_lost)
    assert parsed.value == (Decimal(value) if value is not None else None)
    assert parsed.unit is unit
    assert parsed.unit_missing is unit_missing
    assert parsed.time_fee_merged is merged
    if unit is UNK or unit is H:
        assert parsed.note  # every doubtful time explains itself (in Vietnamese)


@pytest.mark.parametrize(
    ("raw", "amount", "currency", "free", "doubtful", "text"),
    [
        ("Miễn phí", "0", "VND", True, False, "Miễn phí"),
        ("500,000 Việt Nam Đồng(/hồ sơ)", "500000", "VND", False, False, "500,000 Việt Nam Đồng(/hồ sơ)"),
        ("8,000 VNĐ", "8000", "VND", False, False, "8,000 VNĐ"),
        ("14,000,000 VNĐ", "14000000", "VND", False, False, "14,000,000 VNĐ"),
        # the amount is in thousands by the look of the remark: not stored, text kept
        (
            "50 VNĐ((áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025)",
            None,
            "",
            False,
            True,
            "50 VNĐ((áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025)",
        ),
        ("10 USD(10 USD/lần)", None, "USD", False, False, "10 USD(10 USD/lần)"),
        ("Không có thông tin", None, "", False, False, ""),
        ("?", None, "", False, False, ""),  # the crawl lost it
        ("", None, "", False, False, ""),
    ],
)
def test_it_parses_fees(raw, amount, currency, free, doubtful, text):
    fee = parse_fee(raw)
    assert fee.amount == (Decimal(amount) if amount is not None else None)
    assert fee.currency == currency
    assert fee.is_free is free
    assert fee.amount_doubtful is doubtful
    assert fee.text == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1 bản chính", (1, 0)), ("02 bản chính", (2, 0)), ("0 bản chính", (0, 0)), ("2 bản sao", (0, 2))],
)
def test_it_reads_document_quantities(raw, expected):
    assert parse_quantity(raw) == expected


def test_it_refuses_an_unreadable_quantity():
    with pytest.raises(ValueError):
        parse_quantity("một bản")


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Giấy khai sinh [KQ.G15.000031]", "Giấy khai sinh", "KQ.G15.000031"),
        (
            "Giấy chứng nhận năng lực cơ sở thử nghiệm. [KQ.G04.000352]",
            "Giấy chứng nhận năng lực cơ sở thử nghiệm",
            "KQ.G04.000352",
        ),
        ("Văn bản chấp thuận", "Văn bản chấp thuận", ""),
    ],
)
def test_it_splits_the_national_result_code_off(text, name, code):
    (result,) = parse_results(text)
    assert (result.name, result.code) == (name, code)


def test_it_has_no_result_when_the_source_has_none():
    assert parse_results("") == ()


@pytest.mark.parametrize(
    ("value", "text", "hint"),
    [
        # 1.001193 khai sinh: the steps mention the 15:00 cut-off (DOMAIN §6 same-day rule)
        ("1", "nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn", SD),
        ("3", "Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ", WD),
        ("3", "trong thời hạn 03 (ba) ngày làm việc", WD),
        ("15", "trong thời hạn 15 ngày kể từ ngày nhận hồ sơ", CD),
        ("5", "Trong thời hạn 05 ngày làm việc; trường hợp phải xác minh thì 05 ngày", None),  # ambiguous
        ("7", "Không có thời hạn nào trùng khớp", None),
    ],
)
def test_it_suggests_a_unit_only_from_the_procedures_own_text(value, text, hint):
    unit, evidence = suggest_unit(Decimal(value), [text])
    assert unit == hint
    assert bool(evidence) is (hint is not None)


# --- the real files ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    return read_reference_data()


def test_it_reads_the_whole_national_extract(catalog):
    assert len(catalog.procedures) == 2625
    assert sum(p.has_details for p in catalog.procedures) == 1584
    demo = [p for p in catalog.procedures if p.in_demo_subset]
    assert len(demo) == 66
    assert sorted({p.demo_tier for p in demo}) == ["commune", "province"]
    assert sum(p.demo_tier == "commune" for p in demo) == 46
    assert all(p.has_details for p in demo)


def test_unit_missing_flags_agree_with_the_curated_demo_flag(catalog):
    with (parsing.DATA_DIR / DEMO_FILE).open(encoding="utf-8", newline="") as fh:
        curated = {r["ma_thu_tuc"]: r["thoi_han_thieu_don_vi"] == "True" for r in csv.DictReader(fh)}
    ours = {p.code: p.time_unit_missing for p in catalog.procedures if p.in_demo_subset}
    assert ours == curated
    assert sum(curated.values()) == 15


def test_counts_match_the_provenance_note(catalog):
    # PROVENANCE: in the local-level JSON 660 of 4,249 channel rows lack a unit, 159 have no time
    local = [c for p in catalog.procedures if p.has_details for c in p.channels]
    assert len(local) == 4249
    assert sum(c.unit_missing for c in local) == 660
    assert sum(c.time_value is None and not c.unit_missing and c.time_unit is UNK for c in local) == 159


def test_khai_sinh_is_read_in_full(catalog):
    khai_sinh = catalog.by_code()["1.001193"]
    assert khai_sinh.name == "Thủ tục đăng ký khai sinh"
    assert khai_sinh.sector == "Hộ tịch"
    assert khai_sinh.decision == "163/QĐ-BTP"
    assert khai_sinh.demo_tier == "commune"
    assert [c.channel for c in khai_sinh.channels] == [Channel.ONLINE, Channel.POSTAL, Channel.DIRECT]
    direct = khai_sinh.channels[2]
    assert (direct.time_value, direct.time_unit, direct.unit_missing) == (Decimal(1), UNK, True)
    assert direct.unit_hint is SD and "15 giờ" in direct.unit_hint_evidence
    assert direct.is_free
    assert khai_sinh.time_unit_missing
    assert khai_sinh.results[0].code == "KQ.G15.000031"
    assert khai_sinh.documents[0].originals == 1
    assert any(d.group == "Giấy tờ phải xuất trình" for d in khai_sinh.documents)
    assert "Bước" in khai_sinh.steps_text or "hồ sơ" in khai_sinh.steps_text
    assert khai_sinh.legal_basis_text.startswith("Thông tư")
    assert khai_sinh.implementing_agency == ""  # "Không có thông tin" in the source


def test_time_and_fee_glued_together_leave_both_unknown(catalog):
    customs = catalog.by_code()["1.000005"]
    (online,) = customs.channels
    assert online.time_raw == "120,000"
    assert online.time_fee_merged and online.time_value is None
    assert online.fee_amount is None and online.fee_note


# --- malformed files ----------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A private copy of the real files that a test may damage."""
    for name in (CATALOG_FILE, DEMO_FILE, DETAILS_FILE):
        shutil.copy(parsing.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite_csv(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _rewrite_details(path: Path, change) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    change(data)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)


def test_the_copied_files_load(data_dir):
    assert len(read_reference_data(data_dir).procedures) == 2625


def test_a_missing_column_stops_the_load(data_dir):
    def drop_sector(rows):
        i = rows[0].index("linh_vuc")
        for row in rows:
            del row[i]

    _rewrite_csv(data_dir / CATALOG_FILE, drop_sector)
    with pytest.raises(ReferenceDataError) as exc:
        read_reference_data(data_dir)
    assert CATALOG_FILE in str(exc.value) and "thiếu cột" in str(exc.value) and "linh_vuc" in str(exc.value)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("ma_thu_tuc", "1.00119", "không đúng dạng"),
        ("ten_thu_tuc", "  ", "thiếu tên thủ tục"),
        ("cap_thuc_hien", "Cấp huyện", "cấp thực hiện “Cấp huyện”"),  # no districts since 1/7/2025
        ("thoi_han", "Qua mạng: 1 Ngày làm việc", "không nhận dạng được kênh"),
        ("so_giay_to", "ba", "không phải số"),
        ("kenh", "Trực tiếp", "cột kênh không khớp"),
    ],
)
def test_a_bad_row_names_file_row_and_column(data_dir, column, value, words):
    def damage(rows):
        rows[3][rows[0].index(column)] = value

    _rewrite_csv(data_dir / CATALOG_FILE, damage)
    with pytest.raises(CatalogDataError) as exc:
        read_reference_data(data_dir)
    message = str(exc.value)
    assert exc.value.file == CATALOG_FILE and exc.value.column == column
    assert exc.value.row == 4  # header is line 1
    assert f"tệp {CATALOG_FILE}" in message and "dòng 4" in message and f"cột {column}" in message
    assert words in message


def test_a_duplicate_code_is_refused(data_dir):
    _rewrite_csv(data_dir / CATALOG_FILE, lambda rows: rows.append(list(rows[1])))
    with pytest.raises(CatalogDataError, match="trùng với dòng 2"):
        read_reference_data(data_dir)


def test_a_demo_code_outside_the_catalogue_is_refused(data_dir):
    def damage(rows):
        rows[5][rows[0].index("ma_thu_tuc")] = "9.999999"

    _rewrite_csv(data_dir / DEMO_FILE, damage)
    with pytest.raises(CatalogDataError) as exc:
        read_reference_data(data_dir)
    assert exc.value.file == DEMO_FILE and exc.value.row == 6 and "9.999999" in str(exc.value)


def test_an_unknown_demo_tier_is_refused(data_dir):
    _rewrite_csv(data_dir / DEMO_FILE, lambda rows: rows[2].__setitem__(0, "district"))
    with pytest.raises(CatalogDataError, match="nhóm demo"):
        read_reference_data(data_dir)


def test_an_unreadable_document_quantity_is_refused(data_dir):
    def damage(data):
        data["procedures"][10]["thanh_phan_ho_so"][0]["quantity"] = "vài bản"

    _rewrite_details(data_dir / DETAILS_FILE, damage)
    with pytest.raises(CatalogDataError) as exc:
        read_reference_data(data_dir)
    assert exc.value.column == "thanh_phan_ho_so" and "bản ghi thứ 11" in str(exc.value)


def test_a_detail_record_without_a_field_is_refused(data_dir):
    _rewrite_details(data_dir / DETAILS_FILE, lambda data: data["procedures"][0].pop("kenh_nop"))
    with pytest.raises(CatalogDataError, match="thiếu trường kenh_nop"):
        read_reference_data(data_dir)


def test_a_truncated_gzip_is_refused(data_dir):
    path = data_dir / DETAILS_FILE
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(CatalogDataError, match="không đọc được JSON"):
        read_reference_data(data_dir)


def test_a_missing_file_is_refused(data_dir):
    (data_dir / DEMO_FILE).unlink()
    with pytest.raises(ReferenceDataError, match=DEMO_FILE):
        read_reference_data(data_dir)

"""Message building: the portal's date format in Vietnam time, field names, codes as strings, validation.

No database: ``messages`` is framework-free.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from motcua.integrations.nationalportal import messages
from motcua.integrations.nationalportal.messages import (
    Fee,
    MessageError,
    ResultDocument,
    SupplementRound,
    build_dossier,
    build_progress,
    format_dvcqg_datetime,
    parse_dvcqg_datetime,
    parse_error_code,
)

from .factories import CODE, RECEIVED, VN, make_progress, make_snapshot

# Field names of DongBoHoSoMC's dossier object and of CapNhatTienDoHoSoMC, as in the research table
# (opencps-v2 snapshot 2020-10-05), copied here so the test does not read the research folder.
DOSSIER_FIELDS = [
    "MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "SoBienNhan", "ChuHoSo", "LoaiDoiTuong",
    "MaDoiTuong", "ThongTinKhac", "Email", "Fax", "SoDienThoai", "TrichYeuHoSo", "NgayTiepNhan", "NgayHenTra",
    "TrangThaiHoSo", "NgayTra", "ThongTinTra", "HinhThuc", "NgayKetThucXuLy", "DonViXuLy", "GhiChu",
    "TaiLieuNop", "DanhSachGiayToKetQua", "DanhSachLePhi", "DanhSachTepDinhKemKhac", "DanhSachHoSoBoSung",
]  # fmt: skip
EXTENSION_FIELDS = [
    "KenhThucHien", "NgayNopHoSo", "HoSoCoThanhPhanSoHoa", "TaiKhoanDuocXacThucVoiVNeID", "DuocThanhToanTrucTuyen",
]  # fmt: skip
PROGRESS_FIELDS = [
    "MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy", "NoiDungXuLy", "TrangThai", "NgayBatDau",
    "NgayKetThucTheoQuyDinh",
]  # fmt: skip


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # the brief's example: 09:20 UTC is 16:20 in Vĩnh Long
        (dt.datetime(2026, 2, 13, 9, 20, tzinfo=dt.UTC), "20260213162000"),
        # 17:30 UTC on 31 Jan is already 1 February in Vietnam (month and day roll over)
        (dt.datetime(2026, 1, 31, 17, 30, 5, tzinfo=dt.UTC), "20260201003005"),
        # New Year's Eve 23:59:59 +07 stays on 31 December (no conversion needed)
        (dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=VN), "20251231235959"),
        # Asia/Ho_Chi_Minh given directly
        (dt.datetime(2026, 7, 1, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), "20260701070000"),
        # Tokyo is 2 hours ahead of Vietnam
        (dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")), "20260302070000"),
        # microseconds are dropped, not rounded
        (dt.datetime(2026, 2, 13, 9, 20, 59, 999999, tzinfo=dt.UTC), "20260213162059"),
    ],
)
def test_dates_are_written_in_vietnam_time(moment, expected):
    assert format_dvcqg_datetime(moment) == expected
    assert parse_dvcqg_datetime(expected) == moment.replace(microsecond=0)


def test_no_date_is_an_empty_string():
    assert format_dvcqg_datetime(None) == ""


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="múi giờ"):
        format_dvcqg_datetime(dt.datetime(2026, 2, 13, 16, 20))


@pytest.mark.parametrize("text", ["2026021316200", "202602131620000", "20260230120000", "2026-02-13 16:20", "", None])
def test_parse_refuses_what_is_not_a_real_stamp(text):
    with pytest.raises(ValueError):
        parse_dvcqg_datetime(text)


def test_the_dossier_object_uses_exactly_the_documented_names():
    body = build_dossier(make_snapshot(), extensions=False)
    assert list(body) == DOSSIER_FIELDS


def test_extensions_add_the_index_flags_and_nothing_else():
    body = build_dossier(make_snapshot(), extensions=True)
    assert list(body) == DOSSIER_FIELDS + EXTENSION_FIELDS
    assert body["KenhThucHien"] == "1"
    assert body["HoSoCoThanhPhanSoHoa"] == "1"
    assert body["TaiKhoanDuocXacThucVoiVNeID"] == "0"
    assert body["TaiLieuNop"][0]["DuocSoHoa"] == "1"
    assert "DuocSoHoa" not in build_dossier(make_snapshot(), extensions=False)["TaiLieuNop"][0]


def test_codes_are_strings_and_dates_are_stamps():
    body = build_dossier(make_snapshot(TrangThaiHoSo=4, LoaiDoiTuong=2, HinhThuc=1))
    assert body["MaHoSo"] == CODE
    assert body["TrangThaiHoSo"] == "4"
    assert body["LoaiDoiTuong"] == "2"
    assert body["HinhThuc"] == "1"
    assert body["NgayTiepNhan"] == "20260213162000"
    assert body["NgayHenTra"] == "20260214162000"
    assert body["NgayTra"] == ""  # absent optional moment


def test_nested_lists_are_built():
    snapshot = make_snapshot(
        TrangThaiHoSo=4,
        DanhSachLePhi=(Fee(TenPhiLePhi="Lệ phí đăng ký khai sinh", Gia=8000),),
        DanhSachGiayToKetQua=(ResultDocument(GiayToId="kq1", TenGiayTo="Giấy khai sinh", MaGiayToKetQua="KQ-1"),),
        DanhSachHoSoBoSung=(
            SupplementRound(
                HoSoBoSungId="bs1",
                NguoiYeuCauBoSung="Trần Văn Minh",
                NoiDungBoSung="Bản sao giấy chứng sinh",
                NgayBoSung=RECEIVED + dt.timedelta(hours=3),
                NgayHenTraTruoc=RECEIVED + dt.timedelta(days=1),
            ),
        ),
    )
    body = build_dossier(snapshot)
    assert body["DanhSachLePhi"] == [
        {
            "TenPhiLePhi": "Lệ phí đăng ký khai sinh",
            "MaPhiLePhi": "",
            "HinhThucThu": "",
            "Gia": "8000",
            "LoaiPhiLePhi": "",
        }
    ]
    assert body["DanhSachGiayToKetQua"][0]["MaGiayToKetQua"] == "KQ-1"
    round_ = body["DanhSachHoSoBoSung"][0]
    assert round_["NgayBoSung"] == "20260213192000"
    assert round_["NgayHenTraMoi"] == ""
    assert round_["TrangThaiBoSung"] == "0"


def test_progress_entry_uses_exactly_the_documented_names():
    body = build_progress(make_progress(4, RECEIVED + dt.timedelta(hours=1)))
    assert list(body) == PROGRESS_FIELDS
    assert body["TrangThai"] == "4"
    assert body["ThoiDiemXuLy"] == "20260213172000"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"MaTTHC": ""}, "Thiếu mã thủ tục hành chính (MaTTHC)."),
        ({"MaLinhVuc": "  "}, "Thiếu mã lĩnh vực (MaLinhVuc)."),
        ({"TrangThaiHoSo": 11}, "Trạng thái hồ sơ (TrangThaiHoSo) 11 không hợp lệ: chỉ nhận 1–10."),
        ({"LoaiDoiTuong": 3}, "Loại đối tượng (LoaiDoiTuong) 3 không hợp lệ: 1 công dân, 2 doanh nghiệp."),
        ({"KenhThucHien": 4}, "Kênh thực hiện (KenhThucHien) 4 không hợp lệ: 1 trực tiếp, 2 trực tuyến, 3 bưu chính."),
        ({"HinhThuc": 2}, "Hình thức (HinhThuc) 2 không hợp lệ: chỉ nhận 0 hoặc 1."),
        ({"NgayTiepNhan": dt.datetime(2026, 2, 13, 16, 20)}, "ngày tiếp nhận (NgayTiepNhan) phải có múi giờ"),
        # accepted (status 2) → an appointment exists and must be sent
        ({"NgayHenTra": None}, "Thiếu ngày hẹn trả (NgayHenTra)."),
        ({"NgayHenTra": RECEIVED - dt.timedelta(hours=1)}, "Ngày hẹn trả (NgayHenTra) sớm hơn ngày tiếp nhận"),
        # done (9): the end of processing is what the portal's on-time rule compares
        ({"TrangThaiHoSo": 9}, "Thiếu ngày kết thúc xử lý (NgayKetThucXuLy)."),
        # returned (10): the return moment too
        ({"TrangThaiHoSo": 10, "NgayKetThucXuLy": RECEIVED}, "Thiếu ngày trả kết quả (NgayTra)."),
        ({"sequence": -1}, "Số thứ tự phiên bản (sequence) phải là số nguyên không âm."),
    ],
)
def test_validation_names_every_problem_in_vietnamese(overrides, message):
    errors = messages.validate_snapshot(make_snapshot(**overrides))
    assert any(message in error for error in errors), errors
    with pytest.raises(MessageError):
        build_dossier(make_snapshot(**overrides))


@pytest.mark.parametrize("status", [1, 3])
def test_submitted_or_refused_dossiers_have_no_appointment(status):
    # DOMAIN §4: status 1 (submitted online) and 3 (refused at intake) have no appointment yet/ever
    body = build_dossier(make_snapshot(TrangThaiHoSo=status, NgayHenTra=None))
    assert body["NgayHenTra"] == ""


def test_progress_validation():
    errors = messages.validate_progress(make_progress(0, RECEIVED, NguoiXuLy=""))
    assert "Tiến độ: thiếu người xử lý (NguoiXuLy)." in errors
    assert "Tiến độ: trạng thái (TrangThai) 0 không hợp lệ: chỉ nhận 1–10." in errors


def test_envelopes():
    upsert = messages.build_upsert_request([{"MaHoSo": CODE}], is_updating=False, session="s", unit_code="u")
    assert upsert == {
        "service": "DongBoHoSoMC",
        "isUpdating": "False",
        "session": "s",
        "madonvi": "u",
        "data": [{"MaHoSo": CODE}],
    }
    assert messages.build_upsert_request([], is_updating=True, session="s", unit_code="u")["isUpdating"] == "True"
    assert messages.build_lookup_request(CODE, session="s", unit_code="u")["mahoso"] == CODE
    assert messages.build_procedure_request("1.001193", session="s", unit_code="u")["maTTHC"] == "1.001193"
    assert messages.build_progress_request([], session="s", unit_code="u")["service"] == "CapNhatTienDoHoSoMC"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        ("0", 0),
        ("00", 0),
        (1, 1),
        ("-1", -1),
        (" 2 ", 2),
        ("OK", None),
        (None, None),
        (True, None),
        (1.0, None),
    ],
)
def test_error_code_accepts_both_forms_seen_in_opencps(value, expected):
    assert parse_error_code(value) == expected


def test_payload_hash_ignores_key_order():
    assert messages.payload_hash({"a": 1, "b": "ư"}) == messages.payload_hash({"b": "ư", "a": 1})
    assert messages.payload_hash({"a": 1}) != messages.payload_hash({"a": 2})


def test_messages_module_is_framework_free():
    tree = ast.parse(Path(messages.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} | {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {name for name in imported if name.split(".")[0] in {"django", "motcua"}}

"""Messages exchanged with the national public-service portal (Cổng Dịch vụ công quốc gia, DVCQG).

Framework-free (no Django): typed snapshots of what the portal needs, the builders that turn them into
the JSON bodies of the gateway's services, the portal's date format, and validation with Vietnamese
messages. Used by :mod:`.client` and :mod:`.services`; tested on their own.

Source of the field names and formats (DOMAIN §10): the research table of the sync messages, taken
from VietOpenCPS/opencps-v2 (snapshot 2020-10-05, ``DVCQGIntegrationActionImpl.java``) and the
status-code table 1–10 (DOMAIN §4). The dataclass attributes carry **exactly the wire names**
(``MaHoSo``, ``NgayHenTra`` …) so the mapping can be checked against the specification line by line;
non-wire attributes are in snake_case (``sequence``).

Fields marked *extension* are not in that 2020 table. They carry what DOMAIN §3 and §9 require for the
index (channel, digitised components, data reuse, VNeID-authenticated account, online payment, result
code) under the names newer public sync clients use; ``extensions=False`` leaves them out. **The
gateway's current specification must be confirmed with the province's operator** (docs/national-portal.md).

Conventions of the wire format (as in the source): every code is a string (``"1"``..``"10"``),
booleans are ``"1"``/``"0"``, ``isUpdating`` is ``"True"``/``"False"``, moments are
``yyyyMMddHHmmss`` in Vietnam time, an absent optional value is ``""``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DVCQG_DATETIME_FORMAT = "%Y%m%d%H%M%S"
_DVCQG_DATETIME = re.compile(r"\d{14}")

SERVICE_UPSERT = "DongBoHoSoMC"
SERVICE_PROGRESS = "CapNhatTienDoHoSoMC"
SERVICE_LOOKUP = "TraCuuHoSo"
SERVICE_PROCEDURE = "LayThuTuc"

# DOMAIN §4 — national status codes (TrangThaiHoSo / TrangThai).
STATUS_NAMES: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
# DOMAIN §3 — national channel codes (KenhThucHien, extension).
CHANNEL_NAMES: dict[int, str] = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Qua dịch vụ bưu chính công ích"}
# LoaiDoiTuong as opencps sends it.
APPLICANT_KINDS: dict[int, str] = {1: "Công dân", 2: "Doanh nghiệp"}
# HinhThuc: opencps sends "1" when the result is returned by post, else "0" (meaning unconfirmed).
RETURN_FORMS: dict[int, str] = {0: "Không qua bưu chính", 1: "Trả kết quả qua bưu chính"}

# No appointment exists for a dossier only submitted (1) or refused at intake (3): NgayHenTra is sent
# empty although the table marks it required (to confirm with the operator).
STATUSES_WITHOUT_APPOINTMENT = frozenset({1, 3})
# "Done" and "returned" carry the end of processing (the portal's on-time rule compares
# NgayKetThucXuLy with NgayHenTra); "returned" carries the return moment too. Our rule, not the table's.
STATUSES_NEEDING_END = frozenset({9, 10})


class MessageError(ValueError):
    """A snapshot cannot be sent as is. ``errors`` lists every problem, in Vietnamese."""

    def __init__(self, errors: Iterable[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


# --- Dates --------------------------------------------------------------------------------------


def format_dvcqg_datetime(moment: dt.datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time; ``None`` → ``""``. A naive moment is refused (ambiguous)."""
    if moment is None:
        return ""
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"Cần một thời điểm (datetime), nhận {type(moment).__name__}.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Thời điểm gửi Cổng DVCQG phải có múi giờ (timezone-aware).")
    return moment.astimezone(VIETNAM_TZ).strftime(DVCQG_DATETIME_FORMAT)


def parse_dvcqg_datetime(text: str) -> dt.datetime:
    """Inverse of :func:`format_dvcqg_datetime`: an aware moment in Vietnam time, or ``ValueError``."""
    if not isinstance(text, str) or not _DVCQG_DATETIME.fullmatch(text):
        raise ValueError(f"{text!r} không đúng định dạng yyyyMMddHHmmss.")
    try:
        naive = dt.datetime.strptime(text, DVCQG_DATETIME_FORMAT)
    except ValueError:
        raise ValueError(f"{text!r} không phải là một thời điểm có thật.") from None
    return naive.replace(tzinfo=VIETNAM_TZ)


# --- Snapshots ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SubmittedFile:
    """TaiLieuNop[] — a submitted paper (file URL)."""

    TepDinhKemId: str
    TenTepDinhKem: str
    MaThanhPhanHoSo: str = ""
    DuongDanTaiTepTin: str = ""
    IsDeleted: bool = False
    DuocSoHoa: bool = False  # extension (DOMAIN §9): the component was digitised
    DuocTaiSuDung: bool = False  # extension: reused from the personal data store
    DuocLayTuKhoDMQG: bool = False  # extension: taken from a national database / data store


@dataclass(frozen=True, kw_only=True)
class ResultDocument:
    """DanhSachGiayToKetQua[] — a result document."""

    GiayToId: str
    TenGiayTo: str
    MaThanhPhanHoSo: str = ""
    DuongDanTepTinKetQua: str = ""  # DOMAIN §9: link to the electronic result
    MaGiayToKetQua: str = ""  # extension (DOMAIN §9): result code


@dataclass(frozen=True, kw_only=True)
class Fee:
    """DanhSachLePhi[] — a fee or charge (amount in đồng)."""

    TenPhiLePhi: str
    MaPhiLePhi: str = ""
    HinhThucThu: str = ""
    Gia: int = 0
    LoaiPhiLePhi: str = ""


@dataclass(frozen=True, kw_only=True)
class OtherAttachment:
    """DanhSachTepDinhKemKhac[]."""

    TenGiayTo: str
    SoLuong: int = 1
    LoaiGiayTo: str = ""


@dataclass(frozen=True, kw_only=True)
class SupplementRound:
    """DanhSachHoSoBoSung[] — one supplement request and its answer (DOMAIN §6)."""

    HoSoBoSungId: str
    NguoiYeuCauBoSung: str
    NoiDungBoSung: str
    NgayBoSung: dt.datetime
    NguoiTiepNhanBoSung: str = ""
    ThongTinTiepNhan: str = ""
    NgayTiepNhanBoSung: dt.datetime | None = None
    TrangThaiBoSung: bool = False  # True once the complete supplement was received
    DanhSachGiayToBoSung: tuple[SubmittedFile, ...] = ()
    DanhSachLePhiBoSung: tuple[Fee, ...] = ()
    NgayHenTraTruoc: dt.datetime | None = None
    NgayHenTraMoi: dt.datetime | None = None


@dataclass(frozen=True, kw_only=True)
class DossierSnapshot:
    """Everything ``DongBoHoSoMC`` needs about one dossier, in one state.

    ``sequence`` is not sent: it orders the snapshots of one dossier (use the dossier's row version,
    incremented at every transition). A snapshot with a lower sequence than one already queued is
    stale and never overwrites it — status codes alone cannot order states (4 → 5 → 4).
    """

    sequence: int
    MaHoSo: str
    MaTTHC: str
    TenTTHC: str
    MaLinhVuc: str
    TenLinhVuc: str
    TrangThaiHoSo: int
    NgayTiepNhan: dt.datetime
    NgayHenTra: dt.datetime | None
    DonViXuLy: str
    LoaiDoiTuong: int = 1
    HinhThuc: int = 0
    SoBienNhan: str = ""
    ChuHoSo: str = ""
    MaDoiTuong: str = ""
    ThongTinKhac: str = ""
    Email: str = ""
    Fax: str = ""
    SoDienThoai: str = ""
    TrichYeuHoSo: str = ""
    NgayTra: dt.datetime | None = None
    ThongTinTra: str = ""
    NgayKetThucXuLy: dt.datetime | None = None
    GhiChu: str = ""
    TaiLieuNop: tuple[SubmittedFile, ...] = ()
    DanhSachGiayToKetQua: tuple[ResultDocument, ...] = ()
    DanhSachLePhi: tuple[Fee, ...] = ()
    DanhSachTepDinhKemKhac: tuple[OtherAttachment, ...] = ()
    DanhSachHoSoBoSung: tuple[SupplementRound, ...] = ()
    # --- extensions (DOMAIN §3, §9): not in the 2020 table, confirm with the operator -------------
    KenhThucHien: int = 1  # 1 trực tiếp, 2 trực tuyến, 3 bưu chính
    NgayNopHoSo: dt.datetime | None = None  # online submission moment
    HoSoCoThanhPhanSoHoa: bool = False  # the dossier has digitised components
    TaiKhoanDuocXacThucVoiVNeID: bool = False  # the applicant's account is VNeID-authenticated
    DuocThanhToanTrucTuyen: bool = False  # paid online


@dataclass(frozen=True, kw_only=True)
class ProgressEntry:
    """One line of the dossier's processing timeline (``CapNhatTienDoHoSoMC``)."""

    MaHoSo: str
    NguoiXuLy: str
    ThoiDiemXuLy: dt.datetime
    NoiDungXuLy: str
    TrangThai: int
    ChucDanh: str = ""
    PhongBanXuLy: str = ""
    NgayBatDau: dt.datetime | None = None
    NgayKetThucTheoQuyDinh: dt.datetime | None = None


@dataclass(frozen=True)
class ProcedureInfo:
    """What ``LayThuTuc`` says about a national procedure (the fields DongBoHoSoMC needs)."""

    MaTTHC: str
    TenTTHC: str
    MaLinhVuc: str
    TenLinhVuc: str
    raw: Mapping[str, Any]


# --- Validation ---------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return not isinstance(value, str) or not value.strip()


def _check_moment(errors: list[str], label: str, value: object, *, required: bool) -> None:
    if value is None:
        if required:
            errors.append(f"Thiếu {label}.")
        return
    if not isinstance(value, dt.datetime):
        errors.append(f"{label} phải là một thời điểm (datetime).")
    elif value.tzinfo is None or value.utcoffset() is None:
        errors.append(f"{label} phải có múi giờ (timezone-aware).")


def validate_snapshot(snapshot: DossierSnapshot) -> list[str]:
    """Every reason the snapshot cannot be sent, in Vietnamese; empty when it can."""
    s = snapshot
    errors: list[str] = []
    if not isinstance(s.sequence, int) or isinstance(s.sequence, bool) or s.sequence < 0:
        errors.append("Số thứ tự phiên bản (sequence) phải là số nguyên không âm.")
    for name, label in (
        ("MaHoSo", "mã hồ sơ (MaHoSo)"),
        ("MaTTHC", "mã thủ tục hành chính (MaTTHC)"),
        ("TenTTHC", "tên thủ tục hành chính (TenTTHC)"),
        ("MaLinhVuc", "mã lĩnh vực (MaLinhVuc)"),
        ("TenLinhVuc", "tên lĩnh vực (TenLinhVuc)"),
        ("DonViXuLy", "đơn vị xử lý (DonViXuLy)"),
    ):
        if _blank(getattr(s, name)):
            errors.append(f"Thiếu {label}.")
    if s.TrangThaiHoSo not in STATUS_NAMES:
        errors.append(f"Trạng thái hồ sơ (TrangThaiHoSo) {s.TrangThaiHoSo!r} không hợp lệ: chỉ nhận 1–10.")
    if s.LoaiDoiTuong not in APPLICANT_KINDS:
        errors.append(f"Loại đối tượng (LoaiDoiTuong) {s.LoaiDoiTuong!r} không hợp lệ: 1 công dân, 2 doanh nghiệp.")
    if s.HinhThuc not in RETURN_FORMS:
        errors.append(f"Hình thức (HinhThuc) {s.HinhThuc!r} không hợp lệ: chỉ nhận 0 hoặc 1.")
    if s.KenhThucHien not in CHANNEL_NAMES:
        errors.append(
            f"Kênh thực hiện (KenhThucHien) {s.KenhThucHien!r} không hợp lệ: 1 trực tiếp, 2 trực tuyến, 3 bưu chính."
        )
    _check_moment(errors, "ngày tiếp nhận (NgayTiepNhan)", s.NgayTiepNhan, required=True)
    _check_moment(
        errors,
        "ngày hẹn trả (NgayHenTra)",
        s.NgayHenTra,
        required=s.TrangThaiHoSo not in STATUSES_WITHOUT_APPOINTMENT,
    )
    _check_moment(
        errors,
        "ngày kết thúc xử lý (NgayKetThucXuLy)",
        s.NgayKetThucXuLy,
        required=s.TrangThaiHoSo in STATUSES_NEEDING_END,
    )
    _check_moment(errors, "ngày trả kết quả (NgayTra)", s.NgayTra, required=s.TrangThaiHoSo == 10)
    _check_moment(errors, "ngày nộp hồ sơ (NgayNopHoSo)", s.NgayNopHoSo, required=False)
    if (
        isinstance(s.NgayTiepNhan, dt.datetime)
        and isinstance(s.NgayHenTra, dt.datetime)
        and s.NgayTiepNhan.tzinfo
        and s.NgayHenTra.tzinfo
        and s.NgayHenTra < s.NgayTiepNhan
    ):
        errors.append("Ngày hẹn trả (NgayHenTra) sớm hơn ngày tiếp nhận (NgayTiepNhan).")
    for index, round_ in enumerate(s.DanhSachHoSoBoSung, start=1):
        _check_moment(errors, f"ngày yêu cầu bổ sung lần {index} (NgayBoSung)", round_.NgayBoSung, required=True)
        for name in ("NgayTiepNhanBoSung", "NgayHenTraTruoc", "NgayHenTraMoi"):
            _check_moment(errors, f"{name} của lần bổ sung {index}", getattr(round_, name), required=False)
    for fee in (*s.DanhSachLePhi, *(f for r in s.DanhSachHoSoBoSung for f in r.DanhSachLePhiBoSung)):
        if not isinstance(fee.Gia, int) or fee.Gia < 0:
            errors.append(f"Mức phí, lệ phí {fee.TenPhiLePhi!r} (Gia) phải là số đồng không âm.")
    return errors


def validate_progress(entry: ProgressEntry) -> list[str]:
    errors: list[str] = []
    for name, label in (
        ("MaHoSo", "mã hồ sơ (MaHoSo)"),
        ("NguoiXuLy", "người xử lý (NguoiXuLy)"),
        ("NoiDungXuLy", "nội dung xử lý (NoiDungXuLy)"),
    ):
        if _blank(getattr(entry, name)):
            errors.append(f"Tiến độ: thiếu {label}.")
    if entry.TrangThai not in STATUS_NAMES:
        errors.append(f"Tiến độ: trạng thái (TrangThai) {entry.TrangThai!r} không hợp lệ: chỉ nhận 1–10.")
    _check_moment(errors, "tiến độ: thời điểm xử lý (ThoiDiemXuLy)", entry.ThoiDiemXuLy, required=True)
    _check_moment(errors, "tiến độ: NgayBatDau", entry.NgayBatDau, required=False)
    _check_moment(errors, "tiến độ: NgayKetThucTheoQuyDinh", entry.NgayKetThucTheoQuyDinh, required=False)
    return errors


# --- Builders -----------------------------------------------------------------------------------


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _file(item: SubmittedFile, extensions: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "TepDinhKemId": item.TepDinhKemId,
        "TenTepDinhKem": item.TenTepDinhKem,
        "IsDeleted": _flag(item.IsDeleted),
        "MaThanhPhanHoSo": item.MaThanhPhanHoSo,
        "DuongDanTaiTepTin": item.DuongDanTaiTepTin,
    }
    if extensions:
        body |= {
            "DuocSoHoa": _flag(item.DuocSoHoa),
            "DuocTaiSuDung": _flag(item.DuocTaiSuDung),
            "DuocLayTuKhoDMQG": _flag(item.DuocLayTuKhoDMQG),
        }
    return body


def _fee(item: Fee) -> dict[str, Any]:
    return {
        "TenPhiLePhi": item.TenPhiLePhi,
        "MaPhiLePhi": item.MaPhiLePhi,
        "HinhThucThu": item.HinhThucThu,
        "Gia": str(item.Gia),
        "LoaiPhiLePhi": item.LoaiPhiLePhi,
    }


def _result(item: ResultDocument, extensions: bool) -> dict[str, Any]:
    body = {
        "GiayToId": item.GiayToId,
        "TenGiayTo": item.TenGiayTo,
        "MaThanhPhanHoSo": item.MaThanhPhanHoSo,
        "DuongDanTepTinKetQua": item.DuongDanTepTinKetQua,
    }
    if extensions:
        body["MaGiayToKetQua"] = item.MaGiayToKetQua
    return body


def _supplement(item: SupplementRound, extensions: bool) -> dict[str, Any]:
    return {
        "HoSoBoSungId": item.HoSoBoSungId,
        "NguoiYeuCauBoSung": item.NguoiYeuCauBoSung,
        "NoiDungBoSung": item.NoiDungBoSung,
        "NgayBoSung": format_dvcqg_datetime(item.NgayBoSung),
        "NguoiTiepNhanBoSung": item.NguoiTiepNhanBoSung,
        "ThongTinTiepNhan": item.ThongTinTiepNhan,
        "NgayTiepNhanBoSung": format_dvcqg_datetime(item.NgayTiepNhanBoSung),
        "TrangThaiBoSung": _flag(item.TrangThaiBoSung),
        "DanhSachGiayToBoSung": [_file(f, extensions) for f in item.DanhSachGiayToBoSung],
        "DanhSachLePhiBoSung": [_fee(f) for f in item.DanhSachLePhiBoSung],
        "NgayHenTraTruoc": format_dvcqg_datetime(item.NgayHenTraTruoc),
        "NgayHenTraMoi": format_dvcqg_datetime(item.NgayHenTraMoi),
    }


def build_dossier(snapshot: DossierSnapshot, *, extensions: bool = True) -> dict[str, Any]:
    """The dossier object of ``DongBoHoSoMC.data[]``; raises :class:`MessageError` if invalid."""
    errors = validate_snapshot(snapshot)
    if errors:
        raise MessageError(errors)
    s = snapshot
    body: dict[str, Any] = {
        "MaHoSo": s.MaHoSo.strip(),
        "MaTTHC": s.MaTTHC,
        "TenTTHC": s.TenTTHC,
        "MaLinhVuc": s.MaLinhVuc,
        "TenLinhVuc": s.TenLinhVuc,
        "SoBienNhan": s.SoBienNhan,
        "ChuHoSo": s.ChuHoSo,
        "LoaiDoiTuong": str(s.LoaiDoiTuong),
        "MaDoiTuong": s.MaDoiTuong,
        "ThongTinKhac": s.ThongTinKhac,
        "Email": s.Email,
        "Fax": s.Fax,
        "SoDienThoai": s.SoDienThoai,
        "TrichYeuHoSo": s.TrichYeuHoSo,
        "NgayTiepNhan": format_dvcqg_datetime(s.NgayTiepNhan),
        "NgayHenTra": format_dvcqg_datetime(s.NgayHenTra),
        "TrangThaiHoSo": str(s.TrangThaiHoSo),
        "NgayTra": format_dvcqg_datetime(s.NgayTra),
        "ThongTinTra": s.ThongTinTra,
        "HinhThuc": str(s.HinhThuc),
        "NgayKetThucXuLy": format_dvcqg_datetime(s.NgayKetThucXuLy),
        "DonViXuLy": s.DonViXuLy,
        "GhiChu": s.GhiChu,
        "TaiLieuNop": [_file(f, extensions) for f in s.TaiLieuNop],
        "DanhSachGiayToKetQua": [_result(r, extensions) for r in s.DanhSachGiayToKetQua],
        "DanhSachLePhi": [_fee(f) for f in s.DanhSachLePhi],
        "DanhSachTepDinhKemKhac": [
            {"TenGiayTo": a.TenGiayTo, "SoLuong": a.SoLuong, "LoaiGiayTo": a.LoaiGiayTo}
            for a in s.DanhSachTepDinhKemKhac
        ],
        "DanhSachHoSoBoSung": [_supplement(r, extensions) for r in s.DanhSachHoSoBoSung],
    }
    if extensions:
        body |= {
            "KenhThucHien": str(s.KenhThucHien),
            "NgayNopHoSo": format_dvcqg_datetime(s.NgayNopHoSo),
            "HoSoCoThanhPhanSoHoa": _flag(s.HoSoCoThanhPhanSoHoa),
            "TaiKhoanDuocXacThucVoiVNeID": _flag(s.TaiKhoanDuocXacThucVoiVNeID),
            "DuocThanhToanTrucTuyen": _flag(s.DuocThanhToanTrucTuyen),
        }
    return body


def build_progress(entry: ProgressEntry) -> dict[str, Any]:
    """One object of ``CapNhatTienDoHoSoMC.data[]``; raises :class:`MessageError` if invalid."""
    errors = validate_progress(entry)
    if errors:
        raise MessageError(errors)
    return {
        "MaHoSo": entry.MaHoSo.strip(),
        "NguoiXuLy": entry.NguoiXuLy,
        "ChucDanh": entry.ChucDanh,
        "ThoiDiemXuLy": format_dvcqg_datetime(entry.ThoiDiemXuLy),
        "PhongBanXuLy": entry.PhongBanXuLy,
        "NoiDungXuLy": entry.NoiDungXuLy,
        "TrangThai": str(entry.TrangThai),
        "NgayBatDau": format_dvcqg_datetime(entry.NgayBatDau),
        "NgayKetThucTheoQuyDinh": format_dvcqg_datetime(entry.NgayKetThucTheoQuyDinh),
    }


def build_login_request(username: str, password: str) -> dict[str, str]:
    return {"username": username, "password": password}


def build_upsert_request(
    dossiers: Sequence[Mapping[str, Any]], *, is_updating: bool, session: str, unit_code: str
) -> dict[str, Any]:
    """``DongBoHoSoMC``: ``isUpdating`` is "False" on the first push of a dossier, "True" afterwards."""
    return {
        "service": SERVICE_UPSERT,
        "isUpdating": "True" if is_updating else "False",
        "session": session,
        "madonvi": unit_code,
        "data": [dict(d) for d in dossiers],
    }


def build_progress_request(entries: Sequence[Mapping[str, Any]], *, session: str, unit_code: str) -> dict[str, Any]:
    return {"service": SERVICE_PROGRESS, "session": session, "madonvi": unit_code, "data": [dict(e) for e in entries]}


def build_lookup_request(dossier_code: str, *, session: str, unit_code: str) -> dict[str, Any]:
    return {"service": SERVICE_LOOKUP, "session": session, "madonvi": unit_code, "mahoso": dossier_code}


def build_procedure_request(procedure_code: str, *, session: str, unit_code: str) -> dict[str, Any]:
    return {"service": SERVICE_PROCEDURE, "session": session, "madonvi": unit_code, "maTTHC": procedure_code}


# --- Responses ----------------------------------------------------------------------------------


def parse_error_code(value: object) -> int | None:
    """``error_code`` is an int or a numeric string ("0" and "00" both mean success); else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,9}", value.strip()):
        return int(value.strip())
    return None


def parse_procedure(result: Mapping[str, Any]) -> ProcedureInfo:
    """``LayThuTuc`` ``result[0]`` → :class:`ProcedureInfo` (first sector of LINHVUCTHUCHIEN)."""
    sectors = result.get("LINHVUCTHUCHIEN") or [{}]
    first = sectors[0] if isinstance(sectors, list) and sectors and isinstance(sectors[0], Mapping) else {}
    return ProcedureInfo(
        MaTTHC=str(result.get("MATTHC", "")),
        TenTTHC=str(result.get("TENTTHC", "")),
        MaLinhVuc=str(first.get("MALINHVUC", "")),
        TenLinhVuc=str(first.get("TENLINHVUC", "")),
        raw=dict(result),
    )


def payload_hash(payload: object) -> str:
    """SHA-256 of the canonical JSON (sorted keys): equal content, equal hash."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

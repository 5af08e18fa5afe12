"""The stand-in's reading of the gateway protocol: envelope and field checks, error codes.

Written independently of the client (``integrations.nationalportal.messages``) on purpose: the contract
tests then catch a client that drifts from the documented protocol. Source of the rules: the research
table of the sync messages (opencps-v2 snapshot 2020-10-05), restated in docs/national-portal.md.
**To be confirmed with the province's operator** — the real gateway may be stricter or different.

Checks (a message failing any is refused whole, nothing stored):

* envelope: ``service`` known; ``session`` valid; ``madonvi`` present; ``DongBoHoSoMC`` needs
  ``isUpdating`` "True"/"False" and a non-empty ``data`` array; ``CapNhatTienDoHoSoMC`` a non-empty
  ``data`` array; ``TraCuuHoSo`` ``mahoso``; ``LayThuTuc`` ``maTTHC``;
* dossier: the fields marked required are present and not blank; ``LoaiDoiTuong`` "1"/"2",
  ``TrangThaiHoSo`` "1".."10", ``HinhThuc`` "0"/"1"; every date field, when not empty, is a real
  ``yyyyMMddHHmmss``. ``NgayHenTra`` may be empty only for status 1 and 3 (no appointment exists —
  our reading, the table marks it required);
* progress: MaHoSo, NguoiXuLy, ThoiDiemXuLy, NoiDungXuLy, TrangThai required; dates as above.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

OK = 0
INVALID = 1
ALREADY_EXISTS = 2
NOT_FOUND = 3
LOGIN_REFUSED = 4
SESSION_INVALID = 5
UNKNOWN_SERVICE = 6
PROCEDURE_NOT_FOUND = 7

DOSSIER_REQUIRED = (
    "MaHoSo",
    "MaTTHC",
    "TenTTHC",
    "MaLinhVuc",
    "TenLinhVuc",
    "LoaiDoiTuong",
    "NgayTiepNhan",
    "NgayHenTra",
    "TrangThaiHoSo",
    "HinhThuc",
    "DonViXuLy",
)
DOSSIER_DATES = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy", "NgayNopHoSo")
DOSSIER_LISTS = (
    "TaiLieuNop",
    "DanhSachGiayToKetQua",
    "DanhSachLePhi",
    "DanhSachTepDinhKemKhac",
    "DanhSachHoSoBoSung",
)
SUPPLEMENT_DATES = ("NgayBoSung", "NgayTiepNhanBoSung", "NgayHenTraTruoc", "NgayHenTraMoi")
PROGRESS_REQUIRED = ("MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "NoiDungXuLy", "TrangThai")
PROGRESS_DATES = ("ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh")
STATUSES = {str(code) for code in range(1, 11)}
NO_APPOINTMENT_STATUSES = {"1", "3"}
_STAMP = re.compile(r"\d{14}")


def is_stamp(value: Any) -> bool:
    """A real moment written ``yyyyMMddHHmmss`` (20260230… is refused)."""
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        return False
    try:
        dt.datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def _present(item: dict, name: str) -> bool:
    value = item.get(name)
    return isinstance(value, str) and value.strip() != ""


def _dates(item: dict, names: tuple[str, ...], where: str, errors: list[str]) -> None:
    for name in names:
        value = item.get(name)
        if value in (None, ""):
            continue
        if not is_stamp(value):
            errors.append(f"{where}: {name}={value!r} không đúng định dạng yyyyMMddHHmmss.")


def check_dossier(item: Any, index: int) -> list[str]:
    where = f"data[{index}]"
    if not isinstance(item, dict):
        return [f"{where}: phải là một đối tượng JSON."]
    errors: list[str] = []
    status = item.get("TrangThaiHoSo")
    for name in DOSSIER_REQUIRED:
        if name == "NgayHenTra" and status in NO_APPOINTMENT_STATUSES:
            continue
        if not _present(item, name):
            errors.append(f"{where}: thiếu trường bắt buộc {name}.")
    if _present(item, "TrangThaiHoSo") and status not in STATUSES:
        errors.append(f'{where}: TrangThaiHoSo={status!r} không hợp lệ ("1".."10").')
    if _present(item, "LoaiDoiTuong") and item["LoaiDoiTuong"] not in {"1", "2"}:
        errors.append(f'{where}: LoaiDoiTuong={item["LoaiDoiTuong"]!r} không hợp lệ ("1"/"2").')
    if _present(item, "HinhThuc") and item["HinhThuc"] not in {"0", "1"}:
        errors.append(f'{where}: HinhThuc={item["HinhThuc"]!r} không hợp lệ ("0"/"1").')
    _dates(item, DOSSIER_DATES, where, errors)
    for name in DOSSIER_LISTS:
        if name in item and not isinstance(item[name], list):
            errors.append(f"{where}: {name} phải là một mảng.")
    for n, round_ in enumerate(item.get("DanhSachHoSoBoSung") or []):
        if isinstance(round_, dict):
            _dates(round_, SUPPLEMENT_DATES, f"{where}.DanhSachHoSoBoSung[{n}]", errors)
    return errors


def check_progress(item: Any, index: int) -> list[str]:
    where = f"data[{index}]"
    if not isinstance(item, dict):
        return [f"{where}: phải là một đối tượng JSON."]
    errors = [f"{where}: thiếu trường bắt buộc {name}." for name in PROGRESS_REQUIRED if not _present(item, name)]
    if _present(item, "TrangThai") and item["TrangThai"] not in STATUSES:
        errors.append(f'{where}: TrangThai={item["TrangThai"]!r} không hợp lệ ("1".."10").')
    _dates(item, PROGRESS_DATES, where, errors)
    return errors

"""Test data: snapshots and progress entries along one dossier's life (Vĩnh Long, February 2026)."""

from __future__ import annotations

import datetime as dt

from motcua.integrations.nationalportal.messages import DossierSnapshot, ProgressEntry, SubmittedFile

VN = dt.timezone(dt.timedelta(hours=7))
# Thursday 13 February 2026, 16:20 in Vĩnh Long (09:20 UTC): accepted at the counter.
RECEIVED = dt.datetime(2026, 2, 13, 9, 20, tzinfo=dt.UTC)
CODE = "000.17.22.H56-260213-0001"

STAND_IN = {
    "USERNAME": "kiemthu",
    "PASSWORD": "mat-khau-kiem-thu",
    "DSTCODE": "DVCQG-TEST",
    "UNIT_CODE": "000.00.17.H56",
}


def make_snapshot(**overrides) -> DossierSnapshot:
    values = {
        "sequence": 1,
        "MaHoSo": CODE,
        "MaTTHC": "1.001193",
        "TenTTHC": "Thủ tục đăng ký khai sinh",
        "MaLinhVuc": "LV-HOTICH",
        "TenLinhVuc": "Hộ tịch",
        "TrangThaiHoSo": 2,
        "NgayTiepNhan": RECEIVED,
        "NgayHenTra": RECEIVED + dt.timedelta(days=1),
        "DonViXuLy": "UBND Phường Phú Khương",
        "SoBienNhan": "BN-0001",
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": 1,
        "SoDienThoai": "0912345678",
        "TrichYeuHoSo": "Đăng ký khai sinh cho con",
        "KenhThucHien": 1,
        "HoSoCoThanhPhanSoHoa": True,
        "TaiLieuNop": (
            SubmittedFile(
                TepDinhKemId="f1",
                TenTepDinhKem="Tờ khai đăng ký khai sinh.pdf",
                MaThanhPhanHoSo="TP1",
                DuongDanTaiTepTin="https://motcua.example/files/f1",
                DuocSoHoa=True,
            ),
        ),
    }
    values.update(overrides)
    return DossierSnapshot(**values)


def make_progress(status: int, at: dt.datetime, **overrides) -> ProgressEntry:
    values = {
        "MaHoSo": CODE,
        "NguoiXuLy": "Nguyễn Thị Lan",
        "ChucDanh": "Cán bộ tiếp nhận",
        "ThoiDiemXuLy": at,
        "PhongBanXuLy": "Bộ phận Một cửa",
        "NoiDungXuLy": f"Chuyển trạng thái {status}",
        "TrangThai": status,
    }
    values.update(overrides)
    return ProgressEntry(**values)


def lifecycle(code: str = CODE) -> list[tuple[DossierSnapshot, ProgressEntry]]:
    """A dossier's life, one (snapshot, progress) per transition: 2 → 4 → 5 → 4 → 9 → 10.

    Status codes are not monotonic (4 → 5 → 4): only ``sequence`` orders the states.
    """
    steps = [(2, 0), (4, 1), (5, 3), (4, 20), (9, 26), (10, 48)]
    result = []
    for sequence, (status, hours) in enumerate(steps, start=1):
        at = RECEIVED + dt.timedelta(hours=hours)
        extra: dict = {}
        if status in (9, 10):
            extra["NgayKetThucXuLy"] = RECEIVED + dt.timedelta(hours=26)
        if status == 10:
            extra["NgayTra"] = at
        snapshot = make_snapshot(MaHoSo=code, sequence=sequence, TrangThaiHoSo=status, **extra)
        result.append((snapshot, make_progress(status, at, MaHoSo=code)))
    return result

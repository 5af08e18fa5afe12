"""The demo citizens one can "sign in as" at the development identity provider.

Realistic Vĩnh Long people (after the 2025 merger with Bến Tre and Trà Vinh, province code 86).
Personal identification numbers follow the 12-digit CCCD layout (Nghị định 137/2015, Thông tư
59/2021): 3 digits for the province of birth registration (086 = Vĩnh Long), 1 digit for century and
sex (0/1 = male/female born 1900–1999, 2/3 = born 2000–2099), 2 digits for the year of birth, then
6 random digits. They are invented: no real person has them.

``sub`` is the stable subject identifier (here equal to the portal's ``TechID``, a UUID); ``level``
is the VNeID assurance level (DOMAIN §3: level 2 = registered in person with biometrics).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCitizen:
    sub: str
    full_name: str
    id_number: str  # SoDinhDanh (CCCD)
    birth_date: str  # dd/mm/yyyy, as the portal shows it
    level: int  # VNeID assurance level: 1 or 2
    account_type: int  # LoaiTaiKhoan: 1 citizen, 2 organisation/business
    address: str
    phone: str
    email: str
    description: str  # shown on the "sign in as" page: who this persona is for
    tax_code: str = ""  # MaSoThue
    organisation_name: str = ""  # TenDoanhNghiep
    business_code: str = ""  # MaSoDoanhNghiep

    @property
    def acr(self) -> str:
        return f"LoA{self.level}"

    def userinfo(self) -> dict[str, object]:
        """The userinfo response: the national portal's field names plus the standard OIDC ones."""
        return {
            "sub": self.sub,
            "name": self.full_name,
            "TechID": self.sub,
            "LoaiTaiKhoan": self.account_type,
            "HoVaTen": self.full_name,
            "SoDinhDanh": self.id_number,
            "SoCMND": "",
            "HoChieu": "",
            "NgaySinh": self.birth_date,
            "MaSoThue": self.tax_code,
            "MaSoDoanhNghiep": self.business_code,
            "TenDoanhNghiep": self.organisation_name,
            "DiaChi": self.address,
            "SoDienThoai": self.phone,
            "ThuDienTu": self.email,
            "loa": self.level,
        }


DEMO_CITIZENS: tuple[DemoCitizen, ...] = (
    DemoCitizen(
        sub="6f1c2a4e-58b7-4d0e-9a3f-2b7e1c9d4a01",
        full_name="Nguyễn Văn Tư",
        id_number="086048003127",
        birth_date="14/02/1948",
        level=2,
        account_type=1,
        address="Số 45 đường Phạm Thái Bường, Khóm 2, Phường Long Châu, tỉnh Vĩnh Long",
        phone="0913742518",
        email="",
        description="Người cao tuổi, hưu trí; tài khoản VNeID mức 2 do con cháu hỗ trợ đăng ký tại Công an phường.",
    ),
    DemoCitizen(
        sub="b3d9e7f2-1a64-4c8b-8e25-7f0a6c3b9d12",
        full_name="Trần Thị Mỹ Hạnh",
        id_number="086179012845",
        birth_date="03/09/1979",
        level=2,
        account_type=1,
        address="Số 112 đường Đồng Khởi, Phường Phú Khương, tỉnh Vĩnh Long",
        phone="0939581246",
        email="myhanh.tran79@gmail.com",
        description="Chủ hộ kinh doanh tạp hóa, có mã số thuế; VNeID mức 2.",
        tax_code="1300847215",
    ),
    DemoCitizen(
        sub="0c7e5b18-9f3a-4e62-b1d4-8a2f6e0c7b23",
        full_name="Thạch Minh Khang",
        id_number="086201007392",
        birth_date="21/11/2001",
        level=1,
        account_type=1,
        address="Ấp Mỹ Cẩm A, Xã Càng Long, tỉnh Vĩnh Long",
        phone="0387214659",
        email="khang.thachminh@gmail.com",
        description="Sinh viên; tài khoản VNeID mức 1 (tự đăng ký trên ứng dụng) — chỉ tra cứu, đánh giá.",
    ),
    DemoCitizen(
        sub="e4a8c6d0-2b95-4f17-a3e8-5d1b9c7f0e34",
        full_name="Lê Quốc Bảo",
        id_number="086082015604",
        birth_date="07/06/1982",
        level=2,
        account_type=2,
        address="Lô B2, Khu công nghiệp Hòa Phú, Xã Phú Quới, tỉnh Vĩnh Long",
        phone="02703845172",
        email="lienhe@cuulongxanh.com.vn",
        description="Giám đốc, người đại diện theo pháp luật của doanh nghiệp; tài khoản định danh tổ chức.",
        tax_code="1501093846",
        organisation_name="Công ty TNHH Chế biến Thủy sản Cửu Long Xanh",
        business_code="1501093846",
    ),
)


def by_subject(sub: str | None) -> DemoCitizen | None:
    return next((citizen for citizen in DEMO_CITIZENS if citizen.sub == sub), None)

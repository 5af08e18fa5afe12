"""The default organisation seeded for a province: which offices exist and which sectors they handle.

Framework-free data (no Django) so it can be read and tested on its own. Sources: Nghị định
150/2025/NĐ-CP (commune-level specialised offices: Văn phòng HĐND và UBND; Phòng Kinh tế — in
wards Phòng Kinh tế, Hạ tầng và Đô thị; Phòng Văn hóa - Xã hội) and the post-1/3/2025 provincial
departments. Sector names are those of the national procedure catalogue (``linh_vuc``). A province
adjusts this in the admin; the loader never overwrites what an administrator changed later except
the fields listed in ``motcua.org.loading``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfficeTemplate:
    key: str
    name: str  # "{unit}" is replaced by the commune's name
    kind: str  # Department.Kind value
    sectors: tuple[str, ...]


COMMUNE_OFFICES: tuple[OfficeTemplate, ...] = (
    OfficeTemplate(
        "vp",
        "Văn phòng HĐND và UBND {unit}",
        "phong_xa",
        ("Hộ tịch", "Chứng thực", "Nuôi con nuôi", "Hòa giải ở cơ sở"),
    ),
    OfficeTemplate(
        "kt",
        "Phòng Kinh tế {unit}",  # wards: "Phòng Kinh tế, Hạ tầng và Đô thị" (see ward_office_name)
        "phong_xa",
        (
            "Đất đai",
            "Hoạt động xây dựng",
            "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
            "Quản lý chất lượng nông lâm sản và thủy sản",
        ),
    ),
    OfficeTemplate(
        "vhxh",
        "Phòng Văn hóa - Xã hội {unit}",
        "phong_xa",
        (
            "Giảm nghèo",
            "Thu BHXH, BHYT, BHTN, BH tai nạn lao động, BNN",
            "Tổ chức cai nghiên ma túy và quản lý sau cai nghiện",
        ),
    ),
    OfficeTemplate(
        "ca",
        "Công an {unit}",
        "nganh_doc",
        (
            "Đăng ký, quản lý cư trú",
            "Cấp, quản lý căn cước",
            "Định danh và xác thực điện tử",
            "Nhà ở và công sở",
            "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
        ),
    ),
)

PROVINCE_DEPARTMENTS: tuple[OfficeTemplate, ...] = (
    OfficeTemplate("stp", "Sở Tư pháp", "so_nganh", ("Luật sư", "Công chứng", "Hộ tịch", "Nuôi con nuôi")),
    OfficeTemplate(
        "stc",
        "Sở Tài chính",
        "so_nganh",
        ("Thành lập và hoạt động của doanh nghiệp", "Đầu tư tại Việt nam"),
    ),
    OfficeTemplate(
        "snnmt",
        "Sở Nông nghiệp và Môi trường",
        "so_nganh",
        ("Đất đai", "Môi trường", "Tài nguyên nước", "Thú y", "Đăng ký biện pháp bảo đảm"),
    ),
    OfficeTemplate("sxd", "Sở Xây dựng", "so_nganh", ("Hoạt động xây dựng", "Đường bộ")),
    OfficeTemplate("snv", "Sở Nội vụ", "so_nganh", ()),
    OfficeTemplate("sct", "Sở Công Thương", "so_nganh", ()),
    OfficeTemplate("syt", "Sở Y tế", "so_nganh", ()),
    OfficeTemplate("sgddt", "Sở Giáo dục và Đào tạo", "so_nganh", ()),
    OfficeTemplate("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "so_nganh", ()),
    OfficeTemplate("skhcn", "Sở Khoa học và Công nghệ", "so_nganh", ()),
    OfficeTemplate("sdttg", "Sở Dân tộc và Tôn giáo", "so_nganh", ()),
    OfficeTemplate(
        "cat",
        "Công an tỉnh",
        "nganh_doc",
        ("Lý lịch tư pháp", "Quản lý xuất nhập cảnh", "Sát hạch, cấp giấy phép lái xe"),
    ),
    OfficeTemplate("bqlkkt", "Ban Quản lý các khu công nghiệp và khu kinh tế", "so_nganh", ()),
)


def office_name(template: OfficeTemplate, unit_name: str, unit_kind: str) -> str:
    """Wards have "Phòng Kinh tế, Hạ tầng và Đô thị" where communes have "Phòng Kinh tế"."""
    name = template.name
    if template.key == "kt" and unit_kind == "phuong":
        name = "Phòng Kinh tế, Hạ tầng và Đô thị {unit}"
    return name.format(unit=unit_name)


def provisional_agency_id(unit_code: str | None, province_letter_code: str = "H62") -> str:
    """Placeholder electronic agency ID (mã định danh điện tử) until the province assigns real ones.

    The provincial centre (``unit_code=None``) gets ``000.00.00.H62``; a commune centre gets its
    5-digit unit code split into the middle groups (29410 → ``000.294.10.H62``), so the placeholder
    is unique and never changes when centres are added. Shape loosely follows QĐ 20/2020/QĐ-TTg;
    the values are not official (H62: Vĩnh Long's letter code before the 2025 merger).
    """
    if unit_code is None:
        return f"000.00.00.{province_letter_code}"
    return f"000.{unit_code[:3]}.{unit_code[3:]}.{province_letter_code}"


# Staffing figures reported publicly (biên chế được giao / đang làm việc); everything else stays blank
# ("chưa cập nhật") until the centre enters it — we do not invent figures.
# Xã Hòa Minh (island commune): quota 5, 3 filled — Vĩnh Long report of July–August 2025.
KNOWN_STAFFING: dict[str, dict[str, int]] = {
    "29410": {"staffing_quota": 5, "staffing_filled": 3},
}

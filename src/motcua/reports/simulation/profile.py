"""Calibration profiles of the province simulation — the target figures and the workload's shape.

Framework-free data. The numbers the simulation must reproduce are copied here with their sources;
the product never reads the shared research folder.

Profile ``vinh-long-2025-07`` — Tỉnh Vĩnh Long, 1 July – 31 August 2025
---------------------------------------------------------------------------
Source of the targets: the province's report for July–August 2025, as quoted in issue 7 ("the
provincial system received 83,800 dossiers, over 80% early or on time; commune centres received
about 138,000, 93.6% early or on time; Hòa Minh received 267 direct dossiers (100% on time) and
about 1,000 online (95%); late dossiers are concentrated in civil status, land and construction")
and its Châu Thành figure (≈ 98 %); Hòa Minh's staffing (quota 5, 3 filled) is the same report's,
already seeded by ``org.structure.KNOWN_STAFFING``. Context figures (national, same period) from
``shared/data/stats/dossier_volume_figures.csv``:

- 2–3 July 2025: 38,000–40,000 applications a day nationally, 59.3–59.7 % online
  (vietnamnews.vn, 2025-07-03);
- 1 July – 19 August 2025: 4.4 million administrative submissions, 74.7 % online (MoHA report to
  the Government meeting of 23/8/2025, vietnamnet.vn);
- 1 July – 23 August 2025: 6.5 million dossiers in 34 provinces, 4.8 million at commune level
  (Công điện 144/CĐ-TTg, laodong.vn);
- 30 June 2025: Vĩnh Long 4,257,581 people, 124 commune-level units (baotravinh.vn);
- November 2025: ~24,382 staff in 3,139 commune centres, "~6 staff per centre" (vietnamnet.vn).

Interpretations (docs/reports.md):

- "the provincial system" = dossiers of **provincial competence**, wherever received (the CLI's
  ``provincial_level``); the organisation has one provincial centre, which stands for every
  provincial desk; land-registration dossiers may also be received at commune centres
  (boundary-free intake, DOMAIN §2) — ``BOUNDARY_FREE_SHARE`` of each commune centre's intake;
- "commune centres received" = the sum over the 124 commune centres of what they received (the
  CLI's ``commune_level``), provincial dossiers received there included;
- "over 80 %" → 82.0 % (± 1 point stays above 80 %);
- **"Châu Thành"** no longer exists as a unit after 1/7/2025: we read it as the commune centre of
  **Xã Châu Thành (29374)**, the former Châu Thành town of Trà Vinh and its neighbours;
- population per commune is not in the reference data: a centre's intake is proportional to the
  number of former units merged into it, ×1.5 for wards (phường), a documented proxy.

Scaled profiles (``scale`` < 1) keep every rate and shrink every volume (tests use 1/50).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SOURCE_REPORT = "Báo cáo của tỉnh Vĩnh Long tháng 7–8/2025, như dẫn trong issue 7"


MIN_SCALE = 0.001


@dataclass(frozen=True)
class Target:
    """One figure the simulation must reproduce (CLI ``motcua report`` → the named entry)."""

    name: str  # "provincial_level", "commune_level", "centre:29374", "centre:29410:direct", …
    received: int | None  # dossiers received in the period (None: not targeted)
    on_time_rate: float | None  # (early + on time) ÷ resolved, percent
    source: str = SOURCE_REPORT
    volume_tolerance: float = 0.02  # ± 2 % of the volume
    rate_tolerance: float = 1.0  # ± 1 percentage point


@dataclass(frozen=True)
class ProcedureMix:
    """Share of a level's intake and how the procedure behaves in the simulation."""

    code: str
    weight: float  # relative share of the level's dossiers
    late_factor: float = 1.0  # relative chance of being late (sector concentration)
    supplement_rate: float = 0.02  # chance of a supplement request during processing


@dataclass(frozen=True)
class Profile:
    key: str
    title: str
    start: dt.date
    end: dt.date  # last day of the period (inclusive)
    targets: tuple[Target, ...]
    commune_total: int  # received at the 124 commune centres
    provincial_total: int  # received of provincial competence
    fixed_centres: dict[str, dict[str, int]]  # centre code → {channel: count}
    commune_mix: tuple[ProcedureMix, ...]
    provincial_mix: tuple[ProcedureMix, ...]
    boundary_free_codes: tuple[str, ...]  # provincial procedures receivable at commune centres
    boundary_free_share: float  # of a commune centre's intake (not for fixed centres)
    online_share: dict[str, float]  # by level, of dossiers whose procedure offers the online channel
    postal_share: float
    withdrawal_rate: float
    refusal_rate: float
    intake_refusal_rate: float  # of online submissions (not received, counted apart)
    second_supplement_rate: float
    weekday_weight: dict[int, float]  # Monday = 0 … Saturday = 5
    first_week_boost: float
    hour_weight: dict[int, float]  # direct/postal acceptance hour (working sessions)
    saturday_hour_weight: dict[int, float]
    online_hour_weight: dict[int, float]  # online submissions, any hour
    saturday_centres: str  # "wards+province": which centres open Saturday mornings
    unit_overrides: dict[str, tuple[str, str]]  # procedure code → (time unit, value) confirmed by the officer
    skipped: tuple[str, ...]  # demo procedures left out (several cases with different limits, no data)
    late_share_of_late_days: float = 0.5  # mean lateness, working days
    scale: float = 1.0
    default_seed: int = 20250701
    notes: tuple[str, ...] = field(default_factory=tuple)

    def scaled(self, scale: float) -> Profile:
        """Every volume × ``scale`` (rates unchanged)."""
        if not MIN_SCALE <= scale <= 1:  # below 1/1000 most centres would get no dossier at all
            raise ValueError("Tỉ lệ thu nhỏ phải từ 0.001 đến 1.")
        fixed = {code: {ch: max(1, round(n * scale)) for ch, n in channels.items()}
                 for code, channels in self.fixed_centres.items()}
        targets = tuple(
            Target(t.name, None if t.received is None else max(1, round(t.received * scale)), t.on_time_rate,
                   t.source, t.volume_tolerance, t.rate_tolerance)
            for t in self.targets
        )
        from dataclasses import replace

        return replace(
            self,
            key=f"{self.key}@{scale:g}",
            commune_total=round(self.commune_total * scale),
            provincial_total=round(self.provincial_total * scale),
            fixed_centres=fixed,
            targets=targets,
            scale=scale,
        )

    def target(self, name: str) -> Target | None:
        return next((t for t in self.targets if t.name == name), None)


HO_TICH, DAT_DAI, XAY_DUNG = 3.0, 4.0, 4.0  # late concentration: civil status, land, construction

# Commune-level procedures of the demo subset (46; five left out, see SKIPPED), weights per 100
# dossiers of commune competence. Certification (chứng thực) and civil status dominate a commune
# desk; residence and ID cards come through the commune police; land and construction are rarer
# and slower. Relative weights are a modelling choice (no per-procedure statistics were found).
COMMUNE_MIX = (
    ProcedureMix("2.000815", 24.0, 0.3, 0.0),  # chứng thực bản sao từ bản chính — same day
    ProcedureMix("2.000884", 6.0, 0.3, 0.0),  # chứng thực chữ ký — same day
    ProcedureMix("2.000908", 2.0, 0.5, 0.0),  # cấp bản sao từ sổ gốc — 1 day
    ProcedureMix("2.001035", 1.0, 0.8, 0.02),  # chứng thực hợp đồng, giao dịch động sản
    ProcedureMix("2.001019", 0.3, 0.8, 0.02),  # chứng thực di chúc
    ProcedureMix("1.001193", 9.0, HO_TICH, 0.03),  # đăng ký khai sinh
    ProcedureMix("1.000656", 3.0, HO_TICH, 0.02),  # đăng ký khai tử
    ProcedureMix("1.000894", 2.5, HO_TICH, 0.03),  # đăng ký kết hôn
    ProcedureMix("1.004873", 7.0, HO_TICH, 0.03),  # xác nhận tình trạng hôn nhân
    ProcedureMix("2.000635", 5.0, HO_TICH, 0.0),  # bản sao trích lục hộ tịch
    ProcedureMix("1.004859", 1.5, HO_TICH, 0.04),  # thay đổi, cải chính hộ tịch
    ProcedureMix("1.004884", 1.0, HO_TICH, 0.05),  # đăng ký lại khai sinh
    ProcedureMix("1.001022", 0.5, HO_TICH, 0.05),  # nhận cha, mẹ, con
    ProcedureMix("1.000689", 0.4, HO_TICH, 0.05),  # khai sinh kết hợp nhận cha, mẹ, con
    ProcedureMix("2.000528", 0.1, HO_TICH, 0.05),  # khai sinh có yếu tố nước ngoài
    ProcedureMix("2.000806", 0.1, HO_TICH, 0.08),  # kết hôn có yếu tố nước ngoài
    ProcedureMix("2.000986", 1.5, HO_TICH, 0.03),  # liên thông khai sinh – thường trú – BHYT
    ProcedureMix("1.004222", 4.0, 0.8, 0.03),  # đăng ký thường trú
    ProcedureMix("1.004194", 3.0, 0.8, 0.02),  # đăng ký tạm trú
    ProcedureMix("1.002755", 1.0, 0.8, 0.02),  # gia hạn tạm trú
    ProcedureMix("1.010038", 0.8, 0.8, 0.03),  # tách hộ
    ProcedureMix("1.003197", 1.0, 0.8, 0.02),  # xoá đăng ký thường trú (online only)
    ProcedureMix("1.014061", 3.0, 0.6, 0.01),  # cấp thẻ căn cước
    ProcedureMix("1.014063", 2.0, 0.6, 0.01),  # cấp đổi thẻ căn cước
    ProcedureMix("1.001612", 1.5, 0.7, 0.05),  # đăng ký thành lập hộ kinh doanh
    ProcedureMix("2.000720", 0.8, 0.7, 0.04),  # thay đổi nội dung đăng ký hộ kinh doanh
    ProcedureMix("1.001570", 0.3, 0.7, 0.02),  # tạm ngừng kinh doanh
    ProcedureMix("1.001266", 0.3, 0.7, 0.02),  # chấm dứt hoạt động hộ kinh doanh
    ProcedureMix("2.000575", 0.2, 0.7, 0.02),  # cấp lại giấy chứng nhận hộ kinh doanh
    ProcedureMix("1.012753", 1.5, DAT_DAI, 0.10),  # đăng ký, cấp GCN lần đầu
    ProcedureMix("1.012796", 0.5, DAT_DAI, 0.08),  # đính chính GCN
    ProcedureMix("1.012812", 0.6, DAT_DAI, 0.05),  # hoà giải tranh chấp đất đai
    ProcedureMix("1.013949", 1.0, DAT_DAI, 0.10),  # giao đất, cho thuê, chuyển mục đích
    ProcedureMix("1.013225", 1.2, XAY_DUNG, 0.12),  # giấy phép xây dựng mới
    ProcedureMix("1.013229", 0.6, XAY_DUNG, 0.12),  # giấy phép sửa chữa, cải tạo
    ProcedureMix("1.011606", 0.5, 0.6, 0.02),  # công nhận hộ nghèo, cận nghèo
    ProcedureMix("1.002211", 0.1, 0.6, 0.02),  # công nhận hoà giải viên
    ProcedureMix("1.001939", 2.0, 0.6, 0.02),  # đăng ký đóng, cấp thẻ BHYT
    ProcedureMix("1.014632", 0.2, 0.8, 0.05),  # nhà ở xã hội
    ProcedureMix("2.001827", 0.3, 0.8, 0.05),  # an toàn thực phẩm
    ProcedureMix("3.000527", 0.1, 0.6, 0.02),  # cai nghiện tự nguyện
)

# Provincial procedures of the demo subset (20), weights per 100 dossiers of provincial competence:
# land registration dominates the provincial system, then secured transactions, criminal records
# and driving licences.
PROVINCIAL_MIX = (
    ProcedureMix("1.012783", 14.0, DAT_DAI, 0.10),  # cấp đổi GCN
    ProcedureMix("1.012784", 10.0, DAT_DAI, 0.12),  # tách thửa, hợp thửa
    ProcedureMix("1.012786", 3.0, DAT_DAI, 0.10),  # cấp lại GCN do bị mất
    ProcedureMix("1.012787", 6.0, DAT_DAI, 0.10),  # GCN cho người nhận chuyển nhượng trong dự án
    ProcedureMix("1.012756", 0.5, DAT_DAI, 0.10),  # đăng ký đất đai lần đầu (Nhà nước giao quản lý)
    ProcedureMix("1.011442", 8.0, 0.4, 0.02),  # đăng ký thay đổi biện pháp bảo đảm
    ProcedureMix("1.011443", 9.0, 0.4, 0.01),  # xoá đăng ký biện pháp bảo đảm
    ProcedureMix("3.000333", 14.0, 0.7, 0.02),  # phiếu lý lịch tư pháp
    ProcedureMix("3.000348", 12.0, 0.5, 0.02),  # cấp lại giấy phép lái xe
    ProcedureMix("2.001583", 3.0, 0.6, 0.05),  # thành lập công ty TNHH một thành viên
    ProcedureMix("2.001610", 1.0, 0.6, 0.05),  # thành lập doanh nghiệp tư nhân
    ProcedureMix("2.001199", 2.0, 0.6, 0.05),  # thành lập công ty TNHH hai thành viên
    ProcedureMix("1.000703", 2.0, 0.6, 0.03),  # giấy phép kinh doanh vận tải
    ProcedureMix("1.001146", 1.0, 0.6, 0.03),  # gia hạn tạm trú người nước ngoài
    ProcedureMix("1.001686", 0.5, 0.6, 0.05),  # kinh doanh thuốc thú y
    ProcedureMix("1.002010", 0.3, 0.6, 0.05),  # tổ chức hành nghề luật sư
    ProcedureMix("1.004223", 0.3, 1.0, 0.10),  # khai thác nước dưới đất
    ProcedureMix("1.010727", 0.5, 1.0, 0.10),  # giấy phép môi trường
    ProcedureMix("1.009645", 0.3, 1.0, 0.10),  # chấp thuận chủ trương đầu tư
    ProcedureMix("1.013230", 0.1, XAY_DUNG, 0.12),  # giấy phép di dời công trình
)

# Time limits the catalogue lost (unit missing, or "Không có thông tin"), as the officer confirms
# them for the demo (DOMAIN §6; docs/catalog.md "Known data caveats"). Hints found in the
# procedure's own text are applied first (catalog.services.apply_unit_hints); these cover the rest.
# (unit, value): the number of the source is kept when there is one. Sources of the values:
# Luật Hộ tịch 2014 Đ.18, Đ.25, NĐ 123/2015 (civil status: "ngay trong ngày" / 3 / 5 working days),
# NĐ 23/2015 Đ.7 (certification: same day; contracts 2 working days), NĐ 168/2025 (household
# businesses: 3 working days).
UNIT_OVERRIDES = {
    "1.000894": ("working_days", "1"),  # kết hôn: the source says 1 (unit lost)
    "1.001022": ("working_days", "3"),
    "1.000689": ("working_days", "3"),
    "1.004884": ("working_days", "5"),
    "2.000806": ("working_days", "5"),
    "2.000720": ("working_days", "1"),
    "1.001266": ("working_days", "1"),
    "1.011606": ("working_days", "1"),
    "2.000635": ("same_day", ""),  # bản sao trích lục: "Không có thông tin" in the source
    "2.000815": ("same_day", ""),
    "2.000884": ("same_day", ""),
    "2.001035": ("working_days", "2"),
    "2.001019": ("working_days", "2"),
    "1.001612": ("working_days", "3"),
}
# Several cases with different limits (staff must pick), or no usable data: not simulated.
SKIPPED = ("1.003677", "1.010041", "1.013067", "3.000228", "2.001263")

VINH_LONG_2025_07 = Profile(
    key="vinh-long-2025-07",
    title="Tỉnh Vĩnh Long, tháng 7–8/2025 (hiệu chỉnh theo báo cáo của tỉnh)",
    start=dt.date(2025, 7, 1),
    end=dt.date(2025, 8, 31),
    targets=(
        Target("provincial_level", 83_800, 82.0),
        Target("commune_level", 138_000, 93.6),
        Target("centre:29374", None, 98.0),  # Xã Châu Thành (interpretation of "Châu Thành")
        Target("centre:29410:direct", 267, 100.0),  # Xã Hòa Minh, direct
        Target("centre:29410:online", 1_000, 95.0),  # Xã Hòa Minh, online
    ),
    commune_total=138_000,
    provincial_total=83_800,
    fixed_centres={"29410": {"direct": 267, "online": 1_000}},
    commune_mix=COMMUNE_MIX,
    provincial_mix=PROVINCIAL_MIX,
    boundary_free_codes=("1.012783", "1.012784", "1.012786", "1.012787"),
    boundary_free_share=0.09,
    online_share={"commune": 0.62, "province": 0.50},
    postal_share=0.02,
    withdrawal_rate=0.005,
    refusal_rate=0.004,
    intake_refusal_rate=0.015,
    second_supplement_rate=0.10,
    weekday_weight={0: 1.15, 1: 1.05, 2: 1.0, 3: 1.0, 4: 0.9, 5: 0.35},
    first_week_boost=1.15,  # the first days of two-tier government drew crowds (press, July 2025)
    hour_weight={7: 1.0, 8: 1.5, 9: 1.4, 10: 1.1, 13: 0.8, 14: 1.2, 15: 1.0, 16: 0.6},
    saturday_hour_weight={7: 0.8, 8: 1.2, 9: 1.2, 10: 0.9},
    online_hour_weight={
        0: 0.2, 1: 0.1, 2: 0.1, 3: 0.1, 4: 0.1, 5: 0.3, 6: 0.6, 7: 1.0, 8: 1.4, 9: 1.5, 10: 1.4, 11: 1.0,
        12: 0.8, 13: 1.0, 14: 1.3, 15: 1.3, 16: 1.1, 17: 0.9, 18: 0.8, 19: 1.1, 20: 1.2, 21: 1.0, 22: 0.6,
        23: 0.3,
    },
    saturday_centres="wards+province",
    unit_overrides=UNIT_OVERRIDES,
    skipped=SKIPPED,
    late_share_of_late_days=3.0,
    notes=(
        "Financial obligations (land tax step) and re-appointments (Mẫu 04) are not simulated.",
        "Direct dossiers are not scanned in the simulation: digitisation ≈ the electronic (online) share.",
    ),
)

PROFILES = {VINH_LONG_2025_07.key: VINH_LONG_2025_07}


def get(key: str, scale: float = 1.0) -> Profile:
    try:
        profile = PROFILES[key]
    except KeyError:
        raise ValueError(f"Không có hồ sơ hiệu chỉnh {key!r}; có: {', '.join(PROFILES)}.") from None
    return profile if scale == 1 else profile.scaled(scale)

"""Load the administrative-unit code table and seed the deployed province's centres and offices.

Two phases, so a malformed file changes nothing:

1. parse and validate every file into plain tuples (:func:`parse_reference_files`) — any problem
   raises :class:`~motcua.lib.refdata.ReferenceDataError` naming file, line and column;
2. write everything in one ``transaction.atomic()`` with upserts keyed on natural keys
   (code + code-table version; centre code; department code), so a second load changes nothing.

Rows an administrator created by hand are never deleted; seeded rows only get their reference
fields (names, kinds, legacy origins) refreshed — never staffing figures or addresses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from motcua.core.db import refresh_planner_statistics
from motcua.lib.refdata import ReferenceDataError, read_csv, require

from .models import AdminUnit, CodeTableVersion, Department, Level, Province, ServiceCentre
from .structure import (
    COMMUNE_OFFICES,
    KNOWN_STAFFING,
    PROVINCE_DEPARTMENTS,
    office_name,
    provisional_agency_id,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_TABLE_VERSION = "vietnam-provinces-2026.9.0"
CODE_TABLE_SOURCE = (
    "PyPI vietnam-provinces 2026.9.0 (dữ liệu lấy ngày 2026-09-20), theo danh mục của Cục Thống kê "
    "(danhmuchanhchinh.nso.gov.vn); xem org/data/PROVENANCE.md"
)
CODE_TABLE_RETRIEVED = dt.date(2026, 9, 20)

UNIT_KINDS = {"xã": AdminUnit.Kind.COMMUNE, "phường": AdminUnit.Kind.WARD, "đặc khu": AdminUnit.Kind.SPECIAL_ZONE}
_PROVINCE_CODE = re.compile(r"^\d{2}$")
_UNIT_CODE = re.compile(r"^\d{5}$")


@dataclass
class ParsedReference:
    provinces: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    province_units: list[dict] = field(default_factory=list)  # deployed province, with legacy origin


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def bump(self, bucket: str, model: str, count: int = 1) -> None:
        target = self.created if bucket == "created" else self.updated
        target[model] = target.get(model, 0) + count

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())

    def __str__(self) -> str:
        if not self.changed:
            return "Tổ chức: không có thay đổi."
        created = ", ".join(f"{name} {count}" for name, count in self.created.items() if count)
        updated = ", ".join(f"{name} {count}" for name, count in self.updated.items() if count)
        return f"Tổ chức: thêm mới [{created or '—'}]; cập nhật [{updated or '—'}]."


def parse_reference_files(data_dir: Path = DATA_DIR, province_code: str = "86") -> ParsedReference:
    parsed = ParsedReference()
    path = data_dir / "vn_provinces_2025.csv"
    seen: set[str] = set()
    for line, row in read_csv(path, ("province_code", "name", "division_type", "phone_code")):
        code = require(row["province_code"], path=path, line=line, column="province_code")
        if not _PROVINCE_CODE.match(code):
            raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: mã tỉnh {code!r} phải gồm 2 chữ số.")
        if code in seen:
            raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: mã tỉnh {code} bị trùng.")
        seen.add(code)
        parsed.provinces.append(
            {
                "code": code,
                "name": require(row["name"], path=path, line=line, column="name"),
                "division_type": require(row["division_type"], path=path, line=line, column="division_type"),
                "phone_code": row["phone_code"].strip(),
                "legacy_names": (row.get("legacy_province_names") or "").replace(";", "; "),
            }
        )

    path = data_dir / "vn_wards_2025.csv"
    unit_codes: dict[str, dict] = {}
    for line, row in read_csv(path, ("ward_code", "name", "division_type", "province_code")):
        code = require(row["ward_code"], path=path, line=line, column="ward_code")
        if not _UNIT_CODE.match(code):
            raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: mã xã {code!r} phải gồm 5 chữ số.")
        if code in unit_codes:
            raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: mã xã {code} bị trùng.")
        kind = UNIT_KINDS.get(row["division_type"].strip())
        if kind is None:
            raise ReferenceDataError(
                f"Tệp {path.name}, dòng {line}: loại đơn vị {row['division_type']!r} không hợp lệ "
                f"(chỉ nhận: {', '.join(UNIT_KINDS)})."
            )
        parent = row["province_code"].strip()
        if parent not in seen:
            raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: mã tỉnh {parent!r} không có trong danh mục tỉnh.")
        unit = {"code": code, "name": require(row["name"], path=path, line=line, column="name"),
                "kind": kind, "province_code": parent}
        unit_codes[code] = unit
        parsed.units.append(unit)

    path = data_dir / "vinh_long_wards_2025.csv"
    for line, row in read_csv(path, ("ward_code", "name", "legacy_province", "legacy_districts")):
        code = require(row["ward_code"], path=path, line=line, column="ward_code")
        unit = unit_codes.get(code)
        if unit is None or unit["province_code"] != province_code:
            raise ReferenceDataError(
                f"Tệp {path.name}, dòng {line}: mã xã {code} không thuộc tỉnh {province_code} trong danh mục."
            )
        unit.update(
            legacy_province=row["legacy_province"].strip(),
            legacy_districts=row["legacy_districts"].strip().replace(";", "; "),
            legacy_unit_codes=(row.get("legacy_ward_codes") or "").strip().replace(";", "; "),
            legacy_unit_names=(row.get("legacy_ward_names") or "").strip().replace(";", "; "),
        )
        parsed.province_units.append(unit)
    if not parsed.province_units:
        raise ReferenceDataError(f"Tệp {path.name} không có đơn vị nào của tỉnh {province_code}.")
    return parsed


def _upsert(model, key: dict, values: dict, summary: LoadSummary, create_only: dict | None = None):
    """get-or-create by natural key; save only when a reference field really changed.

    ``create_only`` fields are set on creation and then belong to the administrators (staffing,
    agency IDs): a reload never overwrites them.
    """
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model(**key, **values, **(create_only or {}))
        obj.save()
        summary.bump("created", model.__name__)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        summary.bump("updated", model.__name__)
    return obj


def load_org(
    data_dir: Path = DATA_DIR,
    province_code: str | None = None,
    *,
    version_key: str = CODE_TABLE_VERSION,
    version_source: str = CODE_TABLE_SOURCE,
    retrieved_on: dt.date = CODE_TABLE_RETRIEVED,
) -> LoadSummary:
    """Load a code-table release (34 provinces, 3,321 units) and seed the province's centres and offices.

    A new ``version_key`` adds a release beside the old one (old codes stay resolvable for old
    records) and makes it current; centres keep their identity and follow their unit into it.
    ``province_code``: default the deployed province (``MOTCUA_PROVINCE_CODE``), as the calendar
    loader does — a deployment configured for a province the shipped files do not describe is told
    so, instead of being seeded with Vĩnh Long's centres.
    """
    province_code = province_code or settings.MOTCUA["PROVINCE_CODE"]
    parsed = parse_reference_files(data_dir, province_code)  # phase 1: may raise, writes nothing
    summary = LoadSummary()
    with transaction.atomic():
        version, created = CodeTableVersion.objects.get_or_create(
            key=version_key, defaults={"source": version_source, "retrieved_on": retrieved_on}
        )
        if created:
            summary.bump("created", "CodeTableVersion")
        if not version.is_current:
            CodeTableVersion.objects.filter(is_current=True).update(is_current=False)
            version.is_current = True
            version.save(update_fields=["is_current"])
        _load_code_table(parsed, version, summary)
        _seed_province(parsed, version, province_code, summary)
        refresh_planner_statistics(Province, AdminUnit, ServiceCentre, Department)
    return summary


def _load_code_table(parsed: ParsedReference, version: CodeTableVersion, summary: LoadSummary) -> None:
    provinces = {p.code: p for p in Province.objects.filter(code_version=version)}
    new_provinces = []
    for row in parsed.provinces:
        existing = provinces.get(row["code"])
        if existing is None:
            obj = Province(code_version=version, **row)
            obj.search_text = obj.build_search_text()
            new_provinces.append(obj)
        elif any(getattr(existing, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(existing, k, v)
            existing.save()
            summary.bump("updated", "Province")
    Province.objects.bulk_create(new_provinces)
    summary.bump("created", "Province", len(new_provinces))
    province_ids = dict(Province.objects.filter(code_version=version).values_list("code", "id"))

    # 3,321 rows: compare in memory and write in bulk — row-by-row saves would take seconds.
    fields = ("name", "kind", "legacy_province", "legacy_districts", "legacy_unit_codes", "legacy_unit_names")
    existing_units = {u.code: u for u in AdminUnit.objects.filter(code_version=version)}
    to_create, to_update = [], []
    for row in parsed.units:
        values = {name: row.get(name, "") for name in fields}
        unit = existing_units.get(row["code"])
        if unit is None:
            unit = AdminUnit(code=row["code"], code_version=version, province_id=province_ids[row["province_code"]],
                             **values)
            unit.search_text = unit.build_search_text()
            to_create.append(unit)
        elif any(getattr(unit, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(unit, k, v)
            unit.search_text = unit.build_search_text()
            to_update.append(unit)
    AdminUnit.objects.bulk_create(to_create, batch_size=500)
    AdminUnit.objects.bulk_update(to_update, [*fields, "search_text"], batch_size=500)
    summary.bump("created", "AdminUnit", len(to_create))
    summary.bump("updated", "AdminUnit", len(to_update))


def _seed_province(parsed: ParsedReference, version: CodeTableVersion, province_code: str,
                   summary: LoadSummary) -> None:
    province = Province.objects.get(code=province_code, code_version=version)
    provincial = _upsert(
        ServiceCentre,
        {"code": province_code},
        {
            "name": f"Trung tâm Phục vụ hành chính công {province.name.replace('Tỉnh', 'tỉnh')}",
            "level": Level.PROVINCE,
            "province_code": province_code,
            "admin_unit": None,
            "legacy_origin": f"Hợp nhất từ: {province.legacy_names}" if province.legacy_names else "",
        },
        summary,
        create_only={"agency_id": provisional_agency_id(None)},
    )
    for template in PROVINCE_DEPARTMENTS:
        _upsert(
            Department,
            {"code": f"{province_code}-{template.key}"},
            {"name": template.name, "kind": template.kind, "level": Level.PROVINCE, "centre": provincial,
             "sectors": list(template.sectors)},
            summary,
        )

    units = {u.code: u for u in AdminUnit.objects.filter(code_version=version, province=province)}
    for row in sorted(parsed.province_units, key=lambda r: r["code"]):
        unit = units[row["code"]]
        origin = f"{row['legacy_province']} — {row['legacy_districts']}: {row['legacy_unit_names']}"
        centre = _upsert(
            ServiceCentre,
            {"code": _centre_code_for(unit)},
            {
                "name": f"Trung tâm Phục vụ hành chính công {unit.name}",
                "level": Level.COMMUNE,
                "province_code": province_code,
                "admin_unit": unit,
                "legacy_origin": origin,
            },
            summary,
            create_only={"agency_id": provisional_agency_id(unit.code), **KNOWN_STAFFING.get(unit.code, {})},
        )
        for template in COMMUNE_OFFICES:
            _upsert(
                Department,
                {"code": f"{centre.code}-{template.key}"},
                {"name": office_name(template, unit.name, unit.kind), "kind": template.kind,
                 "level": Level.COMMUNE, "centre": centre, "sectors": list(template.sectors)},
                summary,
            )


def _centre_code_for(unit: AdminUnit) -> str:
    """A centre keeps the code it was created with, even when its unit's code changes in a new
    code-table release (Xã Song Phú 29752 → 29740): found by code, else by the unit's name and kind
    in the province; a genuinely new unit gets a new centre with its own code."""
    if ServiceCentre.objects.filter(code=unit.code).exists():
        return unit.code
    same_unit = (
        ServiceCentre.objects.filter(
            level=Level.COMMUNE,
            admin_unit__name=unit.name,
            admin_unit__kind=unit.kind,
            admin_unit__province__code=unit.province.code,
        )
        .values_list("code", flat=True)
        .first()
    )
    return same_unit or unit.code

"""Load the official working calendar and generate the provisional years after it.

Two phases, so a malformed file changes nothing (the model is ``org/loading.py``):

1. :func:`parse_official_file` reads ``data/vn_civil_service_days_off_2025_2026.csv`` through
   :mod:`motcua.lib.refdata` and validates every row (date, weekday column, kind, the weekday rules
   of each kind, duplicates, the engine's own consistency checks); :func:`plan_calendar` adds the
   provisional years. Any problem raises :class:`~motcua.lib.refdata.ReferenceDataError` naming
   file and line.
2. :func:`load_calendar` writes in one ``transaction.atomic()``, year by year, as upserts keyed on
   (province, date), logging every change in the calendar change log and bumping the revision —
   a second load finds nothing to do and writes nothing.

Kind mapping (CSV ``kind`` → :class:`~motcua.worktime.models.CalendarDay.Kind`): the five kinds
``statutory_holiday``, ``compensatory_day_off``, ``swapped_day_off``, ``weekend_in_break`` and
``makeup_workday`` are stored as they are. ``policy_pending`` (2026-11-24, Ngày Văn hóa Việt Nam:
a Politburo/Government policy to make it a paid day off, not enacted in BLLĐ Đ.112 in any source
seen) is **not** a day off: it stays a working day and is written into the year's notes, so an
administrator sees it and adds it with :func:`~motcua.worktime.services.set_day` once enacted.

Which years, and what a reload may touch:

- the years of the file are loaded as *official* (origin "official file");
- every later year through today's year + :data:`~motcua.worktime.services.PROVISIONAL_YEARS_AHEAD`
  is generated from the Labour Code (:func:`motcua.worktime.statutory.provisional_days_off`) and
  marked *provisional*, its days flagged provisional;
- a year an administrator edited or confirmed (``admin_edited``) is never touched again; an
  official year is never replaced by a generated one; an untouched year is refreshed from the
  file or the rules (so a corrected data release reaches deployments that did not edit it, and a
  year the file now covers replaces its provisional version).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.lib import clock
from motcua.lib.refdata import ReferenceDataError, read_csv, require

from . import statutory
from .engine import WorkCalendar
from .models import CalendarChange, CalendarDay, CalendarYear, check_day_kind
from .services import PROVISIONAL_YEARS_AHEAD, CalendarData, ChangeBatch, build_calendar_data, default_province

DATA_DIR = Path(__file__).resolve().parent / "data"
OFFICIAL_FILE = "vn_civil_service_days_off_2025_2026.csv"
LOADER_ACTOR = "hệ thống: nạp dữ liệu tham chiếu"

# CSV kind → stored kind; None = documented, not stored (see the module docstring).
KIND_MAP: dict[str, str | None] = {
    "statutory_holiday": CalendarDay.Kind.STATUTORY_HOLIDAY,
    "compensatory_day_off": CalendarDay.Kind.COMPENSATORY_DAY_OFF,
    "swapped_day_off": CalendarDay.Kind.SWAPPED_DAY_OFF,
    "weekend_in_break": CalendarDay.Kind.WEEKEND_IN_BREAK,
    "makeup_workday": CalendarDay.Kind.MAKEUP_WORKDAY,
    "policy_pending": None,
}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PROVISIONAL_SOURCE = "Tạm tính theo Bộ luật Lao động 2019 Đ.111 k.3, Đ.112 (chưa có thông báo lịch nghỉ chính thức)"


@dataclass(frozen=True)
class SeedDay:
    date: dt.date
    kind: str
    name: str
    source: str
    provisional: bool = False

    def as_value(self) -> dict:
        return {"kind": self.kind, "name": self.name, "source": self.source, "provisional": self.provisional}


@dataclass
class SeedYear:
    year: int
    status: str
    origin: str
    source: str
    notes: str = ""
    days: list[SeedDay] = field(default_factory=list)


def parse_official_file(path: Path) -> dict[int, SeedYear]:
    """The official years of the file, validated (phase 1; writes nothing)."""
    years: dict[int, SeedYear] = {}
    sources: dict[int, list[str]] = {}
    seen: set[dt.date] = set()
    for line, row in read_csv(path, ("date", "weekday", "kind", "name", "source")):
        text = require(row["date"], path=path, line=line, column="date")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ReferenceDataError(
                f"Tệp {path.name}, dòng {line}: ngày {text!r} không đúng dạng YYYY-MM-DD."
            ) from None
        weekday = row["weekday"].strip()
        if weekday and weekday != _WEEKDAYS[day.weekday()]:
            raise ReferenceDataError(
                f"Tệp {path.name}, dòng {line}: ngày {text} là {_WEEKDAYS[day.weekday()]}, không phải {weekday}."
            )
        if day in seen:
            raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: ngày {text} bị trùng.")
        seen.add(day)
        raw_kind = require(row["kind"], path=path, line=line, column="kind")
        if raw_kind not in KIND_MAP:
            raise ReferenceDataError(
                f"Tệp {path.name}, dòng {line}: loại ngày {raw_kind!r} không hợp lệ (chỉ nhận: {', '.join(KIND_MAP)})."
            )
        name = require(row["name"], path=path, line=line, column="name")
        source = require(row["source"], path=path, line=line, column="source")
        seed = years.setdefault(
            day.year,
            SeedYear(day.year, CalendarYear.Status.OFFICIAL, CalendarYear.Origin.OFFICIAL_FILE, ""),
        )
        if source not in sources.setdefault(day.year, []):
            sources[day.year].append(source)
        kind = KIND_MAP[raw_kind]
        if kind is None:
            seed.notes += (
                f"{day:%d/%m/%Y} — {name}: chưa là ngày nghỉ theo luật, vẫn là ngày làm việc "
                f"(nguồn: {source}).\n"
            )
            continue
        try:
            check_day_kind(day, kind)
        except ValidationError as exc:
            raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: {' '.join(exc.messages)}") from None
        seed.days.append(SeedDay(day, kind, name, source))
    if not years:
        raise ReferenceDataError(f"Tệp {path.name} không có ngày nào.")
    if sorted(years) != list(range(min(years), max(years) + 1)):
        raise ReferenceDataError(f"Tệp {path.name}: các năm phải liên tục, nhận được {sorted(years)}.")
    for year, seed in years.items():
        seed.source = "Lịch nghỉ chính thức (tệp {}):\n{}".format(path.name, "\n".join(f"- {s}" for s in sources[year]))
        seed.notes = seed.notes.strip()
    _check_with_engine(years, path)
    return years


def _check_with_engine(years: dict[int, SeedYear], path: Path) -> None:
    days = [d for seed in years.values() for d in seed.days]
    try:
        WorkCalendar(
            [d.date for d in days if d.kind != CalendarDay.Kind.MAKEUP_WORKDAY],
            [d.date for d in days if d.kind == CalendarDay.Kind.MAKEUP_WORKDAY],
            first_year=min(years),
            last_year=max(years),
        )
    except ValueError as exc:
        raise ReferenceDataError(f"Tệp {path.name}: {exc}") from None


def provisional_year(year: int) -> SeedYear:
    """A year generated from the Labour Code: statutory holidays and their compensatory days."""
    holiday, compensatory = CalendarDay.Kind.STATUTORY_HOLIDAY, CalendarDay.Kind.COMPENSATORY_DAY_OFF
    days = [
        SeedDay(
            d.date,
            compensatory if d.rule == statutory.RULE_COMPENSATORY else holiday,
            d.name,
            f"{d.rule} (tạm tính)",
            provisional=True,
        )
        for d in statutory.provisional_days_off(year)
    ]
    status, origin = CalendarYear.Status.PROVISIONAL, CalendarYear.Origin.LABOUR_CODE
    return SeedYear(year, status, origin, PROVISIONAL_SOURCE, "", days)


def plan_calendar(data_dir: Path = DATA_DIR, today: dt.date | None = None) -> dict[int, SeedYear]:
    """Official years of the file + provisional years through today's year + the horizon."""
    years = parse_official_file(data_dir / OFFICIAL_FILE)
    through = (today or clock.today()).year + PROVISIONAL_YEARS_AHEAD
    for year in range(max(years) + 1, through + 1):
        years[year] = provisional_year(year)
    return years


def bundled_calendar(province_code: str | None = None, today: dt.date | None = None) -> CalendarData:
    """The calendar a fresh load would give, without a database (the ``deadline`` command's fallback)."""
    plan = plan_calendar(today=today)
    through = (today or clock.today()).year + PROVISIONAL_YEARS_AHEAD
    return build_calendar_data(
        province_code or default_province(),
        "",
        {year: seed.status for year, seed in plan.items()},
        [(d.date, d.kind) for seed in plan.values() for d in seed.days],
        through,
    )


@dataclass
class CalendarLoadSummary:
    province_code: str = ""
    years_written: list[int] = field(default_factory=list)
    years_kept: list[int] = field(default_factory=list)  # edited or confirmed by an administrator
    days_added: int = 0
    days_changed: int = 0
    days_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.years_written or self.days_added or self.days_changed or self.days_removed)

    def __str__(self) -> str:
        if not self.changed:
            text = f"tỉnh {self.province_code}: lịch làm việc không đổi"
        else:
            text = (
                f"tỉnh {self.province_code}: ghi lịch các năm {', '.join(map(str, self.years_written)) or '—'}; "
                f"thêm {self.days_added}, sửa {self.days_changed}, xóa {self.days_removed} ngày"
            )
        if self.years_kept:
            text += f"; giữ nguyên các năm quản trị viên đã sửa/xác nhận: {', '.join(map(str, self.years_kept))}"
        return text


def load_calendar(
    data_dir: Path = DATA_DIR, province_code: str | None = None, *, today: dt.date | None = None
) -> CalendarLoadSummary:
    """Load the official calendar and the provisional years for ``province_code`` (default: deployed)."""
    province = province_code or default_province()
    plan = plan_calendar(data_dir, today)  # phase 1: may raise, writes nothing
    summary = CalendarLoadSummary(province_code=province)
    with transaction.atomic():
        batch = ChangeBatch(province, by=LOADER_ACTOR, reason="")
        existing_years = {y.year: y for y in CalendarYear.objects.select_for_update().filter(province_code=province)}
        for year, seed in sorted(plan.items()):
            row = existing_years.get(year)
            if row is not None and row.admin_edited:
                summary.years_kept.append(year)
                continue
            if row is not None and row.status == CalendarYear.Status.OFFICIAL and seed.status != row.status:
                summary.years_kept.append(year)  # never replace an official year by a generated one
                continue
            _write_year(province, seed, row, batch, summary)
        batch.finish()
    return summary


def _write_year(
    province: str, seed: SeedYear, row: CalendarYear | None, batch: ChangeBatch, summary: CalendarLoadSummary
) -> None:
    if seed.origin == CalendarYear.Origin.OFFICIAL_FILE:
        batch.reason = f"Nạp lịch nghỉ chính thức năm {seed.year} từ tệp {OFFICIAL_FILE}."
    else:
        batch.reason = f"Tạo lịch tạm tính năm {seed.year} theo Bộ luật Lao động 2019 (chưa có thông báo chính thức)."
    values = {"status": seed.status, "origin": seed.origin, "source": seed.source, "notes": seed.notes}
    if row is None:
        row = CalendarYear.objects.create(province_code=province, year=seed.year, **values)
        batch.log(CalendarChange.Action.YEAR_LOADED, year=seed.year, new=values)
        summary.years_written.append(seed.year)
    elif any(getattr(row, k) != v for k, v in values.items()):
        old = {k: getattr(row, k) for k in values}
        for k, v in values.items():
            setattr(row, k, v)
        row.save()
        batch.log(CalendarChange.Action.YEAR_LOADED, year=seed.year, old=old, new=values)
        summary.years_written.append(seed.year)

    before = (summary.days_added, summary.days_changed, summary.days_removed)
    stored = {d.date: d for d in CalendarDay.objects.filter(province_code=province, calendar_year=row)}
    wanted = {d.date: d for d in seed.days}
    for day, want in sorted(wanted.items()):
        have = stored.get(day)
        if have is None:
            CalendarDay.objects.create(
                province_code=province, calendar_year=row, date=day, kind=want.kind, name=want.name,
                source=want.source, provisional=want.provisional,
            )
            batch.log(CalendarChange.Action.DAY_ADDED, date=day, new=want.as_value())
            summary.days_added += 1
        elif have.as_value() != want.as_value():
            old = have.as_value()
            moves = (old["kind"] == CalendarDay.Kind.MAKEUP_WORKDAY) != (want.kind == CalendarDay.Kind.MAKEUP_WORKDAY)
            have.kind, have.name, have.source, have.provisional = want.kind, want.name, want.source, want.provisional
            have.save()
            batch.log(CalendarChange.Action.DAY_CHANGED, date=day, old=old, new=want.as_value(), moves_days=moves)
            summary.days_changed += 1
    for day, have in sorted(stored.items()):
        if day not in wanted:
            old = have.as_value()
            have.delete()
            batch.log(CalendarChange.Action.DAY_REMOVED, date=day, old=old)
            summary.days_removed += 1
    after = (summary.days_added, summary.days_changed, summary.days_removed)
    if after != before and seed.year not in summary.years_written:
        summary.years_written.append(seed.year)

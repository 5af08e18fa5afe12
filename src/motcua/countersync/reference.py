"""The reference bundle: what a counter node needs from the province to keep receiving on its own.

A node boots from the reference data shipped with the product (``motcua load-reference-data``:
units, centres, the national catalogue, the official calendar), so it can receive even if it has
never reached the province. The bundle brings what the province changed since, in sections:

============  ==================================================================================
section       content (all natural keys: codes, usernames, procedure code + version number)
============  ==================================================================================
``org``       the province's centres (name, agency ID — the first part of every code) and offices
              (sectors route a procedure to its office)
``staff``     the accounts posted at the node's centre or its offices: name, password hash (so
              they sign in at the node with the same password), active flag, postings with dates
``calendar``  the province's official calendar (years, days off, make-up days) and the centre's
              hours — appointments at the node are computed on this
``catalogue`` procedure versions the province's staff published (origin ``manual``) and the
              lifecycle of every version of those procedures (reference versions get retired)
``counters``  the province's counters of the node's code range (a reinstalled node must not issue
              a number twice)
============  ==================================================================================

Each section carries the SHA-256 of its canonical JSON; the node sends the hashes it has and gets
only the sections that changed. Applying a section is idempotent and happens in one transaction;
calendar changes go through the worktime change log and revision (so cached calendars are
rebuilt and open dossiers' due moments recomputed, as on the province).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q

from motcua.catalog.models import (
    ChannelOption,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
    VersionOrigin,
    VersionStatus,
)
from motcua.dossiers.audit import canonical_json
from motcua.dossiers.codes import node_range
from motcua.dossiers.models import CodeCounter
from motcua.lib import clock
from motcua.org.models import Department, Posting, ServiceCentre, User
from motcua.worktime.models import CalendarChange, CalendarDay, CalendarYear, CentreSchedule
from motcua.worktime.services import ChangeBatch

SECTIONS = ("org", "staff", "calendar", "catalogue", "counters")
SYNC_ACTOR = "đồng bộ từ máy chủ tỉnh"


def _plain(value):
    return json.loads(canonical_json(value))


def _row(obj, fields: tuple[str, ...]) -> dict:
    return {name: getattr(obj, name) for name in fields}


def _digest(data) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


# --- building (province) -------------------------------------------------------------------------

CENTRE_FIELDS = ("code", "name", "level", "province_code", "agency_id", "address", "phone", "saturday_reception",
                 "is_active", "staffing_quota", "staffing_filled")
DEPARTMENT_FIELDS = ("code", "name", "kind", "level", "sectors", "is_active")
USER_FIELDS = ("username", "full_name", "email", "phone", "is_active", "password")
YEAR_FIELDS = ("year", "status", "origin", "admin_edited", "source", "notes", "confirmed_at")
DAY_FIELDS = ("date", "kind", "name", "source", "provisional")
SCHEDULE_FIELDS = ("effective_from", "morning_start", "morning_end", "afternoon_start", "afternoon_end",
                   "saturday_reception", "note")
VERSION_FIELDS = tuple(
    f.name for f in ProcedureVersion._meta.concrete_fields
    if not f.is_relation and not f.primary_key and f.name not in {"created_at", "updated_at"}
)
PART_MODELS = {
    "channel_options": ChannelOption,
    "required_documents": RequiredDocument,
    "result_documents": ResultDocument,
    "processing_steps": ProcessingStep,
}


def _part_fields(model) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key)


def _org(centre: ServiceCentre) -> dict:
    centres = ServiceCentre.objects.filter(province_code=centre.province_code).order_by("code")
    departments = Department.objects.filter(centre__province_code=centre.province_code).select_related("centre")
    return {
        "centres": [_row(c, CENTRE_FIELDS) for c in centres],
        "departments": [
            {**_row(d, DEPARTMENT_FIELDS), "centre": d.centre.code if d.centre_id else None}
            for d in departments.order_by("code")
        ],
    }


def _staff(centre: ServiceCentre) -> dict:
    users = (
        User.objects.filter(Q(postings__centre=centre) | Q(postings__department__centre=centre))
        .distinct()
        .order_by("username")
    )
    postings = Posting.objects.filter(user__in=users).select_related("centre", "department", "user")
    by_user: dict[int, list] = {}
    for p in postings.order_by("starts_on", "id"):
        by_user.setdefault(p.user_id, []).append(
            {
                "role": p.role,
                "centre": p.centre.code if p.centre_id else None,
                "department": p.department.code if p.department_id else None,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "decision": p.decision,
            }
        )
    return {"users": [{**_row(u, USER_FIELDS), "postings": by_user.get(u.pk, [])} for u in users]}


def _calendar(centre: ServiceCentre) -> dict:
    province = centre.province_code
    return {
        "province": province,
        "years": [_row(y, YEAR_FIELDS) for y in CalendarYear.objects.filter(province_code=province).order_by("year")],
        "days": [_row(d, DAY_FIELDS) for d in CalendarDay.objects.filter(province_code=province).order_by("date")],
        "schedules": [
            _row(s, SCHEDULE_FIELDS)
            for s in CentreSchedule.objects.filter(centre_code=centre.code).order_by("effective_from")
        ],
    }


def _catalogue(centre: ServiceCentre) -> dict:
    procedures = (
        Procedure.objects.filter(
            versions__origin=VersionOrigin.MANUAL, versions__status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED]
        )
        .distinct()
        .order_by("code")
    )
    versions = []
    for version in (
        ProcedureVersion.objects.filter(procedure__in=procedures)
        .exclude(status=VersionStatus.DRAFT)
        .select_related("procedure")
        .order_by("procedure__code", "number")
    ):
        item = {"procedure": version.procedure.code, **_row(version, VERSION_FIELDS)}
        if version.origin == VersionOrigin.MANUAL:
            for key, model in PART_MODELS.items():
                item[key] = [_row(p, _part_fields(model)) for p in getattr(version, key).order_by("order", "id")]
        versions.append(item)
    return {"versions": versions}


def _counters(node: int) -> dict:
    since = clock.today() - dt.timedelta(days=7)
    rows = CodeCounter.objects.filter(node=node, day__gte=since).order_by("agency_id", "day")
    return {"node": node, "counters": [_row(c, ("agency_id", "day", "last_sequence")) for c in rows]}


def build_bundle(registration, have: dict[str, str]) -> dict:
    """The sections for ``registration``'s centre; data only for those whose hash differs from ``have``."""
    centre = registration.centre
    builders: dict[str, Callable[[], dict]] = {
        "org": lambda: _org(centre),
        "staff": lambda: _staff(centre),
        "calendar": lambda: _calendar(centre),
        "catalogue": lambda: _catalogue(centre),
        "counters": lambda: _counters(registration.node_id),
    }
    sections = {}
    for name, build in builders.items():
        data = _plain(build())
        digest = _digest(data)
        sections[name] = {"hash": digest} if have.get(name) == digest else {"hash": digest, "data": data}
    return {"sections": sections, "built_at": clock.now().isoformat()}


# --- applying (node) -----------------------------------------------------------------------------


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _moment(value):
    return dt.datetime.fromisoformat(value) if value else None


def _time(value):
    return dt.time.fromisoformat(value) if value else None


def apply_org(data: dict) -> None:
    centres = {c.code: c for c in ServiceCentre.objects.all()}
    for item in data["centres"]:
        centre = centres.get(item["code"])
        if centre is None:  # a centre the shipped reference data does not know: not created here
            continue
        changed = [k for k in CENTRE_FIELDS if getattr(centre, k) != item[k]]
        for name in changed:
            setattr(centre, name, item[name])
        if changed:
            centre.save()
    departments = {d.code: d for d in Department.objects.all()}
    for item in data["departments"]:
        centre = centres.get(item["centre"]) if item["centre"] else None
        row = departments.get(item["code"]) or Department(code=item["code"])
        values = {k: item[k] for k in DEPARTMENT_FIELDS}
        same = all(getattr(row, k) == v for k, v in values.items()) and row.centre_id == getattr(centre, "pk", None)
        if row.pk and same:
            continue
        for name, value in values.items():
            setattr(row, name, value)
        row.centre = centre
        row.save()


def apply_staff(data: dict, previous: list[str]) -> list[str]:
    """Accounts and postings as the province has them; accounts no longer sent are deactivated."""
    centres = {c.code: c for c in ServiceCentre.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    names = []
    for item in data["users"]:
        user = User.objects.filter(username=item["username"]).first() or User(username=item["username"])
        for name in USER_FIELDS:
            setattr(user, name, item[name])
        user.is_staff = user.is_superuser = False
        user.save()
        Posting.objects.filter(user=user).delete()
        Posting.objects.bulk_create(
            [
                Posting(
                    user=user,
                    role=p["role"],
                    centre=centres.get(p["centre"]) if p["centre"] else None,
                    department=departments.get(p["department"]) if p["department"] else None,
                    starts_on=_date(p["starts_on"]),
                    ends_on=_date(p["ends_on"]),
                    decision=p["decision"],
                )
                for p in item["postings"]
                if (not p["centre"] or p["centre"] in centres)
                and (not p["department"] or p["department"] in departments)
            ]
        )
        names.append(user.username)
    gone = set(previous) - set(names)
    if gone:
        User.objects.filter(username__in=gone).update(is_active=False)
    return names


def apply_calendar(data: dict, centre_code: str) -> int:
    """Years, days and the centre's hours; every change logged and the revision bumped (worktime)."""
    province = data["province"]
    batch = ChangeBatch(province, by=SYNC_ACTOR, reason="Đồng bộ lịch làm việc từ máy chủ tỉnh")
    years = {}
    for item in data["years"]:
        values = {k: item[k] for k in YEAR_FIELDS if k != "confirmed_at"}
        values["confirmed_at"] = _moment(item["confirmed_at"])
        row = CalendarYear.objects.filter(province_code=province, year=item["year"]).first()
        if row is None:
            row = CalendarYear.objects.create(province_code=province, **values)
            batch.log(CalendarChange.Action.YEAR_LOADED, year=row.year, new={"status": row.status})
        elif any(getattr(row, k) != v for k, v in values.items()):
            old = {"status": row.status, "source": row.source}
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            batch.log(CalendarChange.Action.YEAR_CONFIRMED, year=row.year, old=old, new={"status": row.status})
        years[row.year] = row
    wanted = {_date(d["date"]): d for d in data["days"]}
    existing = {d.date: d for d in CalendarDay.objects.filter(province_code=province)}
    for day, item in wanted.items():
        value = {k: item[k] for k in ("kind", "name", "source", "provisional")}
        row = existing.get(day)
        if row is not None and row.as_value() == value:
            continue
        old = row.as_value() if row else None
        row = row or CalendarDay(province_code=province, date=day, calendar_year=years.get(day.year))
        if row.calendar_year_id is None:
            row.calendar_year = years.get(day.year) or CalendarYear.objects.get(province_code=province, year=day.year)
        for name, v in value.items():
            setattr(row, name, v)
        row.save()
        batch.log(CalendarChange.Action.DAY_ADDED if old is None else CalendarChange.Action.DAY_CHANGED,
                  date=day, old=old, new=value)
    for day, row in existing.items():
        if day not in wanted:
            old = row.as_value()
            row.delete()
            batch.log(CalendarChange.Action.DAY_REMOVED, date=day, old=old)
    schedules = {s.effective_from: s for s in CentreSchedule.objects.filter(centre_code=centre_code)}
    wanted_schedules = {_date(s["effective_from"]): s for s in data["schedules"]}
    for start, item in wanted_schedules.items():
        values = {k: (_time(item[k]) if k.endswith(("_start", "_end")) else item[k]) for k in SCHEDULE_FIELDS}
        values["effective_from"] = start
        row = schedules.get(start)
        if row is not None and all(getattr(row, k) == v for k, v in values.items()):
            continue
        row = row or CentreSchedule(centre_code=centre_code)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        batch.log(CalendarChange.Action.SCHEDULE_SET, date=start, new={"centre": centre_code})
    for start, row in schedules.items():
        if start not in wanted_schedules:
            row.delete()
            batch.log(CalendarChange.Action.SCHEDULE_REMOVED, date=start, old={"centre": centre_code})
    batch.finish()
    return len(batch.changes)


def apply_catalogue(data: dict) -> int:
    """Create the versions the node lacks and align every version's lifecycle (retire before publish)."""
    procedures = {p.code: p for p in Procedure.objects.filter(code__in={v["procedure"] for v in data["versions"]})}
    existing = {
        (v.procedure.code, v.number): v
        for v in ProcedureVersion.objects.filter(procedure__in=procedures.values()).select_related("procedure")
    }
    changed = 0
    lifecycle = ("status", "valid_from", "valid_until")
    order = {VersionStatus.RETIRED: 0, VersionStatus.PUBLISHED: 1}
    for item in sorted(data["versions"], key=lambda v: order.get(v["status"], 2)):
        row = existing.get((item["procedure"], item["number"]))
        values = {"status": item["status"], "valid_from": _moment(item["valid_from"]),
                  "valid_until": _moment(item["valid_until"])}
        if row is not None:
            if any(getattr(row, k) != values[k] for k in lifecycle):
                ProcedureVersion.objects.filter(pk=row.pk).update(**values, updated_at=clock.now())
                changed += 1
            continue
        procedure = procedures.get(item["procedure"])
        if procedure is None or "channel_options" not in item:
            continue
        version = ProcedureVersion(procedure=procedure)
        for field in ProcedureVersion._meta.concrete_fields:
            if field.name in item and not field.is_relation:
                setattr(version, field.attname, field.to_python(item[field.name]))
        version.save()
        for key, model in PART_MODELS.items():
            model.objects.bulk_create(
                [model(version=version, **{k: model._meta.get_field(k).to_python(v) for k, v in part.items()})
                 for part in item[key]]
            )
        changed += 1
    return changed


def apply_counters(data: dict) -> None:
    first, last = node_range(data["node"])
    for item in data["counters"]:
        sequence = int(item["last_sequence"])
        if not first - 1 <= sequence <= last:  # the node's own range only
            continue
        day = _date(item["day"])
        CodeCounter.objects.bulk_create(
            [CodeCounter(agency_id=item["agency_id"], day=day, node=data["node"], last_sequence=sequence)],
            ignore_conflicts=True,
        )
        CodeCounter.objects.filter(
            agency_id=item["agency_id"], day=day, node=data["node"], last_sequence__lt=sequence
        ).update(last_sequence=sequence)


def apply_section(name: str, data: dict, *, centre_code: str, state) -> None:
    """Apply one section in one transaction (the node's ``NodeState`` remembers its hash after)."""
    with transaction.atomic():
        if name == "org":
            apply_org(data)
        elif name == "staff":
            state.staff = apply_staff(data, state.staff)
        elif name == "calendar":
            apply_calendar(data, centre_code)
        elif name == "catalogue":
            apply_catalogue(data)
        elif name == "counters":
            apply_counters(data)

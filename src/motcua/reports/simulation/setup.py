"""What the simulated province needs in the database before its dossiers can be filed.

1. **Countable time limits** for the demo procedures (issue 7 note; docs/catalog.md "Known data
   caveats"). For each simulated procedure whose published version lacks a usable limit on a
   channel — or that the province lists as boundary-free (land registration, DOMAIN §2) — an
   officer (the system administrator) opens a draft (:func:`catalog.services.create_draft_version`),
   confirms the units the procedure's own text suggests (:func:`~catalog.services.apply_unit_hints`),
   enters the remaining ones from the profile's table (each with its legal source), rebuilds the
   default internal process on the confirmed limit and publishes the version **from 1 July 2025
   00:01** (:func:`~catalog.services.publish_version`, clock set to that night). Idempotent.
2. **Staff** for every centre and competent department: counter officers, specialists, leaders,
   each with one posting from 1 July 2025 (accounts without a usable password; the demo personas
   join their own centre's staff).
3. **Saturday morning reception** at the provincial centre and the wards (DOMAIN §6: Saturday
   reception does not count as working time).
4. **Staffing figures** (quota and filled posts) for centres that have none — simulated, for the
   demo dashboards; Hòa Minh keeps its reported 5 / 3.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from motcua.catalog.models import Procedure, ProcessingStep, VersionStatus
from motcua.catalog.services import apply_unit_hints, create_default_steps, create_draft_version, publish_version
from motcua.lib import clock
from motcua.org.models import AdminUnit, Department, Posting, Role, ServiceCentre, User
from motcua.worktime import services as worktime

from .planner import CentreInfo, ProcedureInfo, World
from .profile import Profile

VN = clock.BUSINESS_TZ
VALID_FROM = dt.datetime(2025, 7, 1, 0, 1, tzinfo=VN)
PREPARED_AT = dt.datetime(2025, 7, 1, 0, 0, 30, tzinfo=VN)
POSTINGS_START = dt.date(2025, 7, 1)
SIM_DECISION = "Mô phỏng tỉnh Vĩnh Long (issue 7): thời hạn do cán bộ xác nhận"
PERSONA_COUNTERS = {"28756": "lan", "29410": "binh", "86": "an"}
PERSONA_DEPARTMENT = {"28756-vp": ("minh", "hoa"), "86-stp": ("khoa", None)}


def simulated_codes(profile: Profile) -> list[str]:
    return sorted({m.code for m in (*profile.commune_mix, *profile.provincial_mix)} - set(profile.skipped))


def _administrator() -> User:
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        user = User.objects.create(username="sim.quantri", full_name="Quản trị mô phỏng", is_superuser=True)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Posting.objects.create(user=user, role=Role.SYSTEM_ADMIN, starts_on=POSTINGS_START, decision=SIM_DECISION)
    return user


def confirm_time_limits(profile: Profile) -> list[str]:
    """Publish a version with countable limits where the catalogue lost them (see module docstring)."""
    admin = _administrator()
    changed = []
    for code in simulated_codes(profile):
        procedure = Procedure.objects.get(code=code)
        current = procedure.versions.filter(status=VersionStatus.PUBLISHED).first()
        if current is None or current.valid_from == VALID_FROM:
            continue  # already confirmed by a previous run
        channels = {o.channel for o in current.channel_options.all()}
        bf = code in profile.boundary_free_codes
        if all(current.duration_for_channel(c) for c in channels) and not bf:
            continue
        with clock.frozen(PREPARED_AT), transaction.atomic():
            draft = create_draft_version(procedure, actor=admin)
            apply_unit_hints(draft, actor=admin)
            override = profile.unit_overrides.get(code)
            for option in draft.channel_options.all():
                if option.duration(draft.same_day_cutoff) is not None:
                    continue
                if override is None:
                    raise ValueError(f"Mô phỏng: thủ tục {code} kênh {option.channel} chưa có thời hạn xác nhận.")
                unit, value = override
                option.time_unit = unit
                option.time_value = Decimal(value) if value else None
                option.unit_missing = option.time_fee_merged = False
                option.time_note = "đơn vị, thời hạn do cán bộ xác nhận (mô phỏng)"
                option.save()
            if bf:
                draft.boundary_free = True
                draft.boundary_free_decision = SIM_DECISION
                draft.save()
            ProcessingStep.objects.filter(version=draft).delete()
            create_default_steps(draft)
            publish_version(draft, VALID_FROM, actor=admin)
        changed.append(code)
    return changed


def _size(centre: ServiceCentre, units: dict[int, AdminUnit]) -> float:
    if centre.level == "province":
        return 0.0
    unit = units[centre.admin_unit_id]
    merged = len([c for c in unit.legacy_unit_codes.replace(" ", "").split(";") if c]) or 1
    return merged * (1.5 if unit.kind == AdminUnit.Kind.WARD else 1.0)


def _name(i: int) -> str:
    from .planner import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M

    female = i % 2 == 1
    return " ".join(
        (
            FAMILY[i % len(FAMILY)],
            (MIDDLE_F if female else MIDDLE_M)[(i // 3) % 10],
            (GIVEN_F if female else GIVEN_M)[(i // 7) % len(GIVEN_M)],
        )
    )


@transaction.atomic
def prepare(profile: Profile) -> dict:
    """Steps 2–4 of the module docstring; returns what was created. Idempotent."""
    centres = list(ServiceCentre.objects.filter(is_active=True).select_related("admin_unit").order_by("code"))
    units = {c.admin_unit_id: c.admin_unit for c in centres if c.admin_unit_id}
    # 3. Saturday sessions
    saturday = [c.pk for c in centres if c.level == "province" or (c.admin_unit and c.admin_unit.kind == "phuong")]
    ServiceCentre.objects.filter(pk__in=saturday, saturday_reception=False).update(saturday_reception=True)
    # 4. staffing (simulated where unknown)
    for centre in centres:
        if centre.staffing_quota is None or centre.staffing_filled is None:
            if centre.level == "province":
                quota, filled = 64, 55
            else:
                quota = 4 + round(_size(centre, units) * 1.2)
                filled = max(2, quota - 1 - (int(centre.code) % 3))
            ServiceCentre.objects.filter(pk=centre.pk).update(staffing_quota=quota, staffing_filled=filled)
    # 2. staff
    existing = set(User.objects.values_list("username", flat=True))
    users, postings = [], []
    departments = list(Department.objects.filter(is_active=True).select_related("centre").order_by("code"))
    plan: list[tuple[str, str, object]] = []  # (username, role, centre or department)
    for centre in ServiceCentre.objects.filter(pk__in=[c.pk for c in centres]).order_by("code"):
        n = 16 if centre.level == "province" else max(2, min(centre.staffing_filled or 3, 6))
        for i in range(1, n + 1):
            plan.append((f"sim.tn.{centre.code}.{i}", Role.COUNTER_OFFICER, centre))
    for department in departments:
        if not department.sectors:
            continue
        n = 3 if department.level == "province" else 1
        for i in range(1, n + 1):
            plan.append((f"sim.cv.{department.code}.{i}", Role.SPECIALIST, department))
        plan.append((f"sim.ld.{department.code}.1", Role.APPROVER, department))
    for index, (username, _role, _scope) in enumerate(plan):
        if username not in existing:
            user = User(username=username, full_name=_name(index), password="!sim")
            user.search_text = user.build_search_text()  # bulk_create skips save(), which fills it
            users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    by_name = dict(User.objects.filter(username__startswith="sim.").values_list("username", "pk"))
    have = set(
        Posting.objects.filter(user_id__in=by_name.values()).values_list("user_id", "role")
    )
    for username, role, scope in plan:
        user_id = by_name[username]
        if (user_id, role) in have:
            continue
        centre = scope if isinstance(scope, ServiceCentre) else None
        department = scope if isinstance(scope, Department) else None
        postings.append(Posting(user_id=user_id, role=role, centre=centre, department=department,
                                starts_on=POSTINGS_START, decision=SIM_DECISION))
    Posting.objects.bulk_create(postings, batch_size=500)
    return {"users": len(users), "postings": len(postings), "saturday_centres": len(saturday)}


def build_world(profile: Profile) -> World:
    """The plain view of the database the planner works on."""
    centres = list(ServiceCentre.objects.filter(is_active=True).select_related("admin_unit").order_by("code"))
    units = {c.admin_unit_id: c.admin_unit for c in centres if c.admin_unit_id}
    postings = Posting.objects.active(POSTINGS_START).select_related("user").order_by("user__username")
    counters: dict[int, list[str]] = {}
    specialists: dict[int, list[str]] = {}
    approvers: dict[int, list[str]] = {}
    for posting in postings:
        if posting.role == Role.COUNTER_OFFICER and posting.centre_id:
            counters.setdefault(posting.centre_id, []).append(posting.user.username)
        elif posting.role == Role.SPECIALIST and posting.department_id:
            specialists.setdefault(posting.department_id, []).append(posting.user.username)
        elif posting.role == Role.APPROVER and posting.department_id:
            approvers.setdefault(posting.department_id, []).append(posting.user.username)
    # only accounts whose postings are simple (one role): the simulated ones and the personas
    single = _single_role_users()
    provincial = next(c for c in centres if c.level == "province")
    info = {}
    for c in centres:
        place = c.admin_unit.name if c.admin_unit_id else "Phường Phú Khương"
        info[c.code] = CentreInfo(
            code=c.code, name=c.name, level=c.level, size=_size(c, units), saturday=c.saturday_reception,
            counters=tuple(u for u in counters.get(c.pk, []) if u in single), place=place,
        )
    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    department_of: dict[tuple[str, str], str] = {}
    centre_code = {c.pk: c.code for c in centres}
    for d in departments:  # first by code, as dossiers.services.route picks
        for sector in d.sectors or []:
            department_of.setdefault((centre_code.get(d.centre_id, ""), sector), d.code)
    dept_ids = {d.code: d.pk for d in departments}
    procedures = {}
    routable = {sector for (_centre, sector) in department_of}
    for procedure in Procedure.objects.filter(code__in=simulated_codes(profile)).select_related("sector"):
        if procedure.sector.name not in routable:
            # dossiers.services.route compares sector names exactly: a sector no department of the
            # organisation lists cannot be routed, so such a procedure cannot be filed — left out.
            # (The ID-card procedures were, until the catalogue was read in Unicode NFC.)
            continue
        version = procedure.versions.filter(status=VersionStatus.PUBLISHED).prefetch_related("channel_options").first()
        level = "province" if any(m.code == procedure.code for m in profile.provincial_mix) else "commune"
        procedures[procedure.code] = ProcedureInfo(
            code=procedure.code, sector=procedure.sector.name, level=level,
            durations={c: version.duration_for_channel(c) for c in ("direct", "online", "postal")},
            documents=version.required_documents.count(),
        )
    return World(
        centres=info,
        provincial=provincial.code,
        procedures=procedures,
        department=department_of,
        specialists={code: tuple(u for u in specialists.get(pk, []) if u in single) for code, pk in dept_ids.items()},
        approvers={code: tuple(u for u in approvers.get(pk, []) if u in single) for code, pk in dept_ids.items()},
        calendar=worktime.calendar_for(provincial.province_code, None, on=profile.start),
        convention=str(worktime.default_convention()),
    )


def _single_role_users() -> set[str]:
    roles: dict[str, set] = {}
    for username, role in Posting.objects.active(POSTINGS_START).values_list("user__username", "role"):
        roles.setdefault(username, set()).add(role)
    return {u for u, r in roles.items() if len(r) == 1}


__all__ = ["build_world", "confirm_time_limits", "prepare"]

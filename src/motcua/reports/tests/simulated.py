"""A small simulated Vĩnh Long for the tests: the real catalogue and calendar, simulated staff.

``province`` (fixture in conftest) loads the national catalogue and the official calendar, confirms
the demo procedures' time limits and creates the simulated staff exactly as ``motcua simulate``
does, then plans the province at 1/100 of its volume. ``sample`` picks a few dozen of those plans
covering every kind of path — small enough to run through the services in a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.reports.simulation import planner, setup
from motcua.reports.simulation.profile import Profile, get

KEY = "vinh-long-2025-07"
SEED = 4242
SCALE = 0.01


@dataclass
class Province:
    profile: Profile
    world: planner.World
    plans: list[planner.Plan]


def build_province(scale: float = SCALE, seed: int = SEED) -> Province:
    from motcua.catalog.loading import load_catalog
    from motcua.worktime.loading import load_calendar

    load_catalog()
    load_calendar(province_code="86")
    profile = get(KEY, scale)
    setup.confirm_time_limits(profile)
    setup.prepare(profile)
    world = setup.build_world(profile)
    return Province(profile, world, planner.plan_province(profile, world, seed))


def sample(province: Province, size: int = 70) -> list[planner.Plan]:
    """Plans covering every path (in key order, deterministic), at most ``size``."""
    wanted = [
        ("two supplements", lambda p: p.supplements == 2, 2),
        ("one supplement", lambda p: p.supplements == 1, 5),
        ("pending supplement", lambda p: p.events and p.events[-1].action == "request_supplement", 2),
        ("withdrawn", lambda p: p.fate == "withdrawn", 3),
        ("refused", lambda p: p.fate == "refused", 3),
        ("refused at intake", lambda p: p.fate == "intake_refused", 3),
        ("postal", lambda p: p.channel == "postal", 3),
        ("saturday", lambda p: p.accepted_at.weekday() == 5, 3),
        ("boundary-free", lambda p: p.competent != p.centre and p.centre != province.world.provincial, 4),
        ("same day", lambda p: any(e.action == "complete_same_day" for e in p.events), 6),
        ("online", lambda p: p.channel == "online", 8),
        ("late", lambda p: p.outcome == "late", 6),
        ("in progress", lambda p: p.received and p.outcome is None, 5),
        ("provincial centre", lambda p: p.centre == province.world.provincial, 8),
        ("anything", lambda p: True, size),
    ]
    chosen: dict[int, planner.Plan] = {}
    for _name, test, count in wanted:
        for plan in province.plans:
            if len(chosen) >= size or count <= 0:
                break
            if plan.key not in chosen and test(plan):
                chosen[plan.key] = plan
                count -= 1
    return sorted(chosen.values(), key=lambda p: p.key)

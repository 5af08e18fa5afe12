"""One simulation run, from an empty dossier table to a calibrated province (``motcua simulate``).

1. refuse a database that already holds dossiers (the audit log is append-only: a simulation is
   loaded once, into a fresh database);
2. :func:`.setup.confirm_time_limits` and :func:`.setup.prepare`;
3. plan the province (:func:`.planner.plan_province`);
4. write it — in bulk (:func:`.bulk.load`, the default) or through the services
   (:func:`.driver.play`, hours at full scale; for samples and checks);
5. record a :class:`~motcua.reports.models.SimulationRun`.

``check_targets`` compares the report (the same ``province_summary`` the CLI prints) with the
profile's targets and their tolerances.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from motcua.dossiers.models import Dossier
from motcua.lib import clock

from ..models import SimulationRun
from ..periods import custom
from ..summary import province_summary
from . import bulk, driver, planner, setup
from .profile import Profile


class SimulationError(RuntimeError):
    """The simulation cannot run here (message in Vietnamese)."""


@dataclass
class Outcome:
    run: SimulationRun
    timings: dict[str, float]


def simulate(
    profile: Profile,
    seed: int,
    *,
    method: str = "bulk",
    progress: Callable[[str, int, int], None] | None = None,
) -> Outcome:
    """Fill the configured database with the profile's province (see the module docstring)."""
    if Dossier.objects.exists():
        raise SimulationError(
            "Cơ sở dữ liệu đã có hồ sơ: dữ liệu mô phỏng chỉ nạp vào cơ sở dữ liệu chưa có hồ sơ "
            "(nhật ký kiểm tra chỉ được ghi thêm). Hãy dùng một cơ sở dữ liệu mới."
        )
    timings: dict[str, float] = {}
    started = time.perf_counter()
    setup.confirm_time_limits(profile)
    setup.prepare(profile)
    world = setup.build_world(profile)
    timings["setup"] = time.perf_counter() - started

    mark = time.perf_counter()
    with _without_cyclic_gc():
        plans = planner.plan_province(profile, world, seed)
    events = sum(len(p.events) for p in plans)
    timings["plan"] = time.perf_counter() - mark
    if progress:
        progress("plan", len(plans), events)

    mark = time.perf_counter()
    step = (lambda n: progress("load", n, events)) if progress else None
    if method == "bulk":
        with _fast_sqlite(), _without_cyclic_gc():
            finishing = (lambda: progress("finish", 0, events)) if progress else None
            bulk.load(plans, seed, progress=step, finishing=finishing)
    elif method == "services":
        driver.play(plans, progress=(lambda n: progress("load", n, events)) if progress else None)
    else:
        raise SimulationError(f"Cách nạp không hợp lệ: {method!r} (bulk hoặc services).")
    timings["load"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    run = SimulationRun.objects.create(
        profile=profile.key, seed=seed, scale=profile.scale, method=method, period_start=profile.start,
        period_end=profile.end, dossiers=len(plans), events=events, seconds=round(timings["total"], 2),
        loaded_at=clock.now(),
    )
    return Outcome(run, timings)


@contextmanager
def _without_cyclic_gc():
    """Planning and the bulk load build millions of small objects (plans, rows, deltas) that form
    no reference cycles; the cyclic collector would walk the whole growing heap again and again
    (measured: ~15 % of the load time). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _fast_sqlite:
    """A bigger page cache for the one big transaction of a bulk load (SQLite only; harmless)."""

    def __enter__(self):
        if connection.vendor == "sqlite" and not transaction.get_connection().in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
        return self

    def __exit__(self, *exc):
        return False


@dataclass(frozen=True)
class Check:
    name: str
    what: str  # "received" | "on_time_rate"
    target: float
    achieved: float | None
    tolerance: str
    ok: bool


def check_targets(profile: Profile) -> list[Check]:
    """The report's figures against the profile's targets (volume ± 2 %, rates ± 1 point)."""
    summary = province_summary(custom(profile.start, profile.end))
    centres = {c["code"]: c for c in summary["centres"]}
    checks = []
    for target in profile.targets:
        parts = target.name.split(":")
        if parts[0] == "centre":
            entry = centres[parts[1]]
            if len(parts) == 3:
                entry = entry["by_channel"][parts[2]]
        else:
            entry = summary[target.name]
        if target.received is not None:
            achieved = entry["received"]
            ok = abs(achieved - target.received) <= target.volume_tolerance * target.received
            checks.append(Check(target.name, "received", target.received, achieved,
                                f"± {target.volume_tolerance:.0%}", ok))
        if target.on_time_rate is not None:
            achieved = entry["on_time_rate"]
            ok = achieved is not None and abs(achieved - target.on_time_rate) <= target.rate_tolerance
            checks.append(Check(target.name, "on_time_rate", target.on_time_rate, achieved,
                                f"± {target.rate_tolerance:g} điểm %", ok))
    return checks


__all__ = ["Check", "Outcome", "SimulationError", "check_targets", "simulate"]

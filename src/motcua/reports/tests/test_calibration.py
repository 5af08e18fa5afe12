"""The simulated province reproduces the province's figures (issue 7 §5), through ``motcua simulate``.

The normal suite loads the profile at 1/50 of its volume (rates unchanged; volumes scaled) and
checks every target through the CLI report; ``make soak`` runs the full two months
(``@pytest.mark.slow``) with the real tolerances: ± 2 % volume, ± 1 percentage point.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from motcua.dossiers import audit
from motcua.reports.simulation import profile
from motcua.reports.simulation.run import check_targets


def load(scale: float, seed: int = 20250701) -> dict:
    from motcua.catalog.loading import load_catalog
    from motcua.worktime.loading import load_calendar

    load_catalog()
    load_calendar(province_code="86")
    out = io.StringIO()
    call_command("simulate", profile="vinh-long-2025-07", seed=seed, scale=scale, no_progress=True, stdout=out,
                 stderr=io.StringIO())
    report = io.StringIO()
    call_command("report", "--from", "2025-07-01", "--to", "2025-08-31", "--format", "json", stdout=report)
    return json.loads(report.getvalue())


def test_small_province_hits_every_target(personas):
    summary = load(0.02)
    failed = [c for c in check_targets(profile.get("vinh-long-2025-07", 0.02)) if not c.ok and c.what == "received"]
    assert failed == []
    # rates at 1/50: within one dossier of the target in the small groups, ± 1 point in the big ones
    assert abs(summary["provincial_level"]["on_time_rate"] - 82.0) <= 1.0
    assert abs(summary["commune_level"]["on_time_rate"] - 93.6) <= 1.0
    hoa_minh = next(c for c in summary["centres"] if c["code"] == "29410")
    assert hoa_minh["by_channel"]["direct"]["received"] == 5 and hoa_minh["by_channel"]["direct"]["late"] == 0
    assert hoa_minh["staffing_quota"] == 5 and hoa_minh["staffing_filled"] == 3
    assert audit.verify().ok
    # the CLI contract: every entry has the figures and their split by channel
    for entry in (summary["total"], summary["provincial_level"], summary["commune_level"], *summary["centres"]):
        assert {"received", "resolved", "early", "on_time", "late", "in_progress", "on_time_rate"} <= entry.keys()
        assert set(entry["by_channel"]) == {"direct", "online", "postal"}
    assert len([c for c in summary["centres"] if c["level"] == "commune"]) == 124
    assert summary["commune_level"]["received"] == sum(c["received"] for c in summary["centres"]
                                                       if c["level"] == "commune")


def test_late_dossiers_concentrate_in_civil_status_land_and_construction(personas):
    load(0.02)
    from motcua.reports import periods, queries
    from motcua.reports.views import rows_for

    rows = rows_for(periods.custom(profile.VINH_LONG_2025_07.start, profile.VINH_LONG_2025_07.end), "sector")
    late = {r["label"]: r["figures"].late for r in rows}
    concentrated = sum(n for name, n in late.items() if name in ("Hộ tịch", "Đất đai", "Hoạt động xây dựng"))
    assert concentrated > 0.6 * sum(late.values())
    assert queries.total(periods.month(2025, 8)).received > 0


def test_same_seed_same_province(personas):
    first = load(0.01, seed=11)
    from django.db import transaction

    assert first["total"]["received"] > 0
    # a second database is not available inside one test: the plan itself is compared instead
    from motcua.reports.simulation import planner, setup

    prof = profile.get("vinh-long-2025-07", 0.01)
    world = setup.build_world(prof)
    a = planner.plan_province(prof, world, 11)
    b = planner.plan_province(prof, world, 11)
    assert [(p.key, p.centre, p.procedure, p.channel, [(e.at, e.action, e.actor) for e in p.events]) for p in a] == \
           [(p.key, p.centre, p.procedure, p.channel, [(e.at, e.action, e.actor) for e in p.events]) for p in b]
    assert transaction.get_connection().in_atomic_block


@pytest.mark.slow
def test_full_two_months_within_the_tolerances(personas):
    load(1.0)
    failed = [c for c in check_targets(profile.get("vinh-long-2025-07")) if not c.ok]
    assert failed == []
    assert audit.verify().ok

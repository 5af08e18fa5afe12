"""Benchmark: the reports' dashboard query on aggregates vs a naive GROUP BY over the dossier table, at
100 k, 1 M and 10 M dossiers; and the load time of the demo province (``motcua simulate``).

For each size, a child process builds a temporary SQLite database (migrated once, then copied):

1. the Vĩnh Long organisation (125 centres, their departments) and 60 procedures;
2. **dossier rows**, generated in bulk by SQL (a recursive CTE: no Python per row): N dossiers spread
   over the history's working days and the centres, with acceptance, appointment and end moments
   and stages — the columns the naive query reads, every NOT NULL column filled;
3. **aggregate rows** as the incremental path leaves them for such a history: per day, per centre, a
   set of (procedure, channel) combinations with flows and stock deltas (``DailyFigure``), their
   monthly sums (``MonthlyFigure``), the running stock totals (``StockTotal``) and a few pending rows;
4. timings (best of several runs, warm cache): **aggregates** = ``queries.figures(<last month>,
   "centre", by_channel=True)``, the table of the province dashboard (received, resolved, early, on
   time, late, in progress within/overdue per centre and channel); **naive** = the one-statement
   GROUP BY of ``naive.group_by_sql`` over the dossier table (received, resolved, on time, in
   progress per centre — already less exact, and still a full scan).

History per size: 100 k → 2 months, 1 M → 12 months, 10 M → 36 months. The dossier table gets its
secondary indexes dropped before the bulk insert (they do not serve a full-scan GROUP BY).

Demo load: ``motcua simulate --profile vinh-long-2025-07`` into a fresh database (bulk path), at the
scale given by ``--load-scale`` (default: the full two months).

``python bench/bench_reports.py [--sizes 100000,1000000] [--load-scale 1.0] [--json]``;
``make bench`` runs it through ``bench/run_all.py`` (section ``reports`` of docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
TITLE = "Reports: dashboard query on aggregates vs naive GROUP BY; demo load time"
SIZES = (100_000, 1_000_000, 10_000_000)
MONTHS = {100_000: 2, 1_000_000: 12, 10_000_000: 36}


def _setup_django(db_path: str, data_dir: str) -> None:
    os.environ.setdefault("MOTCUA_SECRET_KEY", "bench-only-not-a-secret")
    os.environ["MOTCUA_DATA_DIR"] = data_dir
    os.environ["MOTCUA_SQLITE_PATH"] = db_path
    os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    import django

    django.setup()


# --- child: one size ------------------------------------------------------------------------------------


def _synthetic(size: int) -> dict:
    """Fill the configured (migrated, org-loaded) database with ``size`` dossiers and their aggregates."""
    import datetime as dt

    from django.db import connection

    from motcua.catalog.models import Procedure, ProcedureVersion, Sector
    from motcua.dossiers.models import Applicant
    from motcua.org.models import Department, ServiceCentre

    months = MONTHS[size]
    end = dt.date(2025, 8, 31)
    year, month = end.year, end.month - (months - 1)
    while month <= 0:
        year, month = year - 1, month + 12
    first = dt.date(year, month, 1)
    days = [first + dt.timedelta(days=i) for i in range((end - first).days + 1)]
    working = [d for d in days if d.weekday() < 5]
    centres = list(ServiceCentre.objects.order_by("pk").values_list("pk", flat=True))
    departments = {c: list(Department.objects.filter(centre_id=c).values_list("pk", flat=True)) for c in centres}
    sector, _ = Sector.objects.get_or_create(name="Bench")
    procedures = []
    for i in range(60):
        p, _ = Procedure.objects.get_or_create(code=f"B{i:03d}", defaults={"name": f"Thủ tục {i}", "sector": sector,
                                                                           "level": "commune"})
        procedures.append(p.pk)
    version = ProcedureVersion.objects.create(procedure_id=procedures[0], number=1)
    applicant = Applicant.objects.create(kind="citizen", id_number="086000000001", name="Bench")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute("PRAGMA cache_size = -524288")
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='dossiers_dossier' AND sql IS NOT NULL"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        # one dossier per i: centre = i mod 125, day = i spread over the working days, 8-day limit
        cursor.execute("CREATE TEMP TABLE bench_days (n INTEGER PRIMARY KEY, day TEXT)")
        cursor.executemany(
            "INSERT INTO bench_days VALUES (%s, %s)", [(i, d.isoformat()) for i, d in enumerate(working)]
        )
        cursor.execute("CREATE TEMP TABLE bench_centres (n INTEGER PRIMARY KEY, centre INTEGER, dept INTEGER)")
        cursor.executemany("INSERT INTO bench_centres VALUES (%s, %s, %s)",
                           [(i, c, departments[c][0]) for i, c in enumerate(centres)])
        nd, nc = len(working), len(centres)
        cursor.execute(
            f"""
            WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {size - 1})
            INSERT INTO dossiers_dossier (
                created_at, updated_at, uid, code, status, stage, row_version, procedure_id, procedure_version_id,
                channel, receiving_centre_id, return_centre_id, resolving_department_id, applicant_id, submitted_at,
                accepted_at, clock_started_at, duration, duration_overridden, original_due_at, due_at,
                extension_days, resume_stage, excluded_minutes, supplement_count, ended_at, done_at, return_method,
                fee_paid, lookup_secret)
            SELECT t, t, printf('%032x', i), printf('B.%06d-%08d', i % {nc}, i),
                   CASE WHEN i % 10 < 8 THEN 9 ELSE 4 END, CASE WHEN i % 10 < 8 THEN 'done' ELSE 'in_step' END, 5,
                   {procedures[0]} + i % 60, {version.pk}, CASE WHEN i % 3 = 0 THEN 'direct' ELSE 'online' END,
                   c.centre, c.centre, c.dept, {applicant.pk}, t, t, t, '8d', 0,
                   datetime(t, '+11 days'), datetime(t, '+11 days'), 0, '', 0, 0,
                   CASE WHEN i % 10 < 8 THEN datetime(t, '+' || (i % 13) || ' days') END,
                   CASE WHEN i % 10 < 8 THEN datetime(t, '+' || (i % 13) || ' days') END,
                   '', 0, 'BENCH'
            FROM (SELECT i, d.day || ' 0' || (1 + i % 9) || ':' || printf('%02d', i % 60) || ':00' AS t,
                         i % {nc} AS cn FROM seq JOIN bench_days d ON d.n = (i * {nd}) / {size}) s
            JOIN bench_centres c ON c.n = s.cn
            """
        )
        dossier_seconds = time.perf_counter() - started
        # aggregates: per working day, per centre, k (procedure, channel) combinations
        per_day = size / len(working)
        combos = max(1, min(120, round(per_day / len(centres) / 2)))
        cursor.execute("CREATE TEMP TABLE bench_combos (n INTEGER PRIMARY KEY)")
        cursor.executemany("INSERT INTO bench_combos VALUES (%s)", [(k,) for k in range(combos)])
        received = max(1, round(per_day / len(centres) / combos))
        cursor.execute(
            f"""
            INSERT INTO reports_dailyfigure (day, centre_id, department_id, procedure_id, channel, received, digitised,
                refused_intake, ended_early, ended_on_time, ended_late, ended_withdrawn, ended_refused, cancelled,
                disliked, d_open, d_overdue)
            SELECT d.day, c.centre, c.dept, {procedures[0]} + k.n % 60,
                   CASE WHEN k.n % 2 THEN 'online' ELSE 'direct' END,
                   {received}, {received // 2}, 0, {received // 2}, {received // 3}, {max(received // 10, 0)},
                   0, 0, 0, 0, 0, 0
            FROM bench_days d, bench_centres c, bench_combos k
            """
        )
        cursor.execute(
            """
            INSERT INTO reports_monthlyfigure (month, centre_id, department_id, procedure_id, channel, received,
                digitised, refused_intake, ended_early, ended_on_time, ended_late, ended_withdrawn, ended_refused,
                cancelled, disliked, d_open, d_overdue)
            SELECT substr(day, 1, 8) || '01', centre_id, department_id, procedure_id, channel, SUM(received),
                   SUM(digitised), 0, SUM(ended_early), SUM(ended_on_time), SUM(ended_late), 0, 0, 0, 0,
                   SUM(d_open), SUM(d_overdue)
            FROM reports_dailyfigure GROUP BY 1, 2, 3, 4, 5
            """
        )
        cursor.execute(
            """
            INSERT INTO reports_stocktotal (centre_id, department_id, procedure_id, channel, d_open, d_overdue)
            SELECT centre_id, department_id, procedure_id, channel, SUM(received) / 10, SUM(received) / 40
            FROM reports_dailyfigure GROUP BY 1, 2, 3, 4
            """
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT COUNT(*) FROM dossiers_dossier")
        dossiers = cursor.fetchone()[0]
        counts = {}
        for table in ("reports_dailyfigure", "reports_monthlyfigure", "reports_stocktotal"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return {"dossiers": dossiers, "first_day": first.isoformat(), "last_day": end.isoformat(),
            "build_seconds": round(time.perf_counter() - started, 1), "dossier_seconds": round(dossier_seconds, 1),
            **counts}


def _best(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def child_size(size: int, template: str, work: str) -> dict:
    db = str(Path(work) / f"bench-{size}.sqlite3")
    shutil.copy(template, db)
    _setup_django(db, work)
    import datetime as dt

    from django.db import connection

    from motcua.lib import clock
    from motcua.reports import periods, queries
    from motcua.reports.naive import group_by_sql

    built = _synthetic(size)
    month = periods.month(2025, 8)
    # the dashboard's month is the current one: "today" is the day after it (the stock is read backwards
    # from the running totals); the same month read a long time later walks the monthly rows instead
    with clock.frozen(dt.datetime(2025, 9, 1, 9, 0, tzinfo=clock.BUSINESS_TZ)):
        aggregated = _best(lambda: queries.figures(month, "centre", by_channel=True), 5)
    history = _best(lambda: queries.figures(month, "centre", by_channel=True, stock_path="forward"), 3)
    sql = group_by_sql(month.start, month.end)

    def naive():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    naive_seconds = _best(naive, 3 if size <= 1_000_000 else 2)  # at 10 M one run takes ~20 s
    page_now, page_later = _dashboard_page(month)
    size_bytes = os.path.getsize(db)
    os.remove(db)
    return {"size": size, **built, "aggregates_ms": round(aggregated * 1000, 2),
            "history_ms": round(history * 1000, 2),
            "naive_ms": round(naive_seconds * 1000, 1), "db_mb": round(size_bytes / 2**20),
            "page_ms": round(page_now * 1000, 1), "page_later_ms": round(page_later * 1000, 1),
            "period": f"{month.start}..{month.end}"}


def _dashboard_page(month) -> tuple[float, float]:
    """The whole province dashboard page (``/bao-cao/``) for ``month`` as a province supervisor sees it —
    the month's figures by channel, the 12-month trend, late by sector, load and staffing per centre,
    the table — rendered through the test client: best of 3, read the day after the month and years
    later (the trend's old months walk the monthly rows then)."""
    import datetime as dt

    from django.test import Client
    from django.urls import reverse

    from motcua.lib import clock
    from motcua.org.models import Posting, Role, User

    user = User.objects.create_user(username="bench-giamsat", password="bench-only-password-1")
    Posting.objects.create(user=user, role=Role.PROVINCE_SUPERVISOR, starts_on=dt.date(2020, 1, 1))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("reports:dashboard")
    query = {"ky": "month", "tu": month.start.isoformat()}

    def page():
        response = client.get(url, query)
        if response.status_code != 200 or b"kpi-in-progress" not in response.content:
            raise RuntimeError(f"dashboard: HTTP {response.status_code}")

    with clock.frozen(dt.datetime.combine(month.end + dt.timedelta(days=1), dt.time(9), clock.BUSINESS_TZ)):
        now = _best(page, 3)
    with clock.frozen(dt.datetime(2029, 1, 2, 9, 0, tzinfo=clock.BUSINESS_TZ)):
        later = _best(page, 3)
    return now, later


def child_template(work: str) -> str:
    db = str(Path(work) / "template.sqlite3")
    _setup_django(db, work)
    from django.core.management import call_command

    from motcua.org.loading import load_org

    call_command("migrate", verbosity=0)
    load_org()
    return db


def child_load(scale: float, work: str) -> dict:
    db = str(Path(work) / "load.sqlite3")
    _setup_django(db, work)
    from django.core.management import call_command

    from motcua.provisioning.reference import load_reference_data
    from motcua.reports.simulation import profile
    from motcua.reports.simulation.run import simulate

    call_command("migrate", verbosity=0)
    load_reference_data(write=lambda _text: None)
    started = time.perf_counter()
    outcome = simulate(profile.get("vinh-long-2025-07", scale), 20250701)
    total = time.perf_counter() - started
    return {"scale": scale, "dossiers": outcome.run.dossiers, "events": outcome.run.events,
            "seconds": round(total, 1), **{k: round(v, 1) for k, v in outcome.timings.items()},
            "db_mb": round(os.path.getsize(db) / 2**20)}


# --- parent ---------------------------------------------------------------------------------------------------


def _run_child(args: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    completed = subprocess.run([sys.executable, __file__, *args, "--json"], capture_output=True, text=True, env=env,
                               check=False)
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-3000:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run(sizes=SIZES, load_scale: float = 1.0) -> dict:
    with tempfile.TemporaryDirectory(prefix="motcua-bench-reports-") as work:
        template = _run_child(["--template", work])["template"]
        results = [_run_child(["--child-size", str(size), "--template-path", template, "--work", work])
                   for size in sizes]
        load = _run_child(["--child-load", str(load_scale), "--work", work]) if load_scale else None
    return {"sizes": results, "load": load}


def markdown(result: dict) -> str:
    lines = [
        "Province dashboard table for one month (per centre × channel: received, resolved, early, on time, late, "
        "in progress within/overdue) read from the aggregates (`queries.figures`), against one naive GROUP BY "
        "over the dossier table (`naive.group_by_sql`, a full scan that is still less exact: no waiting-time "
        "subtraction, no 766 rules 4–5). Synthetic rows generated in SQL in a temporary SQLite database (WAL); "
        "best of 5 runs (aggregates) / 3 runs (naive; 2 at 10 M), the first of them cold. The month is the "
        "last of the data (clock at 1/9/2025): its "
        "stock is the running totals minus the flips scheduled ahead. Forced to read forwards, the stock walks "
        "the monthly rows of the whole history (column 'read forwards') — slower with the history's length, not "
        "with the number of dossiers; the reports read forwards only when the month is nearer the beginning of "
        "the data than its end. The whole dashboard page (`/bao-cao/`, a province supervisor through the "
        "test client: the month by channel, the 12-month trend, late by sector, load and staffing per centre, "
        "the centre table, rendered) is timed the day after the month and again with the clock years later: "
        "every read's direction follows the months of data, not today, so the two should match.",
        "",
        "| dossiers | history | daily rows | monthly rows | stock rows | aggregates ms | naive ms "
        "| naive ÷ aggregates | read forwards, ms | whole dashboard page ms (years later) | DB MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["sizes"]:
        ratio = r["naive_ms"] / r["aggregates_ms"] if r["aggregates_ms"] else float("nan")
        lines.append(
            f"| {r['dossiers']:,} | {r['first_day']} – {r['last_day']} | {r['reports_dailyfigure']:,} | "
            f"{r['reports_monthlyfigure']:,} | {r['reports_stocktotal']:,} | {r['aggregates_ms']} | "
            f"{r['naive_ms']:,} | "
            f"{ratio:,.0f}× | {r['history_ms']} | {r.get('page_ms', '—')} ({r.get('page_later_ms', '—')}) | "
            f"{r['db_mb']:,} |"
        )
    load = result.get("load")
    if load:
        lines += [
            "",
            f"Demo load (`motcua simulate --profile vinh-long-2025-07`, bulk path, scale {load['scale']:g}, "
            f"fresh SQLite "
            f"database after `load-reference-data`): **{load['seconds']} s** for {load['dossiers']:,} dossiers and "
            f"{load['events']:,} service events — setup {load.get('setup')} s, planning {load.get('plan')} s, "
            f"writing {load.get('load')} s; database {load['db_mb']:,} MB.",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--load-scale", type=float, default=1.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--template")
    parser.add_argument("--template-path")
    parser.add_argument("--child-size", type=int)
    parser.add_argument("--child-load", type=float)
    parser.add_argument("--work")
    args = parser.parse_args(argv)
    if args.template:
        print(json.dumps({"template": child_template(args.template)}))
        return 0
    if args.child_size:
        print(json.dumps(child_size(args.child_size, args.template_path, args.work)))
        return 0
    if args.child_load is not None:
        print(json.dumps(child_load(args.child_load, args.work)))
        return 0
    result = run(tuple(int(s) for s in args.sizes.split(",")), args.load_scale)
    print(json.dumps(result) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

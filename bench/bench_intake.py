"""Benchmark: dossier intakes per second through the service layer vs raw inserts of the same rows.

For each database (SQLite in WAL mode — the commune-centre deployment — and PostgreSQL when
``scripts/with_postgres.py`` can start a throwaway cluster), a child process:

1. creates a temporary database (a fresh SQLite file / the throwaway cluster), migrates it, loads
   the Vĩnh Long organisation, the personas and the official calendar, and publishes one 3-day
   commune procedure with two listed documents;
2. **service**: ``COUNT`` intakes through ``services.receive_dossier`` by the counter officer, one
   request each (its own transaction: applicant upsert, routing, version pin, row lock on the code
   counter, appointment on the calendar, checklist, control-sheet step, timeline, hash-chained audit
   entry, outbox event; plus the outbox dispatch task enqueued after commit, as in production);
3. **raw**: the very rows the service wrote for each dossier (applicant, dossier, two checklist
   lines, control-sheet step, transition, audit entry, outbox event, the reports' per-dossier state —
   every table that points at the dossier) are deleted and inserted again,
   one transaction per dossier with one multi-row INSERT per table — no validation, no locks, no
   calendar, no hashing. The ratio raw ÷ service is the price of doing intake properly.

Timings are reported, never asserted. ``python bench/bench_intake.py [--count N] [--json]``;
``make bench`` runs it through ``bench/run_all.py`` (section ``intake`` of docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
TITLE = "Dossier intake: service layer vs raw inserts"
DEFAULT_COUNT = 300


# --- the child: one database --------------------------------------------------------------------------


def _setup_django(data_dir: str) -> None:
    os.environ.setdefault("MOTCUA_SECRET_KEY", "bench-only-not-a-secret")
    os.environ["MOTCUA_DATA_DIR"] = data_dir
    os.environ["MOTCUA_SQLITE_PATH"] = str(Path(data_dir) / "bench.sqlite3")
    os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    import django

    django.setup()


def _world():
    import datetime as dt
    from decimal import Decimal

    from motcua.catalog.models import ChannelOption, Procedure, ProcedureVersion, RequiredDocument, Sector, TimeUnit
    from motcua.catalog.services import create_default_steps, publish_version
    from motcua.lib import clock
    from motcua.org.loading import load_org
    from motcua.org.personas import ensure_personas
    from motcua.worktime.loading import load_calendar

    load_org()
    people = ensure_personas(password="bench-password-123")
    load_calendar(province_code="86")
    sector, _ = Sector.objects.get_or_create(name="Hộ tịch")
    procedure = Procedure.objects.create(
        code="B1.001193", name="Thủ tục đăng ký khai sinh", sector=sector, level="commune", at_commune=True
    )
    version = ProcedureVersion.objects.create(procedure=procedure, number=1)
    for order, channel in enumerate(("direct", "online", "postal"), start=1):
        ChannelOption.objects.create(
            version=version,
            order=order,
            channel=channel,
            time_value=Decimal(3),
            time_unit=TimeUnit.WORKING_DAYS,
            fee_amount=Decimal(8000),
        )
    for order, name in enumerate(("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"), start=1):
        RequiredDocument.objects.create(version=version, order=order, name=name, originals=1)
    create_default_steps(version)
    publish_version(version, clock.now() + dt.timedelta(seconds=1))
    time.sleep(1.1)
    return people, procedure


def child(count: int) -> dict:
    """Measure in this process against the configured database (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as data_dir:
        _setup_django(data_dir)
        from django.core.management import call_command
        from django.db import connection, transaction

        call_command("migrate", verbosity=0)
        people, procedure = _world()

        from motcua.dossiers import services
        from motcua.dossiers.models import (
            Applicant,
            AuditEntry,
            Dossier,
            DossierDocument,
            DossierStep,
            OutboxEvent,
            Transition,
            WaitingPeriod,
        )

        def applicant(i: int):
            return services.ApplicantData(
                kind="citizen",
                id_number=f"0860{i:08d}",
                name=f"Người nộp {i}",
                phone="0912345678",
                address="Phường Phú Khương, tỉnh Vĩnh Long",
            )

        documents = [services.DocumentData(1), services.DocumentData(2)]
        for i in range(10):  # warm-up: caches, prepared plans (not counted, then removed below)
            services.receive_dossier(
                people.lan,
                centre=people.phu_khuong,
                procedure=procedure,
                applicant=applicant(900_000 + i),
                documents=documents,
            )
        warm = set(Dossier.objects.values_list("pk", flat=True))

        started = time.perf_counter()
        for i in range(count):
            services.receive_dossier(
                people.lan, centre=people.phu_khuong, procedure=procedure, applicant=applicant(i), documents=documents
            )
        service_seconds = time.perf_counter() - started

        # The rows each intake wrote, grouped per dossier, in insertion order.
        ids = list(Dossier.objects.exclude(pk__in=warm).order_by("pk").values_list("pk", flat=True))
        dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=ids)}
        by_dossier = {pk: {} for pk in ids}
        # Every row that points at the dossier (the listed tables first, in an order their own foreign
        # keys allow; then whatever else intake writes per dossier — the reports' DossierStat, …).
        listed = [WaitingPeriod, DossierDocument, DossierStep, Transition, OutboxEvent]
        others = [rel.related_model for rel in Dossier._meta.related_objects
                  if (rel.one_to_many or rel.one_to_one) and rel.related_model not in listed]
        per_dossier = [*listed, *others]
        for model in per_dossier:
            for row in model.objects.filter(dossier_id__in=ids):
                by_dossier[row.dossier_id].setdefault(model, []).append(row)
        refs = {d.key: d.pk for d in dossiers.values()}
        for entry in AuditEntry.objects.filter(object_ref__in=list(refs)):
            by_dossier[refs[entry.object_ref]].setdefault(AuditEntry, []).append(entry)
        applicants = {a.pk: a for a in Applicant.objects.filter(pk__in=[d.applicant_id for d in dossiers.values()])}
        rows_per_dossier = 1 + 1 + sum(len(v) for v in by_dossier[ids[0]].values())

        # Remove them (a raw DELETE: the audit log refuses deletes through the model, on purpose).
        audit_ids = [e.pk for rows in by_dossier.values() for e in rows.get(AuditEntry, [])]
        with transaction.atomic():
            Dossier.objects.filter(pk__in=ids).update(current_step=None)
            for model in reversed(per_dossier):
                model.objects.filter(dossier_id__in=ids)._raw_delete(connection.alias)
            AuditEntry.objects.filter(pk__in=audit_ids)._raw_delete(connection.alias)
            Dossier.objects.filter(pk__in=ids)._raw_delete(connection.alias)
            Applicant.objects.filter(pk__in=list(applicants))._raw_delete(connection.alias)

        started = time.perf_counter()
        for pk in ids:
            dossier = dossiers[pk]
            rows = by_dossier[pk]
            with transaction.atomic():
                Applicant.objects.bulk_create([applicants[dossier.applicant_id]])
                step_id, dossier.current_step_id = dossier.current_step_id, None
                Dossier.objects.bulk_create([dossier])
                for model in (*per_dossier, AuditEntry):
                    model.objects.bulk_create(rows.get(model, []))
                dossier.current_step_id = step_id
        raw_seconds = time.perf_counter() - started
        vendor = connection.vendor
        if vendor == "sqlite":
            version = ".".join(str(v) for v in connection.Database.sqlite_version_info)
        else:
            version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    return {
        "database": vendor,
        "database_version": version,
        "count": count,
        "rows_per_dossier": rows_per_dossier,
        "service_per_s": round(count / service_seconds, 1),
        "service_ms": round(1000 * service_seconds / count, 2),
        "raw_per_s": round(count / raw_seconds, 1),
        "raw_ms": round(1000 * raw_seconds / count, 2),
        "ratio": round(service_seconds / raw_seconds, 1),
    }


# --- the parent: one child per database ------------------------------------------------------------------


def _run_child(count: int, with_postgres: bool) -> dict | None:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--count", str(count)]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if with_postgres:
        command = [sys.executable, str(ROOT / "scripts" / "with_postgres.py"), "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        if with_postgres:
            return {"database": "postgresql", "unavailable": (done.stderr.strip().splitlines() or ["?"])[-1]}
        raise RuntimeError(f"intake benchmark child failed:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


def run(count: int = DEFAULT_COUNT) -> dict:
    results = [_run_child(count, with_postgres=False), _run_child(count, with_postgres=True)]
    return {"benchmark": "dossiers.intake", "count": count, "results": results}


def markdown(result: dict) -> str:
    lines = [
        f"{result['count']} intakes of a 3-day birth registration (two checklist lines) by the counter officer, "
        "one request each, on a fresh database per engine. **Service** = `services.receive_dossier` (validation, "
        "routing, version pin, code reservation under a row lock, appointment on the official calendar, "
        "checklist, control-sheet step, timeline, hash-chained audit entry, outbox event, and the outbox task "
        "enqueued after commit). **Raw** = the same rows that intake wrote, re-inserted with one multi-row INSERT "
        "per table in one transaction per dossier.",
        "",
        "| database | rows per dossier | service intakes/s | ms per intake | raw inserts/s | ms per dossier | "
        "service ÷ raw time |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["results"]:
        if row.get("unavailable"):
            lines.append(f"| {row['database']} | — | — | — | — | — | not measured: {row['unavailable']} |")
            continue
        lines.append(
            f"| {row['database']} {row['database_version']} | {row['rows_per_dossier']} | {row['service_per_s']:,} "
            f"| {row['service_ms']} | {row['raw_per_s']:,} | {row['raw_ms']} | {row['ratio']}× |"
        )
    lines += [
        "",
        "SQLite runs in WAL mode with `BEGIN IMMEDIATE` (the embedded deployment's settings); PostgreSQL is the "
        "throwaway cluster of `scripts/with_postgres.py` (fsync off), so absolute PostgreSQL numbers are "
        "optimistic for a production server.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of markdown")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.count)))
        return 0
    result = run(args.count)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

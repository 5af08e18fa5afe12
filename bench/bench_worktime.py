"""Benchmark: deadline computations per second, indexed engine vs the naive day-by-day baseline.

Both compute ``due(received, "<n>d")`` (ELAPSED convention) for the SAME random receipts (fixed
seed) on a provisional 2025–2027 calendar (``statutory.provisional_days_off``); every result of the
engine is checked against the baseline before timing. The baseline is
``motcua.worktime.tests.oracle.naive_due_day_by_day`` — the oracle of the property tests — which
walks forward one calendar day at a time; the engine does a few list lookups and one ``divmod``
per query. The goal is ≥ 20× for 30-working-day limits. A second table times the engine's other
operations on the same receipts. Timings are reported, never asserted.

``bench/run_all.py`` (``make bench``) calls :func:`run` and :func:`markdown` and writes the result,
with the machine and the date, into this benchmark's section of ``docs/benchmarks.md``.

    python bench/bench_worktime.py            # markdown table
    python bench/bench_worktime.py --json     # the same numbers as JSON on stdout
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from motcua.lib.clock import BUSINESS_TZ  # noqa: E402
from motcua.worktime.engine import Convention, Duration, WorkCalendar  # noqa: E402
from motcua.worktime.statutory import provisional_days_off  # noqa: E402
from motcua.worktime.tests.oracle import naive_due_day_by_day  # noqa: E402

FIRST_YEAR, LAST_YEAR = 2025, 2027
TITLE = "Working-time engine: deadline computations per second"
DURATIONS = ("1d", "5d", "30d")
TARGET_RATIO_30D = 20.0


def make_receipts(count: int, seed: int) -> list[datetime]:
    """Receipts on random days of 2025–2026, at a random minute between 06:00 and 18:59."""
    rng = random.Random(seed)
    first = date(FIRST_YEAR, 1, 1)
    span = (date(LAST_YEAR - 1, 12, 31) - first).days
    receipts = []
    for _ in range(count):
        day = first + timedelta(days=rng.randint(0, span))
        receipts.append(
            datetime(day.year, day.month, day.day, rng.randint(6, 18), rng.randint(0, 59), tzinfo=BUSINESS_TZ)
        )
    return receipts


def calls_per_second(compute, receipts, min_seconds: float, repeats: int = 3) -> float:
    """Best of ``repeats`` passes; each pass loops over all receipts for at least ``min_seconds``."""
    best = 0.0
    for _ in range(repeats):
        calls, started = 0, time.perf_counter()
        while True:
            for received in receipts:
                compute(received)
            calls += len(receipts)
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds:
                break
        best = max(best, calls / elapsed)
    return best


def run(count: int = 2000, seed: int = 20250129, min_seconds: float = 0.4) -> dict:
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    days_off = frozenset(d.date for year in years for d in provisional_days_off(year))
    started = time.perf_counter()
    calendar = WorkCalendar(days_off, (), first_year=FIRST_YEAR, last_year=LAST_YEAR)
    build_ms = (time.perf_counter() - started) * 1000
    receipts = make_receipts(count, seed)

    rows = []
    for text in DURATIONS:
        duration = Duration.parse(text)

        def engine(received, duration=duration):
            return calendar.due(received, duration)

        def naive(received, duration=duration):
            return naive_due_day_by_day(received, duration, days_off=days_off)

        mismatches = sum(engine(r) != naive(r) for r in receipts)
        if mismatches:
            raise SystemExit(f"engine and baseline disagree on {mismatches} of {count} receipts for {text}")
        engine_rate = calls_per_second(engine, receipts, min_seconds)
        naive_rate = calls_per_second(naive, receipts, min_seconds)
        rows.append(
            {
                "duration": text,
                "engine_per_s": round(engine_rate),
                "naive_per_s": round(naive_rate),
                "engine_us": round(1e6 / engine_rate, 2),
                "naive_us": round(1e6 / naive_rate, 2),
                "ratio": round(engine_rate / naive_rate, 1),
            }
        )
    ratio_30d = next(row["ratio"] for row in rows if row["duration"] == "30d")
    return {
        "benchmark": "worktime.due",
        "machine": {
            "platform": platform.platform(),
            "machine": platform.machine(),
            "cpu_count": os.cpu_count(),
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        "calendar": f"provisional {FIRST_YEAR}–{LAST_YEAR}, default schedule",
        "calendar_build_ms": round(build_ms, 2),
        "receipts": count,
        "seed": seed,
        "results_identical": True,
        "rows": rows,
        "operations": _operations(calendar, receipts, min_seconds),
        "ratio_30d": ratio_30d,
        "target_ratio_30d": TARGET_RATIO_30D,
        "target_met": ratio_30d >= TARGET_RATIO_30D,
    }


def _operations(calendar: WorkCalendar, receipts: list[datetime], min_seconds: float) -> list[dict]:
    """The engine's other queries on the same receipts (no baseline: they share the same index)."""
    d30, d5, same_day = Duration.working_days(30), Duration.working_days(5), Duration.same_day()
    civil = Convention.CIVIL
    pairs = [(r, calendar.due(r, d5)) for r in receipts]  # (received, due in 5 working days)
    operations = [
        ("due(received, 30d, civil)", lambda r: calendar.due(r, d30, civil), receipts),
        ("due(received, sameday)", lambda r: calendar.due(r, same_day), receipts),
        ("working_minutes_between(received, due)", lambda p: calendar.working_minutes_between(*p), pairs),
        ("subtract_working_minutes(due, 480)", lambda p: calendar.subtract_working_minutes(p[1], 480), pairs),
        ("remaining(due, received)", lambda p: calendar.remaining(p[1], p[0]), pairs),
        ("period_start(received, 30d, civil)", lambda r: calendar.period_start(r, d30, civil), receipts),
    ]
    result = []
    for label, compute, items in operations:
        rate = calls_per_second(compute, items, min_seconds / 2)
        result.append({"operation": label, "per_s": round(rate), "us": round(1e6 / rate, 2)})
    return result


def markdown(result: dict) -> str:
    """The result as markdown (without the machine line: ``run_all.py`` writes it for every section)."""
    lines = [
        f"Calendar: {result['calendar']} (built in {result['calendar_build_ms']} ms); "
        f"{result['receipts']} random receipts between 06:00 and 18:59, seed {result['seed']}; ELAPSED convention; "
        "engine results identical to the baseline on every receipt. Best of 3 passes.",
        "",
        "| duration | engine calls/s | engine µs/call | naive calls/s | naive µs/call | engine ÷ naive |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['duration']} | {row['engine_per_s']:,} | {row['engine_us']} | {row['naive_per_s']:,} "
            f"| {row['naive_us']} | {row['ratio']}× |"
        )
    verdict = "met" if result["target_met"] else "NOT met"
    lines += [
        "",
        f"30 working days: engine is **{result['ratio_30d']}×** the baseline "
        f"(target ≥ {result['target_ratio_30d']:g}×: {verdict}).",
        "",
        "Other engine operations on the same receipts:",
        "",
        "| operation | calls/s | µs/call |",
        "|---|---:|---:|",
    ]
    for row in result["operations"]:
        lines.append(f"| `{row['operation']}` | {row['per_s']:,} | {row['us']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of markdown")
    parser.add_argument("--receipts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20250129)
    parser.add_argument("--min-seconds", type=float, default=0.4, help="minimum time per timing pass")
    args = parser.parse_args(argv)
    result = run(args.receipts, args.seed, args.min_seconds)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        machine = result["machine"]
        print(f"Machine: {machine['platform']}, {machine['cpu_count']} CPUs, {machine['python']}, {machine['date']}.\n")
        print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark (``bench/bench_*.py``) and rewrite its section of ``docs/benchmarks.md``.

``make bench`` calls this. Each benchmark module provides ``run() -> dict`` (measure) and
``markdown(result) -> str`` (the section body), and optionally ``TITLE``. The section of module
``bench_<name>.py`` is the text between ``<!-- bench:<name> -->`` and ``<!-- /bench:<name> -->``;
only that text is replaced, so benchmarks added later (or text written by hand outside the
markers) are kept. A new benchmark's section is appended. Every section states the machine
(platform, CPU model from ``/proc/cpuinfo``, cores, Python) and the date it was measured on.

    python bench/run_all.py                  # every benchmark
    python bench/run_all.py worktime         # only bench_worktime.py
    python bench/run_all.py --no-write       # print the sections, leave the file alone

Timings are reported, never asserted; a benchmark that raises is reported and makes the exit code
1, and its previous section is left as it was.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DOC = BENCH_DIR.parent / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Measured numbers, written by `make bench` (`bench/run_all.py`): each section below is rewritten by its
benchmark (`bench/bench_<name>.py`) between its `<!-- bench:<name> -->` markers, with the machine and the
date it was measured on. Numbers from different machines are not comparable; the ratios within a section are.
"""


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match[1].strip() if match else (platform.processor() or "unknown CPU")


def machine_line(now: datetime) -> str:
    return (
        f"Measured {now:%Y-%m-%d %H:%M} UTC on {platform.platform()} — {cpu_model()}, "
        f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}."
    )


def discover(names: list[str]) -> list[tuple[str, Path]]:
    found = sorted((path.stem.removeprefix("bench_"), path) for path in BENCH_DIR.glob("bench_*.py"))
    if names:
        unknown = sorted(set(names) - {name for name, _ in found})
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(n for n, _ in found)}")
        found = [(name, path) for name, path in found if name in names]
    return found


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def section(name: str, title: str, body: str, now: datetime) -> str:
    return f"<!-- bench:{name} -->\n## {title}\n\n{machine_line(now)}\n\n{body.strip()}\n<!-- /bench:{name} -->"


def replace_section(document: str, name: str, text: str) -> str:
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _match: text, document, count=1)
    return f"{document.rstrip()}\n\n{text}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all), e.g. worktime")
    parser.add_argument("--no-write", action="store_true", help=f"print the sections; do not rewrite {DOC.name}")
    args = parser.parse_args(argv)

    document = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    failed = []
    for name, path in discover(args.names):
        print(f"→ {name} ({path.name})…", flush=True)
        try:
            module = load(name, path)
            result = module.run()
            body = module.markdown(result)
        except Exception:  # report, keep the previous section, go on with the others
            traceback.print_exc()
            failed.append(name)
            continue
        text = section(name, getattr(module, "TITLE", name), body, datetime.now(UTC))
        print(text, flush=True)
        if result.get("target_met") is False:
            print(f"  warning: {name} did not meet its target", file=sys.stderr)
        document = replace_section(document, name, text)

    if not args.no_write:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(document.rstrip() + "\n", encoding="utf-8")
        print(f"wrote {DOC.relative_to(BENCH_DIR.parent)}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

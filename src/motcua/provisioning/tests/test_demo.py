"""``motcua demo`` as `make demo` runs it (SQLite, debug), without serving: a new engineer's first run.

A small scale keeps it quick; the calibrated figures at full scale are the reports' tests
(reports/tests/test_simulation*.py) and the benchmark of the load.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the demo is the SQLite deployment; it runs in the SQLite pass"
)


def _demo(data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MOTCUA_SQLITE_PATH")}
    env.update(MOTCUA_DEBUG="true", MOTCUA_DATA_DIR=str(data_dir))
    script = Path(sys.executable).with_name("motcua")
    return subprocess.run(
        [str(script), "demo", "--no-serve", "--scale", "0.005"], env=env, capture_output=True, text=True,
        timeout=600, check=False,
    )


def test_the_demo_sets_up_a_province_prints_its_logins_and_can_run_again(tmp_path):
    first = _demo(tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "motcua demo: http://127.0.0.1:8000/" in first.stdout
    for username in ("lan", "minh", "hoa", "tuan", "giang", "quan"):
        assert f"  {username} " in first.stdout
    database = sqlite3.connect(tmp_path / "motcua.sqlite3")
    counts = lambda: database.execute(  # noqa: E731
        "SELECT (SELECT COUNT(*) FROM org_servicecentre), (SELECT COUNT(*) FROM catalog_procedure),"
        " (SELECT COUNT(*) FROM dossiers_dossier), (SELECT COUNT(*) FROM reports_simulationrun)"
    ).fetchone()
    centres, procedures, dossiers, runs = counts()
    assert (centres, procedures, runs) == (125, 2625, 1) and dossiers > 500

    again = _demo(tmp_path)  # the same data folder: nothing is loaded twice
    assert again.returncode == 0, again.stderr[-3000:]
    assert counts() == (centres, procedures, dossiers, runs)

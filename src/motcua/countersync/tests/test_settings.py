"""A counter node refuses to start half-configured (settings.py, docs/operations.md)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

NODE = {"MOTCUA_ROLE": "counter-node", "MOTCUA_NODE_ID": "3", "MOTCUA_NODE_CENTRE": "29410",
        "MOTCUA_CENTRAL_URL": "https://motcua.example.vn", "MOTCUA_SECRET_KEY": "x", "MOTCUA_DEBUG": "true"}


def _settings(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_") and k != "DATABASE_URL"}
    code = "import motcua.settings as s; print(s.COUNTER_SYNC['ROLE'], s.NATIONAL_PORTAL['URL'] or '-')"
    return subprocess.run([sys.executable, "-c", code], env={**base, "MOTCUA_DATA_DIR": str(tmp_path), **env},
                          capture_output=True, text=True, timeout=60)


def test_a_complete_node_configuration_is_accepted_and_never_talks_to_the_national_portal(tmp_path):
    result = _settings(tmp_path, **NODE, MOTCUA_DEV_GATEWAY="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["counter-node", "-"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"MOTCUA_NODE_ID": "0"}, "MOTCUA_NODE_ID ≥ 1"),
        ({"MOTCUA_CENTRAL_URL": ""}, "MOTCUA_CENTRAL_URL"),
        ({"MOTCUA_NODE_CENTRE": ""}, "MOTCUA_NODE_CENTRE"),
        ({"DATABASE_URL": "postgres://x@127.0.0.1/y"}, "SQLite"),
        ({"MOTCUA_ROLE": "node"}, "MOTCUA_ROLE"),
    ],
)
def test_a_half_configured_node_does_not_start(tmp_path, change, named):
    result = _settings(tmp_path, **{**NODE, **change})
    assert result.returncode != 0 and named in result.stderr

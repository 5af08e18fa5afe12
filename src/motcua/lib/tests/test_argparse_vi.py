"""The command line's own messages are Vietnamese (lib/argparse_vi.py, installed by the ``motcua`` script)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from motcua.lib import argparse_vi


@pytest.fixture
def parser(monkeypatch):
    monkeypatch.setattr(argparse, "_", argparse._)  # restored after the test
    monkeypatch.setattr(argparse, "ngettext", argparse.ngettext)
    argparse_vi.install()
    p = argparse.ArgumentParser(prog="motcua report", exit_on_error=False)
    p.add_argument("--from", dest="start", required=True)
    p.add_argument("--format", choices=("json", "text"))
    p.add_argument("--batch", type=int)
    p.add_argument("--pair", nargs=2)
    return p


@pytest.mark.parametrize("args, message", [
    (["--format", "csv", "--from", "x"],
     "tham số --format: giá trị 'csv' không hợp lệ (chọn một trong 'json', 'text')"),
    (["--batch", "abc", "--from", "x"], "tham số --batch: giá trị 'abc' không đúng kiểu (int)"),
    (["--from"], "tham số --from: cần một giá trị"),
    (["--from", "x", "--pair", "1"], "tham số --pair: cần 2 giá trị"),
])
def test_argument_errors_are_vietnamese(parser, args, message):
    with pytest.raises(argparse.ArgumentError) as raised:
        parser.parse_args(args)
    assert str(raised.value) == message


def test_a_message_not_in_the_table_stays_as_argparse_wrote_it():
    assert argparse_vi.gettext("something new in Python 3.14") == "something new in Python 3.14"


def test_the_motcua_command_says_it_in_vietnamese(tmp_path):
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("MOTCUA_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run(
        [sys.executable, "-m", "motcua.manage", "report", "--from", "2025-07-01", "--format", "csv"],
        env={**base, "MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_SECRET_KEY": "x"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "report: lỗi: tham số --format: giá trị 'csv' không hợp lệ" in result.stderr
    assert "cách dùng: " in result.stderr and "invalid choice" not in result.stderr

"""A malformed setting stops ``motcua`` at start with one line naming the variable (manage.py, settings.py).

Run as a subprocess: the settings are read once per process, and what is checked is what an operator
sees on the console.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _motcua(tmp_path, *args, **env):
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("MOTCUA_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, "-m", "motcua.manage", *args],
        env={**base, "MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_SECRET_KEY": "x", **env},
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected_form"),
    [
        ("MOTCUA_SAME_DAY_CUTOFF", "25:99", "cần giờ:phút theo 24 giờ (00:00–23:59), ví dụ 15:00."),
        ("MOTCUA_PROVINCE_CODE", "xx", "cần mã tỉnh gồm 2 chữ số, ví dụ 86."),
        ("MOTCUA_PUBLIC_BASE_URL", "dichvucong.vinhlong.gov.vn",
         "cần địa chỉ tuyệt đối http:// hoặc https://…, ví dụ https://dichvucong.example.vn."),
    ],
)
def test_motcua_check_refuses_a_malformed_setting_with_one_line(tmp_path, variable, value, expected_form):
    result = _motcua(tmp_path, "check", **{variable: value})
    assert result.returncode == 78, result.stderr  # EX_CONFIG
    assert result.stderr.splitlines() == [
        f"motcua: Cấu hình không hợp lệ: {variable}={value!r} không hợp lệ: {expected_form}"
    ]
    assert result.stdout == ""


def test_the_projects_own_commands_get_the_same_message_not_unknown_command(tmp_path):
    result = _motcua(tmp_path, "load-reference-data", MOTCUA_SAME_DAY_CUTOFF="25:99")
    assert result.returncode == 78
    assert "MOTCUA_SAME_DAY_CUTOFF='25:99'" in result.stderr and "Unknown command" not in result.stderr


def test_debug_mode_keeps_the_traceback(tmp_path):
    result = _motcua(tmp_path, "check", MOTCUA_SAME_DAY_CUTOFF="25:99", MOTCUA_DEBUG="true")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "MOTCUA_SAME_DAY_CUTOFF='25:99'" in result.stderr


def test_well_formed_values_pass_and_are_parsed_once(tmp_path):
    code = (
        "from django.conf import settings as s; m = s.MOTCUA; "
        "print(m['SAME_DAY_CUTOFF'], m['PROVINCE_CODE'], m['PUBLIC_BASE_URL'])"
    )
    result = _motcua(tmp_path, "shell", "-c", code, MOTCUA_SAME_DAY_CUTOFF="16:30", MOTCUA_PROVINCE_CODE="87",
                     MOTCUA_PUBLIC_BASE_URL="https://dichvucong.example.vn/")
    assert result.returncode == 0, result.stderr
    assert "16:30:00 87 https://dichvucong.example.vn\n" in result.stdout  # a time, and no trailing slash

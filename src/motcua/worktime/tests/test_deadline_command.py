"""``motcua deadline``: the CLI contract of issue 3 (one JSON object; Vietnamese errors, exit ≠ 0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.worktime import services

pytestmark = pytest.mark.django_db

CENTRE = "29410"  # Xã Hòa Minh: 07:30–11:30, 13:30–17:00 in these tests, reception on Saturday morning


@pytest.fixture
def centre_hours(calendar_loaded, admin_user):
    services.set_centre_schedule(
        CENTRE, effective_from=date(2026, 1, 1), sessions=[(time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))],
        saturday_reception="07:30–11:30", by=admin_user, reason="Quyết định giả định",
    )


def deadline(*args: str) -> tuple[dict, str]:
    out, err = StringIO(), StringIO()
    call_command("deadline", *args, stdout=out, stderr=err)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1, out.getvalue()  # exactly one JSON object
    return json.loads(lines[0]), err.getvalue()


# (arguments, expected keys of the output) — 13/2/2026 is the Friday before Tết Bính Ngọ (14–22/2 off)
CASES = [
    # DOMAIN §6: 40 min on Friday, Tết break, Mon 23 + Tue 24 = 1000 min, 440 min on Wed 25 → 16:20
    (["--received", "2026-02-13T16:20", "--duration", "3d"],
     {"received": "2026-02-13T16:20+07:00", "counting_from": "2026-02-13T16:20+07:00",
      "due": "2026-02-25T16:20+07:00", "duration": "3d", "convention": "elapsed", "province": "86",
      "working_hours": ["07:00–11:00", "13:00–17:00"], "calendar_status": {"2026": "official"},
      "calendar_source": "database"}),
    # BLDS Đ.147 k.2: the receipt day is not counted; due at the end of the 3rd working day after it
    (["--received", "2026-02-13T16:20", "--duration", "3d", "--convention", "civil"],
     {"counting_from": "2026-02-23T07:00+07:00", "due": "2026-02-25T17:00+07:00", "convention": "civil"}),
    # working hours: 40 min on Friday, 200 min from 07:00 on Monday 23/2
    (["--received", "2026-02-13T16:20", "--duration", "4h"], {"due": "2026-02-23T10:20+07:00", "duration": "4h"}),
    # same day, received after the 15:00 cut-off → end of the next working day
    (["--received", "2026-02-13T16:20", "--duration", "sameday"],
     {"due": "2026-02-23T17:00+07:00", "duration": "sameday"}),
    (["--received", "2026-02-13T14:20", "--duration", "sameday@16:30"], {"due": "2026-02-13T17:00+07:00"}),
    # an offset is honoured and the output is in +07:00: 09:20 UTC = 16:20 in Vĩnh Long
    (["--received", "2026-02-13T09:20Z", "--duration", "1d"],
     {"received": "2026-02-13T16:20+07:00", "due": "2026-02-23T16:20+07:00"}),
    # into the provisional year 2027: 1/1/2027 is a statutory holiday (BLLĐ Đ.112 k.1 a)
    (["--received", "2026-12-30T10:00", "--duration", "5d"],
     {"due": "2027-01-07T10:00+07:00", "calendar_status": {"2026": "official", "2027": "provisional"}}),
    # received in the lunch break: counting starts at 13:00; due exactly at 11:00 stays at 11:00
    (["--received", "2026-03-09T12:00", "--duration", "1d"],
     {"counting_from": "2026-03-09T13:00+07:00", "due": "2026-03-10T11:00+07:00"}),
    # DOMAIN §6: working minutes; Tết is not working time
    (["--between", "2026-02-13T16:20", "--and", "2026-02-23T09:00"], {"working_minutes": 160}),
    (["--between", "2026-02-23T09:00", "--and", "2026-02-13T16:20"], {"working_minutes": 0}),
]


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_deadline(calendar_loaded, args, expected):
    result, _stderr = deadline(*args)
    assert {key: result.get(key) for key in expected} == expected
    if "--between" in args:
        assert result == expected  # {"working_minutes": …} and nothing else


# (arguments, expected keys) — the centre's own hours; its Saturday reception never counts
CENTRE_CASES = [
    # received at the Saturday reception → counting from 07:30 Monday, 7.5 h a day at this centre
    (["--received", "2026-03-14T09:00", "--duration", "1d", "--centre", CENTRE],
     {"counting_from": "2026-03-16T07:30+07:00", "due": "2026-03-16T17:00+07:00", "centre": CENTRE,
      "working_hours": ["07:30–11:30", "13:30–17:00"]}),
    (["--between", "2026-03-14T08:00", "--and", "2026-03-16T09:00", "--centre", CENTRE], {"working_minutes": 90}),
    # a centre without its own schedule keeps the province default
    (["--received", "2026-03-14T09:00", "--duration", "1d", "--centre", "28756"],
     {"due": "2026-03-16T17:00+07:00", "working_hours": ["07:00–11:00", "13:00–17:00"]}),
]


@pytest.mark.parametrize(("args", "expected"), CENTRE_CASES)
def test_deadline_with_a_centre(centre_hours, args, expected):
    result, _stderr = deadline(*args)
    assert {key: result.get(key) for key in expected} == expected


def test_the_convention_defaults_to_the_setting(calendar_loaded, settings):
    settings.MOTCUA = {**settings.MOTCUA, "DEADLINE_CONVENTION": "civil"}
    result, _stderr = deadline("--received", "2026-02-13T16:20", "--duration", "3d")
    assert (result["convention"], result["due"]) == ("civil", "2026-02-25T17:00+07:00")


def test_an_administrator_change_reaches_the_command(calendar_loaded, admin_user):
    services.set_day("86", date(2026, 2, 24), kind="swapped_day_off", name="Nghỉ hoán đổi (giả định)",
                     source="Công văn giả định", by=admin_user, reason="thử")
    result, _stderr = deadline("--received", "2026-02-13T16:20", "--duration", "3d")
    assert result["due"] == "2026-02-26T16:20+07:00"


def test_without_a_loaded_calendar_it_uses_the_bundled_one_and_says_so(db, frozen_today):
    result, stderr = deadline("--received", "2026-02-13T16:20", "--duration", "3d")
    assert (result["due"], result["calendar_source"]) == ("2026-02-25T16:20+07:00", "bundled")
    assert result["calendar_status"] == {"2026": "official"}
    assert "load-reference-data" in stderr


# (arguments, part of the Vietnamese error message)
ERRORS = [
    ([], "Dùng một trong hai cách"),
    (["--received", "2026-02-13T16:20", "--duration", "3d", "--between", "2026-02-13T16:20"], "một trong hai cách"),
    (["--received", "2026-02-13T16:20"], "Cần cả --received và --duration"),
    (["--between", "2026-02-13T16:20"], "Cần cả --between và --and"),
    (["--received", "2026-02-13", "--duration", "3d"], "thời điểm '2026-02-13' không hợp lệ"),
    (["--received", "2026-02-30T10:00", "--duration", "3d"], "không hợp lệ; dùng dạng ISO 8601"),
    (["--received", "hôm qua", "--duration", "3d"], "--received: thời điểm 'hôm qua' không hợp lệ"),
    (["--received", "2026-02-13T16:20", "--duration", "3 ngày"], "Thời hạn không hợp lệ"),
    (["--received", "2026-02-13T16:20", "--duration", "0d"], "Thời hạn không hợp lệ"),
    (["--received", "2026-02-13T16:20", "--duration", "3d", "--convention", "lunar"], "chỉ nhận elapsed hoặc civil"),
    (["--received", "2024-06-03T10:00", "--duration", "1d"], "nằm ngoài lịch làm việc"),
    (["--received", "2028-12-20T10:00", "--duration", "30d"], "cần nạp lịch làm việc năm 2029"),
    (["--between", "2026-02-13T16:20", "--and", "2026-02-23", "--centre", " "], "mã trung tâm bị trống"),
]


@pytest.mark.parametrize(("args", "message"), ERRORS)
def test_bad_input_is_a_command_error_in_vietnamese(calendar_loaded, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("deadline", *args, stdout=StringIO(), stderr=StringIO())


# --- the installed entry point, as the checks outside the suite run it


def _motcua(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(MOTCUA_SECRET_KEY="smoke-test", MOTCUA_DATA_DIR=str(tmp_path), MOTCUA_HTTPS="false")
    script = Path(sys.executable).with_name("motcua")
    return subprocess.run([str(script), *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_motcua_entry_point_prints_one_json_object(tmp_path):
    # a fresh data directory: no database yet, so the bundled calendar is used (and said on stderr)
    done = _motcua(tmp_path, "deadline", "--received", "2026-02-13T16:20", "--duration", "3d")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {k: result[k] for k in ("received", "counting_from", "due", "duration")} == {
        "received": "2026-02-13T16:20+07:00",
        "counting_from": "2026-02-13T16:20+07:00",
        "due": "2026-02-25T16:20+07:00",
        "duration": "3d",
    }
    assert "Cảnh báo" in done.stderr

    done = _motcua(tmp_path, "deadline", "--between", "2026-02-13T16:20", "--and", "2026-02-23T09:00")
    assert (done.returncode, json.loads(done.stdout)) == (0, {"working_minutes": 160})


def test_the_motcua_entry_point_fails_on_bad_input(tmp_path):
    done = _motcua(tmp_path, "deadline", "--received", "2026-02-13T16:20", "--duration", "ba ngày")
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Thời hạn không hợp lệ" in done.stderr

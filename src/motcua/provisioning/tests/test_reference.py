"""``motcua load-reference-data`` is all or nothing across the apps (provisioning/reference.py).

Each loader alone already keeps its own app's data on a malformed file (the
``test_a_malformed_file_stops_the_load_and_changes_nothing`` tests of org, catalog and worktime).
What is checked here is the sum: a bad file of a *later* loader must also undo what the earlier
loaders wrote, since the command then tells the operator that the database is unchanged.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalog import parsing
from motcua.catalog.models import Procedure, ProcedureVersion, Sector
from motcua.lib.refdata import ReferenceDataError
from motcua.org import loading as org_loading
from motcua.org.models import AdminUnit, CodeTableVersion, Department, Province, ServiceCentre
from motcua.provisioning import reference
from motcua.worktime import loading as worktime_loading
from motcua.worktime.models import CalendarChange, CalendarDay, CalendarYear
from motcua.worktime.signals import calendar_changed

pytestmark = pytest.mark.django_db

ORG_MODELS = (CodeTableVersion, Province, AdminUnit, ServiceCentre, Department)
OTHER_MODELS = (Sector, Procedure, ProcedureVersion, CalendarYear, CalendarDay, CalendarChange)


def snapshot(models) -> dict[str, list[tuple]]:
    """Every row, every column: equality means nothing was written."""
    return {model.__name__: list(model.objects.order_by("pk").values_list()) for model in models}


def _release_folder(tmp_path):
    """One folder with every app's shipped files (their names do not collide), for a test to damage."""
    for folder in (org_loading.DATA_DIR, parsing.DATA_DIR, worktime_loading.DATA_DIR):
        for path in folder.iterdir():
            if path.name != "PROVENANCE.md":
                shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _rename_song_phu(folder):
    """A change the organisation loader does write: Xã Song Phú (29740) renamed in both ward files."""
    for name in ("vn_wards_2025.csv", "vinh_long_wards_2025.csv"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert "\n29740,Xã Song Phú," in text
        path.write_text(text.replace("\n29740,Xã Song Phú,", "\n29740,Xã Song Phú Mới,"), encoding="utf-8")


def _break_catalogue(folder):
    """A level the reform abolished (as in catalog/tests/test_loading.py): the parser refuses the file."""
    path = folder / parsing.CATALOG_FILE
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    row, column = next(i for i, r in enumerate(rows) if r[0] == "1.001193"), rows[0].index("cap_thuc_hien")
    rows[row][column] = "Cấp huyện"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_a_malformed_catalogue_undoes_the_organisation_changes_loaded_before_it(tmp_path):
    call_command("load_reference_data", stdout=io.StringIO())  # the first, full load
    folder = _release_folder(tmp_path)
    _rename_song_phu(folder)
    _break_catalogue(folder)
    org_before, other_before = snapshot(ORG_MODELS), snapshot(OTHER_MODELS)

    with pytest.raises(CommandError) as stopped:
        call_command("load_reference_data", "--data-dir", str(folder), stdout=io.StringIO())

    message = str(stopped.value)
    assert message.startswith("Dừng nạp dữ liệu, cơ sở dữ liệu giữ nguyên")
    assert parsing.CATALOG_FILE in message and "Cấp huyện" in message  # which file, what is wrong
    assert not AdminUnit.objects.filter(name="Xã Song Phú Mới").exists()
    assert snapshot(ORG_MODELS) == org_before
    assert snapshot(OTHER_MODELS) == other_before


def test_the_same_folder_without_the_bad_file_is_loaded(tmp_path, capsys):
    # The control of the test above: the organisation change is one the load really writes.
    folder = _release_folder(tmp_path)
    _rename_song_phu(folder)
    call_command("load_reference_data", "--data-dir", str(folder))
    assert AdminUnit.objects.get(code_version__is_current=True, code="29740").name == "Xã Song Phú Mới"
    assert "Đã nạp xong dữ liệu tham chiếu." in capsys.readouterr().out


def test_a_missing_data_folder_is_named(tmp_path):
    with pytest.raises(CommandError, match="Không có thư mục dữ liệu"):
        call_command("load_reference_data", "--data-dir", str(tmp_path / "missing"))


def _a_malformed_last_file(**options):
    raise ReferenceDataError("Tệp thử.csv, dòng 2: hỏng.")


@pytest.fixture
def heard():
    """Provinces named by the calendar_changed signals sent during the test."""
    provinces: list[str] = []

    def receiver(sender, province_code, **kwargs):
        provinces.append(province_code)

    calendar_changed.connect(receiver, weak=False)
    yield provinces
    calendar_changed.disconnect(receiver)


def test_calendar_changed_is_sent_after_the_whole_load_commits(monkeypatch, heard, django_capture_on_commit_callbacks):
    monkeypatch.setattr(reference, "LOADERS", (reference.LOADERS[2],))  # the calendar alone: fast
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_reference_data", stdout=io.StringIO())
        assert CalendarYear.objects.exists() and heard == []  # written, not yet committed: not yet told
    assert heard == ["86"]


def test_no_calendar_changed_for_a_calendar_rolled_back_by_a_later_file(
    monkeypatch, heard, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        reference, "LOADERS",
        (reference.LOADERS[2], ("Tệp hỏng", "motcua.provisioning.tests.test_reference:_a_malformed_last_file")),
    )
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(CommandError, match="hỏng"):
        call_command("load_reference_data", stdout=io.StringIO())
    assert callbacks == [] and heard == []
    assert not CalendarYear.objects.exists() and not CalendarChange.objects.exists()

"""Loading the national procedure catalogue: counts, flags, idempotence, malformed files."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import pytest

from motcua.catalog import loading, parsing
from motcua.catalog.loading import REFERENCE_VALID_FROM, load_catalog
from motcua.catalog.models import (
    ChannelOption,
    Level,
    OnlineServiceLevel,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
    Sector,
    TimeUnit,
    VersionOrigin,
    VersionStatus,
)
from motcua.lib.refdata import ReferenceDataError

pytestmark = pytest.mark.django_db

MODELS = (Sector, Procedure, ProcedureVersion, ChannelOption, RequiredDocument, ResultDocument, ProcessingStep)


def snapshot() -> dict[str, list[tuple]]:
    """Every catalogue row, every column: equality means the load wrote nothing."""
    return {model.__name__: list(model.objects.order_by("pk").values_list()) for model in MODELS}


def test_the_first_load_creates_the_whole_catalogue(catalog):
    assert catalog.procedures == 2625
    assert catalog.procedures_created == 2625
    assert catalog.versions_published == 2625
    assert catalog.sectors_created == Sector.objects.count() == 139
    assert Procedure.objects.count() == 2625
    assert ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).count() == 2625
    assert ChannelOption.objects.count() == 7027
    assert RequiredDocument.objects.count() == 9359  # only the 1,584 local-level procedures have a list
    assert ProcessingStep.objects.count() == 4 * 2625


def test_the_demo_subset_is_marked(catalog):
    demo = Procedure.objects.filter(in_demo_subset=True)
    assert demo.count() == catalog.demo_subset == 66
    assert demo.filter(demo_tier="commune").count() == 46
    assert demo.filter(demo_tier="province").count() == 20
    assert Procedure.objects.get(code="1.001193").demo_tier == "commune"
    assert not Procedure.objects.filter(in_demo_subset=False).exclude(demo_tier="").exists()


def test_rows_whose_time_unit_was_lost_are_flagged_not_guessed(catalog):
    assert Procedure.objects.filter(time_unit_missing=True).count() == catalog.time_unit_missing == 357
    assert Procedure.objects.filter(in_demo_subset=True, time_unit_missing=True).count() == 15
    khai_sinh = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    direct = khai_sinh.channel_options.get(channel="direct")
    assert (direct.time_value, direct.time_unit, direct.unit_missing) == (Decimal(1), TimeUnit.UNKNOWN, True)
    assert direct.unit_hint == TimeUnit.SAME_DAY  # a suggestion only …
    assert khai_sinh.duration_for_channel("direct") is None  # … never used to compute a deadline
    # no channel flagged "unit missing" carries a unit
    assert not ChannelOption.objects.filter(unit_missing=True).exclude(time_unit=TimeUnit.UNKNOWN).exists()


def test_a_reference_version_carries_the_source_and_the_domain_defaults(catalog):
    version = ProcedureVersion.objects.select_related("procedure").get(procedure__code="1.001193")
    assert version.origin == VersionOrigin.REFERENCE
    assert version.valid_from == REFERENCE_VALID_FROM
    assert version.publishing_decision == "163/QĐ-BTP"
    assert version.required_eid_level == 2  # DOMAIN §3 default
    assert f"{version.same_day_cutoff:%H:%M}" == "15:00"  # DOMAIN §6 default
    assert version.supplement_policy == "pause"  # DOMAIN §6 default
    assert version.boundary_free is False  # the province decides, per procedure (DOMAIN §2)
    assert version.online_service_level == OnlineServiceLevel.UNDECLARED  # the source does not say
    assert version.procedure.level == Level.COMMUNE
    assert [(r.name, r.code) for r in version.result_documents.all()] == [("Giấy khai sinh", "KQ.G15.000031")]
    steps = list(version.processing_steps.values_list("order", "role"))
    assert steps == [(1, "counter_officer"), (2, "specialist"), (3, "approver"), (4, "counter_officer")]


def test_a_procedure_without_online_channel_is_marked_offline(catalog):
    version = ProcedureVersion.objects.get(procedure__code="1.011606")  # postal + direct only
    assert version.online_service_level == OnlineServiceLevel.OFFLINE


def test_loading_twice_changes_nothing(catalog):
    before = snapshot()
    summary = load_catalog()
    assert not summary.changed, summary
    assert summary.procedures_unchanged == 2625
    assert snapshot() == before


def test_the_summary_is_written_in_vietnamese(catalog):
    class Out:
        text = ""

        def write(self, s):
            self.text += s

    out = Out()
    load_catalog(stdout=out)
    assert "2625 thủ tục" in out.text and "không đổi: 2625" in out.text


@pytest.fixture
def data_dir(tmp_path):
    for name in (parsing.CATALOG_FILE, parsing.DEMO_FILE, parsing.DETAILS_FILE):
        shutil.copy(parsing.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit_catalog_row(path, code, column, value):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    i, c = next(i for i, r in enumerate(rows) if r[0] == code), rows[0].index(column)
    rows[i][c] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_a_malformed_file_stops_the_load_and_changes_nothing(catalog, data_dir):
    _edit_catalog_row(data_dir / parsing.CATALOG_FILE, "1.001193", "cap_thuc_hien", "Cấp huyện")
    before = snapshot()
    with pytest.raises(ReferenceDataError) as exc:
        load_catalog(data_dir=data_dir)
    message = str(exc.value)
    assert parsing.CATALOG_FILE in message and "cap_thuc_hien" in message and "Cấp huyện" in message
    assert snapshot() == before


def test_a_failure_while_writing_rolls_everything_back(catalog, data_dir, monkeypatch):
    # new content for one procedure, then a crash after procedures and versions were written
    _edit_catalog_row(data_dir / parsing.CATALOG_FILE, "1.001193", "ten_thu_tuc", "Thủ tục đăng ký khai sinh (sửa)")
    _edit_catalog_row(data_dir / parsing.CATALOG_FILE, "1.001193", "so_quyet_dinh", "999/QĐ-BTP")
    before = snapshot()

    def crash(items):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loading, "_create_parts", crash)
    with pytest.raises(RuntimeError):
        load_catalog(data_dir=data_dir)
    assert snapshot() == before


def test_new_source_content_becomes_a_draft_and_never_touches_the_published_version(catalog, data_dir):
    published = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    published_row = snapshot()["ProcedureVersion"]
    _edit_catalog_row(data_dir / parsing.CATALOG_FILE, "1.001193", "so_quyet_dinh", "999/QĐ-BTP")

    summary = load_catalog(data_dir=data_dir)
    assert (summary.drafts_created, summary.versions_published, summary.procedures_updated) == (1, 0, 0)
    draft = ProcedureVersion.objects.get(procedure__code="1.001193", status=VersionStatus.DRAFT)
    assert (draft.number, draft.origin, draft.publishing_decision) == (2, VersionOrigin.REFERENCE, "999/QĐ-BTP")
    assert draft.channel_options.count() == 3 and draft.processing_steps.count() == 4
    published.refresh_from_db()
    assert published.publishing_decision == "163/QĐ-BTP"
    assert [r for r in snapshot()["ProcedureVersion"] if r[0] == published.pk] == [
        r for r in published_row if r[0] == published.pk
    ]

    # the same files again: nothing; a further change: the reference draft is refreshed in place
    assert not load_catalog(data_dir=data_dir).changed
    _edit_catalog_row(data_dir / parsing.CATALOG_FILE, "1.001193", "so_quyet_dinh", "1000/QĐ-BTP")
    summary = load_catalog(data_dir=data_dir)
    assert (summary.drafts_created, summary.drafts_updated) == (0, 1)
    draft.refresh_from_db()
    assert draft.publishing_decision == "1000/QĐ-BTP"
    assert ProcedureVersion.objects.filter(procedure__code="1.001193").count() == 2


def test_an_officers_open_draft_is_left_alone(catalog, data_dir, officer):
    from motcua.catalog.services import create_draft_version

    procedure = Procedure.objects.get(code="1.001193")
    draft = create_draft_version(procedure, actor=officer)
    _edit_catalog_row(data_dir / parsing.CATALOG_FILE, "1.001193", "so_quyet_dinh", "999/QĐ-BTP")
    summary = load_catalog(data_dir=data_dir)
    assert (summary.drafts_created, summary.drafts_updated) == (0, 0)
    draft.refresh_from_db()
    assert draft.publishing_decision == "163/QĐ-BTP"


def test_procedure_fields_are_updated_in_place(catalog, data_dir):
    _edit_catalog_row(data_dir / parsing.CATALOG_FILE, "1.001193", "linh_vuc", "Hộ tịch và quốc tịch")
    summary = load_catalog(data_dir=data_dir)
    assert (summary.procedures_updated, summary.sectors_created) == (1, 1)
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.sector.name == "Hộ tịch và quốc tịch"
    assert "ho tich va quoc tich" in procedure.search_text


def test_the_management_command_reports_a_malformed_file(catalog, monkeypatch, data_dir):
    from django.core.management import CommandError, call_command

    (data_dir / parsing.DEMO_FILE).write_text("ma_thu_tuc\n1.001193\n", encoding="utf-8")
    monkeypatch.setattr(parsing, "DATA_DIR", data_dir)
    with pytest.raises(CommandError, match=r"cơ sở dữ liệu giữ nguyên.*demo_tier"):
        call_command("load_catalog")

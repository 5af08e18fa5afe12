"""Catalogue text is stored in Unicode NFC, so it equals the organisation's names and user input.

Some cells of the shipped files are decomposed (NFD), e.g. the sector of 1.014061 and 1.014063;
``dossiers.services.route`` compares sector names exactly, so a decomposed sector made those ID-card
procedures impossible to route (and to file).
"""

from __future__ import annotations

import csv
import gzip
import json
import unicodedata

import pytest

from motcua.catalog import parsing
from motcua.catalog.loading import load_catalog
from motcua.catalog.models import Procedure, ProcedureVersion, Sector, VersionStatus
from motcua.org.models import Department, Level, ServiceCentre

pytestmark = pytest.mark.django_db

ID_CARD_SECTOR = "Cấp, quản lý căn cước"  # precomposed, as in motcua.org.structure
ID_CARD_CODES = ("1.014061", "1.014063")
# how the shipped CSV spells it: "ấ" half decomposed ("â" + U+0301), the other letters precomposed
SOURCE_SPELLING = "C\u00e2\u0301p, qu\u1ea3n l\u00fd c\u0103n c\u01b0\u1edbc"
VINH_LONG = "86"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def test_the_shipped_files_do_hold_decomposed_text():
    """The defect this module guards against (if the files are ever fixed upstream, this tells)."""
    with (parsing.DATA_DIR / parsing.CATALOG_FILE).open(encoding="utf-8", newline="") as fh:
        cells = {row["ma_thu_tuc"]: row["linh_vuc"] for row in csv.DictReader(fh)}
    for code in ID_CARD_CODES:
        assert cells[code] == SOURCE_SPELLING != ID_CARD_SECTOR
        assert unicodedata.normalize("NFC", cells[code]) == ID_CARD_SECTOR


def test_read_details_normalises_every_string_keys_included(tmp_path):
    item = {
        "ma_thu_tuc": "1.014061",
        "co_quan_co_tham_quyen": nfd("Công an cấp xã"),
        "ket_qua": nfd("Thẻ căn cước"),
        "kenh_nop": [{"channel": nfd("Trực tiếp"), "time_raw": nfd("7 Ngày làm việc"), "fee_raw": "",
                      "fee_note": nfd("Miễn phí")}],
        "thanh_phan_ho_so": [{"group": "", "name": nfd("Tờ khai căn cước"), "quantity": nfd("1 bản chính")}],
        "trinh_tu_thuc_hien_raw": nfd("Bước 1: nộp hồ sơ"),
        "cach_thuc_raw": "",
        "can_cu_phap_ly_raw": "",
        "yeu_cau_dieu_kien_raw": None,
        nfd("ghi_chú"): [nfd("một"), {nfd("khóa"): nfd("giá trị")}, 3],
    }
    path = tmp_path / "details.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump({"procedures": [item]}, fh, ensure_ascii=False)

    got = parsing.read_details(path)["1.014061"]
    assert got["kenh_nop"][0]["channel"] == "Trực tiếp"  # now equal to the CSV's channel label
    assert got["thanh_phan_ho_so"][0]["quantity"] == "1 bản chính"
    assert got["ghi_chú"] == ["một", {"khóa": "giá trị"}, 3]
    assert got["yeu_cau_dieu_kien_raw"] is None

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    assert all(is_nfc(s) for s in strings(got))


def test_the_parsed_catalogue_is_nfc_everywhere():
    catalog = parsing.read_reference_data()
    for rec in catalog.procedures:
        texts = (rec.name, rec.sector, rec.result_text, rec.implementing_agency, rec.steps_text,
                 rec.legal_basis_text, rec.conditions_text, rec.competent_agency, rec.channels_raw,
                 *(c.fee_raw for c in rec.channels), *(d.name for d in rec.documents))
        assert all(is_nfc(t) for t in texts), rec.code


@pytest.mark.parametrize("model", [Sector, Procedure])
def test_after_the_load_every_name_is_nfc(catalog, model):
    names = list(model.objects.values_list("name", flat=True))
    assert names and [n for n in names if not is_nfc(n)] == []


@pytest.mark.parametrize("code", ID_CARD_CODES)
def test_the_id_card_sector_is_the_organisations_spelling(catalog, code):
    sector = Procedure.objects.select_related("sector").get(code=code).sector
    assert sector.name == ID_CARD_SECTOR
    assert Sector.objects.filter(search_text=sector.search_text).count() == 1  # no decomposed twin
    # a department of the loaded organisation lists it, spelled the same way
    offices = [d for d in Department.objects.filter(is_active=True) if sector.name in (d.sectors or [])]
    assert offices


def _vinh_long_commune_centre() -> ServiceCentre:
    return ServiceCentre.objects.filter(province_code=VINH_LONG, level=Level.COMMUNE, is_active=True).order_by(
        "code"
    )[0]


@pytest.mark.parametrize("code", ID_CARD_CODES)
def test_route_finds_the_commune_police_for_an_id_card_dossier(catalog, code):
    from motcua.dossiers.services import route

    procedure = Procedure.objects.select_related("sector").get(code=code)
    version = procedure.versions.get(status=VersionStatus.PUBLISHED)
    centre = _vinh_long_commune_centre()
    routing = route(procedure, version, centre)
    assert routing.competent_centre == centre
    assert routing.department.centre_id == centre.pk
    assert ID_CARD_SECTOR in routing.department.sectors


@pytest.mark.parametrize("stored", [SOURCE_SPELLING, nfd(ID_CARD_SECTOR)], ids=["as-in-the-file", "full-nfd"])
def test_a_reload_repairs_a_sector_stored_decomposed_keeping_its_id(catalog, stored):
    # an old database: the sector, and a procedure name, stored decomposed as an older load read
    # them, and the version fingerprinted on the old, decomposed content
    sector = Procedure.objects.get(code="1.014061").sector
    Sector.objects.filter(pk=sector.pk).update(name=stored)
    Procedure.objects.filter(code="1.014061").update(name=nfd("Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên"))
    ProcedureVersion.objects.filter(procedure__code="1.014061").update(source_hash="fingerprint-of-nfd-content")
    sectors, procedures = Sector.objects.count(), Procedure.objects.count()

    summary = load_catalog()

    assert (summary.sectors_renamed, summary.sectors_created) == (1, 0)
    assert summary.changed
    assert "chuẩn hóa tên (Unicode NFC): 1" in str(summary)
    sector.refresh_from_db()
    assert sector.name == ID_CARD_SECTOR and sector.search_text == "cap, quan ly can cuoc"
    assert Sector.objects.count() == sectors and Procedure.objects.count() == procedures
    assert set(Procedure.objects.filter(code__in=ID_CARD_CODES).values_list("sector_id", flat=True)) == {sector.pk}
    assert Procedure.objects.get(code="1.014061").name == "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên"
    assert summary.procedures_updated == 1
    # the changed fingerprint gives a reference draft, the published version stays
    assert summary.drafts_created == 1
    assert ProcedureVersion.objects.filter(procedure__code="1.014061", status=VersionStatus.PUBLISHED).count() == 1

    # and once repaired, a further load writes nothing and says nothing about renames
    again = load_catalog()
    assert not again.changed and again.sectors_renamed == 0
    assert "chuẩn hóa" not in str(again)


def test_when_both_spellings_exist_the_nfc_sector_is_used_and_nothing_breaks(catalog):
    nfc_sector = Sector.objects.get(name=ID_CARD_SECTOR)
    twin = Sector.objects.create(name=nfd(ID_CARD_SECTOR), search_text="cap, quan ly can cuoc")
    Procedure.objects.filter(code="1.014063").update(sector=twin)

    summary = load_catalog()

    assert (summary.sectors_renamed, summary.sectors_created, summary.procedures_updated) == (0, 0, 1)
    assert Procedure.objects.get(code="1.014063").sector_id == nfc_sector.pk
    twin.refresh_from_db()
    assert twin.name == nfd(ID_CARD_SECTOR)  # left alone: the unique name is taken by the NFC row

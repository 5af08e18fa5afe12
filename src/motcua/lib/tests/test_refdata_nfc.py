"""``read_csv`` returns text in Unicode NFC whatever form the file was written in."""

import unicodedata

import pytest

from motcua.lib.refdata import ReferenceDataError, nfc, read_csv

NFC_SECTOR = "Cấp, quản lý căn cước"
NFD_SECTOR = unicodedata.normalize("NFD", NFC_SECTOR)


def test_the_decomposed_fixture_really_is_decomposed():
    assert NFD_SECTOR != NFC_SECTOR and not unicodedata.is_normalized("NFC", NFD_SECTOR)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (NFD_SECTOR, NFC_SECTOR),  # decomposed → precomposed (the 1.014061 defect)
        (NFC_SECTOR, NFC_SECTOR),  # already NFC: unchanged
        (unicodedata.normalize("NFD", "Đất đai"), "Đất đai"),  # đ has no decomposition; the tones do
        ("1.014061", "1.014061"),
        ("", ""),
    ],
    ids=["nfd-sector", "nfc-sector", "nfd-dat-dai", "ascii", "empty"],
)
def test_a_cell_comes_back_in_nfc(tmp_path, written, read):
    path = tmp_path / "data.csv"
    path.write_text(f"code,linh_vuc\r\n1.014061,\"{written}\"\r\n", encoding="utf-8")
    rows = list(read_csv(path, ("code", "linh_vuc")))
    assert rows == [(2, {"code": "1.014061", "linh_vuc": read})]
    assert unicodedata.is_normalized("NFC", rows[0][1]["linh_vuc"])


def test_header_names_are_normalised_too(tmp_path):
    path = tmp_path / "data.csv"
    header = unicodedata.normalize("NFD", "lĩnh_vực")
    path.write_text(f"code,{header}\n1.014061,\"{NFD_SECTOR}\"\n", encoding="utf-8")
    [(_, row)] = read_csv(path, ("code", "lĩnh_vực"))  # the required name given in NFC matches
    assert row == {"code": "1.014061", "lĩnh_vực": NFC_SECTOR}


def test_a_short_row_keeps_its_missing_optional_cells_and_errors_are_unchanged(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("code,name,note\n1,Hộ tịch\n", encoding="utf-8")
    assert list(read_csv(path, ("code", "name"))) == [(2, {"code": "1", "name": "Hộ tịch", "note": None})]
    with pytest.raises(ReferenceDataError, match="số cột không khớp"):
        list(read_csv(path, ("code", "name", "note")))
    path.write_text("code,name\n1,Hộ tịch,extra\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="dòng 2: số cột không khớp"):
        list(read_csv(path, ("code",)))


def test_nfc_helper():
    assert nfc(NFD_SECTOR) == NFC_SECTOR

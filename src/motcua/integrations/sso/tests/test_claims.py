"""Mapping the provider's claims to a citizen identity (framework-free, no database)."""

import pytest

from motcua.integrations.sso.claims import CITIZEN, ORGANISATION, ProfileError, assurance_level, identity_from

PORTAL_USERINFO = {  # field names of the national portal's userinfo (DVCQG SSO)
    "sub": "6f1c2a4e",
    "TechID": "6f1c2a4e",
    "LoaiTaiKhoan": "1",
    "HoVaTen": "Nguyễn Văn Tư",
    "SoDinhDanh": "086048003127",
    "MaSoThue": "",
    "DiaChi": "Số 45 đường Phạm Thái Bường, Phường Long Châu, tỉnh Vĩnh Long",
    "SoDienThoai": "0913742518",
    "ThuDienTu": None,
}


@pytest.mark.parametrize(
    "value, level",
    [
        ("LoA2", 2),
        ("LoA1", 1),
        ("loa2", 1),  # values are compared exactly: an unknown spelling never grants level 2
        (None, 1),  # no claim at all
        ("", 1),
        (["LoA1", "LoA2"], 2),  # a list value (amr-style) counts if any element is level 2
        (2, 1),  # a number is not "LoA2"…
    ],
)
def test_default_mapping_of_the_acr_claim(value, level):
    assert assurance_level(value, ["LoA2"]) == level


def test_numeric_level_claim_can_be_configured():
    # …but a provider sending {"loa": 2} maps with LOA2_VALUES=["2"].
    assert assurance_level(2, ["2"]) == 2
    assert assurance_level("2", ["2"]) == 2
    assert assurance_level(1, ["2"]) == 1


def test_portal_userinfo_maps_to_a_citizen():
    identity = identity_from(
        {"sub": "6f1c2a4e", "acr": "LoA2"}, PORTAL_USERINFO, loa_claim="acr", level2_values=["LoA2"]
    )

    assert identity.subject == "6f1c2a4e"
    assert identity.full_name == "Nguyễn Văn Tư"
    assert identity.id_number == "086048003127"
    assert identity.kind == CITIZEN
    assert identity.phone == "0913742518"
    assert identity.email == ""  # None becomes empty
    assert identity.assurance_level == 2


def test_level_in_the_signed_id_token_wins_over_userinfo():
    identity = identity_from(
        {"sub": "x", "acr": "LoA1"}, {**PORTAL_USERINFO, "acr": "LoA2"}, loa_claim="acr", level2_values=["LoA2"]
    )
    assert identity.assurance_level == 1


def test_level_is_read_from_userinfo_when_the_id_token_has_none():
    identity = identity_from({"sub": "x"}, {**PORTAL_USERINFO, "MucDo": "2"}, loa_claim="MucDo", level2_values=["2"])
    assert identity.assurance_level == 2


def test_business_account_maps_to_an_organisation_with_its_tax_code():
    userinfo = {
        **PORTAL_USERINFO,
        "LoaiTaiKhoan": 2,
        "TenDoanhNghiep": "Công ty TNHH Chế biến Thủy sản Cửu Long Xanh",
        "MaSoThue": "",
        "MaSoDoanhNghiep": "1501093846",
    }
    identity = identity_from({"sub": "x"}, userinfo, loa_claim="acr", level2_values=["LoA2"])

    assert identity.kind == ORGANISATION
    assert identity.organisation_name == "Công ty TNHH Chế biến Thủy sản Cửu Long Xanh"
    assert identity.tax_code == "1501093846"


def test_standard_oidc_claims_are_accepted_as_fallbacks():
    userinfo = {
        "sub": "x",
        "name": "Trần Thị Mỹ Hạnh",
        "email": "myhanh.tran79@gmail.com",
        "phone_number": "0939581246",
        "address": {"formatted": "Số 112 đường Đồng Khởi, Phường Phú Khương, tỉnh Vĩnh Long"},
    }
    identity = identity_from({"sub": "x"}, userinfo, loa_claim="acr", level2_values=["LoA2"])

    assert identity.full_name == "Trần Thị Mỹ Hạnh"
    assert identity.email == "myhanh.tran79@gmail.com"
    assert identity.phone == "0939581246"
    assert identity.address.startswith("Số 112 đường Đồng Khởi")


def test_an_identity_needs_a_subject():
    with pytest.raises(ProfileError):
        identity_from({"sub": ""}, PORTAL_USERINFO, loa_claim="acr", level2_values=["LoA2"])

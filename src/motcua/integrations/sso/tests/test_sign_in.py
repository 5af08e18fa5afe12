"""The whole OIDC flow against the development provider: level 2 and level 1 citizens, an organisation."""

import pytest

from motcua.integrations.sso.auth import SESSION_KEY
from motcua.integrations.sso.models import CitizenAccount

from .conftest import (
    ACCOUNT_PAGE,
    CUU_LONG_XANH_ORGANISATION,
    HANH_BUSINESS_LEVEL2,
    KHANG_LEVEL1,
    TU_ELDERLY_LEVEL2,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_elderly_citizen_signs_in_at_level_2(idp, browser, client):
    response = browser.sign_in(TU_ELDERLY_LEVEL2, next_url="/sso/tai-khoan/?tab=ho-so")

    assert response.status_code == 302
    assert response["Location"] == "/sso/tai-khoan/?tab=ho-so"
    account = CitizenAccount.objects.get()
    assert account.issuer == idp.issuer
    assert account.subject == TU_ELDERLY_LEVEL2 == account.tech_id
    assert account.full_name == "Nguyễn Văn Tư"
    assert account.id_number == "086048003127"
    assert account.kind == CitizenAccount.Kind.CITIZEN
    assert account.assurance_level == 2
    assert account.address.endswith("Phường Long Châu, tỉnh Vĩnh Long")
    assert account.last_login_at is not None
    assert client.session[SESSION_KEY] == account.pk
    page = client.get(ACCOUNT_PAGE).content.decode()
    assert "Nguyễn Văn Tư" in page and "Mức độ 2" in page
    assert "bạn có thể nộp hồ sơ trực tuyến" in page


def test_app_registered_citizen_signs_in_at_level_1(idp, browser, client):
    response = browser.sign_in(KHANG_LEVEL1)

    assert response.status_code == 302
    account = CitizenAccount.objects.get()
    assert account.full_name == "Thạch Minh Khang"
    assert account.assurance_level == 1
    page = client.get(ACCOUNT_PAGE).content.decode()
    assert "Mức độ 1" in page
    assert "Để nộp hồ sơ trực tuyến, bạn cần tài khoản định danh điện tử mức độ 2" in page


def test_business_owner_keeps_her_tax_code(idp, browser):
    browser.sign_in(HANH_BUSINESS_LEVEL2)

    account = CitizenAccount.objects.get()
    assert account.tax_code == "1300847215"
    assert account.kind == CitizenAccount.Kind.CITIZEN
    assert account.email == "myhanh.tran79@gmail.com"
    assert account.phone == "0939581246"


def test_organisation_account_is_mapped_as_organisation(idp, browser):
    browser.sign_in(CUU_LONG_XANH_ORGANISATION)

    account = CitizenAccount.objects.get()
    assert account.kind == CitizenAccount.Kind.ORGANISATION
    assert account.organisation_name == "Công ty TNHH Chế biến Thủy sản Cửu Long Xanh"
    assert account.full_name == "Lê Quốc Bảo"  # the legal representative who signed in
    assert account.tax_code == "1501093846"


def test_signing_in_again_refreshes_the_same_account(idp, browser, client):
    browser.sign_in(TU_ELDERLY_LEVEL2)
    first = CitizenAccount.objects.get()
    client.post("/sso/dang-xuat/")

    browser.sign_in(TU_ELDERLY_LEVEL2)

    again = CitizenAccount.objects.get()
    assert again.pk == first.pk
    assert again.last_login_at >= first.last_login_at


def test_level_comes_from_the_configured_claim_mapping(idp, browser, settings):
    # A provider that calls level 2 "http://eidas.europa.eu/LoA/substantial" in a "loa_level" claim would
    # not be understood by the default mapping; here the dev provider's numeric "loa" claim is used.
    settings.CITIZEN_SSO = {**settings.CITIZEN_SSO, "LOA_CLAIM": "loa", "LOA2_VALUES": ["2"]}
    browser.sign_in(TU_ELDERLY_LEVEL2)
    assert CitizenAccount.objects.get().assurance_level == 2

    settings.CITIZEN_SSO = {**settings.CITIZEN_SSO, "LOA_CLAIM": "acr", "LOA2_VALUES": ["LoA3"]}
    browser.client.post("/sso/dang-xuat/")
    browser.sign_in(TU_ELDERLY_LEVEL2)
    assert CitizenAccount.objects.get().assurance_level == 1  # unknown values never mean level 2


def test_staff_and_citizen_sessions_stay_apart(idp, browser, client):
    from motcua.org.models import User

    staff = User.objects.create_user(username="lan", password="motcua-test-123")
    client.force_login(staff)

    browser.sign_in(KHANG_LEVEL1)

    account = CitizenAccount.objects.get()
    assert client.session[SESSION_KEY] == account.pk
    assert int(client.session["_auth_user_id"]) == staff.pk  # the staff login is not replaced…
    client.post("/sso/dang-xuat/")
    assert SESSION_KEY not in client.session
    assert int(client.session["_auth_user_id"]) == staff.pk  # …nor ended by the citizen's sign-out


def test_citizen_sign_in_does_not_make_a_staff_user(idp, browser, client):
    browser.sign_in(TU_ELDERLY_LEVEL2)

    assert "_auth_user_id" not in client.session
    assert client.get("/backoffice/").status_code == 302  # still sent to the staff login


def test_unsafe_next_is_ignored(idp, browser):
    response = browser.sign_in(TU_ELDERLY_LEVEL2, next_url="https://evil.example/steal")

    assert response["Location"] == ACCOUNT_PAGE


def test_sign_out_needs_post(idp, browser, client):
    browser.sign_in(TU_ELDERLY_LEVEL2)

    assert client.get("/sso/dang-xuat/").status_code == 405
    response = client.post("/sso/dang-xuat/")
    assert response.status_code == 302
    assert "Bạn đã đăng xuất" in client.get(response["Location"]).content.decode()
    assert client.get(ACCOUNT_PAGE).status_code == 302

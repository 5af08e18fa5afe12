"""``citizen_required``: anonymous → sign-in; level 1 may track and rate; online filing needs level 2."""

import pytest

from motcua.integrations.sso.auth import SESSION_KEY, citizen_required, current_citizen
from motcua.integrations.sso.models import CitizenAccount

from .conftest import HANH_BUSINESS_LEVEL2, KHANG_LEVEL1

pytestmark = pytest.mark.urls("motcua.integrations.sso.tests.urls")

FILE_ONLINE = "/thu-nghiem/nop-truc-tuyen/"
TRACK = "/thu-nghiem/tra-cuu/"


def _signed_in(client, *, level: int, active: bool = True) -> CitizenAccount:
    account = CitizenAccount.objects.create(
        issuer="https://idp.example",
        subject=f"sub-{level}",
        full_name="Thạch Minh Khang",
        assurance_level=level,
        is_active=active,
    )
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    return account


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in_and_back(client):
    response = client.get(FILE_ONLINE)

    assert response.status_code == 302
    assert response["Location"] == "/sso/dang-nhap/?next=%2Fthu-nghiem%2Fnop-truc-tuyen%2F"


@pytest.mark.django_db
def test_level_1_citizen_may_track_a_dossier(client):
    _signed_in(client, level=1)

    response = client.get(TRACK)

    assert response.status_code == 200
    assert response.content.decode() == "Tra cứu hồ sơ: Thạch Minh Khang"


@pytest.mark.django_db
def test_level_1_citizen_cannot_file_online_and_is_told_how_to_get_level_2(client):
    _signed_in(client, level=1)

    response = client.get(FILE_ONLINE)

    body = response.content.decode()
    assert response.status_code == 403
    assert "Nộp hồ sơ trực tuyến cần tài khoản định danh điện tử VNeID mức độ 2." in body
    assert "Tài khoản bạn đang dùng (Thạch Minh Khang) là mức độ 1." in body
    assert "vẫn tra cứu được tình trạng hồ sơ và đánh giá mức độ hài lòng" in body
    assert "Đến cơ quan Công an cấp xã nơi cư trú" in body  # register level 2 in person…
    assert "hỏi cán bộ tiếp nhận tại Trung tâm Phục vụ hành chính công" in body  # …or ask the counter
    assert "đăng xuất rồi đăng nhập lại" in body


@pytest.mark.django_db
def test_level_2_citizen_files_online(client):
    _signed_in(client, level=2)

    response = client.get(FILE_ONLINE)

    assert response.status_code == 200
    assert response.content.decode() == "Nộp hồ sơ trực tuyến: Thạch Minh Khang"


@pytest.mark.django_db
def test_blocked_account_counts_as_signed_out(client):
    _signed_in(client, level=2, active=False)

    assert client.get(FILE_ONLINE).status_code == 302


@pytest.mark.django_db
def test_a_staff_login_is_not_a_citizen(client, django_user_model, rf):
    staff = django_user_model.objects.create_user(username="lan", password="motcua-test-123")
    client.force_login(staff)

    assert client.get(TRACK).status_code == 302
    request = rf.get("/")
    request.session = client.session
    request.user = staff
    assert current_citizen(request) is None


def test_only_levels_1_and_2_exist():
    with pytest.raises(ValueError):
        citizen_required(min_level=3)


@pytest.mark.django_db(transaction=True)
def test_level_1_sign_in_then_online_filing_is_refused(idp, browser, client):
    sign_in = client.get(FILE_ONLINE)["Location"]  # /sso/dang-nhap/?next=/thu-nghiem/nop-truc-tuyen/
    authorize_url = browser.get(sign_in)["Location"]

    response = browser.get(browser.choose(authorize_url, KHANG_LEVEL1))

    assert response["Location"] == FILE_ONLINE
    refused = client.get(FILE_ONLINE)
    assert refused.status_code == 403
    assert "Nộp hồ sơ trực tuyến cần tài khoản định danh điện tử VNeID mức độ 2." in refused.content.decode()


@pytest.mark.django_db(transaction=True)
def test_level_2_sign_in_lands_back_on_online_filing(idp, browser, client):
    sign_in = client.get(FILE_ONLINE)["Location"]
    authorize_url = browser.get(sign_in)["Location"]

    response = browser.get(browser.choose(authorize_url, HANH_BUSINESS_LEVEL2))

    assert response["Location"] == FILE_ONLINE
    assert client.get(FILE_ONLINE).content.decode() == "Nộp hồ sơ trực tuyến: Trần Thị Mỹ Hạnh"

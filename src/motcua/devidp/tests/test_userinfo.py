"""The userinfo endpoint: the national portal's field names, for a valid bearer token only."""

import datetime as dt

import pytest

from motcua.devidp.server import ACCESS_TOKEN_SECONDS
from motcua.lib import clock

from .conftest import TU_ELDERLY_LEVEL2


def _access_token(provider) -> str:
    return provider.token(provider.code_for(TU_ELDERLY_LEVEL2)).json()["access_token"]


@pytest.mark.parametrize("method", ["get", "post"])  # the portal's known clients POST
def test_userinfo_answers_with_the_portal_fields(provider, method):
    response = provider.userinfo(_access_token(provider), method=method)

    assert response.status_code == 200
    info = response.json()
    assert info["sub"] == info["TechID"] == TU_ELDERLY_LEVEL2
    assert info["name"] == info["HoVaTen"] == "Nguyễn Văn Tư"
    assert info["SoDinhDanh"] == "086048003127"
    assert info["LoaiTaiKhoan"] == 1
    assert info["DiaChi"] == "Số 45 đường Phạm Thái Bường, Khóm 2, Phường Long Châu, tỉnh Vĩnh Long"
    assert info["SoDienThoai"] == "0913742518"
    assert {"MaSoThue", "ThuDienTu"} <= info.keys()
    assert info["loa"] == 2


def test_userinfo_needs_a_bearer_token(provider):
    response = provider.get("userinfo")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].lower().startswith("bearer")


def test_unknown_token_is_refused(provider):
    assert provider.userinfo("not-a-token").status_code == 401


def test_expired_token_is_refused(provider):
    with clock.frozen(dt.datetime(2026, 3, 2, 8, 0, tzinfo=clock.BUSINESS_TZ)) as advance:
        token = _access_token(provider)
        advance(dt.timedelta(seconds=ACCESS_TOKEN_SECONDS))
        assert provider.userinfo(token).status_code == 401

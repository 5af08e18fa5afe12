"""The stand-in gateway answers the documented protocol (docs/national-portal.md), checked with raw JSON.

Written against the wire format, not with the client: what a real gateway would receive.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps

if not apps.is_installed("motcua.devgateway"):
    pytest.skip("motcua.devgateway không được cài (MOTCUA_DEV_GATEWAY=false).", allow_module_level=True)

from motcua.devgateway import faults
from motcua.devgateway.models import PortalDossier, PortalProcedure, PortalProgress
from motcua.lib import clock

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 2, 13, 9, 30, tzinfo=dt.UTC)
CODE = "000.17.22.H56-260213-0001"


@pytest.fixture(autouse=True)
def gateway_settings(settings):
    settings.NATIONAL_PORTAL = {
        **settings.NATIONAL_PORTAL,
        "USERNAME": "kiemthu",
        "PASSWORD": "mat-khau-kiem-thu",
        "DSTCODE": "DVCQG-TEST",
    }
    settings.DEV_GATEWAY_FAULTS = {"FAIL_EVERY": 0, "DELAY_MS": 0, "SESSION_SECONDS": 1800}
    faults.reset()
    yield settings
    faults.reset()


def post(client, path, body, dstcode="DVCQG-TEST"):
    headers = {"dstcode": dstcode} if dstcode else {}
    response = client.post(f"/dev-gateway/{path}", json.dumps(body), content_type="application/json", headers=headers)
    return response.status_code, response.json()


@pytest.fixture
def session(client):
    status, body = post(client, "auth", {"username": "kiemthu", "password": "mat-khau-kiem-thu"})
    assert (status, body["error_code"]) == (200, 0)
    return body["session"]


def dossier(**overrides):
    item = {
        "MaHoSo": CODE,
        "MaTTHC": "1.001193",
        "TenTTHC": "Thủ tục đăng ký khai sinh",
        "MaLinhVuc": "LV-HOTICH",
        "TenLinhVuc": "Hộ tịch",
        "LoaiDoiTuong": "1",
        "NgayTiepNhan": "20260213162000",
        "NgayHenTra": "20260214162000",
        "TrangThaiHoSo": "2",
        "HinhThuc": "0",
        "DonViXuLy": "UBND Phường Phú Khương",
        "NgayTra": "",
    }
    item.update(overrides)
    return {key: value for key, value in item.items() if value is not None}


def upsert(client, session, items, updating="False"):
    return post(
        client,
        "service",
        {
            "service": "DongBoHoSoMC",
            "isUpdating": updating,
            "session": session,
            "madonvi": "000.00.17.H56",
            "data": items,
        },
    )


def progress(client, session, items):
    return post(
        client,
        "service",
        {"service": "CapNhatTienDoHoSoMC", "session": session, "madonvi": "000.00.17.H56", "data": items},
    )


def entry(**overrides):
    item = {
        "MaHoSo": CODE,
        "NguoiXuLy": "Nguyễn Thị Lan",
        "ThoiDiemXuLy": "20260213162000",
        "NoiDungXuLy": "Tiếp nhận hồ sơ",
        "TrangThai": "2",
    }
    item.update(overrides)
    return item


# --- session ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("credentials", [{"username": "kiemthu", "password": "sai"}, {"username": "khac"}, {}])
def test_wrong_credentials_are_refused(client, credentials):
    assert post(client, "auth", credentials)[1]["error_code"] == 4


def test_a_session_expires(client):
    with clock.frozen(NOW) as advance:
        _, body = post(client, "auth", {"username": "kiemthu", "password": "mat-khau-kiem-thu"})
        advance(dt.timedelta(seconds=1799))
        assert upsert(client, body["session"], [dossier()])[1]["error_code"] == 0
        advance(dt.timedelta(seconds=2))
        assert upsert(client, body["session"], [dossier()], "True")[1]["error_code"] == 5


@pytest.mark.parametrize("token", ["khong-ton-tai", None, 42])
def test_an_unknown_session_is_refused(client, token):
    assert upsert(client, token, [dossier()])[1]["error_code"] == 5


# --- envelope --------------------------------------------------------------------------------------


@pytest.mark.parametrize("dstcode", ["", "KHAC"])
def test_without_the_right_dstcode_nothing_is_routed(client, session, dstcode):
    status, _body = post(client, "service", {"service": "TraCuuHoSo", "session": session}, dstcode=dstcode)
    assert status == 403


def test_an_unknown_service(client, session):
    assert post(client, "service", {"service": "XoaHoSo", "session": session, "madonvi": "x"})[1]["error_code"] == 6


def test_madonvi_is_required(client, session):
    body = {"service": "TraCuuHoSo", "session": session, "mahoso": CODE}
    assert post(client, "service", body)[1] == {"error_code": 1, "message": "Thiếu mã đơn vị gửi (madonvi)."}


def test_not_json(client):
    response = client.post(
        "/dev-gateway/service", "không phải json", content_type="application/json", headers={"dstcode": "DVCQG-TEST"}
    )
    assert response.json()["error_code"] == 1


def test_only_post(client):
    assert client.get("/dev-gateway/service").status_code == 405


# --- DongBoHoSoMC ----------------------------------------------------------------------------------


def test_is_updating_false_creates_true_replaces(client, session):
    assert upsert(client, session, [dossier()], "True")[1]["error_code"] == 3  # not there yet
    assert upsert(client, session, [dossier()])[1]["error_code"] == 0
    assert upsert(client, session, [dossier()])[1]["error_code"] == 2  # already there
    assert upsert(client, session, [dossier(TrangThaiHoSo="4")], "True")[1]["error_code"] == 0
    held = PortalDossier.objects.get()
    assert (held.code, held.status, held.update_count, held.unit_code) == (CODE, 4, 1, "000.00.17.H56")


@pytest.mark.parametrize("flag", ["true", "1", "", None])
def test_is_updating_is_the_string_true_or_false(client, session, flag):
    body = {"service": "DongBoHoSoMC", "isUpdating": flag, "session": session, "madonvi": "x", "data": [dossier()]}
    assert post(client, "service", body)[1]["error_code"] == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"MaTTHC": None}, "data[0]: thiếu trường bắt buộc MaTTHC."),
        ({"DonViXuLy": "  "}, "data[0]: thiếu trường bắt buộc DonViXuLy."),
        ({"TrangThaiHoSo": "11"}, "data[0]: TrangThaiHoSo='11' không hợp lệ"),
        ({"TrangThaiHoSo": 2}, "data[0]: thiếu trường bắt buộc TrangThaiHoSo."),  # codes are strings
        ({"LoaiDoiTuong": "3"}, "data[0]: LoaiDoiTuong='3' không hợp lệ"),
        ({"HinhThuc": "2"}, "data[0]: HinhThuc='2' không hợp lệ"),
        ({"NgayTiepNhan": "2026-02-13 16:20"}, "NgayTiepNhan='2026-02-13 16:20' không đúng định dạng yyyyMMddHHmmss."),
        ({"NgayHenTra": "20260230080000"}, "NgayHenTra='20260230080000' không đúng định dạng"),  # 30 February
        ({"NgayTra": "202602151620"}, "NgayTra='202602151620' không đúng định dạng"),
        ({"NgayHenTra": ""}, "data[0]: thiếu trường bắt buộc NgayHenTra."),  # accepted: an appointment exists
        ({"TaiLieuNop": "f1"}, "data[0]: TaiLieuNop phải là một mảng."),
    ],
)
def test_a_dossier_is_checked_as_documented(client, session, overrides, message):
    _, body = upsert(client, session, [dossier(**overrides)])
    assert body["error_code"] == 1
    assert any(message in error for error in body["errors"]), body["errors"]
    assert not PortalDossier.objects.exists()


@pytest.mark.parametrize("status", ["1", "3"])
def test_no_appointment_for_submitted_or_refused(client, session, status):
    assert upsert(client, session, [dossier(TrangThaiHoSo=status, NgayHenTra="")])[1]["error_code"] == 0


def test_a_batch_is_all_or_nothing(client, session):
    items = [dossier(MaHoSo="A-0001"), dossier(MaHoSo="A-0002", MaTTHC="")]
    assert upsert(client, session, items)[1]["error_code"] == 1
    assert not PortalDossier.objects.exists()
    assert upsert(client, session, [dossier(MaHoSo="A-0001"), dossier(MaHoSo="A-0001")])[1]["error_code"] == 1
    assert upsert(client, session, [dossier(MaHoSo="A-0001"), dossier(MaHoSo="A-0002")])[1]["count"] == 2
    assert PortalDossier.objects.count() == 2


def test_empty_data_is_refused(client, session):
    assert upsert(client, session, [])[1]["error_code"] == 1


# --- CapNhatTienDoHoSoMC ---------------------------------------------------------------------------


def test_progress_is_kept_once_per_entry(client, session):
    upsert(client, session, [dossier()])
    assert progress(client, session, [entry(), entry(TrangThai="4", ThoiDiemXuLy="20260213172000")])[1]["stored"] == 2
    _, again = progress(client, session, [entry()])
    assert (again["error_code"], again["stored"], again["duplicates"]) == (0, 0, 1)
    assert list(PortalProgress.objects.values_list("status", flat=True)) == [2, 4]


def test_progress_of_an_unknown_dossier(client, session):
    assert progress(client, session, [entry()])[1]["error_code"] == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"NguoiXuLy": ""}, "thiếu trường bắt buộc NguoiXuLy"),
        ({"ThoiDiemXuLy": "20261313000000"}, "ThoiDiemXuLy='20261313000000' không đúng định dạng"),
        ({"TrangThai": "0"}, "TrangThai='0' không hợp lệ"),
        ({"NgayBatDau": "hôm qua"}, "NgayBatDau='hôm qua' không đúng định dạng"),
    ],
)
def test_progress_is_checked_as_documented(client, session, overrides, message):
    upsert(client, session, [dossier()])
    _, body = progress(client, session, [entry(**overrides)])
    assert body["error_code"] == 1
    assert message in body["message"]


# --- TraCuuHoSo, LayThuTuc -------------------------------------------------------------------------


def test_lookup(client, session):
    upsert(client, session, [dossier()])
    envelope = {"service": "TraCuuHoSo", "session": session, "madonvi": "x"}
    assert post(client, "service", {**envelope, "mahoso": CODE})[1]["result"][0]["MaHoSo"] == CODE
    assert post(client, "service", {**envelope, "mahoso": "KHONG-CO"})[1]["result"] == []
    assert post(client, "service", envelope)[1]["error_code"] == 1


def test_lay_thu_tuc(client, session):
    PortalProcedure.objects.create(
        code="1.001193", name="Thủ tục đăng ký khai sinh", sector_code="LV-HOTICH", sector_name="Hộ tịch"
    )
    envelope = {"service": "LayThuTuc", "session": session, "madonvi": "x"}
    result = post(client, "service", {**envelope, "maTTHC": "1.001193"})[1]["result"][0]
    assert result["TENTTHC"] == "Thủ tục đăng ký khai sinh"
    assert result["LINHVUCTHUCHIEN"] == [{"MALINHVUC": "LV-HOTICH", "TENLINHVUC": "Hộ tịch"}]
    assert post(client, "service", {**envelope, "maTTHC": "9.9"})[1]["error_code"] == 7


# --- faults ----------------------------------------------------------------------------------------


def test_every_nth_service_call_fails_with_503(client, session, settings):
    settings.DEV_GATEWAY_FAULTS = {**settings.DEV_GATEWAY_FAULTS, "FAIL_EVERY": 3}
    envelope = {"service": "TraCuuHoSo", "session": session, "madonvi": "x", "mahoso": CODE}
    statuses = [post(client, "service", envelope)[0] for _ in range(7)]
    assert statuses == [200, 200, 503, 200, 200, 503, 200]


def test_an_injected_503_does_no_work(client, session, settings):
    settings.DEV_GATEWAY_FAULTS = {**settings.DEV_GATEWAY_FAULTS, "FAIL_EVERY": 1}
    assert upsert(client, session, [dossier()])[0] == 503
    assert not PortalDossier.objects.exists()


def test_a_delay_comes_after_the_work(client, session, settings, monkeypatch):
    slept = []
    monkeypatch.setattr(faults.time, "sleep", lambda seconds: slept.append((seconds, PortalDossier.objects.count())))
    settings.DEV_GATEWAY_FAULTS = {**settings.DEV_GATEWAY_FAULTS, "DELAY_MS": 2500}
    assert upsert(client, session, [dossier()])[1]["error_code"] == 0
    assert slept == [(2.5, 1)]  # stored first, answered late

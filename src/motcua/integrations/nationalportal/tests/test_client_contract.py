"""Contract tests: the HTTP client against the stand-in gateway over real HTTP (``live_server``).

Both sides implement docs/national-portal.md independently (the stand-in does not import the client),
so a drift of either from the documented protocol fails here. Transactional: the server thread must
see committed rows; the database is flushed after each test.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from motcua.integrations.nationalportal.client import (
    DossierAlreadyExists,
    DossierNotFound,
    GatewayClient,
    GatewayConfig,
    GatewayConfigError,
    PermanentGatewayError,
    RetryableGatewayError,
)
from motcua.integrations.nationalportal.messages import build_dossier, build_progress
from motcua.lib import clock

from .factories import CODE, RECEIVED, make_progress, make_snapshot

pytestmark = pytest.mark.django_db(transaction=True)
NOW = dt.datetime(2026, 2, 13, 9, 30, tzinfo=dt.UTC)


def held():
    from motcua.devgateway.models import PortalDossier

    return {d.code: d for d in PortalDossier.objects.all()}


def test_login_upsert_progress_lookup(client_for_stand_in):
    client = client_for_stand_in
    assert client.lookup_dossier(CODE) is None
    client.upsert_dossiers([build_dossier(make_snapshot())], is_updating=False)
    client.update_progress([build_progress(make_progress(2, RECEIVED))])
    record = client.lookup_dossier(CODE)
    assert record["MaHoSo"] == CODE
    assert record["NgayTiepNhan"] == "20260213162000"
    assert client.logins == 1
    dossier = held()[CODE]
    assert (dossier.status, dossier.unit_code) == (2, "000.00.17.H56")
    assert list(dossier.progress.values_list("status", "occurred_at")) == [(2, "20260213162000")]


def test_is_updating_semantics(client_for_stand_in):
    client = client_for_stand_in
    with pytest.raises(DossierNotFound):
        client.upsert_dossiers([build_dossier(make_snapshot())], is_updating=True)
    client.upsert_dossiers([build_dossier(make_snapshot())], is_updating=False)
    with pytest.raises(DossierAlreadyExists):
        client.upsert_dossiers([build_dossier(make_snapshot())], is_updating=False)
    client.upsert_dossiers([build_dossier(make_snapshot(sequence=2, TrangThaiHoSo=4))], is_updating=True)
    dossier = held()[CODE]
    assert (dossier.status, dossier.update_count) == (4, 1)


def test_progress_of_an_unknown_dossier_is_refused(client_for_stand_in):
    with pytest.raises(DossierNotFound):
        client_for_stand_in.update_progress([build_progress(make_progress(2, RECEIVED))])


def test_the_stand_in_refuses_what_the_table_marks_required(client_for_stand_in):
    body = build_dossier(make_snapshot())
    del body["DonViXuLy"]
    body["NgayHenTra"] = "2026-02-14"
    with pytest.raises(PermanentGatewayError, match="thiếu trường bắt buộc DonViXuLy") as caught:
        client_for_stand_in.upsert_dossiers([body], is_updating=False)
    assert "NgayHenTra='2026-02-14' không đúng định dạng yyyyMMddHHmmss" in str(caught.value)
    assert caught.value.retryable is False
    assert held() == {}


def test_extension_fields_are_accepted(client_for_stand_in):
    body = build_dossier(make_snapshot(KenhThucHien=2, TaiKhoanDuocXacThucVoiVNeID=True), extensions=True)
    client_for_stand_in.upsert_dossiers([body], is_updating=False)
    assert held()[CODE].data["KenhThucHien"] == "2"


def test_an_expired_session_is_renewed(stand_in, client_for_stand_in):
    with clock.frozen(NOW) as advance:
        client_for_stand_in.upsert_dossiers([build_dossier(make_snapshot())], is_updating=False)
        advance(dt.timedelta(seconds=1801))  # the stand-in's sessions last 1800 s
        assert client_for_stand_in.lookup_dossier(CODE)["MaHoSo"] == CODE
    assert client_for_stand_in.logins == 2


def test_get_procedure(client_for_stand_in):
    from motcua.devgateway.models import PortalProcedure

    PortalProcedure.objects.create(
        code="1.001193", name="Thủ tục đăng ký khai sinh", sector_code="LV-HOTICH", sector_name="Hộ tịch"
    )
    info = client_for_stand_in.get_procedure("1.001193")
    assert (info.TenTTHC, info.MaLinhVuc, info.TenLinhVuc) == ("Thủ tục đăng ký khai sinh", "LV-HOTICH", "Hộ tịch")
    assert client_for_stand_in.get_procedure("9.999999") is None


def test_an_injected_503_is_retryable(stand_in, client_for_stand_in):
    stand_in.DEV_GATEWAY_FAULTS = {**stand_in.DEV_GATEWAY_FAULTS, "FAIL_EVERY": 2}
    client_for_stand_in.lookup_dossier(CODE)  # service call 1
    with pytest.raises(RetryableGatewayError, match="HTTP 503") as caught:
        client_for_stand_in.lookup_dossier(CODE)  # service call 2 fails
    assert caught.value.http_status == 503
    assert client_for_stand_in.lookup_dossier(CODE) is None  # call 3


def test_a_slow_reply_times_out_as_retryable(stand_in):
    stand_in.DEV_GATEWAY_FAULTS = {**stand_in.DEV_GATEWAY_FAULTS, "DELAY_MS": 700}
    config = GatewayConfig.from_settings()
    client = GatewayClient(GatewayConfig(**{**config.__dict__, "read_timeout": 0.2}))  # logins are not delayed
    with pytest.raises(RetryableGatewayError, match="Hết thời gian chờ"):
        client.upsert_dossiers([build_dossier(make_snapshot())], is_updating=False)
    time.sleep(0.8)  # let the server finish its late reply inside this test
    # the slow gateway did its work anyway: this is why the next push looks the dossier up first
    stand_in.DEV_GATEWAY_FAULTS = {**stand_in.DEV_GATEWAY_FAULTS, "DELAY_MS": 0}
    assert client.lookup_dossier(CODE) is not None


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"password": "sai-mat-khau"}, "từ chối đăng nhập"),
        ({"dstcode": "KHAC"}, "HTTP 403"),
        ({"url_suffix": "/khong-co"}, "HTTP 404"),
    ],
)
def test_configuration_faults(stand_in, change, match):
    config = GatewayConfig.from_settings()
    fields = dict(config.__dict__)
    if "url_suffix" in change:
        fields["url"] += change.pop("url_suffix")
    fields.update(change)
    with pytest.raises(GatewayConfigError, match=match):
        GatewayClient(GatewayConfig(**fields)).lookup_dossier(CODE)

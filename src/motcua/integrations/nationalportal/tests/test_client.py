"""The HTTP client on a scripted transport: session handling, headers, classification of failures.

(The same behaviour against the stand-in over real HTTP: ``test_client_contract.py``.)
"""

from __future__ import annotations

import json
import socket

import pytest

from motcua.integrations.nationalportal.client import (
    DossierAlreadyExists,
    DossierNotFound,
    GatewayClient,
    GatewayConfig,
    GatewayConfigError,
    NationalPortalGateway,
    PermanentGatewayError,
    RetryableGatewayError,
    http_transport,
)

CONFIG = GatewayConfig(
    url="https://lgsp.example.gov.vn/dvcqg/",
    username="motcua",
    password="bi-mat",
    dstcode="DVCQG",
    unit_code="000.00.17.H56",
    connect_timeout=3,
    read_timeout=7,
)


class ScriptedTransport:
    """Answers from a list of (status, body); records every request."""

    def __init__(self, *replies):
        self.replies = list(replies)
        self.requests: list[dict] = []

    def __call__(self, url, body, headers, connect_timeout, read_timeout):
        self.requests.append(
            {
                "url": url,
                "body": json.loads(body),
                "headers": dict(headers),
                "timeouts": (connect_timeout, read_timeout),
            }
        )
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        status, payload = reply
        return status, payload if isinstance(payload, bytes) else json.dumps(payload).encode()


LOGIN_OK = (200, {"error_code": 0, "session": "phien-1"})
OK = (200, {"error_code": "00", "message": "Thành công"})


def test_it_implements_the_one_interface():
    assert isinstance(GatewayClient(CONFIG), NationalPortalGateway)


def test_it_logs_in_once_and_sends_the_envelope_with_dstcode():
    transport = ScriptedTransport(LOGIN_OK, OK, OK)
    client = GatewayClient(CONFIG, transport=transport)
    client.upsert_dossiers([{"MaHoSo": "X"}], is_updating=False)
    client.update_progress([{"MaHoSo": "X"}])
    login, upsert, progress = transport.requests
    assert login["url"] == "https://lgsp.example.gov.vn/dvcqg/auth"
    assert login["body"] == {"username": "motcua", "password": "bi-mat"}
    assert upsert["url"] == "https://lgsp.example.gov.vn/dvcqg/service"
    assert upsert["body"] == {
        "service": "DongBoHoSoMC",
        "isUpdating": "False",
        "session": "phien-1",
        "madonvi": "000.00.17.H56",
        "data": [{"MaHoSo": "X"}],
    }
    assert upsert["headers"]["dstcode"] == "DVCQG"
    assert upsert["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert upsert["timeouts"] == (3, 7)
    assert progress["body"]["service"] == "CapNhatTienDoHoSoMC"
    assert client.logins == 1


@pytest.mark.parametrize(
    "expired",
    [
        (200, {"error_code": 5, "message": "Phiên hết hạn"}),  # the stand-in's code
        (401, b""),  # or plain HTTP 401
    ],
)
def test_an_expired_session_is_renewed_and_the_request_repeated(expired):
    transport = ScriptedTransport(LOGIN_OK, expired, (200, {"error_code": 0, "session": "phien-2"}), OK)
    client = GatewayClient(CONFIG, transport=transport)
    client.upsert_dossiers([{"MaHoSo": "X"}], is_updating=True)
    assert client.logins == 2
    assert transport.requests[-1]["body"]["session"] == "phien-2"


def test_a_session_refused_right_after_login_is_retryable():
    expired = (200, {"error_code": 5})
    transport = ScriptedTransport(LOGIN_OK, expired, LOGIN_OK, expired)
    with pytest.raises(RetryableGatewayError, match="phiên làm việc"):
        GatewayClient(CONFIG, transport=transport).update_progress([{"MaHoSo": "X"}])


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ((503, b"<html>Service Unavailable</html>"), RetryableGatewayError),
        ((500, b""), RetryableGatewayError),
        ((429, b""), RetryableGatewayError),
        ((408, b""), RetryableGatewayError),
        ((200, b"<html>proxy error</html>"), RetryableGatewayError),  # not the documented JSON
        ((200, {"message": "no code"}), RetryableGatewayError),
        (RetryableGatewayError("Hết thời gian chờ"), RetryableGatewayError),  # from the transport
        ((200, {"error_code": 1, "message": "Thiếu MaTTHC"}), PermanentGatewayError),
        ((200, {"error_code": "99"}), PermanentGatewayError),
        ((400, b""), PermanentGatewayError),
        ((200, {"error_code": 2}), DossierAlreadyExists),
        ((200, {"error_code": 3}), DossierNotFound),
        ((404, b""), GatewayConfigError),
        ((403, b""), GatewayConfigError),
    ],
)
def test_failures_are_classified_for_the_retry_policy(reply, error):
    transport = ScriptedTransport(LOGIN_OK, reply)
    with pytest.raises(error) as caught:
        GatewayClient(CONFIG, transport=transport).upsert_dossiers([{"MaHoSo": "X"}], is_updating=False)
    assert type(caught.value) is error


def test_the_refusal_message_is_kept():
    transport = ScriptedTransport(
        LOGIN_OK, (200, {"error_code": 1, "message": "data[0]: thiếu trường bắt buộc MaTTHC."})
    )
    with pytest.raises(PermanentGatewayError, match="thiếu trường bắt buộc MaTTHC") as caught:
        GatewayClient(CONFIG, transport=transport).upsert_dossiers([{"MaHoSo": "X"}], is_updating=False)
    assert caught.value.error_code == 1
    assert caught.value.retryable is False


@pytest.mark.parametrize(
    "reply", [(200, {"error_code": 4, "message": "Sai mật khẩu"}), (200, {"error_code": 0}), (401, b"")]
)
def test_refused_credentials_are_a_configuration_fault(reply):
    with pytest.raises(GatewayConfigError, match="từ chối đăng nhập"):
        GatewayClient(CONFIG, transport=ScriptedTransport(reply)).lookup_dossier("X")


def test_without_an_address_nothing_is_sent():
    transport = ScriptedTransport()
    config = GatewayConfig(url="", username="", password="", dstcode="", unit_code="")
    with pytest.raises(GatewayConfigError, match="MOTCUA_DVCQG_URL"):
        GatewayClient(config, transport=transport).lookup_dossier("X")
    assert transport.requests == []


def test_lookup_returns_the_record_or_none():
    transport = ScriptedTransport(
        LOGIN_OK,
        (200, {"error_code": 0, "result": [{"MaHoSo": "X", "TrangThaiHoSo": "4"}]}),
        (200, {"error_code": 0, "result": []}),
        (200, {"error_code": 3, "message": "không có"}),
    )
    client = GatewayClient(CONFIG, transport=transport)
    assert client.lookup_dossier("X") == {"MaHoSo": "X", "TrangThaiHoSo": "4"}
    assert client.lookup_dossier("Y") is None
    assert client.lookup_dossier("Z") is None
    assert transport.requests[1]["body"] == {
        "service": "TraCuuHoSo",
        "session": "phien-1",
        "madonvi": "000.00.17.H56",
        "mahoso": "X",
    }


def test_get_procedure_reads_the_first_sector():
    result = {
        "MATTHC": "1.001193",
        "TENTTHC": "Thủ tục đăng ký khai sinh",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "LV-HOTICH", "TENLINHVUC": "Hộ tịch"}],
    }
    transport = ScriptedTransport(LOGIN_OK, (200, {"error_code": 0, "result": [result]}), (200, {"error_code": 7}))
    client = GatewayClient(CONFIG, transport=transport)
    info = client.get_procedure("1.001193")
    assert (info.MaTTHC, info.TenTTHC, info.MaLinhVuc, info.TenLinhVuc) == (
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "LV-HOTICH",
        "Hộ tịch",
    )
    assert client.get_procedure("9.999999") is None


def test_the_password_is_not_in_the_config_repr():
    assert "bi-mat" not in repr(CONFIG)


def test_a_gateway_that_accepts_but_never_answers_times_out_as_retryable():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # the kernel completes the handshake; nobody ever reads or answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/service"
        with pytest.raises(RetryableGatewayError, match="Hết thời gian chờ"):
            http_transport(url, b"{}", {}, 1, 0.2)


def test_a_refused_connection_is_retryable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again at once: nothing listens there
    with pytest.raises(RetryableGatewayError, match="Không kết nối được"):
        http_transport(f"http://127.0.0.1:{port}/service", b"{}", {}, 1, 1)


def test_an_address_that_is_not_http_is_a_configuration_fault():
    with pytest.raises(GatewayConfigError):
        http_transport("ftp://lgsp.example.gov.vn/", b"{}", {}, 1, 1)

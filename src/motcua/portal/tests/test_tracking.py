"""Public tracking by code + secret (the receipt's QR): no personal data but a masked name; throttled."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from motcua.lib import clock
from motcua.portal.models import TrackingFailure

from .conftest import T0, counter_dossier, submitted_online, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(world, frozen):
    return counter_dossier(world)  # Nguyễn Thị Mai, 086090001234, 0912345678, mai@example.vn


def url(dossier, secret=None) -> str:
    return f"/tra-cuu/{dossier.code}/?s={secret if secret is not None else dossier.lookup_secret}"


def test_the_qr_link_shows_status_steps_appointment_and_a_masked_name(client, dossier):
    response = client.get(url(dossier))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        dossier.code,
        "Được tiếp nhận",
        "Thủ tục đăng ký khai sinh",
        "Nguyễn T. M.",
        "Hẹn trả kết quả",
        "08:00, 05/03/2026",
        "Đang giải quyết, còn trong hạn",
        "Quá trình giải quyết",
    ):
        assert text in html, text
    for personal in ("Nguyễn Thị Mai", "086090001234", "0912345678", "mai@example.vn", "Phường Phú Khương, tỉnh"):
        assert personal not in html, personal
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_secret_is_never_carried_into_other_links(client, dossier):
    html = client.get(url(dossier)).content.decode()
    assert dossier.lookup_secret not in html  # language links, sign-in link: the secret stays out
    assert 'hreflang="en" href="/en/tra-cuu/' in html


def test_a_wrong_secret_reveals_nothing(client, dossier):
    response = client.get(url(dossier, "ABCDEFGHJK"))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ với mã số và mã tra cứu này" in html
    for leak in ("Thủ tục đăng ký khai sinh", "Nguyễn", "Được tiếp nhận"):
        assert leak not in html, leak


def test_a_wrong_secret_and_an_unknown_code_look_the_same(client, dossier):
    wrong = client.get(url(dossier, "ABCDEFGHJK"))
    unknown = client.get(f"/tra-cuu/{dossier.code[:-4]}9999/?s={dossier.lookup_secret}")
    assert wrong.status_code == unknown.status_code == 404

    def page(response, code):
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode()).replace(code, "X")

    assert page(wrong, dossier.code) == page(unknown, f"{dossier.code[:-4]}9999")


def test_the_form_goes_to_the_qr_address(client, dossier):
    response = client.get("/tra-cuu/", {"code": dossier.code, "s": dossier.lookup_secret.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{dossier.code}/?s={dossier.lookup_secret.lower()}"
    assert client.get(response["Location"]).status_code == 200  # typed in lower case: still found


def test_no_secret_asks_for_it_without_counting_a_failure(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 200 and "Mã tra cứu" in response.content.decode()
    assert not TrackingFailure.objects.exists()


def test_guessing_the_secret_of_a_code_is_throttled(client, dossier):
    for attempt in range(5):
        assert client.get(url(dossier, f"WRONG{attempt}ABCD")).status_code == 404
    response = client.get(url(dossier))  # even the right secret, until the window has passed
    assert response.status_code == 429
    assert "Bạn đã nhập sai quá nhiều lần" in response.content.decode()
    assert "Thủ tục đăng ký khai sinh" not in response.content.decode()
    assert int(response["Retry-After"]) == 900
    with clock.frozen(T0 + dt.timedelta(minutes=16)):
        assert client.get(url(dossier)).status_code == 200


def test_walking_through_codes_is_throttled_per_client(client, dossier):
    for n in range(20):
        client.get(f"/tra-cuu/{dossier.code[:-4]}{n:04d}/?s=ABCDEFGHJK")
    assert client.get(url(dossier)).status_code == 429
    # another client is not affected
    assert client.get(url(dossier), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_successful_lookups_are_not_counted(client, dossier):
    for _ in range(30):
        assert client.get(url(dossier)).status_code == 200
    assert not TrackingFailure.objects.exists()


def test_clients_are_stored_as_keyed_hashes_not_addresses(client, dossier):
    client.get(url(dossier, "ABCDEFGHJK"), REMOTE_ADDR="203.0.113.7")
    failure = TrackingFailure.objects.get()
    assert "203.0.113.7" not in failure.client and len(failure.client) == 64


def test_a_submission_without_code_cannot_be_tracked_publicly(client, world, frozen):
    online = submitted_online(world)
    assert client.get(f"/tra-cuu/{online.uid}/?s={online.lookup_secret}").status_code == 404


def test_late_dossiers_show_as_late(client, world):
    with clock.frozen(T0):
        dossier = walk_to(world, submitted_online(world), "in_step")
    with clock.frozen(T0 + dt.timedelta(days=8)):
        html = client.get(url(dossier)).content.decode()
    assert "Đang giải quyết, đã quá hạn" in html

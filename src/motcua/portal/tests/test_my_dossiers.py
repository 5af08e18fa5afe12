"""My dossiers: only the citizen's own (object or 404), status and deadlines, supplements answered online."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import DossierFile
from motcua.dossiers.workflow import Stage
from motcua.portal.models import OnlineDraft

from .conftest import PDF, at, counter_dossier, sign_in, submitted_online, upload, walk_to

pytestmark = pytest.mark.django_db


def test_my_dossiers_lists_status_and_deadline(tu_client, world, frozen):
    online = submitted_online(world)
    accepted = walk_to(world, submitted_online(world, documents=(1,)), "accepted")
    html = tu_client.get("/ho-so-cua-toi/").content.decode()
    assert html.count("Thủ tục đăng ký khai sinh") == 2
    assert "Mới đăng ký" in html and "Được tiếp nhận" in html
    assert accepted.code in html
    assert "Hẹn trả" in html and "05/03/2026" in html  # 3 working days from Monday 08:00
    assert f"/ho-so-cua-toi/{online.uid}/" in html


def test_dossiers_filed_at_the_counter_under_my_id_number_are_mine_too(tu_client, world, frozen):
    mine = counter_dossier(world, id_number=world.tu.id_number, name="Nguyễn Văn Tư")
    assert mine.code in tu_client.get("/ho-so-cua-toi/").content.decode()


def test_someone_elses_dossier_is_not_found(tu_client, world, frozen):
    other = counter_dossier(world)  # Nguyễn Thị Mai's
    assert other.code not in tu_client.get("/ho-so-cua-toi/").content.decode()
    assert tu_client.get(f"/ho-so-cua-toi/{other.code}/").status_code == 404
    assert tu_client.get(f"/ho-so-cua-toi/{other.code}/bo-sung/").status_code == 404
    assert tu_client.post(f"/ho-so-cua-toi/{other.code}/danh-gia/", {"score": 1}).status_code == 404


def test_level_1_may_follow_their_dossiers(client, world, frozen):
    sign_in(client, world.khang)
    assert client.get("/ho-so-cua-toi/").status_code == 200


def test_anonymous_visitors_sign_in_first(client, world):
    response = client.get("/ho-so-cua-toi/")
    assert response.status_code == 302 and "/sso/dang-nhap/" in response["Location"]


def test_the_dossier_page_shows_timeline_appointment_and_lookup_secret(tu_client, world, frozen):
    dossier = walk_to(world, submitted_online(world), "in_step")
    response = tu_client.get(f"/ho-so-cua-toi/{dossier.code}/")
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    for text in (
        "Mới đăng ký",
        "Được tiếp nhận",
        "Đang xử lý",
        "Hẹn trả kết quả",
        "08:00, 05/03/2026",
        "Đang giải quyết, còn trong hạn",
        dossier.lookup_secret,
    ):
        assert text in html, text


def test_a_supplement_request_is_answered_online(tu_client, world, frozen, django_capture_on_commit_callbacks):
    dossier = walk_to(world, submitted_online(world), "supplement_requested")
    page = tu_client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Cơ quan giải quyết yêu cầu bổ sung hồ sơ" in page and "Bản chụp mờ, chụp lại rõ nét" in page
    assert "đang tạm dừng tính thời hạn" in page

    url = f"/ho-so-cua-toi/{dossier.code}/bo-sung/"
    form = tu_client.get(url).content.decode()
    assert 'id="giay-to-2"' in form and 'id="giay-to-1"' not in form  # only what was requested
    with django_capture_on_commit_callbacks(execute=True):
        tu_client.post(
            f"{url}giay-to/2/", {"files-2": upload("chung-sinh-ro.pdf", PDF + b"ro")}, HTTP_HX_REQUEST="true"
        )
        response = tu_client.post(url, {"action": "submit", "note": "Đã chụp lại"})
    assert response.status_code == 302 and response["Location"] == f"/ho-so-cua-toi/{dossier.code}/"
    dossier.refresh_from_db()
    assert dossier.stage == Stage.IN_STEP and dossier.paused_at is None  # the clock runs again
    period = dossier.waiting_periods.get()
    assert period.answered_at is not None and "công dân" in period.answered_by
    added = DossierFile.objects.filter(document__waiting_period=period)
    assert [f.original_name for f in added] == ["chung-sinh-ro.pdf"]
    assert OnlineDraft.objects.get(purpose="supplement").state == "submitted"


def test_every_requested_document_needs_a_file(tu_client, world, frozen):
    dossier = walk_to(world, submitted_online(world), "supplement_requested")
    response = tu_client.post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"action": "submit"})
    assert response.status_code == 422
    assert "Còn thiếu tệp cho: Giấy chứng sinh." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.stage == Stage.SUPPLEMENT_REQUESTED


def test_a_completion_request_at_intake_is_answered_online(tu_client, world, frozen):
    dossier = walk_to(world, submitted_online(world, documents=(1,)), "completion_requested")
    url = f"/ho-so-cua-toi/{dossier.uid}/bo-sung/"
    assert (
        "Cán bộ tiếp nhận hướng dẫn hoàn thiện hồ sơ"
        in tu_client.get(f"/ho-so-cua-toi/{dossier.uid}/").content.decode()
    )
    tu_client.post(url, {"action": "save", "files-2": upload("chung-sinh.pdf", PDF + b"cs")})
    tu_client.post(url, {"action": "submit"})
    dossier.refresh_from_db()
    assert dossier.stage == Stage.SUBMITTED  # back with the counter officer, to be accepted


def test_no_open_request_means_no_answer_page(tu_client, world, frozen):
    dossier = walk_to(world, submitted_online(world), "in_step")
    response = tu_client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/")
    assert response.status_code == 302 and response["Location"] == f"/ho-so-cua-toi/{dossier.code}/"


def test_a_late_dossier_says_so(tu_client, world):
    from motcua.lib import clock

    with clock.frozen(at(2, 8)):
        dossier = walk_to(world, submitted_online(world), "in_step")
    with clock.frozen(at(9, 9)):
        html = tu_client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Đang giải quyết, đã quá hạn" in html

"""The feedback desk (phản ánh, kiến nghị, DOMAIN §7): centre directors handle what concerns their
centre, province supervisors everything; every step through the feedback services.

People: Tuấn directs Phú Khương's centre; Giang supervises the province; Lan is at Phú Khương's
counter (no feedback desk). Monday 2 March 2026 08:00, a plain working week.
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.feedback import services
from motcua.feedback.models import Feedback
from motcua.lib import clock

from .conftest import T0, receive

pytestmark = pytest.mark.django_db

DESK = "/backoffice/phan-anh/"


def complaint(world, **extra) -> Feedback:
    data = dict(
        kind=Feedback.Kind.COMPLAINT,
        subject="Hẹn trả kết quả nhiều lần",
        content="Tôi đã đến nhận kết quả ba lần mà chưa có.",
        name="Nguyễn Văn Tư",
        phone="0913742518",
    )
    data.update(extra)
    return services.submit_feedback(**data)


def test_the_director_answers_and_publishes_a_complaint_about_a_dossier_of_his_centre(world, as_user, frozen):
    dossier = receive(world)
    feedback = complaint(world, dossier=dossier)
    client = as_user(world.p.tuan)
    listing = client.get(DESK).content.decode()
    assert feedback.reference in listing and dossier.code in listing
    assert "23/03/2026" in listing  # 15 working days to answer, from Monday 2 March

    page = client.get(f"{DESK}{feedback.reference}/").content.decode()
    assert "Tôi đã đến nhận kết quả ba lần" in page and "0913742518" in page
    assert "Trả lời" in page and "Từ chối tiếp nhận" in page and "Công khai trả lời" not in page

    response = client.post(f"{DESK}{feedback.reference}/", {"action": "resolve", "text": "Trung tâm xin lỗi ông."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == Feedback.State.RESOLVED and feedback.handled_by == world.p.tuan
    assert feedback.answer == "Trung tâm xin lỗi ông."

    client.post(f"{DESK}{feedback.reference}/", {"action": "publish", "text": "Phản ánh về việc hẹn nhiều lần"})
    feedback.refresh_from_db()
    assert feedback.state == Feedback.State.PUBLISHED
    assert feedback.reference not in client.get(DESK).content.decode()  # no longer waiting
    assert feedback.reference in client.get(DESK, {"tab": "da-xong"}).content.decode()
    # what citizens now read on the portal's public list
    assert "Phản ánh về việc hẹn nhiều lần" in client.get("/phan-anh-kien-nghi/").content.decode()


def test_an_empty_answer_is_refused_in_vietnamese_and_changes_nothing(world, as_user, frozen):
    feedback = complaint(world, centre=world.p.phu_khuong)
    response = as_user(world.p.tuan).post(f"{DESK}{feedback.reference}/", {"action": "resolve", "text": "  "})
    assert response.status_code == 422
    assert "Cần nhập nội dung trả lời." in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.state == Feedback.State.RECEIVED and feedback.handled_by is None


def test_a_step_not_open_in_the_current_state_is_refused(world, as_user, frozen):
    feedback = complaint(world, centre=world.p.phu_khuong)
    response = as_user(world.p.tuan).post(f"{DESK}{feedback.reference}/", {"action": "publish", "text": ""})
    assert response.status_code == 422
    assert "không thực hiện được ở trạng thái hiện tại" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.state == Feedback.State.RECEIVED


def test_asking_for_details_waits_for_the_sender(world, as_user, frozen):
    feedback = complaint(world, centre=world.p.phu_khuong)
    client = as_user(world.p.tuan)
    client.post(f"{DESK}{feedback.reference}/", {"action": "details", "text": "Ông đến vào những ngày nào?"})
    feedback.refresh_from_db()
    assert feedback.state == Feedback.State.DETAILS_REQUESTED
    page = client.get(f"{DESK}{feedback.reference}/").content.decode()
    assert "Ông đến vào những ngày nào?" in page and 'name="action"' not in page  # nothing to do until he answers


def test_each_director_sees_only_the_feedback_of_his_centre_and_the_province_sees_all(world, as_user, frozen):
    elsewhere = complaint(world, centre=world.p.hoa_minh, subject="Thiếu ghế chờ")
    nowhere = complaint(world, kind=Feedback.Kind.RECOMMENDATION, subject="Mở cửa thứ Bảy cả ngày")
    tuan = as_user(world.p.tuan)
    listing = tuan.get(DESK).content.decode()
    assert elsewhere.reference not in listing and nowhere.reference not in listing
    assert tuan.get(f"{DESK}{elsewhere.reference}/").status_code == 404
    supervisor = as_user(world.p.giang).get(DESK).content.decode()
    assert elsewhere.reference in supervisor and nowhere.reference in supervisor


def test_the_counter_has_no_feedback_desk(world, as_user):
    assert as_user(world.p.lan).get(DESK).status_code == 403


def test_directors_and_the_province_find_the_reports_in_the_menu_and_the_counter_does_not(world, as_user):
    from django.urls import reverse

    link = f'href="{reverse("reports:dashboard")}"'
    for who in (world.p.tuan, world.p.giang):  # director of Phú Khương, province supervisor
        page = as_user(who).get("/backoffice/tra-cuu/").content.decode()
        assert link in page, who
        assert as_user(who).get(reverse("reports:dashboard")).status_code == 200
    assert link not in as_user(world.p.lan).get("/backoffice/tra-cuu/").content.decode()  # counter officer


def test_overdue_feedback_is_marked(world, as_user, frozen):
    feedback = complaint(world, centre=world.p.phu_khuong)
    with clock.frozen(T0 + dt.timedelta(days=22)):  # Tuesday 24 March: the 15 working days are over
        listing = as_user(world.p.tuan).get(DESK).content.decode()
    row = listing[listing.index(feedback.reference):]
    assert "Quá hạn" in row[: row.index("</tr>")]

"""Feedback (phản ánh, kiến nghị) and DOMAIN §7's handling limits: reject ≤ 2 working days, request details
≤ 5, resolve ≤ 15, publish ≤ 2 — on the official calendar."""

from __future__ import annotations

import pytest

from motcua.feedback import services
from motcua.feedback.models import Feedback
from motcua.lib import clock

from .conftest import at, counter_dossier

pytestmark = pytest.mark.django_db


def submit(**overrides) -> Feedback:
    data = dict(
        kind=Feedback.Kind.COMPLAINT,
        subject="Cán bộ hẹn nhiều lần",
        content="Tôi đến ba lần…",
        name="Lê Văn Ba",
        phone="0987654321",
    )
    data.update(overrides)
    return services.submit_feedback(**data)


def test_the_four_limits_count_in_working_days(calendar, frozen):
    feedback = submit()  # Monday 2 March 08:00
    assert feedback.reject_due_at == at(4, 8)  # 2 working days
    assert feedback.details_due_at == at(9, 8)  # 5 working days
    assert feedback.resolve_due_at == at(23, 8)  # 15 working days
    assert feedback.publish_due_at is None  # counts from the answer
    assert feedback.reference.startswith("PA260302-") and len(feedback.secret) == 10


def test_answer_then_publish_within_two_working_days(calendar, personas, frozen):
    feedback = submit()
    with clock.frozen(at(13, 16, 30)):  # Friday
        feedback = services.resolve_feedback(feedback, personas.tuan, answer="Trung tâm xin lỗi và đã nhắc nhở.")
    assert feedback.publish_due_at == at(17, 16, 30)  # Tuesday, over the weekend
    with clock.frozen(at(16, 9)):
        feedback = services.publish_feedback(feedback, personas.tuan, summary="Phản ánh về việc hẹn nhiều lần")
    timeliness = services.feedback_timeliness(feedback)
    assert (timeliness.resolved_on_time, timeliness.published_on_time, timeliness.overdue_now) == (True, True, False)


def test_details_requested_then_added_restart_the_answer_limit(calendar, personas, frozen):
    feedback = submit()
    with clock.frozen(at(5, 10)):
        feedback = services.request_feedback_details(feedback, personas.tuan, request="Ngày đến nộp hồ sơ?")
    assert services.feedback_timeliness(feedback).details_on_time is True
    with clock.frozen(at(10, 14)):
        feedback = services.add_feedback_details(feedback, details="Ngày 2/3 và 4/3.")
    assert feedback.state == Feedback.State.RECEIVED
    assert feedback.resolve_due_at == at(31, 14)  # 15 working days from the details


def test_late_rejection_is_recorded_as_late(calendar, personas, frozen):
    feedback = submit()
    with clock.frozen(at(5, 9)):  # Thursday: past the 2 working days
        feedback = services.reject_feedback(feedback, personas.tuan, reason="Không thuộc thẩm quyền.")
    assert services.feedback_timeliness(feedback).rejected_on_time is False


def test_an_unanswered_feedback_becomes_overdue(calendar, frozen):
    feedback = submit()
    assert not services.feedback_timeliness(feedback, at(20, 17)).overdue_now
    assert services.feedback_timeliness(feedback, at(23, 9)).overdue_now


def test_steps_happen_in_order(calendar, personas, frozen):
    feedback = submit()
    with pytest.raises(services.FeedbackError):
        services.publish_feedback(feedback, personas.tuan)  # nothing answered yet
    services.reject_feedback(feedback, personas.tuan, reason="Trùng phản ánh PA260301-AAAAA.")
    with pytest.raises(services.FeedbackError):
        services.resolve_feedback(feedback, personas.tuan, answer="…")


def test_a_contact_is_required(calendar, frozen):
    with pytest.raises(services.FeedbackError, match="số điện thoại hoặc thư điện tử"):
        submit(phone="", email="")


def test_sending_feedback_from_the_portal(client, calendar, frozen):
    response = client.post(
        "/phan-anh-kien-nghi/gui/",
        {
            "kind": "recommendation",
            "subject": "Thêm ghế chờ",
            "content": "Phòng chờ thiếu ghế.",
            "name": "Lê Văn Ba",
            "phone": "0987654321",
        },
    )
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/phan-anh-kien-nghi/{feedback.reference}/?s={feedback.secret}"
    page = client.get(response["Location"]).content.decode()
    assert "Thêm ghế chờ" in page and "23/03/2026" in page  # the answer is due in 15 working days
    assert client.get(f"/phan-anh-kien-nghi/{feedback.reference}/?s=WRONGWRONG").status_code == 404


def test_feedback_about_a_dossier_needs_its_secret(client, personas, catalogue, frozen):
    from types import SimpleNamespace

    dossier = counter_dossier(SimpleNamespace(p=personas, c=catalogue))
    data = {
        "kind": "complaint",
        "subject": "Trễ hẹn",
        "content": "…",
        "name": "Nguyễn Thị Mai",
        "phone": "0912345678",
        "dossier_code": dossier.code,
    }
    response = client.post("/phan-anh-kien-nghi/gui/", {**data, "dossier_secret": "ABCDEFGHJK"})
    assert response.status_code == 422 and "Mã số hồ sơ và mã tra cứu không khớp." in response.content.decode()
    client.post("/phan-anh-kien-nghi/gui/", {**data, "dossier_secret": dossier.lookup_secret})
    feedback = Feedback.objects.get()
    assert feedback.dossier == dossier and feedback.centre == dossier.receiving_centre


def test_the_sender_adds_details_on_the_status_page(client, calendar, personas, frozen):
    feedback = services.request_feedback_details(submit(), personas.tuan, request="Ngày nào?")
    url = f"/phan-anh-kien-nghi/{feedback.reference}/"
    assert "Ngày nào?" in client.get(url, {"s": feedback.secret}).content.decode()
    client.post(url, {"s": feedback.secret, "details": "Ngày 2/3."})
    feedback.refresh_from_db()
    assert feedback.details_answer == "Ngày 2/3." and feedback.state == Feedback.State.RECEIVED


def test_published_answers_are_listed_without_personal_data(client, calendar, personas, frozen):
    feedback = services.resolve_feedback(submit(), personas.tuan, answer="Đã bổ sung ghế chờ.")
    services.publish_feedback(feedback, personas.tuan, summary="Kiến nghị bổ sung ghế chờ")
    html = client.get("/phan-anh-kien-nghi/").content.decode()
    assert "Kiến nghị bổ sung ghế chờ" in html and "Đã bổ sung ghế chờ." in html
    assert "Lê Văn Ba" not in html and "0987654321" not in html


def test_staff_handle_feedback_in_the_admin(admin_client, calendar, frozen):
    feedback = submit()
    url = f"/admin/feedback/feedback/{feedback.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"handling": "resolve", "text": "Đã chấn chỉnh."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == Feedback.State.RESOLVED and feedback.answer == "Đã chấn chỉnh."


def test_a_handling_step_the_state_does_not_allow_changes_nothing(calendar, personas, frozen):
    # the desk and the admin name a step; the services decide whether it is open now (STAFF_STEPS)
    feedback = submit()
    with pytest.raises(services.FeedbackError):
        services.handle_feedback(feedback, personas.tuan, "publish", "Chưa trả lời thì chưa công khai")
    with pytest.raises(services.FeedbackError):
        services.handle_feedback(feedback, personas.tuan, "teleport", "")
    feedback.refresh_from_db()
    assert feedback.state == Feedback.State.RECEIVED and feedback.published_at is None

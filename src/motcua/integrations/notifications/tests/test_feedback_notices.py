"""The sender of a phản ánh, kiến nghị left a phone or an e-mail "to receive the answer": asking them for
details and answering them send it, through the same outbox, senders and retries as dossier notices.

People: Tư sends feedback about Phú Khương's centre; Tuấn, its director, handles it.
"""

from __future__ import annotations

import pytest

from motcua.feedback import services as feedback
from motcua.feedback.models import Feedback
from motcua.integrations.notifications import services
from motcua.integrations.notifications.models import NotificationMessage

from .conftest import RecordingSender

pytestmark = pytest.mark.django_db

Kind = NotificationMessage.Kind


def send(world, **contact) -> Feedback:
    return feedback.submit_feedback(
        kind=Feedback.Kind.COMPLAINT,
        subject="Hẹn trả kết quả nhiều lần",
        content="Tôi đến nhận kết quả ba lần mà chưa có.",
        name="Nguyễn Văn Tư",
        centre=world.p.phu_khuong,
        **contact,
    )


def test_the_answer_reaches_the_sender_by_email_and_sms(world, recorder, frozen):
    fb = send(world, phone="0913742518", email="tu@example.vn")
    assert not NotificationMessage.objects.exists()  # receiving it tells nobody anything yet
    feedback.resolve_feedback(fb, world.p.tuan, answer="Trung tâm xin lỗi; kết quả đã sẵn sàng.")
    services.send_due()
    by_channel = {m.channel: m for m in RecordingSender.sent}
    email, sms = by_channel["email"], by_channel["sms"]
    assert email.recipient == "tu@example.vn" and sms.recipient == "0913742518"
    assert email.subject == f"Phản ánh, kiến nghị {fb.reference} đã có trả lời"
    assert "Kính gửi ông/bà Nguyễn Văn Tư," in email.body
    assert "Trung tâm xin lỗi; kết quả đã sẵn sàng." in email.body
    assert f"/phan-anh-kien-nghi/{fb.reference}/?s={fb.secret}" in email.body  # his own page
    assert "Trung tâm Phục vụ hành chính công Phường Phú Khương" in email.body
    assert sms.body.startswith(f"Phan anh, kien nghi {fb.reference} da co tra loi.")  # unaccented SMS
    message = NotificationMessage.objects.get(channel="email")
    assert message.kind == Kind.FEEDBACK_ANSWERED and message.reference == fb.reference and message.dossier is None


def test_a_request_for_details_asks_the_sender_on_the_channel_he_left(world, recorder, frozen):
    fb = send(world, phone="0913742518")
    feedback.request_feedback_details(fb, world.p.tuan, request="Ông đến vào những ngày nào?")
    services.send_due()
    assert [m.channel for m in RecordingSender.sent] == ["sms"]
    assert "de nghi ong/ba bo sung thong tin" in RecordingSender.sent[0].body
    assert NotificationMessage.objects.get().kind == Kind.FEEDBACK_DETAILS


def test_a_refused_step_tells_nobody(world, recorder, frozen):
    fb = send(world, email="tu@example.vn")
    with pytest.raises(feedback.FeedbackError):
        feedback.resolve_feedback(fb, world.p.tuan, answer="  ")
    feedback.reject_feedback(fb, world.p.tuan, reason="Trùng với phản ánh đã trả lời.")
    assert not NotificationMessage.objects.exists()  # a refusal at intake is shown on his page only


def test_a_failed_answer_notice_is_retried_like_any_other(world, recorder, frozen):
    from motcua.integrations.notifications.senders import SendError

    fb = send(world, email="tu@example.vn")
    feedback.resolve_feedback(fb, world.p.tuan, answer="Đã xử lý.")
    RecordingSender.script = [SendError("SMTP 451")]
    services.send_due()
    message = NotificationMessage.objects.get()
    assert message.state == NotificationMessage.State.PENDING and message.attempts == 1
    assert message.last_error == "SMTP 451"

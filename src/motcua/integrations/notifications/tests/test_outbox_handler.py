"""Dossier events become messages to the applicant (issue 6 §5): which events, what they say, once each."""

from __future__ import annotations

import pytest
from django.core import mail

from motcua.dossiers import outbox
from motcua.dossiers import services as s
from motcua.dossiers.models import OutboxEvent
from motcua.dossiers.tests.conftest import applicant, at, walk
from motcua.dossiers.workflow import Stage
from motcua.integrations.notifications import services
from motcua.integrations.notifications.compose import unaccented
from motcua.integrations.notifications.models import NotificationMessage

pytestmark = pytest.mark.django_db


def last_event(dossier) -> OutboxEvent:
    return OutboxEvent.objects.filter(dossier=dossier).order_by("-id").first()


def messages_of(dossier, channel):
    return list(NotificationMessage.objects.filter(dossier=dossier, channel=channel).order_by("id"))


def test_the_handler_is_registered_with_the_dossier_outbox():
    assert services.handle_outbox_event in outbox.handlers_for("dossier.status_changed")
    assert services.handle_outbox_event in outbox.handlers_for("dossier.updated")


def test_receipt_is_told_by_email_and_sms_in_vietnamese(world, frozen, recorder):
    dossier = walk(world, Stage.ACCEPTED)
    created = services.handle_outbox_event(last_event(dossier))
    assert {m.channel for m in created} == {"email", "sms"}
    email = messages_of(dossier, "email")[0]
    assert email.recipient == "mai@example.vn" and email.kind == "received"
    assert email.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    for text in (
        "Kính gửi ông/bà Nguyễn Thị Mai",
        "Thủ tục đăng ký khai sinh",
        "08 giờ 00 phút, ngày 05/03/2026",
        f"/tra-cuu/{dossier.code}/?s={dossier.lookup_secret}",
        dossier.lookup_secret,
    ):
        assert text in email.body, text
    sms = messages_of(dossier, "sms")[0]
    assert sms.recipient == "0912345678"
    assert sms.body.startswith(f"Ho so {dossier.code} da duoc tiep nhan. Hen tra ket qua: 08 gio 00 phut")
    assert sms.body == unaccented(sms.body)  # brandname SMS without diacritics


def test_a_redelivered_event_makes_no_second_message(world, frozen, recorder):
    dossier = walk(world, Stage.ACCEPTED)
    event = last_event(dossier)
    services.handle_outbox_event(event)
    assert services.handle_outbox_event(event) == []
    assert NotificationMessage.objects.filter(dossier=dossier).count() == 2


def test_supplement_request_lists_what_is_missing(world, frozen, recorder):
    dossier = walk(world, Stage.SUPPLEMENT_REQUESTED)
    services.handle_outbox_event(last_event(dossier))
    body = messages_of(dossier, "email")[0].body
    assert "bổ sung hồ sơ" in body and "1. Giấy chứng sinh — Bản chụp mờ" in body
    assert "Thời hạn giải quyết tạm dừng" in body


def test_apology_gives_the_reason_and_the_new_date(world, frozen, recorder):
    dossier = walk(world, Stage.IN_STEP)
    dossier = s.apologise(dossier, world.p.hoa, new_due_at=at(9, 17), reason="Chờ xác minh của Công an")
    services.handle_outbox_event(last_event(dossier))
    email = messages_of(dossier, "email")[0]
    assert email.kind == "reappointed" and email.subject.startswith("Thư xin lỗi và hẹn lại ngày trả kết quả")
    for text in (
        "chân thành xin lỗi",
        "Chờ xác minh của Công an",
        "Ngày hẹn ban đầu: 08 giờ 00 phút, ngày 05/03/2026",
        "Ngày hẹn mới: 17 giờ 00 phút, ngày 09/03/2026",
    ):
        assert text in email.body, text


def test_result_ready_says_where_and_the_fee_due(world, frozen, recorder):
    dossier = walk(world, Stage.DONE)
    services.handle_outbox_event(last_event(dossier))
    email = messages_of(dossier, "email")[0]
    assert email.kind == "result_ready"
    assert "Trung tâm Phục vụ hành chính công Phường Phú Khương" in email.body
    assert "8.000 đồng" in email.body  # DOMAIN §11: result ready, fee unpaid


def test_online_submission_and_refusal(world, frozen, recorder):
    submitted = walk(world, Stage.SUBMITTED)
    services.handle_outbox_event(last_event(submitted))
    assert messages_of(submitted, "email")[0].kind == "submitted"
    refused = s.refuse_intake(submitted, world.p.lan, reasons=["Không thuộc thẩm quyền của xã"])
    services.handle_outbox_event(last_event(refused))
    refusal = messages_of(refused, "email")[-1]
    assert refusal.kind == "refused" and "- Không thuộc thẩm quyền của xã" in refusal.body


def test_completion_request_at_intake(world, frozen, recorder):
    dossier = walk(world, Stage.COMPLETION_REQUESTED)
    services.handle_outbox_event(last_event(dossier))
    email = messages_of(dossier, "email")[0]
    assert email.kind == "completion_requested" and "Thiếu giấy chứng sinh" in email.body
    assert f"/ho-so-cua-toi/{dossier.uid}/" in email.body  # no code yet: the citizen's own page


def test_internal_steps_are_not_pushed(world, frozen, recorder):
    dossier = walk(world, Stage.TRANSFERRED)
    assert services.handle_outbox_event(last_event(dossier)) == []


def test_no_address_no_message_on_that_channel(world, frozen, recorder, settings):
    dossier = s.receive_dossier(
        world.p.lan,
        centre=world.p.phu_khuong,
        procedure=world.c.khai_sinh,
        applicant=applicant(id_number="086090009999", email="", name="Trần Văn Út"),
        documents=[s.DocumentData(document=1)],
    )
    assert [m.channel for m in services.handle_outbox_event(last_event(dossier))] == ["sms"]
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "SMS_SENDER": ""}  # SMS switched off
    other = walk(world, Stage.ACCEPTED)
    assert [m.channel for m in services.handle_outbox_event(last_event(other))] == ["email"]


def test_end_to_end_after_commit(world, frozen, settings, django_capture_on_commit_callbacks):
    """The real path: commit → outbox dispatch task → handler → sending task → Django's e-mail backend."""
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "SEND_ON_ENQUEUE": True,
        "EMAIL_SENDER": "motcua.integrations.notifications.senders.SmtpEmailSender",
    }
    with django_capture_on_commit_callbacks(execute=True):
        dossier = walk(world, Stage.ACCEPTED)
    message = NotificationMessage.objects.get(dossier=dossier, channel="email")
    assert message.state == "sent" and message.attempts == 1
    assert [m.subject for m in mail.outbox] == [f"Hồ sơ {dossier.code} đã được tiếp nhận"]
    assert mail.outbox[0].to == ["mai@example.vn"]
    assert last_event(dossier).dispatched_at is not None

"""Sending with retries: exponential backoff, a visible failed state, resend, no double sending."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.dossiers.models import OutboxEvent
from motcua.dossiers.tests.conftest import walk
from motcua.dossiers.workflow import Stage
from motcua.integrations.notifications import services
from motcua.integrations.notifications.models import NotificationMessage
from motcua.lib import clock

from .conftest import SendError

pytestmark = pytest.mark.django_db
State = NotificationMessage.State


@pytest.fixture
def message(world, frozen, recorder, settings):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "SMS_SENDER": ""}  # one message (e-mail) per event
    dossier = walk(world, Stage.ACCEPTED)
    (created,) = services.handle_outbox_event(OutboxEvent.objects.filter(dossier=dossier).latest("id"))
    return created


def fresh(message) -> NotificationMessage:
    return NotificationMessage.objects.get(pk=message.pk)


def test_a_due_message_is_sent(message, recorder):
    report = services.send_due()
    assert (report.attempted, report.sent) == (1, 1)
    sent = fresh(message)
    assert (sent.state, sent.attempts, sent.provider_reference) == (State.SENT, 1, "ref-1")
    assert recorder.sent[0].recipient == "mai@example.vn"


def test_temporary_faults_are_retried_with_exponential_backoff(message, recorder, frozen):
    recorder.script = [SendError("máy chủ thư bận"), ConnectionResetError("reset"), SendError("hết thời gian chờ")]
    expected_waits = [60, 120, 150]  # 60 · 2^(n−1), capped at 150 s
    for attempt, wait in enumerate(expected_waits, start=1):
        report = services.send_due()
        assert report.retrying == 1
        pending = fresh(message)
        assert (pending.state, pending.attempts) == (State.PENDING, attempt)
        assert pending.next_attempt_at == clock.now() + dt.timedelta(seconds=wait)
        assert services.send_due().attempted == 0  # not due yet
        frozen(dt.timedelta(seconds=wait))
    assert fresh(message).last_error == "hết thời gian chờ"
    assert services.send_due().sent == 1  # the 4th attempt goes through
    assert (fresh(message).state, fresh(message).attempts, fresh(message).last_error) == (State.SENT, 4, "")


def test_after_the_last_attempt_the_message_is_failed_and_visible(message, recorder, frozen):
    recorder.script = [SendError("lỗi mạng")] * 4
    for _ in range(4):
        services.send_due()
        frozen(dt.timedelta(hours=1))
    failed = fresh(message)
    assert (failed.state, failed.attempts, failed.last_error) == (State.FAILED, 4, "lỗi mạng")
    assert failed.failed_at is not None and failed.next_attempt_at is None
    assert services.send_due().attempted == 0  # no more automatic attempts


def test_a_permanent_refusal_fails_at_once(message, recorder):
    recorder.script = [SendError("địa chỉ không tồn tại", permanent=True)]
    assert services.send_due().failed == 1
    assert (fresh(message).state, fresh(message).attempts) == (State.FAILED, 1)


def test_a_switched_off_channel_fails_visibly(message, settings):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "EMAIL_SENDER": ""}
    services.send_due()
    assert fresh(message).state == State.FAILED and "tắt" in fresh(message).last_error


def test_resend_puts_a_failed_message_back(message, recorder, admin_user):
    recorder.script = [SendError("x", permanent=True)]
    services.send_due()
    assert services.resend(fresh(message), by=admin_user)
    again = fresh(message)
    assert (again.state, again.attempts, again.resend_count, again.resent_by) == (State.PENDING, 0, 1, admin_user)
    assert services.send_due().sent == 1
    assert fresh(message).state == State.SENT


def test_a_pending_message_is_not_resent(message):
    assert not services.resend(message)


def test_a_message_claimed_by_another_worker_is_left_alone(message, recorder):
    NotificationMessage.objects.filter(pk=message.pk).update(claimed_until=clock.now() + dt.timedelta(minutes=1))
    assert services.send_due().attempted == 0
    assert recorder.sent == []


def test_an_abandoned_claim_expires(message, recorder, frozen):
    NotificationMessage.objects.filter(pk=message.pk).update(claimed_until=clock.now() + services.LEASE)
    frozen(services.LEASE + dt.timedelta(seconds=1))
    assert services.send_due().sent == 1


def test_the_command_sends_once_and_reports(message, recorder):
    out = StringIO()
    call_command("send_notifications", "--once", stdout=out)
    assert "Đã thử gửi 1 thông báo: 1 thành công, 0 chờ gửi lại, 0 gửi lỗi." in out.getvalue()


def test_the_command_keeps_polling_quietly_until_stopped(message, recorder, monkeypatch):
    """Without --once: the first pass sends and says so, idle passes print nothing, Ctrl-C ends it."""
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr("motcua.integrations.polling.time.sleep", sleep)
    out = StringIO()
    call_command("send_notifications", "--interval", "5", stdout=out)
    assert naps == [5, 5, 5]
    assert out.getvalue().splitlines() == ["Đã thử gửi 1 thông báo: 1 thành công, 0 chờ gửi lại, 0 gửi lỗi."]


def test_the_admin_lists_failures_and_resends(message, recorder, admin_client):
    recorder.script = [SendError("gateway 400", permanent=True)]
    services.send_due()
    listing = admin_client.get("/admin/notifications/notificationmessage/?state__exact=failed")
    assert "gateway 400" in listing.content.decode() and "Gửi lỗi" in listing.content.decode()
    response = admin_client.post(
        "/admin/notifications/notificationmessage/",
        {"action": "resend_selected", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    assert fresh(message).state == State.PENDING


def test_backoff_is_capped():
    from django.test import override_settings

    with override_settings(NOTIFICATIONS={"BACKOFF_SECONDS": 60, "BACKOFF_MAX_SECONDS": 3600}):
        assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]

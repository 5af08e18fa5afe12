"""Every change of the notification outbox is one function here (STYLE §2).

- :func:`handle_outbox_event` — the dossier outbox's handler: compose and queue the messages of one
  event (idempotent: one message per event and channel);
- :func:`queue_feedback_notice` — the sender of a phản ánh, kiến nghị is asked for details or gets the
  answer (called by :mod:`motcua.feedback.services` in their transaction);
- :func:`send_due` — send what is due, each message claimed with a compare-and-swap;
- :func:`resend` — an operator puts a failed (or sent) message back in the queue.

Retry policy (``settings.NOTIFICATIONS``):

1. A temporary fault (network, timeout, SMTP error, gateway 5xx/429) schedules the next attempt
   after ``BACKOFF_SECONDS × 2^(attempts − 1)``, capped at ``BACKOFF_MAX_SECONDS``.
2. After ``MAX_ATTEMPTS`` attempts, or at once for a permanent refusal (an address the mail server
   refuses, a 4xx from the SMS gateway, a channel switched off), the message is **failed**:
   visible in the admin list with its last error, and resendable.
3. No network call inside a transaction: the claim and the settlement are short updates; the
   sending happens between them. A worker that dies mid-send leaves a claim that expires after
   ``LEASE``; the message is then tried again (a rare duplicate beats a lost notice).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from motcua.lib import clock

from .compose import Composed, compose, compose_feedback_notice
from .models import NotificationMessage
from .senders import Outgoing, SendError, sender_for

log = logging.getLogger("motcua.notifications")

LEASE = dt.timedelta(minutes=5)


def _conf(key: str):
    return settings.NOTIFICATIONS[key]


def _channel_enabled(channel: str) -> bool:
    return bool(settings.NOTIFICATIONS.get("EMAIL_SENDER" if channel == "email" else "SMS_SENDER"))


def _schedule_send() -> None:
    """After commit, ask the task worker for a sending run."""
    if not _conf("SEND_ON_ENQUEUE"):
        return

    def enqueue() -> None:
        from .tasks import send_notifications_task

        try:
            send_notifications_task.enqueue()
        except Exception:  # the messages are committed; the next run (or the command) sends them
            log.exception("notifications: could not enqueue a sending run")

    transaction.on_commit(enqueue)


# --- queueing --------------------------------------------------------------------------------------------


def handle_outbox_event(event) -> list[NotificationMessage]:
    """Queue the applicant's messages for one dossier event (a handler of :mod:`motcua.dossiers.outbox`).

    Idempotent: the outbox may deliver an event again after a failure elsewhere; the (event,
    channel) unique constraint keeps one message each. No recipient on a channel → nothing for it.
    """
    composed = compose(event)
    if composed is None:
        return []
    applicant = event.dossier.applicant
    return _queue(composed, email=applicant.email, phone=applicant.phone, dossier=event.dossier, event=event)


def queue_feedback_notice(
    kind: str, *, email: str, phone: str, name: str, reference: str, subject: str, text: str, path: str,
    centre: str = "", centre_phone: str = "",
) -> list[NotificationMessage]:
    """Queue what the sender of a phản ánh, kiến nghị is told (details requested, or the answer) on
    the channels they left; called by the feedback services inside their transaction."""
    composed = compose_feedback_notice(
        kind, name=name, reference=reference, subject=subject, text=text, path=path, centre=centre,
        centre_phone=centre_phone,
    )
    return _queue(composed, email=email, phone=phone, reference=reference)


def _queue(composed: Composed, *, email: str, phone: str, dossier=None, event=None,
           reference: str = "") -> list[NotificationMessage]:
    wanted = []
    if email and _channel_enabled("email"):
        wanted.append((NotificationMessage.Channel.EMAIL, email, composed.email_body))
    if phone and _channel_enabled("sms"):
        wanted.append((NotificationMessage.Channel.SMS, phone, composed.sms_body))
    created = []
    now = clock.now()
    for channel, recipient, body in wanted:
        fields = {
            "kind": composed.kind,
            "recipient": recipient,
            "subject": composed.subject[:255],
            "body": body,
            "dossier": dossier,
            "reference": reference,
            "next_attempt_at": now,
            "created_at": now,
        }
        if event is None:
            created.append(NotificationMessage.objects.create(channel=channel, **fields))
            continue
        try:
            with transaction.atomic():
                message, made = NotificationMessage.objects.get_or_create(event=event, channel=channel,
                                                                          defaults=fields)
        except IntegrityError:  # a concurrent delivery of the same event created it
            continue
        if made:
            created.append(message)
    if created:
        log.info(
            "notifications.queued about=%s kind=%s channels=%s",
            dossier.key if dossier is not None else reference,
            composed.kind,
            ",".join(m.channel for m in created),
        )
        _schedule_send()
    return created


# --- sending ---------------------------------------------------------------------------------------------


@dataclass
class SendReport:
    attempted: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt ``attempts + 1`` (``attempts`` ≥ 1 already made)."""
    base, cap = _conf("BACKOFF_SECONDS"), _conf("BACKOFF_MAX_SECONDS")
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def _claim(message: NotificationMessage, now: dt.datetime) -> bool:
    claimed = NotificationMessage.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=message.pk,
        state=NotificationMessage.State.PENDING,
    ).update(claimed_until=now + LEASE)
    return claimed == 1


def _settle(message: NotificationMessage, **fields) -> None:
    NotificationMessage.objects.filter(pk=message.pk).update(claimed_until=None, **fields)


def send_one(message: NotificationMessage, *, now: dt.datetime | None = None) -> str:
    """Send a claimed message; returns its new state."""
    now = now or clock.now()
    attempts = message.attempts + 1
    sender = sender_for(message.channel)
    try:
        if sender is None:
            raise SendError("kênh gửi này đang tắt trong cấu hình", permanent=True)
        reference = sender.send(
            Outgoing(
                reference=f"motcua-{message.pk}",
                channel=message.channel,
                recipient=message.recipient,
                subject=message.subject,
                body=message.body,
            )
        )
    except Exception as exc:
        permanent = isinstance(exc, SendError) and exc.permanent
        error = str(exc) if isinstance(exc, SendError) else f"{type(exc).__name__}: {exc}"
        if permanent or attempts >= _conf("MAX_ATTEMPTS"):
            _settle(
                message,
                state=NotificationMessage.State.FAILED,
                attempts=attempts,
                failed_at=clock.now(),
                next_attempt_at=None,
                last_error=error[:2000],
            )
            log.warning("notifications.failed message=%s attempts=%s error=%s", message.pk, attempts, error)
            return NotificationMessage.State.FAILED
        _settle(message, attempts=attempts, next_attempt_at=now + backoff(attempts), last_error=error[:2000])
        log.info("notifications.retry message=%s attempts=%s error=%s", message.pk, attempts, error)
        return NotificationMessage.State.PENDING
    _settle(
        message,
        state=NotificationMessage.State.SENT,
        attempts=attempts,
        sent_at=clock.now(),
        next_attempt_at=None,
        last_error="",
        provider_reference=(reference or "")[:255],
    )
    return NotificationMessage.State.SENT


def send_due(limit: int | None = None) -> SendReport:
    """Send every pending message whose time has come (oldest first)."""
    now = clock.now()
    report = SendReport()
    due = (
        NotificationMessage.objects.filter(state=NotificationMessage.State.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "id")[: limit or _conf("BATCH_LIMIT")]
    )
    for message in list(due):
        if not _claim(message, now):
            continue  # another worker took it
        report.attempted += 1
        state = send_one(message, now=now)
        if state == NotificationMessage.State.SENT:
            report.sent += 1
        elif state == NotificationMessage.State.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report


def resend(message: NotificationMessage, *, by=None) -> bool:
    """Gửi lại: put a failed or sent message back in the queue now (attempts start again)."""
    with transaction.atomic():
        updated = NotificationMessage.objects.filter(
            pk=message.pk, state__in=(NotificationMessage.State.FAILED, NotificationMessage.State.SENT)
        ).update(
            state=NotificationMessage.State.PENDING,
            attempts=0,
            next_attempt_at=clock.now(),
            claimed_until=None,
            failed_at=None,
            resent_by=by,
            resend_count=F("resend_count") + 1,
        )
        if updated:
            log.info("notifications.resent message=%s by=%s", message.pk, getattr(by, "pk", None))
            _schedule_send()
    return bool(updated)

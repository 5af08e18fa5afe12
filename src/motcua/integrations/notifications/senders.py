"""Pluggable senders: one class per way out, chosen per channel in ``settings.NOTIFICATIONS``.

A sender gets an :class:`Outgoing` message and either returns (optionally a provider reference) or
raises :class:`SendError` — ``permanent=True`` when trying again cannot help (a refused address, a
4xx from the SMS gateway), so the message is "failed" at once; otherwise it is retried with backoff.
Any other exception counts as a temporary fault.

- :class:`ConsoleSender` — logs the whole message (development, both channels);
- :class:`FileSender` — writes ``.eml`` (e-mail) / ``.txt`` (SMS) files under ``FILE_DIR`` (development,
  demo: what would have been sent, readable afterwards);
- :class:`SmtpEmailSender` — Django's e-mail backend (``EMAIL_HOST`` …; the test runner's memory backend);
- :class:`HttpSmsSender` — a generic HTTP SMS gateway: ``POST SMS_URL`` with JSON
  ``{"to", "text", "sender", "reference"}`` and ``Authorization: Bearer SMS_TOKEN``; 2xx = accepted
  (an ``id`` in the JSON answer is kept), 408/429/5xx/network = retry, other 4xx = refused.
  Adapt the payload in a subclass for a specific provider.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from motcua.lib import clock

log = logging.getLogger("motcua.notifications")


@dataclass(frozen=True)
class Outgoing:
    reference: str  # our id of the message (idempotency key for gateways that take one)
    channel: str  # "email" | "sms"
    recipient: str
    subject: str
    body: str


class SendError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Sender:
    """Base class. Subclasses implement :meth:`send`."""

    def __init__(self, conf: dict | None = None) -> None:
        self.conf = conf if conf is not None else settings.NOTIFICATIONS

    def send(self, message: Outgoing) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSender(Sender):
    def send(self, message: Outgoing) -> str:
        log.info(
            "notification %s to %s via %s\n%s\n\n%s",
            message.reference,
            message.recipient,
            message.channel,
            message.subject,
            message.body,
        )
        return ""


class FileSender(Sender):
    def send(self, message: Outgoing) -> str:
        folder = Path(self.conf["FILE_DIR"]) / clock.local_now().strftime("%Y%m%d")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if message.channel == "email":
                mail = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
                path = folder / f"{message.reference}-email.eml"
                path.write_bytes(mail.message().as_bytes())
            else:
                path = folder / f"{message.reference}-sms.txt"
                path.write_text(f"To: {message.recipient}\n\n{message.body}\n", encoding="utf-8")
        except OSError as exc:
            raise SendError(f"không ghi được tệp thông báo: {exc}") from exc
        return str(path)


class SmtpEmailSender(Sender):
    def send(self, message: Outgoing) -> str:
        mail = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
        try:
            mail.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendError(f"máy chủ thư từ chối địa chỉ người nhận: {exc.recipients}", permanent=True) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise SendError(f"lỗi gửi thư: {exc}") from exc
        return mail.extra_headers.get("Message-ID", "")


class HttpSmsSender(Sender):
    def payload(self, message: Outgoing) -> dict:
        return {
            "to": message.recipient,
            "text": message.body,
            "sender": self.conf.get("SMS_SENDER_NAME", ""),
            "reference": message.reference,
        }

    def send(self, message: Outgoing) -> str:
        url = self.conf.get("SMS_URL", "")
        if not url:
            raise SendError("chưa cấu hình cổng gửi tin nhắn (MOTCUA_SMS_URL)", permanent=True)
        data = json.dumps(self.payload(message), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=data, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        if self.conf.get("SMS_TOKEN"):
            request.add_header("Authorization", f"Bearer {self.conf['SMS_TOKEN']}")
        try:
            with urllib.request.urlopen(request, timeout=self.conf.get("SMS_TIMEOUT", 10)) as response:
                body = response.read(65536)
        except urllib.error.HTTPError as exc:
            retry = exc.code in (408, 429) or exc.code >= 500
            raise SendError(f"cổng tin nhắn trả lời HTTP {exc.code}", permanent=not retry) from exc
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            raise SendError(f"không kết nối được cổng tin nhắn: {exc}") from exc
        try:
            answer = json.loads(body or b"{}")
        except ValueError:
            return ""
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""


@cache
def _sender_class(path: str) -> type[Sender]:
    return import_string(path)


def sender_for(channel: str) -> Sender | None:
    """The configured sender of a channel, or None when the channel is off."""
    path = settings.NOTIFICATIONS.get("EMAIL_SENDER" if channel == "email" else "SMS_SENDER", "")
    return _sender_class(path)() if path else None

"""The senders: files for development, Django's e-mail backend, a generic HTTP SMS gateway."""

from __future__ import annotations

import email
import json
import smtplib
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.core import mail
from django.core.checks import run_checks

from motcua.integrations.notifications.senders import (
    FileSender,
    HttpSmsSender,
    Outgoing,
    SendError,
    SmtpEmailSender,
)

EMAIL = Outgoing(
    "motcua-7",
    "email",
    "mai@example.vn",
    "Hồ sơ 000.00.28.H56-260302-0001 đã được tiếp nhận",
    "Kính gửi ông/bà Nguyễn Thị Mai,\n\nHồ sơ đã được tiếp nhận.\n",
)
SMS = Outgoing("motcua-8", "sms", "0912345678", "", "Ho so 000.00.28.H56-260302-0001 da duoc tiep nhan.")


def test_file_sender_writes_an_eml_and_a_txt(tmp_path, settings):
    sender = FileSender({"FILE_DIR": tmp_path})
    eml = sender.send(EMAIL)
    message = email.message_from_bytes(Path(eml).read_bytes(), policy=policy.default)
    assert message["To"] == "mai@example.vn"
    assert message["Subject"].strip() == EMAIL.subject
    assert "Nguyễn Thị Mai" in message.get_content()
    txt = sender.send(SMS)
    assert txt.endswith("motcua-8-sms.txt")
    assert Path(txt).read_text(encoding="utf-8") == f"To: 0912345678\n\n{SMS.body}\n"


def test_file_sender_reports_a_disk_problem_as_temporary(tmp_path):
    blocker = tmp_path / "outbox"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(SendError) as caught:
        FileSender({"FILE_DIR": blocker}).send(SMS)
    assert not caught.value.permanent


def test_smtp_sender_uses_djangos_email_backend():
    SmtpEmailSender({}).send(EMAIL)
    assert [(m.subject, m.to) for m in mail.outbox] == [(EMAIL.subject, ["mai@example.vn"])]


def test_smtp_refused_recipient_is_permanent(monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"mai@example.vn": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(SendError) as caught:
        SmtpEmailSender({}).send(EMAIL)
    assert caught.value.permanent


def test_smtp_connection_problem_is_temporary(monkeypatch):
    def down(self, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    with pytest.raises(SendError) as caught:
        SmtpEmailSender({}).send(EMAIL)
    assert not caught.value.permanent


class Gateway:
    """A local HTTP SMS gateway answering with a scripted status."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.answer = {"id": "gw-123"}
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.requests.append((dict(self.headers), json.loads(self.rfile.read(length))))
                body = json.dumps(gateway.answer).encode()
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def conf(self, **overrides):
        return {
            "SMS_URL": self.url,
            "SMS_TOKEN": "t0ken",
            "SMS_SENDER_NAME": "UBND TINH",
            "SMS_TIMEOUT": 5,
            **overrides,
        }


@pytest.fixture
def gateway():
    server = Gateway()
    yield server
    server.server.shutdown()


def test_http_sms_posts_json_with_a_bearer_token(gateway):
    assert HttpSmsSender(gateway.conf()).send(SMS) == "gw-123"
    headers, payload = gateway.requests[0]
    assert headers["Authorization"] == "Bearer t0ken"
    assert payload == {"to": "0912345678", "text": SMS.body, "sender": "UBND TINH", "reference": "motcua-8"}


@pytest.mark.parametrize("status, permanent", [(500, False), (503, False), (429, False), (400, True), (401, True)])
def test_http_sms_gateway_errors(gateway, status, permanent):
    gateway.status = status
    with pytest.raises(SendError) as caught:
        HttpSmsSender(gateway.conf()).send(SMS)
    assert caught.value.permanent is permanent and str(status) in str(caught.value)


def test_http_sms_unreachable_gateway_is_temporary():
    with pytest.raises(SendError) as caught:
        HttpSmsSender({"SMS_URL": "http://127.0.0.1:9/sms", "SMS_TIMEOUT": 2}).send(SMS)
    assert not caught.value.permanent


def test_http_sms_without_url_is_a_configuration_error():
    with pytest.raises(SendError) as caught:
        HttpSmsSender({"SMS_URL": ""}).send(SMS)
    assert caught.value.permanent


def test_a_misspelt_sender_class_stops_startup_checks(settings):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "SMS_SENDER": "motcua.integrations.notifications.senders.Nope"}
    assert "notifications.E001" in [e.id for e in run_checks()]

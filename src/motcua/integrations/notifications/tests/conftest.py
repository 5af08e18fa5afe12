"""Fixtures of the notification tests: the dossier app's small catalogue and walkers, and fake senders.

Dossiers are made through the dossier services (``motcua.dossiers.tests.conftest`` helpers); the
applicant is Nguyễn Thị Mai (mai@example.vn, 0912345678). Time is frozen at Monday 2 March 2026 08:00.
"""

from __future__ import annotations

import pytest

from motcua.dossiers.tests.conftest import T0, build_catalogue, build_world
from motcua.integrations.notifications.senders import Sender, SendError
from motcua.lib import clock


@pytest.fixture
def calendar(db):
    from motcua.worktime.loading import load_calendar

    return load_calendar(province_code="86")


@pytest.fixture
def world(personas, calendar):
    return build_world(personas, build_catalogue())


@pytest.fixture
def frozen():
    with clock.frozen(T0) as advance:
        yield advance


class RecordingSender(Sender):
    """Accepts everything, remembers it; ``script`` (class-level) makes the next sends fail."""

    sent: list = []
    script: list = []  # each item: None (success), or an exception to raise

    def send(self, message):
        outcome = RecordingSender.script.pop(0) if RecordingSender.script else None
        if outcome is not None:
            raise outcome
        RecordingSender.sent.append(message)
        return f"ref-{len(RecordingSender.sent)}"


@pytest.fixture
def recorder(settings):
    RecordingSender.sent, RecordingSender.script = [], []
    path = f"{__name__}.RecordingSender"
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "EMAIL_SENDER": path,
        "SMS_SENDER": path,
        "MAX_ATTEMPTS": 4,
        "BACKOFF_SECONDS": 60,
        "BACKOFF_MAX_SECONDS": 150,
        "SEND_ON_ENQUEUE": False,
    }
    return RecordingSender


__all__ = ["RecordingSender", "SendError"]

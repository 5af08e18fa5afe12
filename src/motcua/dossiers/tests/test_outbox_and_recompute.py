"""Outbox events after commit, and due moments recomputed when the official calendar changes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from motcua.dossiers import outbox
from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import AuditEntry, OutboxEvent
from motcua.dossiers.workflow import Stage
from motcua.worktime import services as worktime

from .conftest import at, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    seen = []

    def handle(event):
        seen.append((event.kind, event.status_code, event.payload["action"]))

    outbox.register("dossier.status_changed", handle)
    yield seen
    outbox.unregister("dossier.status_changed", handle)


def test_events_carry_the_national_status_and_are_dispatched_after_commit(
    world, frozen, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier = walk(world, Stage.ACCEPTED)
    assert callbacks  # nothing is sent before the commit
    assert handler == [("dossier.status_changed", 2, "receive")]
    assert OutboxEvent.objects.get(dossier=dossier).dispatched_at is not None


def test_events_without_a_handler_wait(world, frozen, django_capture_on_commit_callbacks, monkeypatch):
    # As on a deployment where no integration is installed yet: nothing is registered.
    monkeypatch.setattr(outbox, "_handlers", defaultdict(list))
    with django_capture_on_commit_callbacks(execute=True):
        dossier = walk(world, Stage.ACCEPTED)
    event = OutboxEvent.objects.get(dossier=dossier)
    assert event.dispatched_at is None  # the national sync, registered later, will still get it


def test_a_failing_handler_keeps_the_event_pending(world, frozen, django_capture_on_commit_callbacks):
    def broken(event):
        raise RuntimeError("gateway down")

    outbox.register("*", broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            dossier = walk(world, Stage.ACCEPTED)
    finally:
        outbox.unregister("*", broken)
    event = OutboxEvent.objects.get(dossier=dossier)
    assert (event.dispatched_at, event.attempts) == (None, 1) and "gateway down" in event.last_error


def test_a_rolled_back_change_emits_nothing(world, frozen, django_capture_on_commit_callbacks):
    dossier = walk(world, Stage.ACCEPTED)
    count = OutboxEvent.objects.count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(DossierError):
        s.transfer_dossier(dossier, world.p.minh)
    assert OutboxEvent.objects.count() == count and callbacks == []


def test_a_new_day_off_moves_open_deadlines(world, frozen, django_capture_on_commit_callbacks):
    dossier = walk(world, Stage.IN_STEP)
    done = walk(world, Stage.DONE)
    assert dossier.due_at == at(5, 8)
    with django_capture_on_commit_callbacks(execute=True):
        worktime.set_day(
            "86",
            dt.date(2026, 3, 4),
            kind="swapped_day_off",
            name="Nghỉ bù",
            source="QĐ thử",
            by=world.p.quan,
            reason="Thông báo mới",
        )
    dossier.refresh_from_db()
    assert dossier.due_at == at(6, 8) and dossier.original_due_at == at(5, 8)  # receipt kept
    entry = AuditEntry.objects.filter(action="dossier.deadline.recomputed").get()
    assert entry.object_ref == dossier.code and entry.data["due_after"] == at(6, 8).isoformat()
    done.refresh_from_db()
    assert done.due_at == at(5, 8)  # finished dossiers are not touched


def test_recomputation_is_idempotent_and_a_command(world, frozen):
    from io import StringIO

    from django.core.management import call_command

    dossier = walk(world, Stage.IN_STEP)
    out = StringIO()
    call_command("recompute_deadlines", "--province", "86", stdout=out)
    assert "0 hồ sơ" in out.getvalue()
    with_day_off = worktime.set_day  # a change committed without the signal running (e.g. a bulk import)
    with_day_off(
        "86", dt.date(2026, 3, 3), kind="swapped_day_off", name="Nghỉ", source="QĐ", by=world.p.quan, reason="thử"
    )
    call_command("recompute_deadlines", stdout=out)
    dossier.refresh_from_db()
    assert dossier.due_at == at(6, 8) and "1 hồ sơ" in out.getvalue()
    version = dossier.row_version
    call_command("recompute_deadlines", stdout=out)
    dossier.refresh_from_db()
    assert dossier.row_version == version


@pytest.mark.parametrize(
    ("effective_from", "due_after"),
    [
        # DOMAIN §6: the appointment is counted on the receiving centre's sessions in force on the
        # acceptance date. Sessions 08:30–12:00 and 13:00–17:30 (still 8 working hours): counting
        # starts at 08:30, so three whole working days end on Wednesday at 17:30.
        (dt.date(2026, 3, 2), at(4, 17, 30)),
        # A schedule that takes effect after the acceptance leaves the dossier as it was.
        (dt.date(2026, 3, 3), at(5, 8)),
    ],
)
def test_a_centre_schedule_change_moves_the_deadlines_it_governs(
    world, frozen, django_capture_on_commit_callbacks, effective_from, due_after
):
    dossier = walk(world, Stage.IN_STEP)  # accepted Monday 2/3 at 08:00 at Phú Khương
    assert dossier.due_at == at(5, 8)
    with django_capture_on_commit_callbacks(execute=True):
        worktime.set_centre_schedule(
            world.p.phu_khuong.code,
            effective_from=effective_from,
            sessions=[(dt.time(8, 30), dt.time(12, 0)), (dt.time(13, 0), dt.time(17, 30))],
            by=world.p.quan,
            reason="Quyết định điều chỉnh giờ làm việc",
        )
    dossier.refresh_from_db()
    assert dossier.due_at == due_after and dossier.original_due_at == at(5, 8)
    moved = AuditEntry.objects.filter(action="dossier.deadline.recomputed", object_ref=dossier.code)
    assert moved.count() == (1 if due_after != at(5, 8) else 0)

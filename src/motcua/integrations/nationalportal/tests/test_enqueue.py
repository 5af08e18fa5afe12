"""enqueue_snapshot: one record per dossier, latest state wins, late older states are ignored."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from motcua.integrations.nationalportal import services
from motcua.integrations.nationalportal.messages import MessageError
from motcua.integrations.nationalportal.models import SyncProgress, SyncRecord, SyncState
from motcua.lib import clock

from .factories import CODE, RECEIVED, lifecycle, make_progress, make_snapshot

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 2, 13, 9, 30, tzinfo=dt.UTC)


def test_the_first_snapshot_creates_a_pending_record_due_now():
    with clock.frozen(NOW):
        result = services.enqueue_snapshot(make_snapshot(), progress=make_progress(2, RECEIVED))
    record = result.record
    assert result.outcome == "created"
    assert result.new_progress == 1
    assert (record.dossier_code, record.state, record.status_code, record.sequence) == (CODE, "pending", 2, 1)
    assert record.next_attempt_at == NOW
    assert record.received_at == RECEIVED
    assert record.payload["NgayTiepNhan"] == "20260213162000"


def test_the_same_snapshot_twice_changes_nothing():
    first = services.enqueue_snapshot(make_snapshot(), progress=make_progress(2, RECEIVED))
    again = services.enqueue_snapshot(make_snapshot(), progress=make_progress(2, RECEIVED))
    assert again.outcome == "duplicate"
    assert again.new_progress == 0
    assert SyncRecord.objects.count() == 1
    assert SyncProgress.objects.count() == 1
    assert again.record.payload_hash == first.record.payload_hash


def test_a_newer_state_replaces_the_queued_one():
    steps = lifecycle()
    for snapshot, progress in steps[:3]:
        services.enqueue_snapshot(snapshot, progress)
    record = SyncRecord.objects.get()
    assert (record.sequence, record.status_code, record.payload["TrangThaiHoSo"]) == (3, 5, "5")
    assert record.progress.count() == 3


def test_a_late_older_state_never_overwrites_a_newer_one():
    steps = lifecycle()
    services.enqueue_snapshot(*steps[3])  # 4 (back to processing after the supplement), sequence 4
    late = services.enqueue_snapshot(*steps[2])  # 5 (supplement requested), sequence 3, arrives late
    record = SyncRecord.objects.get()
    assert late.outcome == "stale"
    assert (record.sequence, record.status_code) == (4, 4)
    # its timeline entry is still a fact the portal must show
    assert late.new_progress == 1
    assert sorted(record.progress.values_list("status_code", flat=True)) == [4, 5]


def test_status_codes_do_not_order_states():
    # 5 → 4 is a newer state (sequence 4) although its code is lower
    steps = lifecycle()
    services.enqueue_snapshot(*steps[2])
    result = services.enqueue_snapshot(*steps[3])
    assert result.outcome == "updated"
    assert SyncRecord.objects.get().status_code == 4


def test_new_content_revives_an_acknowledged_record():
    result = services.enqueue_snapshot(make_snapshot())
    SyncRecord.objects.filter(pk=result.record.pk).update(
        state=SyncState.ACKNOWLEDGED, pushed_hash=result.record.payload_hash, portal_has_record=True
    )
    with clock.frozen(NOW):
        services.enqueue_snapshot(make_snapshot(sequence=2, TrangThaiHoSo=4))
    record = SyncRecord.objects.get()
    assert (record.state, record.next_attempt_at) == ("pending", NOW)


def test_a_new_sequence_with_the_same_content_needs_no_sending():
    result = services.enqueue_snapshot(make_snapshot())
    SyncRecord.objects.filter(pk=result.record.pk).update(
        state=SyncState.ACKNOWLEDGED, pushed_hash=result.record.payload_hash, portal_has_record=True
    )
    again = services.enqueue_snapshot(make_snapshot(sequence=2))
    assert again.outcome == "updated"
    assert again.record.state == SyncState.ACKNOWLEDGED


def test_a_new_timeline_entry_alone_makes_an_acknowledged_record_pending():
    result = services.enqueue_snapshot(make_snapshot())
    SyncRecord.objects.filter(pk=result.record.pk).update(
        state=SyncState.ACKNOWLEDGED, pushed_hash=result.record.payload_hash
    )
    again = services.enqueue_snapshot(make_snapshot(), progress=make_progress(2, RECEIVED))
    assert (again.outcome, again.new_progress, again.record.state) == ("duplicate", 1, "pending")


def test_a_snapshot_arriving_while_one_is_sent_keeps_the_claim():
    result = services.enqueue_snapshot(make_snapshot())
    SyncRecord.objects.filter(pk=result.record.pk).update(state=SyncState.SENT)
    again = services.enqueue_snapshot(make_snapshot(sequence=2, TrangThaiHoSo=4))
    assert again.record.state == SyncState.SENT  # the dispatcher re-queues it when it settles
    assert again.record.sequence == 2


def test_an_invalid_snapshot_becomes_a_dead_letter_with_its_reasons():
    result = services.enqueue_snapshot(make_snapshot(MaLinhVuc="", TrangThaiHoSo=12))
    record = result.record
    assert result.outcome == "invalid"
    assert record.state == SyncState.DEAD
    assert record.payload_hash == ""
    assert "Thiếu mã lĩnh vực (MaLinhVuc)." in record.last_error
    assert "TrangThaiHoSo" in record.last_error


def test_a_valid_snapshot_replaces_an_invalid_one():
    services.enqueue_snapshot(make_snapshot(MaLinhVuc=""))
    result = services.enqueue_snapshot(make_snapshot(sequence=2))
    assert (result.outcome, result.record.state) == ("updated", "pending")
    assert result.record.payload_hash


def test_progress_of_another_dossier_is_refused():
    result = services.enqueue_snapshot(make_snapshot(), progress=make_progress(2, RECEIVED, MaHoSo="KHAC-0001"))
    assert result.outcome == "invalid"
    assert "Tiến độ thuộc hồ sơ KHAC-0001" in result.record.last_error


def test_a_snapshot_without_a_code_cannot_be_queued():
    with pytest.raises(MessageError, match="MaHoSo"):
        services.enqueue_snapshot(make_snapshot(MaHoSo="  "))
    assert not SyncRecord.objects.exists()


def test_dispatch_is_requested_after_commit(settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.NATIONAL_PORTAL = {
        **settings.NATIONAL_PORTAL,
        "URL": "http://gateway.invalid",
        "DISPATCH_ON_ENQUEUE": True,
    }
    requested = []
    from motcua.integrations.nationalportal import tasks

    monkeypatch.setattr(tasks, "dispatch_national_portal", SimpleNamespace(enqueue=lambda *a: requested.append(a)))
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_snapshot(make_snapshot())
    assert requested == [()]
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_snapshot(make_snapshot())  # duplicate: nothing new to send
    assert requested == [()]

"""Every committed dossier transition reaches the national-portal queue, in its final state."""

import pytest

from motcua.dossiers import outbox
from motcua.dossiers.tests.conftest import walk
from motcua.dossiers.workflow import Stage
from motcua.integrations.nationalportal.models import SyncRecord

pytestmark = pytest.mark.django_db


def test_a_returned_dossier_is_queued_once_with_its_whole_progress(world, frozen):
    dossier = walk(world, Stage.RETURNED)

    outbox.dispatch_pending()

    record = SyncRecord.objects.get(dossier_code=dossier.code)
    assert record.status_code == 10  # Đã trả kết quả
    assert record.state != "dead", record.last_error
    assert record.payload["MaTTHC"] == dossier.procedure.code
    assert record.payload["ChuHoSo"] == dossier.applicant.name
    # One progress entry per transition: received, transferred, assigned, step, approved, done, returned.
    assert record.progress.count() == dossier.transitions.count()
    assert sorted(record.progress.values_list("status_code", flat=True))[-1] == 10


def test_redelivering_the_outbox_changes_nothing(world, frozen):
    dossier = walk(world, Stage.DONE)
    outbox.dispatch_pending()
    before = SyncRecord.objects.get(dossier_code=dossier.code)
    progress = before.progress.count()

    # A crash after the handler ran but before the event was marked dispatched: deliver it again.
    from motcua.dossiers.models import OutboxEvent
    from motcua.integrations.nationalportal.dossier_sync import handle_outbox_event

    for event in OutboxEvent.objects.filter(dossier=dossier):
        handle_outbox_event(event)

    after = SyncRecord.objects.get(dossier_code=dossier.code)
    assert (after.sequence, after.status_code, after.payload_hash) == (before.sequence, 9, before.payload_hash)
    assert after.progress.count() == progress


def test_online_submission_without_a_code_is_not_sent_yet(world, frozen):
    walk(world, Stage.SUBMITTED)
    outbox.dispatch_pending()
    assert not SyncRecord.objects.exists()

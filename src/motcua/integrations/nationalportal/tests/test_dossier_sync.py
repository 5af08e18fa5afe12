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


def test_an_online_dossier_is_queued_at_acceptance_with_its_moments_at_status_1(world, frozen):
    import datetime as dt

    from motcua.dossiers import services as s
    from motcua.dossiers.models import Channel
    from motcua.dossiers.services import MissingItem
    from motcua.dossiers.tests.conftest import applicant, docs

    p = world.p
    dossier = s.submit_dossier(
        p.lan, centre=p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant(),
        channel=Channel.ONLINE, documents=docs(1),
    )
    frozen(dt.timedelta(hours=1))
    dossier = s.request_completion(dossier, p.lan, items=[MissingItem(2, "Thiếu giấy chứng sinh")])
    frozen(dt.timedelta(hours=1))
    dossier = s.complete_submission(dossier, p.lan, documents=docs(2))
    outbox.dispatch_pending()
    assert not SyncRecord.objects.exists()  # three events at status 1, none could be filed

    frozen(dt.timedelta(hours=1))
    dossier = s.accept_dossier(dossier, p.lan)
    outbox.dispatch_pending()
    outbox.dispatch_pending()  # nothing left: a second run adds nothing

    record = SyncRecord.objects.get(dossier_code=dossier.code)
    assert (record.status_code, record.payload["KenhThucHien"]) == (2, "2")
    progress = list(record.progress.order_by("occurred_at", "id"))
    assert [e.status_code for e in progress] == [1, 1, 1, 2]
    assert [e.occurred_at for e in progress] == list(dossier.transitions.order_by("seq").values_list("at", flat=True))
    assert {e.payload["MaHoSo"] for e in progress} == {dossier.code}
    assert [e.payload["NgayKetThucTheoQuyDinh"] for e in progress][:3] == ["", "", ""]  # no deadline before acceptance

    # The acceptance delivered again (a crash before it was marked dispatched) adds nothing.
    from motcua.dossiers.models import OutboxEvent
    from motcua.integrations.nationalportal.dossier_sync import handle_outbox_event

    handle_outbox_event(OutboxEvent.objects.filter(dossier=dossier).order_by("id").last())
    assert record.progress.count() == 4

"""The journal at the node and its application at the province, in one process (see conftest).

Issue 8 §1 (journal in order, unique ids, durable acknowledgement, resend changes nothing) and §2
(new dossiers cannot conflict; an action no longer allowed is kept and flagged, never dropped).
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from motcua.countersync import central, journal
from motcua.countersync.models import ConflictRecord, EntryKind, EntryState, JournalEntry, ReceivedEntry
from motcua.countersync.node import wire
from motcua.dossiers import replication
from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import AuditEntry, Dossier, DossierDocument, DossierFile
from motcua.dossiers.tests.conftest import T0, receive
from motcua.dossiers.workflow import Stage, Status
from motcua.lib import clock

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _entries() -> list[dict]:
    journal.journal_new_files()
    return [wire(e) for e in JournalEntry.objects.order_by("seq")]


def _forget(*dossiers) -> list[dict]:
    """The province's view before the sync: the node's dossiers do not exist there."""
    facts = []
    for d in dossiers:
        d.refresh_from_db()
        facts.append(replication.comparable(replication.export_state(d)))
        DossierDocument.objects.filter(dossier_id=d.pk).delete()
        Dossier.objects.filter(pk=d.pk).delete()
    return facts


def _facts(uid) -> dict:
    return replication.comparable(replication.export_state(Dossier.objects.get(uid=uid)))


def test_every_committed_change_is_journaled_with_it(world, roles):
    roles.node()
    with clock.frozen(T0):
        dossier = receive(world)
        s.transfer_dossier(dossier, world.p.lan, note="Chuyển")
        with pytest.raises(DossierError):  # refused: rolled back, nothing journaled
            s.return_result(dossier, world.p.lan, method="counter")
    create, transfer = JournalEntry.objects.order_by("seq")
    assert (create.kind, create.action, transfer.kind, transfer.action) == ("create", "receive", "action", "transfer")
    assert create.dossier_code == dossier.code and dossier.code.endswith("-260302-30001")  # node 3's range
    assert create.prev_entry_id is None and transfer.prev_entry_id == create.entry_id
    assert create.payload["state"]["code"] == dossier.code and transfer.payload["args"] == {"note": "Chuyển"}
    assert (create.actor, create.at) == ("lan", T0)
    assert JournalEntry.objects.filter(acked_at__isnull=True).count() == 2


def test_the_province_applies_each_entry_exactly_once_in_any_order(world, roles, registration):
    p = world.p
    roles.node()
    with clock.frozen(T0, tick=dt.timedelta(minutes=3)):
        first = receive(world)
        second = receive(world, applicant=_person("086090009999", "Trần Văn Tư"))
        s.transfer_dossier(first, p.lan, note="Chuyển")
        s.request_withdrawal(second, p.lan, reason="Công dân xin rút")
    entries = _entries()
    expected = _forget(first, second)
    roles.server()

    shuffled = entries * 2
    random.Random(8).shuffle(shuffled)  # duplicates and out of order
    for chunk in (shuffled[:3], shuffled[3:]):
        central.receive_entries(registration, chunk)
    results = central.receive_entries(registration, entries)  # and once more, in order

    assert [r["state"] for r in results] == [EntryState.APPLIED] * 4
    assert ReceivedEntry.objects.count() == 4
    assert [_facts(first.uid), _facts(second.uid)] == expected  # same code, history and outcome as at the node
    assert Dossier.objects.get(uid=first.uid).transitions.count() == 2


def _person(id_number, name):
    from motcua.dossiers.tests.conftest import applicant

    return applicant(id_number=id_number, name=name)


def test_an_entry_is_held_until_its_dossier_arrives(world, roles, registration):
    roles.node()
    with clock.frozen(T0):
        dossier = s.transfer_dossier(receive(world), world.p.lan)
    create, transfer = _entries()
    _forget(dossier)
    roles.server()

    [held] = central.receive_entries(registration, [transfer])
    assert held["state"] == EntryState.HELD  # not applied, not dropped
    assert not Dossier.objects.filter(uid=dossier.uid).exists()
    [applied] = central.receive_entries(registration, [create])
    assert applied["state"] == EntryState.APPLIED
    assert ReceivedEntry.objects.get(entry_id=transfer["id"]).state == EntryState.APPLIED  # released
    assert Dossier.objects.get(uid=dossier.uid).stage == Stage.TRANSFERRED


def test_an_action_no_longer_allowed_is_kept_and_flagged(world, roles, registration):
    p = world.p
    roles.node()
    with clock.frozen(T0):
        dossier = receive(world)
    with clock.frozen(T0 + dt.timedelta(hours=2)):  # the node, offline, transfers it…
        s.transfer_dossier(dossier, p.lan, note="Chuyển")
    create, transfer = _entries()
    _forget(dossier)
    roles.server()
    central.receive_entries(registration, [create])
    with clock.frozen(T0 + dt.timedelta(hours=1)):  # …while the province cancels it (entered twice)
        s.cancel_dossier(Dossier.objects.get(uid=dossier.uid), p.quan, reason="Nhập trùng")

    [result] = central.receive_entries(registration, [transfer])
    assert result["state"] == EntryState.CONFLICT
    conflict = ConflictRecord.objects.get()
    assert (conflict.error_code, conflict.status, conflict.dossier_code) == (
        "transition_not_allowed", ConflictRecord.Status.OPEN, dossier.code,
    )
    assert conflict.entry.payload == transfer["payload"]  # everything the officer entered is kept
    assert Dossier.objects.get(uid=dossier.uid).stage == Stage.CANCELLED  # the province's state is untouched
    assert central.receive_entries(registration, [transfer])[0]["state"] == EntryState.CONFLICT  # resend: same
    assert AuditEntry.objects.filter(action="countersync.entry.conflict").count() == 1

    with pytest.raises(PermissionError):
        central.close_conflict(conflict, p.lan, "xong")
    closed = central.close_conflict(conflict, p.giang, "Đã liên hệ công dân; hồ sơ nhập trùng.")
    assert closed.status == ConflictRecord.Status.CLOSED and closed.resolved_by == p.giang


def test_a_flagged_action_can_be_applied_again_once_possible(world, roles, registration):
    p = world.p
    roles.node()
    with clock.frozen(T0):
        dossier = s.transfer_dossier(receive(world), p.lan)
        s.request_withdrawal(dossier, p.lan, reason="Công dân xin rút")
    create, transfer, withdraw = _entries()
    _forget(dossier)
    roles.server()
    # the return needs a counter posting: the officer's posting was ended at the province meanwhile
    from motcua.org.models import Posting

    Posting.objects.filter(user=p.lan).update(ends_on=dt.date(2026, 1, 1))
    with clock.frozen(T0):
        results = central.receive_entries(registration, [create, transfer, withdraw])
    assert [r["state"] for r in results] == ["applied", "conflict", "conflict"]
    conflict = ConflictRecord.objects.get(action="transfer")
    assert ConflictRecord.objects.get(action="request_withdrawal").error_code == "role_not_allowed"
    Posting.objects.filter(user=p.lan).update(ends_on=None)  # the supervisor fixes the posting
    with clock.frozen(T0):
        assert central.retry_conflict(conflict, p.giang).status == ConflictRecord.Status.APPLIED
    assert Dossier.objects.get(uid=dossier.uid).stage == Stage.TRANSFERRED


def test_an_entry_id_is_never_reused_for_other_content(world, roles, registration):
    roles.node()
    with clock.frozen(T0):
        dossier = receive(world)
    [create] = _entries()
    _forget(dossier)
    roles.server()
    central.receive_entries(registration, [create])
    forged = {**create, "payload": {"state": {**create["payload"]["state"], "code": "x"}}}
    [result] = central.receive_entries(registration, [forged])
    assert result["state"] == "rejected"


def test_a_code_outside_the_nodes_range_is_a_conflict_not_a_second_code(world, roles, registration):
    roles.server()
    with clock.frozen(T0):
        dossier = receive(world)  # issued by the server (node 0's range)
    roles.node()
    entry = {
        "id": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5", "seq": 1, "kind": "create", "action": "receive",
        "dossier_uid": "0c1d2e3f-4a5b-4c6d-8e7f-000000000001", "dossier_code": dossier.code, "prev": None,
        "at": T0.isoformat(), "actor": "lan",
        "payload": {"state": {**replication.export_state(dossier), "uid": "0c1d2e3f-4a5b-4c6d-8e7f-000000000001"}},
    }
    roles.server()
    [result] = central.receive_entries(registration, [entry])
    assert result["state"] == EntryState.CONFLICT
    assert Dossier.objects.filter(code=dossier.code).count() == 1


def test_scans_follow_their_dossier_to_the_same_checklist_line(world, roles, registration):
    roles.node()
    with clock.frozen(T0):
        dossier = receive(world, documents=[s.DocumentData(document=1, files=(s.Upload("to-khai.pdf", PDF),)),
                                            s.DocumentData(document=2)])
        s.attach_scan(dossier, world.p.lan, document_id=dossier.documents.order_by("id")[1].pk,
                      upload=s.Upload("giay-chung-sinh.pdf", PDF + b"2"))
    entries = _entries()
    assert [e["kind"] for e in entries] == ["create", "file", "file"]
    contents = {f.sha256: f.file.read() for f in DossierFile.objects.all()}
    _forget(dossier)
    roles.server()

    [create, first, second] = entries
    assert central.receive_entries(registration, [create, first])[1]["state"] == EntryState.HELD  # no content yet
    for sha, content in contents.items():
        central.store_file(registration, sha, content)
    results = central.receive_entries(registration, [second, first])
    assert [r["state"] for r in results] == [EntryState.APPLIED] * 2
    copy = Dossier.objects.get(uid=dossier.uid)
    lines = list(copy.documents.order_by("id"))
    assert [f.sha256 for f in lines[0].files.all()] == [first["payload"]["sha256"]]
    assert [f.sha256 for f in lines[1].files.all()] == [second["payload"]["sha256"]]


def test_the_node_mirrors_the_province_but_never_over_pending_work(world, roles):
    from motcua.countersync.node import mirror

    roles.node()
    with clock.frozen(T0):
        dossier = receive(world)
    province = replication.export_state(dossier)
    province["fields"]["stage"], province["fields"]["status"] = Stage.CANCELLED, Status.STOPPED
    assert mirror(province) is False  # its creation has not reached the province yet
    JournalEntry.objects.update(acked_at=clock.now(), ack_state=EntryState.APPLIED)
    assert mirror(province) is True
    assert Dossier.objects.get(pk=dossier.pk).stage == Stage.CANCELLED
    assert mirror(province) is False  # nothing new
    assert not JournalEntry.objects.filter(acked_at__isnull=True).exists()  # a mirror is not journaled


def test_a_reinstalled_node_continues_its_range(world, roles, registration):
    from motcua.countersync import reference
    from motcua.dossiers.models import CodeCounter

    roles.server()
    replication.note_issued_code(f"{world.p.phu_khuong.agency_id}-260302-30007")
    with clock.frozen(T0):
        bundle = reference.build_bundle(registration, {})
    CodeCounter.objects.all().delete()  # the node's database was lost
    roles.node()
    reference.apply_counters(bundle["sections"]["counters"]["data"])
    with clock.frozen(T0):
        assert receive(world).code.endswith("-260302-30008")
    assert JournalEntry.objects.get().kind == EntryKind.CREATE

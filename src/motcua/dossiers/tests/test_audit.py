"""The audit trail: append-only, hash-chained; tampering is detected and the first broken entry named.

``motcua audit verify`` walks the chain; exit status 1 and the entry's number when it is broken.
"""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command

from motcua.dossiers import audit
from motcua.dossiers.models import AuditEntry, AuditHead
from motcua.dossiers.workflow import Stage

from .conftest import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world, frozen):
    walk(world, Stage.RETURNED)  # receive → … → return: eight entries
    entries = list(AuditEntry.objects.order_by("seq"))
    assert len(entries) >= 7
    return entries


def run_verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_an_intact_chain_verifies(chain):
    assert audit.verify().ok
    code, out, _err = run_verify("audit", "verify")
    assert code == 0 and f"{len(chain)} bản ghi" in out
    assert run_verify("audit_verify")[0] == 0


def test_each_entry_links_to_the_previous(chain):
    assert chain[0].prev_hash == audit.GENESIS_HASH
    for before, after in itertools.pairwise(chain):
        assert after.prev_hash == before.hash and after.seq == before.seq + 1
    head = AuditHead.objects.get()
    assert (head.last_seq, head.last_hash) == (chain[-1].seq, chain[-1].hash)


def test_an_edited_entry_is_named(chain):
    victim = chain[3]
    AuditEntry.objects.filter(pk=victim.pk).update(data={**victim.data, "reason": "đã sửa"})
    result = audit.verify()
    assert (result.ok, result.broken_seq, result.checked) == (False, victim.seq, 3)
    code, _out, err = run_verify("audit", "verify")
    assert code == 1 and f"bản ghi số {victim.seq}" in err and "bị sửa" in err


def test_a_rewritten_hash_breaks_the_next_link(chain):
    victim = chain[2]
    AuditEntry.objects.filter(pk=victim.pk).update(actor_label="ai đó", hash="f" * 64)
    result = audit.verify()
    assert not result.ok and result.broken_seq == victim.seq  # its own hash no longer matches
    fixed = audit.entry_hash(
        seq=victim.seq,
        at=victim.at,
        actor_id=victim.actor_id,
        actor_label="ai đó",
        action=victim.action,
        object_type=victim.object_type,
        object_ref=victim.object_ref,
        data=victim.data,
        prev_hash=victim.prev_hash,
    )
    AuditEntry.objects.filter(pk=victim.pk).update(hash=fixed)  # a forger recomputes this one hash…
    result = audit.verify()
    assert not result.ok and result.broken_seq == victim.seq + 1  # …and the next link gives it away


def test_a_deleted_entry_is_detected(chain):
    AuditEntry.objects.filter(pk=chain[4].pk)._raw_delete(AuditEntry.objects.db)
    result = audit.verify()
    assert not result.ok and result.broken_seq == chain[4].seq and "thiếu" in result.reason


def test_a_truncated_tail_is_detected(chain):
    AuditEntry.objects.filter(pk=chain[-1].pk)._raw_delete(AuditEntry.objects.db)
    result = audit.verify()
    assert not result.ok and "đầu chuỗi" in result.reason


def test_entries_cannot_be_changed_or_deleted_through_the_model(chain):
    entry = chain[0]
    entry.action = "x"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_system_actors_and_citizens_are_labelled(world, frozen):
    from motcua.dossiers.access import CitizenPrincipal

    audit.record("test.system", actor="hệ thống: thử", object_type="x", object_ref="1")
    audit.record(
        "test.citizen",
        actor=CitizenPrincipal(kind="citizen", id_number="086090001234"),
        object_type="x",
        object_ref="1",
    )
    labels = list(AuditEntry.objects.order_by("seq").values_list("actor_id", "actor_label"))[-2:]
    assert labels == [(None, "hệ thống: thử"), (None, "công dân …1234")]
    assert audit.verify().ok

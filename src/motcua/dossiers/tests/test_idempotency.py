"""Idempotent retries: the same key never creates a second dossier or a second transition.

A counter PC on a flaky network retries; the national portal re-sends. Same key + same actor +
same request → the first result; the key reused for anything else → ``idempotency_key_reused``.
"""

from __future__ import annotations

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import AuditEntry, Dossier, IdempotencyRecord, OutboxEvent, Transition
from motcua.dossiers.workflow import Stage

from .conftest import applicant, receive, walk

pytestmark = pytest.mark.django_db


def test_a_retried_intake_returns_the_same_dossier(world, frozen):
    first = receive(world, idempotency_key="counter-1-req-0001")
    again = receive(world, idempotency_key="counter-1-req-0001")
    assert again.pk == first.pk and again.code == first.code
    assert Dossier.objects.count() == 1 and Transition.objects.count() == 1
    assert AuditEntry.objects.filter(action="dossier.received").count() == 1
    assert OutboxEvent.objects.count() == 1


def test_a_retried_transition_happens_once(world, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    first = s.transfer_dossier(dossier, world.p.lan, idempotency_key="transfer-abc-001")
    again = s.transfer_dossier(dossier, world.p.lan, idempotency_key="transfer-abc-001")
    assert again.pk == first.pk and again.row_version == first.row_version
    assert dossier.transitions.filter(action="transfer").count() == 1
    # without the key the retry would be a different request — and the state machine refuses it
    with pytest.raises(DossierError) as error:
        s.transfer_dossier(dossier, world.p.lan)
    assert error.value.code == "transition_not_allowed"


def test_a_key_reused_for_another_request_is_refused(world, frozen):
    receive(world, idempotency_key="shared-key-0001")
    with pytest.raises(DossierError) as error:
        receive(world, applicant=applicant(name="Người khác"), idempotency_key="shared-key-0001")
    assert error.value.code == "idempotency_key_reused"
    dossier = walk(world, Stage.ACCEPTED)
    with pytest.raises(DossierError) as error:
        s.transfer_dossier(dossier, world.p.lan, idempotency_key="shared-key-0001")  # other action
    assert error.value.code == "idempotency_key_reused"


def test_a_key_is_personal(world, frozen):
    receive(world, idempotency_key="personal-key-01")
    with pytest.raises(DossierError) as error:
        receive(
            world,
            actor=world.p.binh,
            centre=world.p.hoa_minh,
            competent_centre=world.p.phu_khuong,
            idempotency_key="personal-key-01",
        )
    assert error.value.code == "idempotency_key_reused"


def test_a_refused_request_does_not_burn_the_key(world, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    with pytest.raises(DossierError):
        s.transfer_dossier(dossier, world.p.minh, idempotency_key="retry-after-fix")  # wrong person
    assert not IdempotencyRecord.objects.filter(key="retry-after-fix").exists()
    assert s.transfer_dossier(dossier, world.p.lan, idempotency_key="retry-after-fix").stage == Stage.TRANSFERRED


def test_keys_are_checked(world, frozen):
    with pytest.raises(DossierError) as error:
        receive(world, idempotency_key="short")
    assert error.value.code == "validation_error"


def test_the_optimistic_version_check(world, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    seen = dossier.row_version
    s.request_withdrawal(dossier, world.p.lan, expected_version=seen)
    with pytest.raises(DossierError) as error:
        s.cancel_dossier(dossier, world.p.quan, reason="Trùng", expected_version=seen)
    assert error.value.code == "version_conflict" and "tải lại" in error.value.message

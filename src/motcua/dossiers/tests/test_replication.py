"""Replication of a counter node's dossiers on the province (issue 8): import as recorded, replay
at the node's moment, refuse what is no longer allowed, mirror back.

One database plays both sides: a dossier is made "at the node", its facts are taken
(``export_state`` and the arguments of each transition, as the node's journal records them), the
dossier is deleted, and the facts are brought in again "at the province".
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers import replication
from motcua.dossiers import services as s
from motcua.dossiers.codes import parse_code
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import CodeCounter, Dossier, DossierDocument, OutboxEvent
from motcua.dossiers.services import MissingItem
from motcua.dossiers.workflow import Stage, Status
from motcua.lib import clock

from .conftest import T0, docs, receive, walk

pytestmark = pytest.mark.django_db


def _facts(dossier: Dossier) -> dict:
    dossier.refresh_from_db()
    return replication.comparable(replication.export_state(dossier))


def _forget(dossier: Dossier) -> None:
    """The province has never seen this dossier (it was received at the node)."""
    DossierDocument.objects.filter(dossier_id=dossier.pk).delete()
    Dossier.objects.filter(pk=dossier.pk).delete()


def test_a_node_dossier_is_created_on_the_province_exactly_as_recorded(world, settings):
    settings.MOTCUA = {**settings.MOTCUA, "NODE_ID": 3}
    with clock.frozen(T0):
        dossier = receive(world, documents=docs(1, 2))
    settings.MOTCUA = {**settings.MOTCUA, "NODE_ID": 0}
    assert parse_code(dossier.code).node == 3
    state = replication.export_state(dossier)
    before = replication.comparable(state)
    _forget(dossier)

    with clock.frozen(T0 + dt.timedelta(days=2)):  # it reaches the province two days later
        created = replication.import_new_dossier(state, actor=world.p.lan)
    # DOMAIN §5 the node's code, §6 the appointment printed at the node; same uid, secret, checklist, timeline
    assert _facts(created) == before
    assert created.transitions.get().at == T0
    event = OutboxEvent.objects.get(dossier=created)  # the national portal hears of it like any dossier
    assert event.payload["code"] == dossier.code and event.payload["transition"] == 1
    counter = CodeCounter.objects.get(agency_id=world.p.phu_khuong.agency_id, node=3)
    assert counter.last_sequence == parse_code(dossier.code).sequence  # a reinstalled node learns its range


def test_later_actions_are_replayed_at_the_moment_they_happened(world):
    p = world.p
    with clock.frozen(T0, tick=dt.timedelta(minutes=7)):
        d = receive(world)
        creation = replication.export_state(d)  # what the node journals in the intake transaction
        d = s.transfer_dossier(d, p.lan, note="Chuyển Văn phòng")
        d = s.assign_dossier(d, p.hoa, assignee=p.minh)
        d = s.request_supplement(d, p.minh, items=[MissingItem(2, "Bản chụp mờ")], reason="Bổ sung")
        d = s.receive_supplement(d, p.lan, documents=docs(2), note="Đã bổ sung")
        d = s.approve_dossier(s.complete_step(d, p.minh, note="Đủ điều kiện"), p.hoa)
        d = s.issue_result(d, p.hoa, result_reference="KS-12")
        d = s.return_result(d, p.lan, method="counter", recipient="Nguyễn Thị Mai")
    transitions = list(d.transitions.order_by("seq"))
    actions = [(t.action, replication.action_arguments(d, t), t.at, t.actor) for t in transitions[1:]]
    final = _facts(d)
    _forget(d)

    with clock.frozen(T0 + dt.timedelta(days=5)):  # everything reaches the province days later
        copy = replication.import_new_dossier(creation, actor=p.lan)
        for action, args, at, actor in actions:
            copy = replication.replay_action(copy, actor, action, args, at=at)
    assert _facts(copy) == final  # the same history, transition by transition, and the same outcome
    assert [t.at for t in copy.transitions.order_by("seq")] == [t.at for t in transitions]


def test_an_action_the_province_no_longer_allows_is_refused_not_applied(world, frozen):
    dossier = receive(world)
    s.cancel_dossier(dossier, world.p.quan, reason="Nhập trùng")  # changed at the province meanwhile
    dossier.refresh_from_db()
    with pytest.raises(DossierError) as error:
        replication.replay_action(dossier, world.p.lan, "transfer", {"note": "chuyển"}, at=T0)
    assert error.value.code == "transition_not_allowed"
    dossier.refresh_from_db()
    assert dossier.stage == Stage.CANCELLED and dossier.transitions.count() == 2


def test_a_withdrawal_after_the_decision_is_refused(world, frozen):
    # the node saw "waiting for the fee" and recorded the citizen's withdrawal; the province had approved
    dossier = s.request_financial_obligation(walk(world, Stage.APPROVED), world.p.minh, reason="Lệ phí")
    with pytest.raises(DossierError) as error:
        replication.replay_action(dossier, world.p.lan, "request_withdrawal", {"reason": "xin rút"}, at=T0)
    assert error.value.code == "decision_exists"


def test_an_acceptance_at_the_node_keeps_the_code_printed_there(world, frozen):
    submitted = walk(world, Stage.SUBMITTED)
    node_code = f"{world.p.phu_khuong.agency_id}-260302-30001"
    accepted = replication.replay_action(
        submitted, world.p.lan, "accept", {"documents": [], "code": node_code, "due_at": None}, at=T0
    )
    assert accepted.code == node_code and accepted.status == Status.ACCEPTED
    assert CodeCounter.objects.get(node=3).last_sequence == 30001


def _aggregate_rows() -> dict:
    from motcua.reports.aggregates import AGGREGATE_MODELS

    return {
        m.__name__: sorted(tuple(sorted((k, v) for k, v in r.items() if k != "id")) for r in m.objects.values())
        for m in AGGREGATE_MODELS
    }


# The node's cached calendar may print another appointment than the province's calendar computes
# (a day off declared after the node's last sync). DOMAIN §6: the printed one is the original
# appointment; the reports must use it from the moment the acceptance reaches the province — the
# same rows the rebuild makes of the stored history, whatever happens next.
@pytest.mark.parametrize("printed, next_action_after", [
    ("2026-03-04T01:00:00+00:00", None),  # printed a day earlier than the province's 5 March 08:00
    ("2026-03-04T01:00:00+00:00", dt.timedelta(hours=1)),  # … and transferred an hour later
    ("2026-03-06T01:00:00+00:00", None),  # printed a day later
    ("2026-03-06T01:00:00+00:00", dt.timedelta(hours=72)),  # … and transferred once overdue by ours
])
def test_a_node_acceptance_reports_the_appointment_printed_there(world, printed, next_action_after):
    from motcua.reports.aggregates import rebuild
    from motcua.reports.models import DossierStat

    with clock.frozen(T0):
        submitted = walk(world, Stage.SUBMITTED)  # a postal filing waiting at the counter
    node_code = f"{world.p.phu_khuong.agency_id}-260302-30001"
    with clock.frozen(T0 + dt.timedelta(days=1)):  # reaches the province the next day
        accepted = replication.replay_action(
            submitted, world.p.lan, "accept", {"documents": [], "code": node_code, "due_at": printed}, at=T0
        )
        if next_action_after:
            accepted = replication.replay_action(accepted, world.p.lan, "transfer", {}, at=T0 + next_action_after)
    accepted.refresh_from_db()
    assert accepted.original_due_at == dt.datetime.fromisoformat(printed)
    assert accepted.due_at == dt.datetime(2026, 3, 5, 8, 0, tzinfo=clock.BUSINESS_TZ)  # in force: ours
    # overdue from the printed appointment's day on
    assert DossierStat.objects.get(dossier=accepted).overdue_on == dt.date.fromisoformat(printed[:10])
    incremental = _aggregate_rows()
    rebuild()
    assert _aggregate_rows() == incremental


def test_the_node_mirrors_the_provinces_state(world, frozen):
    dossier = walk(world, Stage.IN_STEP)
    state = replication.export_state(dossier)
    s.request_supplement(dossier, world.p.minh, items=[MissingItem(2, "Bản chụp mờ")])
    ahead = replication.export_state(Dossier.objects.get(pk=dossier.pk))
    # the node's copy is behind: overwrite it with the province's state, twice (idempotent)
    stale = Dossier.objects.get(pk=dossier.pk)
    replication.apply_state(state, stale)
    assert _facts(stale) == replication.comparable(state)
    replication.apply_state(ahead, stale)
    replication.apply_state(ahead, stale)
    assert _facts(stale) == replication.comparable(ahead)


def test_a_code_outside_the_nodes_range_is_refused(world, frozen):
    dossier = receive(world)  # node 0's range
    state = replication.export_state(dossier)
    with pytest.raises(DossierError):
        replication.check_node_code(state, node=3)

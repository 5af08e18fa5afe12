"""The transition table, walked exhaustively.

Every edge of ``workflow.TRANSITIONS`` succeeds for an allowed role and lands where the table says
(status code and stage); every other (stage, action) pair is refused with ``transition_not_allowed``
and changes nothing. The walkers in conftest bring a fresh dossier to each stage.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Transition
from motcua.dossiers.services import MissingItem
from motcua.dossiers.workflow import (
    INTAKE_ACTIONS,
    PREVIOUS,
    SAME,
    STAGE_STATUS,
    STORED_STAGES,
    TERMINAL_STAGES,
    TRANSITIONS,
    Action,
    Stage,
    Status,
)

from .conftest import at, docs, walk

pytestmark = pytest.mark.django_db

A = Action


def actor_and_kwargs(w, action: str) -> tuple[object, dict]:
    p = w.p
    return {
        A.REQUEST_COMPLETION: (p.lan, {"items": [MissingItem(2, "Thiếu")]}),
        A.COMPLETE_SUBMISSION: (p.lan, {"documents": docs(2)}),
        A.ACCEPT: (p.lan, {}),
        A.REFUSE_INTAKE: (p.lan, {"reasons": ["Không đủ điều kiện tiếp nhận"]}),
        A.TRANSFER: (p.lan, {}),
        A.ASSIGN: (p.hoa, {"assignee": p.minh}),
        A.COMPLETE_STEP: (p.minh, {}),
        A.APPROVE: (p.hoa, {}),
        A.REQUEST_SUPPLEMENT: (p.minh, {"items": [MissingItem(2, "Bản chụp mờ")]}),
        A.RECEIVE_SUPPLEMENT: (p.lan, {"documents": docs(2)}),
        A.REQUEST_FINANCIAL_OBLIGATION: (p.minh, {"reason": "Lệ phí", "amount": Decimal("8000")}),
        A.CONFIRM_FINANCIAL_OBLIGATION: (p.lan, {}),
        A.EXTEND: (p.hoa, {"working_days": 2, "legal_basis": "Luật Hộ tịch Đ.16"}),
        A.APOLOGISE: (p.hoa, {"new_due_at": at(9, 17), "reason": "Cần xác minh"}),
        A.REFUSE_RESOLUTION: (p.minh, {"reasons": ["Không đủ điều kiện"]}),
        A.REQUEST_WITHDRAWAL: (p.lan, {"reason": "Công dân xin rút"}),
        A.STOP: (p.lan, {"reason": "Theo yêu cầu của công dân"}),
        A.ISSUE_RESULT: (p.hoa, {"result_reference": "KS-123"}),
        A.COMPLETE_SAME_DAY: (p.lan, {}),
        A.RETURN_RESULT: (p.lan, {"method": "counter"}),
        A.CANCEL: (p.quan, {"reason": "Nhập trùng"}),
    }[action]


EDGES = sorted((stage, action) for (stage, action) in TRANSITIONS if stage != Stage.NEW)
FORBIDDEN = sorted(
    (stage, action)
    for stage in STORED_STAGES
    for action in Action.values
    if action not in (A.RECEIVE, A.SUBMIT) and (stage, action) not in TRANSITIONS
)


def prepare(w, stage: str, action: str):
    procedure = w.c.chung_thuc if action == A.COMPLETE_SAME_DAY else None
    dossier = walk(w, stage, procedure)
    if (stage, action) == (Stage.IN_STEP, A.APPROVE):
        dossier = s.complete_step(dossier, w.p.minh)  # the approval step comes after the specialist's
    return dossier


@pytest.mark.parametrize(("stage", "action"), EDGES, ids=[f"{s}-{a}" for s, a in EDGES])
def test_every_edge_succeeds_for_an_allowed_role(world, frozen, stage, action):
    dossier = prepare(world, stage, action)
    assert dossier.stage == stage
    edge = TRANSITIONS[(stage, action)]
    actor, kwargs = actor_and_kwargs(world, action)
    before = dossier.row_version
    result = s.SERVICES[action](dossier, actor, **kwargs)
    expected = {SAME: stage, PREVIOUS: Stage.IN_STEP}.get(edge.to, edge.to)
    assert (result.stage, result.status) == (expected, STAGE_STATUS[expected])
    assert result.row_version == before + 1
    last = Transition.objects.filter(dossier=result).latest("seq")
    assert (last.action, last.from_stage, last.to_stage, last.to_status) == (
        action,
        stage,
        expected,
        STAGE_STATUS[expected],
    )
    assert last.actor_label and last.actor_role in edge.roles


@pytest.mark.parametrize(("stage", "action"), FORBIDDEN, ids=[f"{s}-{a}" for s, a in FORBIDDEN])
def test_every_other_pair_is_refused(world, frozen, stage, action):
    dossier = walk(world, stage)
    actor, kwargs = actor_and_kwargs(world, action)
    version, count = dossier.row_version, dossier.transitions.count()
    with pytest.raises(DossierError) as error:
        s.SERVICES[action](dossier, actor, **kwargs)
    assert error.value.code == "transition_not_allowed"
    assert str(Status(STAGE_STATUS[stage]).label) in error.value.message  # says which state blocks it
    dossier.refresh_from_db()
    assert (dossier.stage, dossier.row_version, dossier.transitions.count()) == (stage, version, count)


def test_the_table_covers_every_stage_and_action():
    reachable = {edge.to for edge in TRANSITIONS.values()} | {stage for stage, _a in TRANSITIONS}
    assert set(STORED_STAGES) <= reachable
    assert {action for _s, action in TRANSITIONS} == set(Action.values)
    assert all(stage not in TERMINAL_STAGES for stage, _a in TRANSITIONS)
    assert {A.RECEIVE, A.SUBMIT, A.REFUSE_INTAKE} == INTAKE_ACTIONS
    assert all(edge.article for edge in TRANSITIONS.values())  # every edge names its legal basis
    # the national codes map one-to-one: every status 1–10 is some stage's status
    assert set(STAGE_STATUS.values()) == set(Status.values)


def test_the_whole_happy_path_with_timeline(world, frozen):
    p = world.p
    dossier = walk(world, Stage.ACCEPTED)
    frozen(dt.timedelta(minutes=30))
    dossier = s.transfer_dossier(dossier, p.lan)
    dossier = s.assign_dossier(dossier, p.hoa, assignee=p.minh)
    frozen(dt.timedelta(hours=5))
    dossier = s.complete_step(dossier, p.minh, note="Hồ sơ hợp lệ")
    dossier = s.approve_dossier(dossier, p.hoa)
    dossier = s.issue_result(dossier, p.hoa, result_reference="Trích lục khai sinh số 12")
    frozen(dt.timedelta(days=1))
    dossier = s.return_result(dossier, p.lan, method="counter", recipient="Nguyễn Thị Mai")
    timeline = list(dossier.transitions.values_list("action", "to_status"))
    assert timeline == [
        ("receive", 2),
        ("transfer", 4),
        ("assign", 4),
        ("complete_step", 4),
        ("approve", 4),
        ("issue_result", 9),
        ("return_result", 10),
    ]
    steps = list(dossier.steps.values_list("order", "role", "outcome"))
    # Mẫu 06: each hand-over judged against the step's budget (2.5 h, 14.25 h, 4.75 h, 2.5 h of 3 days)
    assert steps == [
        (1, "counter_officer", "on_time"),
        (2, "specialist", "early"),
        (3, "approver", "early"),
        (4, "counter_officer", "late"),
    ]
    assert dossier.done_at < dossier.returned_at  # "done" and "returned" are different events


def test_stop_requests_only_before_a_decision(world, frozen):
    approved = walk(world, Stage.APPROVED)
    with pytest.raises(DossierError) as error:
        s.request_withdrawal(approved, world.p.lan)
    assert error.value.code == "transition_not_allowed"
    # A tax notice after approval: still a decision, so no withdrawal either (DOMAIN §4, status 7).
    waiting = s.request_financial_obligation(approved, world.p.hoa, reason="Thuế")
    with pytest.raises(DossierError) as error:
        s.request_withdrawal(waiting, world.p.lan)
    assert error.value.code == "decision_exists"


def test_a_step_is_done_by_its_role(world, frozen):
    dossier = walk(world, Stage.IN_STEP)
    with pytest.raises(DossierError) as error:
        s.approve_dossier(dossier, world.p.hoa)  # the specialist's step is still open
    assert error.value.code == "transition_not_allowed"
    dossier = s.complete_step(dossier, world.p.minh)
    with pytest.raises(DossierError) as error:
        s.complete_step(dossier, world.p.minh)  # the approval step: not the specialist's
    assert error.value.code == "transition_not_allowed"

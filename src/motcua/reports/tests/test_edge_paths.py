"""Dossier paths the fortnight story does not walk, where the aggregates once disagreed with a scan of
the dossier table or with the rebuild (found by an audit, 2026-11-28).

Personas: lan receives at Phú Khương's counter, minh is the specialist. Working days of March 2026
have no day off; ``at(d, h)`` is that day and hour in business time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.dossiers import replication
from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.services import MissingItem
from motcua.lib import clock
from motcua.reports import periods, queries
from motcua.reports.aggregates import AGGREGATE_MODELS, rebuild
from motcua.reports.naive import naive_figures

from .conftest import applicant, at, docs


def rows() -> dict:
    return {
        m.__name__: sorted(tuple(sorted((k, v) for k, v in r.items() if k != "id")) for r in m.objects.values())
        for m in AGGREGATE_MODELS
    }


def in_step(world, n: int = 1):
    """Received Monday 2 at 14:00 (3 working days: appointment Thursday 5 at 14:00), with minh."""
    p = world.p
    with clock.frozen(at(2, 14)):
        d = s.receive_dossier(p.lan, centre=p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant(n),
                              documents=docs(1, 2))
        d = s.transfer_dossier(d, p.lan)
        return s.assign_dossier(d, p.minh, assignee=p.minh)


def test_a_pause_on_the_appointment_day_before_the_appointment_is_not_overdue(world):
    # DOMAIN §7 / ontime: a dossier paused for a financial obligation is judged at the pause start.
    # The tax notice comes Thursday 10:00, four hours before the appointment: at the end of Thursday it
    # is in progress within time — the overdue flip scheduled for Thursday must be taken back.
    d = in_step(world)
    with clock.frozen(at(5, 10)):
        s.request_financial_obligation(d, world.p.minh, reason="Lệ phí", amount=Decimal("1000"))
    for day in (5, 6, 9):
        period = periods.day(dt.date(2026, 3, day))
        with clock.frozen(at(day, 23, 59)):
            scan = naive_figures(period)
        figures = queries.total(period)
        assert (scan.in_progress_within, scan.in_progress_overdue) == (1, 0), day
        assert (figures.in_progress_within, figures.in_progress_overdue) == (1, 0), day
    incremental = rows()
    rebuild()
    assert rows() == incremental


def test_a_node_action_older_than_the_provinces_last_is_a_conflict_not_a_rewrite_of_the_past(world):
    # The supplement was requested Thursday 09:00 and received at the province Friday 09:00; a
    # withdrawal recorded at a counter node on Thursday 15:00 arrives Friday 10:00. Written at its
    # own moment it would land before Friday's transition: the aggregates counted the dossier both
    # resolved and (−1) in progress on Thursday. It is refused as a conflict; nothing changes.
    p = world.p
    d = in_step(world)
    with clock.frozen(at(5, 9)):
        d = s.request_supplement(d, p.minh, items=[MissingItem(2, "Bản chụp mờ")])
    with clock.frozen(at(6, 9)):
        d = s.receive_supplement(d, p.lan)
    before, transitions = rows(), d.transitions.count()
    with clock.frozen(at(6, 10)), pytest.raises(DossierError) as refused:
        replication.replay_action(d, p.lan, "request_withdrawal", {"reason": "Công dân rút"}, at=at(5, 15))
    assert refused.value.code == "version_conflict" and "xung đột" in str(refused.value)
    d.refresh_from_db()
    assert d.transitions.count() == transitions and d.stage == "in_step"
    assert rows() == before
    thursday = periods.day(dt.date(2026, 3, 5))
    figures = queries.total(thursday)
    assert figures.in_progress >= 0 and figures.resolved == 1  # rule 5: waiting for its only supplement


def test_a_node_action_after_the_provinces_last_still_replays(world):
    p = world.p
    d = in_step(world)
    with clock.frozen(at(3, 10)):
        d = replication.replay_action(d, p.lan, "request_withdrawal", {"reason": "Công dân rút"}, at=at(3, 9))
    assert d.stage == "withdrawal_requested"
    assert d.transitions.order_by("-seq").first().at == at(3, 9)


def test_a_node_clock_a_few_minutes_behind_is_not_a_conflict(world):
    # the province issued at 10:00; the node, its clock two minutes behind, records the return at
    # "09:58": recorded at 10:00, the province's moment (services.REPLAY_CLOCK_SKEW), in order
    p = world.p
    d = in_step(world)
    with clock.frozen(at(3, 9)):
        d = s.complete_step(d, p.minh)
        d = s.approve_dossier(d, p.hoa)
    with clock.frozen(at(3, 10)):
        d = s.issue_result(d, p.hoa)
    with clock.frozen(at(3, 10, 5)):
        d = replication.replay_action(d, p.lan, "return_result", {"method": "counter"}, at=at(3, 9, 58))
    assert d.stage == "returned"
    assert d.transitions.order_by("-seq").first().at == at(3, 10)
    incremental = rows()
    rebuild()
    assert rows() == incremental

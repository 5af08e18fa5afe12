"""Ratings and complaints reach the reports' 766 satisfaction (the aggregates behind /minh-bach/ and the
dashboards) — through the portal's services, inside their transactions.

People: Tư (citizen, VNeID 2) files his birth registrations online at Phú Khương; lan (counter), minh
(specialist) and hoa (approver) process them (``walk_to``); tuan, the centre's director, handles
feedback. 3 working days per dossier; March 2026 has no day off.

The rule (reports/projection.py): a dossier with a complaint or a "Không hài lòng" rating counts once
in ``disliked``, on the day it was resolved (its end day), whenever the complaint or rating came;
never while not resolved.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.dossiers import services as s
from motcua.feedback import services
from motcua.feedback.models import Feedback, Rating
from motcua.lib import clock
from motcua.reports import periods, queries
from motcua.reports.metrics import Figures, rate
from motcua.reports.models import DailyFigure, DossierStat

from .conftest import T0, at, submitted_online, walk_to
from .satisfaction_oracle import DossierFacts, satisfaction, satisfaction_of

pytestmark = pytest.mark.django_db

MARCH = periods.month(2026, 3)


@pytest.mark.parametrize(
    ("late", "disliked", "resolved"), [(1, 1, 4), (1, 1, 3), (1, 1, 1), (0, 0, 7), (2, 1, 9), (0, 3, 7)]
)
def test_the_reports_read_the_formula_as_the_portal_does(late, disliked, resolved):
    """metrics.Figures.satisfaction (the aggregates' sums) = the oracle's dossier-by-dossier count."""
    facts = [DossierFacts(late=i < late, dislike=i >= resolved - disliked) for i in range(resolved)]
    assert Figures(early=resolved - late, late=late, disliked=disliked).satisfaction == satisfaction(facts).rate


def centre_figures(world, period=MARCH):
    return queries.figures(period, "centre").get(world.p.phu_khuong.pk)


def disliked_on(day: int) -> int:
    return sum(DailyFigure.objects.filter(day=dt.date(2026, 3, day)).values_list("disliked", flat=True))


def complain(client, dossier, subject="Trả kết quả chậm"):
    """Tư's complaint about a dossier through the portal's form (its code and lookup secret)."""
    response = client.post(
        "/phan-anh-kien-nghi/gui/",
        {
            "kind": "complaint",
            "subject": subject,
            "content": "Cán bộ hẹn nhiều lần.",
            "name": "Nguyễn Văn Tư",
            "phone": "0913742518",
            "dossier_code": dossier.code,
            "dossier_secret": dossier.lookup_secret,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Feedback.objects.filter(dossier=dossier).latest("received_at")


def rate_from_my_dossiers(client, dossier, score: int):
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", {"score": score, "comment": ""})
    assert response.status_code == 302


@pytest.fixture
def march(world):
    """Three dossiers returned on Mon 2 (early), one done late on Wed 11."""
    with clock.frozen(T0):
        returned = [walk_to(world, submitted_online(world), "returned") for _ in range(3)]
        late = walk_to(world, submitted_online(world), "in_step")
    with clock.frozen(at(11, 9)):
        late = s.issue_result(s.approve_dossier(s.complete_step(late, world.p.minh), world.p.hoa), world.p.hoa)
    return returned, late


def test_a_dislike_lowers_the_centres_satisfaction_on_the_resolution_day(world, tu_client, march):
    (disliked, pleased, _other), late = march
    before = centre_figures(world)
    assert (before.resolved, before.late, before.disliked, before.satisfaction) == (4, 1, 0, Decimal("75.00"))

    with clock.frozen(at(12, 10)):  # "Hài lòng": nothing moves
        rate_from_my_dossiers(tu_client, pleased, Rating.Score.SATISFIED)
    assert centre_figures(world) == before

    with clock.frozen(at(12, 11)):  # "Không hài lòng", ten days after the result
        rate_from_my_dossiers(tu_client, disliked, Rating.Score.DISSATISFIED)
    after = centre_figures(world)
    assert after.disliked == 1 and after.resolved == 4
    assert after.satisfaction == Decimal(100) - after.late_rate - rate(1, after.resolved) == Decimal("50.00")
    # counted on the day the dossier was resolved (Mon 2), not on the rating's day (Thu 12)
    assert (disliked_on(2), disliked_on(12)) == (1, 0)
    assert centre_figures(world, periods.day(dt.date(2026, 3, 2))).disliked == 1
    assert DossierStat.objects.get(pk=disliked.pk).disliked is True
    # the portal's own reading over the same dossiers agrees
    with clock.frozen(at(12, 12)):
        assert satisfaction_of([*march[0], late]).rate == after.satisfaction


def test_a_complaint_and_a_dislike_on_the_same_dossier_count_once(world, client, tu_client, march):
    (dossier, *_), _late = march
    with clock.frozen(at(3, 9)):
        complain(client, dossier)
    assert centre_figures(world).disliked == 1
    with clock.frozen(at(4, 9)):
        rate_from_my_dossiers(tu_client, dossier, Rating.Score.DISSATISFIED)
        complain(client, dossier, subject="Nhắc lại phản ánh")
    figures = centre_figures(world)
    assert figures.disliked == 1 and figures.satisfaction == Decimal("50.00")  # 100 − 25 − 25
    assert disliked_on(2) == 1


def test_a_complaint_before_the_resolution_counts_on_the_resolution_day(world, client):
    with clock.frozen(T0):
        dossier = walk_to(world, submitted_online(world), "in_step")
    with clock.frozen(at(3, 10)):  # Tue 3: still being processed — nothing to count yet
        complain(client, dossier)
    assert centre_figures(world).disliked == 0 and centre_figures(world).resolved == 0
    with clock.frozen(at(4, 16)):  # Wed 4: the result is issued — early
        s.issue_result(s.approve_dossier(s.complete_step(dossier, world.p.minh), world.p.hoa), world.p.hoa)
    assert (disliked_on(3), disliked_on(4)) == (0, 1)
    figures = centre_figures(world)
    assert (figures.resolved, figures.late, figures.disliked, figures.satisfaction) == (1, 0, 1, Decimal("0.00"))


def test_a_dossier_waiting_for_its_supplement_counts_when_it_ends(world, client, tu):
    """Rule 5 counts it as resolved while it waits; the complaint counts when it ends, on its end day."""
    with clock.frozen(T0):
        dossier = walk_to(world, submitted_online(world), "supplement_requested")
    with clock.frozen(at(3, 10)):
        complain(client, dossier)
    waiting = centre_figures(world)
    assert (waiting.resolved, waiting.disliked) == (1, 0)
    with clock.frozen(at(4, 9)):
        dossier = s.receive_supplement(dossier, world.p.lan)
    with clock.frozen(at(6, 9)):
        s.issue_result(s.approve_dossier(s.complete_step(dossier, world.p.minh), world.p.hoa), world.p.hoa)
    assert disliked_on(6) == 1 and centre_figures(world).disliked == 1


def test_a_complaint_rejected_at_intake_no_longer_counts(world, client, march):
    (dossier, *_), _late = march
    with clock.frozen(at(3, 9)):
        feedback = complain(client, dossier)
    assert centre_figures(world).disliked == 1
    with clock.frozen(at(4, 9)):
        services.reject_feedback(feedback, world.p.tuan, reason="Trùng với phản ánh đã giải quyết")
    assert centre_figures(world).disliked == 0 and not DossierStat.objects.get(pk=dossier.pk).disliked


def test_complaints_about_dossiers_not_resolved_never_count(world, client):
    with clock.frozen(T0):
        cancelled = walk_to(world, submitted_online(world), "accepted")
        cancelled = s.cancel_dossier(cancelled, world.p.quan, reason="Nhập trùng")
        refused = s.refuse_intake(submitted_online(world), world.p.lan, reasons=["Không thuộc thẩm quyền"])
    with clock.frozen(at(3, 9)):
        complain(client, cancelled)
        services.submit_feedback(
            kind=Feedback.Kind.COMPLAINT, subject="Bị từ chối", content="…", name="Nguyễn Văn Tư",
            phone="0913742518", dossier=refused,
        )
    figures = centre_figures(world)
    assert (figures.resolved, figures.disliked, figures.cancelled, figures.refused_intake) == (0, 0, 1, 1)
    assert DossierStat.objects.filter(disliked=True).count() == 2  # flagged, never counted


def test_the_rating_and_the_figures_commit_together(world, march, monkeypatch):
    from motcua.reports import aggregates

    (dossier, *_), _late = march

    def broken(deltas):
        raise RuntimeError("disk full")

    monkeypatch.setattr(aggregates, "apply_deltas", broken)
    with clock.frozen(at(12, 11)), pytest.raises(RuntimeError):
        services.rate_dossier(dossier, score=Rating.Score.DISSATISFIED, via=Rating.Via.ACCOUNT)
    assert not Rating.objects.exists()  # the rating rolled back with the figures' failure
    monkeypatch.undo()
    assert centre_figures(world).disliked == 0

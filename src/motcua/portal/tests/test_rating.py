"""Satisfaction ratings (DOMAIN §7): after the result is returned, once per dossier, private, tied to the
dossier's code + secret (QR) or the owner's account; the satisfaction indicator's formula."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.dossiers import services as s
from motcua.feedback import services
from motcua.feedback.models import Feedback, Rating
from motcua.lib import clock
from motcua.portal.models import TrackingFailure

from .conftest import T0, counter_dossier, sign_in, submitted_online, walk_to
from .satisfaction_oracle import DossierFacts, satisfaction, satisfaction_of

pytestmark = pytest.mark.django_db


# --- the formula (framework-free) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts, rate",
    [
        # 10 resolved, none late, none unhappy → 100 %
        ([DossierFacts(late=False)] * 10, Decimal("100.00")),
        # 1 late of 10 (10 %) + 1 disliked (10 %) → 80 %
        (
            [DossierFacts(late=True), DossierFacts(late=False, dislike=True)] + [DossierFacts(late=False)] * 8,
            Decimal("80.00"),
        ),
        # complaint and dislike on the same dossier count once in the second term → 90 %
        ([DossierFacts(late=False, complaint=True, dislike=True)] + [DossierFacts(late=False)] * 9, Decimal("90.00")),
        # late and disliked: in both terms, as the formula is written → 80 %
        ([DossierFacts(late=True, dislike=True)] + [DossierFacts(late=False)] * 9, Decimal("80.00")),
        # 2 of 3 late, 2 of 3 complained: 100 − 133 → clamped at 0 %
        ([DossierFacts(late=True, complaint=True)] * 2 + [DossierFacts(late=False)], Decimal("0.00")),
        # 1 of 3 → 66.67 %
        ([DossierFacts(late=True)] + [DossierFacts(late=False)] * 2, Decimal("66.67")),
    ],
)
def test_satisfaction_is_100_minus_late_rate_minus_unhappy_rate(facts, rate):
    assert satisfaction(facts).rate == rate


def test_no_resolved_dossier_gives_no_indicator():
    assert satisfaction([]).rate is None


# --- rating rules -------------------------------------------------------------------------------------------


@pytest.fixture
def returned(world, frozen):
    return walk_to(world, submitted_online(world), "returned")


def test_no_rating_before_the_result_is_returned(world, frozen):
    done = walk_to(world, submitted_online(world), "done")
    with pytest.raises(services.FeedbackError, match="sau khi đã nhận kết quả"):
        services.rate_dossier(done, score=3, via=Rating.Via.ACCOUNT)
    assert not Rating.objects.exists()


def test_one_rating_per_dossier(returned):
    services.rate_dossier(returned, score=3, via=Rating.Via.ACCOUNT)
    with pytest.raises(services.FeedbackError, match="đã được đánh giá"):
        services.rate_dossier(returned, score=1, via=Rating.Via.RECEIPT)
    assert Rating.objects.get().score == 3


def test_a_score_must_be_chosen(returned):
    with pytest.raises(services.FeedbackError, match="chọn mức độ hài lòng"):
        services.rate_dossier(returned, score=7, via=Rating.Via.ACCOUNT)


def test_rating_with_the_receipts_code_and_secret(client, returned):
    page = client.get(f"/tra-cuu/{returned.code}/?s={returned.lookup_secret}").content.decode()
    assert "Đánh giá mức độ hài lòng" in page and "Không hài lòng" in page
    response = client.post(
        f"/tra-cuu/{returned.code}/danh-gia/", {"s": returned.lookup_secret, "score": 1, "comment": "Chờ lâu"}
    )
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=returned)
    assert (rating.score, rating.via, rating.comment, rating.is_dislike) == (1, "receipt", "Chờ lâu", True)
    assert "Hồ sơ này đã được đánh giá" in client.get(response["Location"]).content.decode()


def test_rating_with_a_wrong_secret_is_refused_and_counted(client, returned):
    response = client.post(f"/tra-cuu/{returned.code}/danh-gia/", {"s": "ABCDEFGHJK", "score": 3})
    assert response.status_code == 404
    assert not Rating.objects.exists()
    assert TrackingFailure.objects.count() == 1  # a guess counts towards the lookup throttle


def test_khang_with_a_level_1_account_rates_the_dossier_he_filed_at_the_counter(client, world, frozen):
    """VNeID level 1 may track and rate (issue 6): Khang filed at the counter, signs in, rates."""
    dossier = walk_to(world, counter_dossier(world, id_number=world.khang.id_number, name=world.khang.full_name),
                      "returned")
    sign_in(client, world.khang)
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", {"score": 3})
    assert response.status_code == 302
    assert (Rating.objects.get(dossier=dossier).score, Rating.objects.get(dossier=dossier).via) == (3, "account")


def test_the_owner_rates_from_my_dossiers(tu_client, returned):
    response = tu_client.post(f"/ho-so-cua-toi/{returned.code}/danh-gia/", {"score": 2})
    assert response.status_code == 302
    assert Rating.objects.get(dossier=returned).via == "account"


def test_ratings_are_not_shown_publicly(client, returned):
    services.rate_dossier(returned, score=1, comment="Cán bộ thiếu nhiệt tình", via=Rating.Via.ACCOUNT)
    html = client.get(f"/tra-cuu/{returned.code}/?s={returned.lookup_secret}").content.decode()
    assert "Cán bộ thiếu nhiệt tình" not in html and "Không hài lòng" not in html


# --- the indicator over real dossiers ------------------------------------------------------------------------


def test_satisfaction_of_dossiers_uses_late_dislikes_and_complaints(world):
    with clock.frozen(T0):
        on_time = walk_to(world, submitted_online(world), "returned")
        disliked = walk_to(world, submitted_online(world), "returned")
        complained = walk_to(world, submitted_online(world), "returned")
        late = walk_to(world, submitted_online(world), "in_step")
        open_one = counter_dossier(world)  # not resolved: not in the population
    with clock.frozen(T0 + dt.timedelta(days=9)):
        late = s.issue_result(s.approve_dossier(s.complete_step(late, world.p.minh), world.p.hoa), world.p.hoa)
        services.rate_dossier(disliked, score=Rating.Score.DISSATISFIED, via=Rating.Via.RECEIPT)
        services.rate_dossier(on_time, score=Rating.Score.VERY_SATISFIED, via=Rating.Via.RECEIPT)
        services.submit_feedback(
            kind=Feedback.Kind.COMPLAINT,
            subject="Trả kết quả chậm",
            content="…",
            name="Tư",
            phone="0913742518",
            dossier=complained,
        )
        result = satisfaction_of([on_time, disliked, complained, late, open_one])
    # 4 resolved; 1 late (25 %); 2 disliked or complained (50 %) → 25 %
    assert (result.resolved, result.late, result.complained_or_disliked) == (4, 1, 2)
    assert result.rate == Decimal("25.00")

"""Procedure versions: drafting, publishing rules, immutability, the version in force at a moment.

DOMAIN §11: "versioned procedures and legal rules … a dossier keeps the rules it was received
under". Times are Vietnam time (+07); ``clock.frozen`` fixes "now".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.loading import REFERENCE_VALID_FROM
from motcua.catalog.models import (
    Procedure,
    ProcedureVersion,
    PublishedVersionError,
    TimeUnit,
    VersionOrigin,
    VersionStatus,
)
from motcua.catalog.services import (
    apply_unit_hints,
    create_default_steps,
    create_draft_version,
    current_version,
    publish_version,
)
from motcua.lib import clock

pytestmark = pytest.mark.django_db

VN = clock.BUSINESS_TZ
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # Monday 09:00


def at(day: int, month: int = 3, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def frozen_now():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def tam_tru(catalog):
    """Đăng ký tạm trú (1.004194): 3 working days online and direct — clean source data."""
    return Procedure.objects.get(code="1.004194")


@pytest.fixture
def khai_sinh(catalog):
    """Đăng ký khai sinh (1.001193): the source lost the unit of its "1" on every channel."""
    return Procedure.objects.get(code="1.001193")


def test_a_draft_copies_the_latest_version(tam_tru, officer, frozen_now):
    v1 = tam_tru.versions.get()
    draft = create_draft_version(tam_tru, actor=officer)
    assert (draft.number, draft.status, draft.origin, draft.created_by) == (
        2,
        VersionStatus.DRAFT,
        VersionOrigin.MANUAL,
        officer,
    )
    assert draft.valid_from is None and draft.published_at is None
    assert draft.publishing_decision == v1.publishing_decision
    assert draft.same_day_cutoff == v1.same_day_cutoff and draft.required_eid_level == v1.required_eid_level

    def parts(version):
        return (
            list(version.channel_options.values_list("order", "channel", "time_value", "time_unit", "fee_text")),
            list(version.required_documents.values_list("order", "name", "originals", "copies")),
            list(version.result_documents.values_list("name", "code")),
            list(version.processing_steps.values_list("order", "role", "budget_hours")),
        )

    assert parts(draft) == parts(v1)
    assert draft.duration_for_channel("direct") == v1.duration_for_channel("direct") == "3d"


def test_only_one_draft_at_a_time(tam_tru, officer):
    create_draft_version(tam_tru, actor=officer)
    with pytest.raises(ValidationError, match="đã có bản nháp"):
        create_draft_version(tam_tru, actor=officer)


def test_a_published_version_is_immutable(tam_tru):
    v1 = tam_tru.versions.get()
    v1.publishing_decision = "999/QĐ-BTP"
    with pytest.raises(PublishedVersionError):
        v1.save()
    option = v1.channel_options.first()
    option.time_value = Decimal(1)
    with pytest.raises(PublishedVersionError):
        option.save()
    with pytest.raises(PublishedVersionError):
        option.delete()
    with pytest.raises(PublishedVersionError):
        v1.delete()
    v1.refresh_from_db()
    assert v1.publishing_decision != "999/QĐ-BTP"


def test_a_draft_can_be_edited(tam_tru, officer):
    draft = create_draft_version(tam_tru, actor=officer)
    draft.publishing_decision = "999/QĐ-BCA"
    draft.save()
    option = draft.channel_options.get(channel="direct")
    option.time_value = Decimal(2)
    option.save()
    assert draft.duration_for_channel("direct") == "2d"


def test_publishing_puts_the_draft_in_force_from_its_date_and_retires_the_previous(tam_tru, officer, frozen_now):
    v1 = tam_tru.versions.get()
    draft = create_draft_version(tam_tru, actor=officer)
    option = draft.channel_options.get(channel="direct")
    option.time_value = Decimal(2)
    option.save()

    v2 = publish_version(draft, at(16), actor=officer)

    v1.refresh_from_db()
    assert (v2.status, v2.valid_from, v2.valid_until, v2.published_by) == (
        VersionStatus.PUBLISHED,
        at(16),
        None,
        officer,
    )
    assert v2.published_at == NOW
    assert (v1.status, v1.valid_until) == (VersionStatus.RETIRED, at(16))
    # ND 118 — a dossier keeps the rules it was received under: the version in force at receipt
    assert current_version(tam_tru, at(15, hour=23, minute=59)) == v1  # the eve: still v1
    assert current_version(tam_tru, at(16)) == v2  # from the first instant of its validity
    assert current_version(tam_tru, at(20, month=4)) == v2
    assert current_version(tam_tru) == v1  # now (2/3) the new rule is not yet in force
    assert current_version(tam_tru, REFERENCE_VALID_FROM - dt.timedelta(minutes=1)) is None
    assert current_version(tam_tru, at(16)).duration_for_channel("direct") == "2d"
    assert current_version(tam_tru, at(1)).duration_for_channel("direct") == "3d"


def test_publishing_is_not_retroactive(tam_tru, officer, frozen_now):
    draft = create_draft_version(tam_tru, actor=officer)
    with pytest.raises(ValidationError, match="quá khứ"):
        publish_version(draft, NOW - dt.timedelta(minutes=1), actor=officer)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_later_version_must_start_after_the_one_it_replaces(tam_tru, officer, frozen_now):
    publish_version(create_draft_version(tam_tru, actor=officer), at(16), actor=officer)
    v3 = create_draft_version(tam_tru, actor=officer)
    with pytest.raises(ValidationError, match="phải sau ngày có hiệu lực của phiên bản 2"):
        publish_version(v3, at(10), actor=officer)
    publish_version(v3, at(1, month=4), actor=officer)
    statuses = dict(tam_tru.versions.values_list("number", "status"))
    assert statuses == {1: VersionStatus.RETIRED, 2: VersionStatus.RETIRED, 3: VersionStatus.PUBLISHED}
    assert [current_version(tam_tru, moment).number for moment in (at(10), at(20), at(2, month=4))] == [1, 2, 3]


def test_only_a_draft_can_be_published(tam_tru, officer, frozen_now):
    with pytest.raises(ValidationError, match="Chỉ công bố được phiên bản nháp"):
        publish_version(tam_tru.versions.get(), at(16), actor=officer)


def test_publishing_needs_an_aware_moment(tam_tru, officer, frozen_now):
    draft = create_draft_version(tam_tru, actor=officer)
    with pytest.raises(ValueError, match="múi giờ"):
        publish_version(draft, dt.datetime(2026, 3, 16), actor=officer)


def test_a_draft_with_a_lost_time_unit_cannot_be_published(khai_sinh, officer, frozen_now):
    draft = create_draft_version(khai_sinh, actor=officer)
    with pytest.raises(ValidationError, match="Chưa xác định được thời hạn của kênh") as exc:
        publish_version(draft, at(16), actor=officer)
    assert "Trực tiếp" in str(exc.value)


def test_an_officer_confirms_the_suggested_unit_then_publishes(khai_sinh, officer, frozen_now):
    draft = create_draft_version(khai_sinh, actor=officer)
    changed = apply_unit_hints(draft, actor=officer)
    assert {o.channel for o in changed} == {"online", "postal", "direct"}
    assert all(o.time_unit == TimeUnit.SAME_DAY and not o.unit_missing for o in changed)
    version = publish_version(draft, at(16), actor=officer)
    assert version.duration_for_channel("direct") == "sameday"  # ND 123/2015: after 15:00 → next day
    assert khai_sinh.versions.get(number=1).channel_options.filter(unit_missing=True).count() == 3


def test_a_same_day_cutoff_other_than_15_00_is_passed_to_the_engine(khai_sinh, officer, frozen_now):
    draft = create_draft_version(khai_sinh, actor=officer)
    apply_unit_hints(draft, actor=officer)
    draft.same_day_cutoff = dt.time(16, 30)  # "some regulations use 16:30" (DOMAIN §6)
    draft.save()
    assert draft.duration_for_channel("online") == "sameday@16:30"


def test_choosing_a_unit_clears_the_missing_unit_flag(khai_sinh, officer):
    draft = create_draft_version(khai_sinh, actor=officer)
    option = draft.channel_options.get(channel="direct")
    option.time_unit = TimeUnit.WORKING_DAYS
    option.full_clean()
    option.save()
    assert not option.unit_missing
    assert draft.duration_for_channel("direct") == "1d"


def test_hints_are_applied_to_drafts_only(khai_sinh, officer):
    with pytest.raises(ValidationError):
        apply_unit_hints(khai_sinh.versions.get(), actor=officer)


def test_a_dossier_pins_its_version_across_later_publications(tam_tru, officer, frozen_now):
    received = at(5, hour=10)
    pinned = current_version(tam_tru, received)
    publish_version(create_draft_version(tam_tru, actor=officer), at(16), actor=officer)
    assert current_version(tam_tru, received) == pinned
    pinned.refresh_from_db()
    assert pinned.duration_for_channel("direct") == "3d"


@pytest.mark.parametrize(
    ("code", "budgets"),
    [
        # 3 working days = 24 h: 10 % / remainder / 20 % / 10 %, in quarter hours
        ("1.004194", [Decimal("2.5"), Decimal("14.25"), Decimal("4.75"), Decimal("2.5")]),
        # 1 working day = 8 h
        ("2.000908", [Decimal("0.75"), Decimal("5"), Decimal("1.5"), Decimal("0.75")]),
        # unit lost in the source: no budget rather than a guessed one
        ("1.001193", [None, None, None, None]),
    ],
)
def test_default_internal_steps_share_the_time_limit(catalog, code, budgets):
    version = ProcedureVersion.objects.get(procedure__code=code)
    steps = list(version.processing_steps.order_by("order"))
    assert [s.budget_hours for s in steps] == budgets
    assert [s.name for s in steps] == [
        "Tiếp nhận, kiểm tra và chuyển hồ sơ",
        "Thẩm định, xử lý hồ sơ",
        "Phê duyệt, ký kết quả",
        "Trả kết quả",
    ]


def test_default_steps_are_added_only_to_an_empty_draft(tam_tru, officer):
    draft = create_draft_version(tam_tru, actor=officer)
    with pytest.raises(ValidationError, match="đã có quy trình"):
        create_default_steps(draft)
    draft.processing_steps.all().delete()
    assert len(create_default_steps(draft)) == 4

"""Services the counter needs beyond the transition table (issue 5 §2).

- back-filling a dossier received on paper while the system was down (original receipt time and
  paper receipt number, flagged and audited);
- guiding an incomplete in-person filing (Mẫu 02 at intake: recorded, no code, clock not started);
- collecting fees; returning a result with what was checked and who collected it; the proxy's
  authorisation on the receipt.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import AuditEntry, WaitingPeriod
from motcua.dossiers.services import MissingItem
from motcua.dossiers.workflow import Action, Stage, Status
from motcua.lib import clock

from .conftest import T0, applicant, at, docs, receive, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    """Messages are checked in Vietnamese (another test's English request may have left English active)."""
    translation.deactivate()
    yield


def backfill(w, **overrides):
    kwargs = dict(
        centre=w.p.phu_khuong,
        procedure=w.c.khai_sinh,
        applicant=applicant(),
        documents=docs(1, 2),
        received_at=at(2, 14, 20),
        paper_receipt_number="GTN-17/2026",
        reason="Mất điện từ 13:30 đến 16:00",
    )
    return s.backfill_dossier(overrides.pop("actor", w.p.lan), **{**kwargs, **overrides})


def test_a_backfilled_dossier_keeps_its_paper_receipt_time_and_is_flagged(world):
    with clock.frozen(at(3, 9, 5)):  # entered Tuesday morning; received on paper Monday 14:20
        d = backfill(world)
    assert (d.status, d.accepted_at, d.code.split("-")[1]) == (Status.ACCEPTED, at(2, 14, 20), "260302")
    # 3 working days from Mon 14:20: Mon 2 h 40, Tue, Wed 8 h, Thu 5 h 20 → Thu 5/3 14:20
    assert d.original_due_at == at(5, 14, 20)
    receipt = d.transitions.get(action=Action.RECEIVE)
    assert receipt.at == at(2, 14, 20)
    assert receipt.data["backfilled"] is True
    assert receipt.data["paper_receipt_number"] == "GTN-17/2026"
    assert receipt.data["backfill_reason"] == "Mất điện từ 13:30 đến 16:00"
    assert receipt.data["entered_at"] == at(3, 9, 5).isoformat()
    entry = AuditEntry.objects.get(action="dossier.received", object_ref=d.code)
    assert entry.at == at(3, 9, 5)  # the log is in the order things were written
    assert entry.data["paper_receipt_number"] == "GTN-17/2026"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"received_at": at(3, 10)}, "tương lai"),  # after "now" (Tue 09:05)
        ({"received_at": at(2, 14, 20) - dt.timedelta(days=31)}, "30 ngày"),
        ({"paper_receipt_number": "  "}, "số của giấy tiếp nhận"),
        ({"reason": ""}, "lý do nhập bổ sung"),
        ({"received_at": dt.datetime(2026, 3, 2, 14, 20)}, "múi giờ"),  # naive
    ],
)
def test_a_backfill_needs_a_past_moment_the_paper_number_and_a_reason(world, overrides, message):
    with clock.frozen(at(3, 9, 5)), pytest.raises(DossierError) as error:
        backfill(world, **overrides)
    assert error.value.code == "validation_error"
    assert message in error.value.message


def test_only_the_centres_counter_officer_backfills(world):
    with clock.frozen(at(3, 9, 5)), pytest.raises(DossierError) as error:
        backfill(world, actor=world.p.binh)  # Hòa Minh's officer, not Phú Khương's
    assert error.value.code == "role_not_allowed"


def test_completion_guidance_at_the_counter_records_one_request_without_a_code(world):
    with clock.frozen(T0) as advance:
        d = s.guide_completion_at_counter(
            world.p.lan,
            centre=world.p.phu_khuong,
            procedure=world.c.khai_sinh,
            applicant=applicant(),
            documents=docs(1),
            items=[MissingItem(2, "Chưa mang giấy chứng sinh")],
            reason="Thiếu giấy tờ",
            idempotency_key="guide-0001-abcd",
        )
        assert (d.status, d.stage, d.code, d.due_at) == (Status.SUBMITTED, Stage.COMPLETION_REQUESTED, None, None)
        period = d.waiting_periods.get()
        assert (period.kind, period.items[0]["name"]) == (WaitingPeriod.Kind.COMPLETION, "Giấy chứng sinh")
        again = s.guide_completion_at_counter(
            world.p.lan,
            centre=world.p.phu_khuong,
            procedure=world.c.khai_sinh,
            applicant=applicant(),
            documents=docs(1),
            items=[MissingItem(2, "Chưa mang giấy chứng sinh")],
            reason="Thiếu giấy tờ",
            idempotency_key="guide-0001-abcd",
        )
        assert again.pk == d.pk and d.waiting_periods.count() == 1
        advance(dt.timedelta(days=1))  # she comes back on Tuesday with the missing paper
        d = s.complete_submission(d, world.p.lan, documents=docs(2))
        d = s.accept_dossier(d, world.p.lan)
    assert (d.status, d.accepted_at) == (Status.ACCEPTED, T0 + dt.timedelta(days=1))  # the clock starts now
    assert d.code


def test_completion_guidance_needs_the_list_and_rolls_back_without_it(world):
    with clock.frozen(T0), pytest.raises(DossierError) as error:
        s.guide_completion_at_counter(
            world.p.lan, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant(), items=[]
        )
    assert error.value.code == "validation_error"
    assert not world.p.phu_khuong.received_dossiers.exists()


def test_collecting_the_fee_is_recorded_once(world):
    with clock.frozen(T0):
        d = receive(world)
        assert (d.fee_amount, d.fee_paid) == (Decimal("8000"), False)  # the catalogue's fee
        version = d.row_version
        d = s.collect_fee(d, world.p.lan, receipt_number="BL-0012")
        assert (d.fee_paid, d.row_version) == (True, version + 1)
        d = s.collect_fee(d, world.p.lan)  # a double click changes nothing
    assert d.row_version == version + 1
    entries = AuditEntry.objects.filter(action="dossier.fee.collected", object_ref=d.code)
    assert [(e.data["amount"], e.data["receipt_number"]) for e in entries] == [("8000", "BL-0012")]


def test_only_counter_staff_collect_fees_and_only_on_received_dossiers(world):
    with clock.frozen(T0):
        d = receive(world)
        with pytest.raises(DossierError) as error:
            s.collect_fee(d, world.p.minh)
        assert error.value.code == "role_not_allowed"
        refused = walk(world, Stage.REFUSED)
        with pytest.raises(DossierError) as error:
            s.collect_fee(refused, world.p.lan, amount=Decimal("8000"))
        assert error.value.code == "transition_not_allowed"
        free = receive(world, world.c.ket_hon)  # no fee in the catalogue
        with pytest.raises(DossierError) as error:
            s.collect_fee(free, world.p.lan)
        assert "số tiền" in error.value.message


def test_the_return_records_what_was_checked_and_who_collected(world):
    with clock.frozen(T0):
        d = walk(world, Stage.DONE)
        d = s.return_result(
            d,
            world.p.lan,
            method="counter",
            recipient="Nguyễn Văn Tâm (086092007788)",
            identity_check="Mất giấy tiếp nhận: đối chiếu căn cước của người nhận",
            proxy_document="Giấy ủy quyền số 12/2026/SCT",
        )
    returned = d.transitions.get(action=Action.RETURN_RESULT)
    assert returned.data == {
        "method": "counter",
        "recipient": "Nguyễn Văn Tâm (086092007788)",
        "identity_check": "Mất giấy tiếp nhận: đối chiếu căn cước của người nhận",
        "proxy_document": "Giấy ủy quyền số 12/2026/SCT",
    }


def test_the_proxys_authorisation_is_kept_with_the_receipt(world):
    proxy = applicant(id_number="086092007788", name="Nguyễn Văn Tâm")
    with clock.frozen(T0):
        d = receive(world, proxy=proxy, proxy_document="Giấy ủy quyền số 12/2026/SCT")
    assert d.transitions.get(action=Action.RECEIVE).data["proxy_document"] == "Giấy ủy quyền số 12/2026/SCT"

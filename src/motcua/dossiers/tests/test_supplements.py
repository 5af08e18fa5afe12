"""Supplements, financial obligations, extension and apology: the clock arithmetic (DOMAIN §6).

Khai sinh: 3 working days, pause policy. Kết hôn: 5 working days, restart policy. Every dossier is
received Monday 2/3/2026 08:00 (+07); March 2026 has no day off.
"""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers import deadlines
from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import WaitingPeriod
from motcua.dossiers.services import MissingItem
from motcua.dossiers.workflow import Stage, Status
from motcua.lib import clock

from .conftest import T0, at, docs, walk

pytestmark = pytest.mark.django_db


def in_processing(w, procedure=None):
    d = walk(w, Stage.IN_STEP, procedure)
    return d


def test_pause_policy_resumes_with_the_time_that_was_left(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        assert d.due_at == d.original_due_at == at(5, 8)  # Mon 08:00 + 24 working hours = Thu 08:00
        advance(at(3, 10) - T0)  # Tue 10:00: 10 h used, 14 h left
        d = s.request_supplement(
            d, world.p.minh, items=[MissingItem(2, "Giấy chứng sinh bị mờ")], reason="Không đọc được"
        )
        assert (d.status, d.paused_at, d.supplement_count) == (Status.SUPPLEMENT_REQUESTED, at(3, 10), 1)
        period = d.waiting_periods.get(kind="supplement")
        assert period.items == [{"document": 2, "name": "Giấy chứng sinh", "detail": "Giấy chứng sinh bị mờ"}]
        assert (period.policy, period.due_before, period.notice_within_limit) == ("pause", at(5, 8), True)
        advance(at(6, 14) - at(3, 10))  # Friday 14:00: the complete supplement arrives
        d = s.receive_supplement(d, world.p.lan, documents=docs(2))
    # 14 h from Fri 14:00: Fri 3 h, Mon 8 h, Tue 07:00 + 3 h → Tue 10/3 10:00
    assert (d.stage, d.due_at, d.paused_at) == (Stage.IN_STEP, at(10, 10), None)
    assert d.original_due_at == at(5, 8)  # the receipt's appointment never moves
    period.refresh_from_db()
    # waiting time: Tue 1 h + 4 h, Wed 8 h, Thu 8 h, Fri 4 h + 1 h = 26 h
    assert (period.answered_at, period.excluded_minutes, d.excluded_minutes) == (at(6, 14), 26 * 60, 26 * 60)
    assert period.due_after == at(10, 10)
    assert d.documents.filter(waiting_period=period).count() == 1


def test_restart_policy_counts_the_full_limit_again(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world, world.c.ket_hon)
        assert d.due_at == at(9, 8)  # 5 working days
        advance(at(3, 10) - T0)
        d = s.request_supplement(d, world.p.minh, items=[MissingItem(2)])
        advance(at(6, 14) - at(3, 10))
        d = s.receive_supplement(d, world.p.lan)
    # 40 h from Fri 14:00: Fri 3, Mon–Thu 32 → 35, Fri 13/3 4 h morning + 1 h → 14:00
    assert d.due_at == at(13, 14) and d.original_due_at == at(9, 8)
    # everything before the complete supplement is forgiven: Mon 7 h + Tue–Thu 24 h + Fri 5 h = 36 h
    assert d.excluded_minutes == 36 * 60


def test_the_request_lists_only_published_documents(world, frozen):
    d = in_processing(world)
    for items in ([], [MissingItem(7, "Giấy tờ không có trong danh mục")]):
        with pytest.raises(DossierError) as error:
            s.request_supplement(d, world.p.minh, items=items)
        assert error.value.code == "validation_error"


def test_supplement_requests_during_processing_are_counted(world, frozen):
    d = in_processing(world)
    for _ in range(2):
        d = s.request_supplement(d, world.p.minh, items=[MissingItem(1)])
        d = s.receive_supplement(d, world.p.lan)
    assert d.supplement_count == 2
    assert d.waiting_periods.filter(kind="supplement").count() == 2  # every episode is stored


def test_a_late_notice_is_flagged(world):
    with clock.frozen(T0) as advance:
        d = s.transfer_dossier(walk(world, Stage.ACCEPTED, world.c.ly_lich), world.p.lan)  # provincial, 10 days
        d = s.assign_dossier(d, world.phuong, assignee=world.hung)
        advance(at(6, 9) - T0)  # Friday: 4 working days after the transfer
        d = s.request_supplement(d, world.hung, items=[MissingItem(1)])
    assert d.waiting_periods.get().notice_within_limit is False


def test_financial_obligation_pauses_and_gives_a_second_appointment(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        advance(at(3, 10) - T0)
        d = s.request_financial_obligation(d, world.p.minh, reason="Nộp lệ phí đăng ký")
        assert d.status == Status.FINANCIAL_OBLIGATION
        advance(at(4, 10) - at(3, 10))  # paid one working day later
        d = s.confirm_financial_obligation(d, world.p.lan)
    assert d.due_at == at(6, 8)  # Thu 08:00 moved by 8 working hours
    assert d.transitions.latest("seq").data["second_appointment"] == at(6, 8).isoformat()
    assert d.supplement_count == 0  # not a supplement request


def test_the_open_step_is_paused_too(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        step_due = d.current_step.due_at
        advance(at(3, 10) - T0)
        d = s.request_supplement(d, world.p.minh, items=[MissingItem(2)])
        advance(at(4, 10) - at(3, 10))
        d = s.receive_supplement(d, world.p.lan)
    d.current_step.refresh_from_db()
    assert d.current_step.due_at == deadlines.calendar_for_dossier(d).resume(step_due, at(3, 10), at(4, 10))


def test_extension_once_with_legal_basis(world, frozen):
    d = in_processing(world)
    with pytest.raises(DossierError):
        s.extend_deadline(d, world.p.hoa, working_days=2, legal_basis="  ")
    d = s.extend_deadline(d, world.p.hoa, working_days=2, legal_basis="Luật chuyên ngành, Đ.x")
    assert (d.due_at, d.original_due_at) == (at(9, 8), at(5, 8))
    with pytest.raises(DossierError) as error:
        s.extend_deadline(d, world.p.hoa, working_days=1, legal_basis="Lần hai")
    assert error.value.code == "extension_exists"


def test_apology_before_the_deadline_and_one_reappointment_only(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)  # due Thu 5/3 08:00 → latest apology Wed 4/3 08:00 (1 working day before)
        assert deadlines.latest_apology_moment(d) == at(4, 8)
        advance(at(4, 8) - T0)
        d = s.apologise(d, world.p.hoa, new_due_at=at(10, 17), reason="Cần xác minh tại nơi sinh")
        assert (d.due_at, d.original_due_at, d.reappointed_due_at) == (at(10, 17), at(5, 8), at(10, 17))
        with pytest.raises(DossierError) as error:
            s.apologise(d, world.p.hoa, new_due_at=at(12, 17), reason="Lần nữa")
        assert error.value.code == "reappointment_exists"


def test_an_apology_after_the_margin_is_refused(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        advance(at(4, 8, 1) - T0)  # one minute too late
        with pytest.raises(DossierError) as error:
            s.apologise(d, world.p.hoa, new_due_at=at(10, 17), reason="Chậm")
    assert error.value.code == "apology_too_late" and "08:00 04/03/2026" in error.value.message


def test_the_apology_margin_is_a_setting(world, settings):
    settings.MOTCUA = {**settings.MOTCUA, "APOLOGY_MARGIN_WORKING_DAYS": 0}
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        advance(at(5, 7, 30) - T0)  # half an hour before the appointment
        d = s.apologise(d, world.p.hoa, new_due_at=at(10, 17), reason="Chậm")
    assert d.reappointed_due_at == at(10, 17)


def test_the_new_date_must_be_later(world, frozen):
    d = in_processing(world)
    with pytest.raises(DossierError) as error:
        s.apologise(d, world.p.hoa, new_due_at=at(4, 17), reason="Chậm")
    assert error.value.code == "validation_error"


def test_pauses_after_a_reappointment_move_the_new_date(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        d = s.apologise(d, world.p.hoa, new_due_at=at(10, 17), reason="Chậm")
        advance(at(3, 10) - T0)
        d = s.request_supplement(d, world.p.minh, items=[MissingItem(2)])
        advance(at(4, 10) - at(3, 10))
        d = s.receive_supplement(d, world.p.lan)
    assert d.due_at == at(11, 17)  # the re-appointment moved by the 8 working hours of waiting


def test_stopping_while_waiting_keeps_the_waiting_time_out(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        advance(at(3, 10) - T0)
        d = s.request_supplement(d, world.p.minh, items=[MissingItem(2)])
        advance(at(5, 10) - at(3, 10))
        d = s.request_withdrawal(d, world.p.lan, reason="Không bổ sung được")
    period = d.waiting_periods.get()
    assert (period.closed_at, period.answered_at, d.paused_at, d.ended_at) == (at(5, 10), None, None, at(5, 10))
    assert d.excluded_minutes == 16 * 60


def test_replay_gives_what_the_live_path_gave(world):
    with clock.frozen(T0) as advance:
        d = in_processing(world)
        d = s.extend_deadline(d, world.p.hoa, working_days=1, legal_basis="Luật chuyên ngành")
        advance(dt.timedelta(hours=2))
        d = s.request_supplement(d, world.p.minh, items=[MissingItem(2)])
        advance(dt.timedelta(days=2, hours=3))
        d = s.receive_supplement(d, world.p.lan)
        advance(dt.timedelta(hours=1))
        d = s.request_financial_obligation(d, world.p.minh, reason="Thuế")
        advance(dt.timedelta(days=1))
        d = s.confirm_financial_obligation(d, world.p.lan)
    replayed = deadlines.replay(d, list(d.waiting_periods.order_by("requested_at")))
    assert (replayed.due_at, replayed.excluded_minutes) == (d.due_at, d.excluded_minutes)
    assert WaitingPeriod.objects.filter(dossier=d, answered_at__isnull=False).count() == 2

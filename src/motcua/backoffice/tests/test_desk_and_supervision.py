"""The department desk (inbox, claim, bulk reassignment) and the director's screen (due, overdue,
red list of dossiers that owe an apology letter)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.workflow import Stage
from motcua.lib import clock
from motcua.org.models import Posting, Role, User
from motcua.org.personas import POSTINGS_START

from .conftest import T0, applicant, at, receive, walk

pytestmark = pytest.mark.django_db


def second_specialist(world) -> User:
    nam = User.objects.create_user(username="nam", password="motcua-test-123", full_name="Đỗ Văn Nam")
    Posting.objects.create(
        user=nam, role=Role.SPECIALIST, department=world.p.phu_khuong_office, starts_on=POSTINGS_START
    )
    return nam


def test_the_inbox_lists_mine_and_the_unassigned_with_time_left(world, as_user, frozen):
    mine = walk(world, Stage.IN_STEP)  # assigned to Minh by Hoa
    waiting = walk(world, Stage.TRANSFERRED)
    client = as_user(world.p.minh)
    body = client.get("/backoffice/xu-ly/").content.decode()  # a specialist lands on "mine"
    assert mine.code in body and waiting.code not in body
    assert "3 ngày" in body  # exactly 3 working days left (the clock is frozen at the receipt)
    unassigned = client.get("/backoffice/xu-ly/", {"tab": "unassigned"}).content.decode()
    assert waiting.code in unassigned and mine.code not in unassigned
    assert "Nhận xử lý" in unassigned


def test_a_specialist_claims_a_dossier_from_the_inbox(world, as_user, frozen):
    waiting = walk(world, Stage.TRANSFERRED)
    client = as_user(world.p.minh)
    response = client.post(
        f"/backoffice/ho-so/{waiting.code}/nhan-xu-ly/",
        {"idempotency_key": "claim-123456", "next": "/backoffice/xu-ly/"},
    )
    assert response["Location"] == "/backoffice/xu-ly/"
    waiting.refresh_from_db()
    assert (waiting.stage, waiting.assignee) == (Stage.IN_STEP, world.p.minh)


def test_the_approver_sees_what_waits_for_approval(world, as_user, frozen):
    dossier = s.complete_step(walk(world, Stage.IN_STEP), world.p.minh)
    body = as_user(world.p.hoa).get("/backoffice/xu-ly/").content.decode()  # approver lands on approval
    assert dossier.code in body


def test_bulk_reassignment_when_a_specialist_is_absent(world, as_user, frozen):
    nam = second_specialist(world)
    first, second = walk(world, Stage.IN_STEP), walk(world, Stage.IN_STEP)
    client = as_user(world.p.hoa)
    url = "/backoffice/xu-ly/phan-cong-lai/"
    listing = client.get(url, {"vang": world.p.minh.pk}).content.decode()
    assert first.code in listing and second.code in listing
    response = client.post(
        url,
        {
            "idempotency_key": "reassign-0001",
            "phong": world.p.phu_khuong_office.pk,
            "vang": world.p.minh.pk,
            "nguoi_nhan": nam.pk,
            "ho_so": [first.pk, second.pk],
        },
    )
    assert response.status_code == 302
    for dossier in (first, second):
        dossier.refresh_from_db()
        assert dossier.assignee == nam
        assert dossier.current_step.assignee == nam
    assert "Đã phân công lại 2 hồ sơ cho Đỗ Văn Nam." in client.get(response["Location"]).content.decode()


def test_only_the_departments_leader_reassigns(world, as_user, frozen):
    response = as_user(world.p.minh).get("/backoffice/xu-ly/phan-cong-lai/", follow=True)
    assert "Chỉ lãnh đạo phòng phân công lại hồ sơ." in response.content.decode()
    assert as_user(world.p.lan).get("/backoffice/xu-ly/").status_code == 403


def overdue_dossier(world):
    """Received Monday 2/3 08:00 (due Thursday 5/3 08:00), still at the specialist's on Friday."""
    with clock.frozen(T0):
        return walk(world, Stage.IN_STEP)


def test_the_director_sees_the_overdue_dossier_on_the_red_list(world, as_user):
    late = overdue_dossier(world)
    with clock.frozen(T0):
        due_soon = receive(world, applicant=applicant(id_number="086090005678", name="Trần Văn Hậu"))
    with clock.frozen(at(5, 10)):  # Thursday 10:00: both were due at 08:00, 2 working hours ago
        body = as_user(world.p.tuan).get("/backoffice/giam-sat/").content.decode()
    red = body[body.index("Danh sách đỏ") : body.index("Theo cơ quan giải quyết")]
    assert late.code in red
    assert "Đã quá hạn" in red and "Đã quá hạn gửi phiếu" in red
    assert "Trần Văn Minh" in red  # who holds it
    assert due_soon.code in body
    assert "Văn phòng HĐND và UBND Phường Phú Khương" in body  # counted by department
    assert "T1.001193 — Thủ tục đăng ký khai sinh" in body  # and by procedure


def test_due_today_and_the_next_two_working_days(world, as_user):
    with clock.frozen(T0):
        d = walk(world, Stage.IN_STEP)  # due Thursday 5/3 08:00
    with clock.frozen(at(3, 16)):  # Tuesday: due in the next 2 working days (Wed, Thu)
        data_soon = as_user(world.p.tuan).get("/backoffice/giam-sat/").content.decode()
    with clock.frozen(at(5, 7, 30)):  # Thursday 07:30: due today
        data_today = as_user(world.p.tuan).get("/backoffice/giam-sat/").content.decode()
    soon = data_soon[data_soon.index('id="soon"') :]
    today = data_today[data_today.index('id="today"') : data_today.index('id="soon"')]
    assert d.code in soon and d.code in today


def test_a_re_appointed_dossier_leaves_the_red_list(world, as_user):
    with clock.frozen(T0) as advance:
        d = walk(world, Stage.IN_STEP)
        advance(dt.timedelta(hours=20))
        s.apologise(d, world.p.hoa, new_due_at=at(10, 16), reason="Chờ xác minh")
    with clock.frozen(at(4, 10)):
        body = as_user(world.p.tuan).get("/backoffice/giam-sat/").content.decode()
    red = body[body.index("Danh sách đỏ") : body.index("Theo cơ quan giải quyết")]
    assert d.code not in red


def test_supervision_is_scoped_and_closed_to_other_roles(world, as_user):
    late = overdue_dossier(world)
    with clock.frozen(at(6, 10)):
        assert late.code in as_user(world.p.giang).get("/backoffice/giam-sat/").content.decode()  # province-wide
        assert as_user(world.p.minh).get("/backoffice/giam-sat/").status_code == 403
        assert as_user(world.p.lan).get("/backoffice/giam-sat/").status_code == 403
        hoa_minh_director = User.objects.create_user(username="dung", password="x" * 12, full_name="Director HM")
        Posting.objects.create(
            user=hoa_minh_director, role=Role.CENTRE_DIRECTOR, centre=world.p.hoa_minh, starts_on=POSTINGS_START
        )
        assert late.code not in as_user(hoa_minh_director).get("/backoffice/giam-sat/").content.decode()

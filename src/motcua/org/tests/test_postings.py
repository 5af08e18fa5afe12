"""Access follows postings (DOMAIN §1): each role is scoped to a centre, a department or the province."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.org import access
from motcua.org.models import Department, Posting, Role, ServiceCentre, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "scope", "ok"),
    [
        # Counter officers and directors work for a centre (ND 118: bộ phận một cửa).
        (Role.COUNTER_OFFICER, "centre", True),
        (Role.COUNTER_OFFICER, "department", False),
        (Role.COUNTER_OFFICER, None, False),
        (Role.CENTRE_DIRECTOR, "centre", True),
        # Specialists, approvers and clerks belong to the competent agency.
        (Role.SPECIALIST, "department", True),
        (Role.SPECIALIST, "centre", False),
        (Role.APPROVER, "department", True),
        (Role.CLERK, None, False),
        # Supervisors and administrators are province-wide: attaching a centre is a mistake.
        (Role.PROVINCE_SUPERVISOR, None, True),
        (Role.PROVINCE_SUPERVISOR, "centre", False),
        (Role.SYSTEM_ADMIN, None, True),
    ],
)
def test_each_role_must_be_attached_to_its_scope(role, scope, ok):
    user = User.objects.create_user("x", password="motcua-test-123")
    centre = ServiceCentre.objects.get(code="28756")
    department = Department.objects.get(code="28756-vp")
    posting = Posting(
        user=user,
        role=role,
        centre=centre if scope == "centre" else None,
        department=department if scope == "department" else None,
        starts_on=dt.date(2025, 7, 1),
    )
    if ok:
        posting.full_clean()
    else:
        with pytest.raises(ValidationError) as excinfo:
            posting.full_clean()
        assert "phải gắn với" in str(excinfo.value) or "toàn tỉnh" in str(excinfo.value)


def test_counter_officer_acts_only_at_her_centre(personas):
    assert access.has_role(personas.lan, Role.COUNTER_OFFICER, centre=personas.phu_khuong)
    assert not access.has_role(personas.lan, Role.COUNTER_OFFICER, centre=personas.hoa_minh)
    assert not access.has_role(personas.binh, Role.COUNTER_OFFICER, centre=personas.phu_khuong)
    assert access.centre_ids(personas.lan, Role.COUNTER_OFFICER) == {personas.phu_khuong.id}


def test_specialist_is_scoped_to_his_department(personas):
    assert access.department_ids(personas.minh, Role.SPECIALIST) == {personas.phu_khuong_office.id}
    other = Department.objects.get(code="29410-vp")
    assert not access.has_role(personas.minh, Role.SPECIALIST, department=other)


def test_supervisor_is_province_wide_but_a_counter_officer_is_not(personas):
    assert access.is_province_wide(personas.giang)
    assert access.is_province_wide(personas.quan)
    assert not access.is_province_wide(personas.lan)


def test_rights_end_with_the_posting(personas):
    # Cường's counter posting ended on 31/12/2025: he keeps his account, not his access.
    assert access.has_role(personas.cuong, Role.COUNTER_OFFICER, centre=personas.phu_khuong, on=dt.date(2025, 12, 31))
    assert not access.has_role(personas.cuong, Role.COUNTER_OFFICER, centre=personas.phu_khuong, on=dt.date(2026, 1, 2))


def test_deactivated_account_has_no_access(personas):
    personas.lan.is_active = False
    personas.lan.save()
    assert access.roles(personas.lan) == set()

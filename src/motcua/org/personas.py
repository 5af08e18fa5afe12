"""Named staff personas, one per role and centre — used by the tests and as the demo's accounts.

One table, so the people in the tests are the people a reviewer logs in as in ``make demo``:

=========  ==========================================  ===========================================
persona    role                                         where
=========  ==========================================  ===========================================
lan        cán bộ tiếp nhận (counter officer)           TT PVHCC Phường Phú Khương (28756)
minh       chuyên viên (specialist)                      Văn phòng HĐND và UBND Phường Phú Khương
hoa        lãnh đạo phê duyệt (approver)                 Văn phòng HĐND và UBND Phường Phú Khương
tuan       giám đốc trung tâm (centre director)          TT PVHCC Phường Phú Khương
binh       cán bộ tiếp nhận                              TT PVHCC Xã Hòa Minh (29410, island commune)
an         cán bộ tiếp nhận                              TT PVHCC tỉnh Vĩnh Long (86)
khoa       chuyên viên                                   Sở Tư pháp (provincial department)
giang      giám sát cấp tỉnh (province supervisor)       toàn tỉnh, read-only
quan       quản trị hệ thống (system administrator)      toàn tỉnh, Django superuser
cuong      former counter officer at Phú Khương          posting ended 2025-12-31
=========  ==========================================  ===========================================
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db import transaction

from .models import Department, Posting, Role, ServiceCentre, User

PHU_KHUONG = "28756"
HOA_MINH = "29410"
PROVINCE = "86"
POSTINGS_START = dt.date(2025, 7, 1)

# username, full name, role, ("centre"|"department"|None, code), ends_on, superuser
PERSONAS: tuple[tuple[str, str, str, tuple[str | None, str | None], dt.date | None, bool], ...] = (
    ("lan", "Nguyễn Thị Lan", Role.COUNTER_OFFICER, ("centre", PHU_KHUONG), None, False),
    ("minh", "Trần Văn Minh", Role.SPECIALIST, ("department", f"{PHU_KHUONG}-vp"), None, False),
    ("hoa", "Lê Thị Hoa", Role.APPROVER, ("department", f"{PHU_KHUONG}-vp"), None, False),
    ("tuan", "Phạm Anh Tuấn", Role.CENTRE_DIRECTOR, ("centre", PHU_KHUONG), None, False),
    ("binh", "Thạch Bình", Role.COUNTER_OFFICER, ("centre", HOA_MINH), None, False),
    ("an", "Võ Thành An", Role.COUNTER_OFFICER, ("centre", PROVINCE), None, False),
    ("khoa", "Ngô Đăng Khoa", Role.SPECIALIST, ("department", f"{PROVINCE}-stp"), None, False),
    ("giang", "Đặng Thu Giang", Role.PROVINCE_SUPERVISOR, (None, None), None, False),
    ("quan", "Huỳnh Minh Quân", Role.SYSTEM_ADMIN, (None, None), None, True),
    ("cuong", "Lý Văn Cường", Role.COUNTER_OFFICER, ("centre", PHU_KHUONG), dt.date(2025, 12, 31), False),
)


@transaction.atomic
def ensure_personas(password: str) -> SimpleNamespace:
    """Create (or find) every persona with its posting; idempotent. Needs the organisation loaded."""
    people = SimpleNamespace(
        phu_khuong=ServiceCentre.objects.get(code=PHU_KHUONG),
        hoa_minh=ServiceCentre.objects.get(code=HOA_MINH),
        provincial=ServiceCentre.objects.get(code=PROVINCE),
        phu_khuong_office=Department.objects.get(code=f"{PHU_KHUONG}-vp"),
    )
    for username, full_name, role, (scope, code), ends_on, superuser in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=password, full_name=full_name,
                is_staff=superuser, is_superuser=superuser,
            )
        centre = ServiceCentre.objects.get(code=code) if scope == "centre" else None
        department = Department.objects.get(code=code) if scope == "department" else None
        if not Posting.objects.filter(user=user, role=role, centre=centre, department=department).exists():
            posting = Posting(user=user, role=role, centre=centre, department=department,
                              starts_on=POSTINGS_START, ends_on=ends_on, decision="Dữ liệu minh họa")
            posting.full_clean()
            posting.save()
        setattr(people, username, user)
    return people

"""Fixtures of the reports tests: a small catalogue, the official calendar, the people who act.

Procedures are built through the catalogue's own models and services (codes prefixed ``R`` so they
never collide with the real catalogue):

=========  ====================================  ===========  ========  ========  =======
code       procedure                             sector       level     limit     policy
=========  ====================================  ===========  ========  ========  =======
R1.001193  Đăng ký khai sinh                     Hộ tịch      commune   3 days    pause
R1.000894  Đăng ký kết hôn                       Hộ tịch      commune   5 days    restart
R2.000815  Chứng thực bản sao từ bản chính       Chứng thực   commune   same day  pause
R1.012796  Đính chính Giấy chứng nhận            Đất đai      commune   8 days    pause
R2.001417  Cấp Phiếu lý lịch tư pháp             Lý lịch tư   province  10 days   pause,
                                                 pháp                               boundary-free
=========  ====================================  ===========  ========  ========  =======

Time: tests freeze the clock; ``T0`` is Monday 2 March 2026 08:00 (+07), a plain working month.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from motcua.catalog.models import ChannelOption, Procedure, ProcedureVersion, RequiredDocument, Sector, TimeUnit
from motcua.catalog.services import create_default_steps, publish_version
from motcua.lib import clock

VN = clock.BUSINESS_TZ
PUBLISHED = dt.datetime(2026, 1, 5, 8, 0, tzinfo=VN)
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN)  # Monday


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VN)


def make_procedure(code, name, sector, level, *, value, unit, policy="pause", boundary_free=False):
    sector_obj, _ = Sector.objects.get_or_create(name=sector)
    procedure = Procedure.objects.create(
        code=code, name=name, sector=sector_obj, level=level,
        at_commune=level == "commune", at_province=level == "province",
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure, number=1, supplement_policy=policy, boundary_free=boundary_free
    )
    for order, channel in enumerate(("direct", "online", "postal"), start=1):
        ChannelOption.objects.create(
            version=version, order=order, channel=channel,
            time_value=Decimal(value) if value is not None else None, time_unit=unit,
        )
    for order, doc in enumerate(("Tờ khai", "Giấy tờ chứng minh"), start=1):
        RequiredDocument.objects.create(version=version, order=order, name=doc, originals=1)
    create_default_steps(version)
    publish_version(version, PUBLISHED)
    procedure.refresh_from_db()
    return procedure


def build_catalogue() -> SimpleNamespace:
    with clock.frozen(PUBLISHED - dt.timedelta(days=1)):
        return SimpleNamespace(
            khai_sinh=make_procedure("R1.001193", "Đăng ký khai sinh", "Hộ tịch", "commune",
                                     value="3", unit=TimeUnit.WORKING_DAYS),
            ket_hon=make_procedure("R1.000894", "Đăng ký kết hôn", "Hộ tịch", "commune",
                                   value="5", unit=TimeUnit.WORKING_DAYS, policy="restart"),
            chung_thuc=make_procedure("R2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", "commune",
                                      value=None, unit=TimeUnit.SAME_DAY),
            dat_dai=make_procedure("R1.012796", "Đính chính Giấy chứng nhận đã cấp", "Đất đai", "commune",
                                   value="8", unit=TimeUnit.WORKING_DAYS),
            ly_lich=make_procedure("R2.001417", "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp", "province",
                                   value="10", unit=TimeUnit.WORKING_DAYS, boundary_free=True),
        )


def build_world(personas, catalogue) -> SimpleNamespace:
    from motcua.org.models import Department, Posting, Role, User
    from motcua.org.personas import POSTINGS_START

    extra = {}
    for username, role, department in (
        ("hung", Role.SPECIALIST, "86-cat"),
        ("phuong", Role.APPROVER, "86-cat"),
        ("dat", Role.SPECIALIST, "28756-kt"),
        ("duyen", Role.APPROVER, "28756-kt"),
    ):
        user = User.objects.create_user(username=username, password="motcua-test-123", full_name=username.title())
        Posting.objects.create(
            user=user, role=role, department=Department.objects.get(code=department), starts_on=POSTINGS_START
        )
        extra[username] = user
    return SimpleNamespace(p=personas, c=catalogue, **extra)


@pytest.fixture
def calendar(db):
    from motcua.worktime.loading import load_calendar

    return load_calendar(province_code="86")


@pytest.fixture
def world(personas, calendar):
    return build_world(personas, build_catalogue())


CITIZEN = dict(kind="citizen", id_number="086090001234", name="Nguyễn Thị Mai", phone="0912345678")


def applicant(n: int = 0):
    from motcua.dossiers.services import ApplicantData

    return ApplicantData(**{**CITIZEN, "id_number": f"0860900{n:05d}"})


def docs(*orders, supplied_as="original"):
    from motcua.dossiers.services import DocumentData

    return [DocumentData(document=n, supplied_as=supplied_as) for n in orders]


@pytest.fixture
def province(personas):
    """The real catalogue and calendar, simulated staff, the province planned at 1/100 (tests/simulated.py)."""
    from .simulated import build_province

    return build_province()

"""Fixtures of the dossier tests: a small catalogue, the official calendar, walkers to any stage.

The national catalogue is big and not loaded here; the procedures below are built through the
catalogue's own models and services (codes prefixed ``T`` so they never collide with the real
catalogue when another app's tests loaded it into the same database):

=============  ============================================  ==========  ========  =======  ========
code           procedure                                     sector      level     limit    policy
=============  ============================================  ==========  ========  =======  ========
T1.001193      Thủ tục đăng ký khai sinh                     Hộ tịch     commune   3 days   pause, boundary-free
T1.000894      Thủ tục đăng ký kết hôn                       Hộ tịch     commune   5 days   restart
T2.000815      Chứng thực bản sao từ bản chính               Chứng thực  commune   same day pause
T2.001417      Cấp Phiếu lý lịch tư pháp                     Lý lịch tư  province  10 days  pause, boundary-free
                                                             pháp
T1.009999      Thủ tục có thời hạn bị mất đơn vị (nguồn)     Hộ tịch     commune   unknown  —
=============  ============================================  ==========  ========  =======  ========

Time: every test freezes the clock; ``T0`` is Monday 2 March 2026 08:00 (+07), a plain working week
(no day off in March 2026).
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


def make_procedure(
    code,
    name,
    sector,
    level,
    *,
    value,
    unit,
    policy="pause",
    boundary_free=False,
    documents=("Tờ khai", "Giấy tờ chứng minh"),
    fee=None,
    unit_missing=False,
):
    sector_obj, _ = Sector.objects.get_or_create(name=sector)
    procedure = Procedure.objects.create(
        code=code,
        name=name,
        sector=sector_obj,
        level=level,
        at_commune=level == "commune",
        at_province=level == "province",
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure, number=1, supplement_policy=policy, boundary_free=boundary_free
    )
    for order, channel in enumerate(("direct", "online", "postal"), start=1):
        ChannelOption.objects.create(
            version=version,
            order=order,
            channel=channel,
            time_value=Decimal(value) if value is not None else None,
            time_unit=unit,
            unit_missing=unit_missing,
            fee_amount=fee,
        )
    for order, doc in enumerate(documents, start=1):
        RequiredDocument.objects.create(version=version, order=order, name=doc, originals=1)
    create_default_steps(version)
    if unit_missing:  # cannot be published through the service: the point of this fixture
        ProcedureVersion.objects.filter(pk=version.pk).update(status="published", valid_from=PUBLISHED)
    else:
        publish_version(version, PUBLISHED)
    procedure.refresh_from_db()
    return procedure


@pytest.fixture
def calendar(db):
    """The official calendar of Vĩnh Long (2025–2026 official, later years provisional)."""
    from motcua.worktime.loading import load_calendar

    return load_calendar(province_code="86")


def build_catalogue() -> SimpleNamespace:
    with clock.frozen(PUBLISHED):
        return SimpleNamespace(
            khai_sinh=make_procedure(
                "T1.001193",
                "Thủ tục đăng ký khai sinh",
                "Hộ tịch",
                "commune",
                value="3",
                unit=TimeUnit.WORKING_DAYS,
                boundary_free=True,
                fee=Decimal("8000"),
                documents=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Văn bản uỷ quyền (nếu nộp thay)"),
            ),
            ket_hon=make_procedure(
                "T1.000894",
                "Thủ tục đăng ký kết hôn",
                "Hộ tịch",
                "commune",
                value="5",
                unit=TimeUnit.WORKING_DAYS,
                policy="restart",
                documents=("Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân"),
            ),
            chung_thuc=make_procedure(
                "T2.000815",
                "Chứng thực bản sao từ bản chính",
                "Chứng thực",
                "commune",
                value=None,
                unit=TimeUnit.SAME_DAY,
                documents=("Bản chính giấy tờ", "Bản sao cần chứng thực"),
            ),
            ly_lich=make_procedure(
                "T2.001417",
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                "Lý lịch tư pháp",
                "province",
                value="10",
                unit=TimeUnit.WORKING_DAYS,
                boundary_free=True,
                documents=("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Bản chụp căn cước"),
            ),
            mat_don_vi=make_procedure(
                "T1.009999",
                "Thủ tục có thời hạn bị mất đơn vị (nguồn)",
                "Hộ tịch",
                "commune",
                value="1",
                unit=TimeUnit.UNKNOWN,
                unit_missing=True,
            ),
        )


@pytest.fixture
def catalogue(db, calendar):
    return build_catalogue()


@pytest.fixture
def world(personas, catalogue):
    """Personas + catalogue + the Công an tỉnh people the provincial procedure needs."""
    return build_world(personas, catalogue)


def build_world(personas, catalogue) -> SimpleNamespace:
    from motcua.org.models import Department, Posting, Role, User
    from motcua.org.personas import POSTINGS_START

    police = Department.objects.get(code="86-cat")
    extra = {}
    for username, role in (("hung", Role.SPECIALIST), ("phuong", Role.APPROVER)):
        user = User.objects.create_user(username=username, password="motcua-test-123", full_name=username.title())
        Posting.objects.create(user=user, role=role, department=police, starts_on=POSTINGS_START)
        extra[username] = user
    return SimpleNamespace(p=personas, c=catalogue, police=police, **extra)


CITIZEN = dict(
    kind="citizen",
    id_number="086090001234",
    name="Nguyễn Thị Mai",
    phone="0912345678",
    email="mai@example.vn",
    address="Phường Phú Khương, tỉnh Vĩnh Long",
)


def applicant(**overrides):
    from motcua.dossiers.services import ApplicantData

    return ApplicantData(**{**CITIZEN, **overrides})


def docs(*orders):
    from motcua.dossiers.services import DocumentData

    return [DocumentData(document=n) for n in orders]


def receive(w, procedure=None, *, actor=None, centre=None, **kwargs):
    from motcua.dossiers.services import receive_dossier

    return receive_dossier(
        actor or w.p.lan,
        centre=centre or w.p.phu_khuong,
        procedure=procedure or w.c.khai_sinh,
        applicant=kwargs.pop("applicant", applicant()),
        documents=kwargs.pop("documents", docs(1, 2)),
        **kwargs,
    )


def walk(w, stage: str, procedure=None):
    """A fresh dossier brought to ``stage`` by the usual people (lan → minh/hoa → lan)."""
    from motcua.dossiers import services as s
    from motcua.dossiers.models import Channel
    from motcua.dossiers.services import MissingItem
    from motcua.dossiers.workflow import Stage

    p = w.p
    if stage in (Stage.SUBMITTED, Stage.COMPLETION_REQUESTED):
        d = s.submit_dossier(
            p.lan,
            centre=p.phu_khuong,
            procedure=procedure or w.c.khai_sinh,
            applicant=applicant(),
            channel=Channel.POSTAL,
            documents=docs(1),
        )
        if stage == Stage.COMPLETION_REQUESTED:
            d = s.request_completion(d, p.lan, items=[MissingItem(2, "Thiếu giấy chứng sinh")])
        return d
    if stage == Stage.REFUSED:
        return s.refuse_at_counter(
            p.lan,
            centre=p.phu_khuong,
            procedure=procedure or w.c.khai_sinh,
            applicant=applicant(),
            reasons=["Không thuộc thẩm quyền"],
        )
    d = receive(w, procedure)
    if stage == Stage.ACCEPTED:
        return d
    if stage == Stage.WITHDRAWAL_REQUESTED:
        return s.request_withdrawal(d, p.lan, reason="Công dân xin rút")
    if stage == Stage.STOPPED:
        return s.stop_dossier(s.request_withdrawal(d, p.lan), p.lan, reason="Theo yêu cầu")
    if stage == Stage.CANCELLED:
        return s.cancel_dossier(d, p.quan, reason="Nhập trùng")
    d = s.transfer_dossier(d, p.lan)
    if stage == Stage.TRANSFERRED:
        return d
    d = s.assign_dossier(d, p.hoa, assignee=p.minh)
    if stage == Stage.IN_STEP:
        return d
    if stage == Stage.SUPPLEMENT_REQUESTED:
        return s.request_supplement(d, p.minh, items=[MissingItem(2, "Bản chụp mờ")])
    if stage == Stage.FINANCIAL_OBLIGATION:
        return s.request_financial_obligation(d, p.minh, reason="Lệ phí", amount=Decimal("8000"))
    if stage == Stage.RESOLUTION_REFUSED:
        return s.refuse_resolution(d, p.minh, reasons=["Không đủ điều kiện"])
    d = s.approve_dossier(s.complete_step(d, p.minh), p.hoa)
    if stage == Stage.APPROVED:
        return d
    d = s.issue_result(d, p.hoa)
    if stage == Stage.DONE:
        return d
    d = s.return_result(d, p.lan, method="counter")
    if stage == Stage.RETURNED:
        return d
    raise AssertionError(f"no walk to {stage}")


@pytest.fixture
def frozen():
    with clock.frozen(T0) as advance:
        yield advance

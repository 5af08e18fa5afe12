"""Fixtures of the portal tests: a small catalogue, citizens of both e-identity levels, a signed-in client.

Procedures (codes prefixed ``P`` so they never collide with the real catalogue):

===========  ==========================================  ==========  ========  ==========================
code         procedure                                   sector      level     channels
===========  ==========================================  ==========  ========  ==========================
P1.001193    Thủ tục đăng ký khai sinh                   Hộ tịch     commune   direct, online, postal; 3 d
P2.001417    Cấp Phiếu lý lịch tư pháp                   Lý lịch …   province  direct, online; 10 d
P1.000656    Thủ tục đăng ký thường trú (trực tiếp)      Hộ tịch     commune   direct only
P9.000001    Thủ tục cấp bộ                              Hộ tịch     central   direct
===========  ==========================================  ==========  ========  ==========================

Time: tests freeze the clock at ``T0`` = Monday 2 March 2026 08:00 (+07) unless they say otherwise.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from motcua.lib import clock

VN = clock.BUSINESS_TZ
PUBLISHED = dt.datetime(2026, 1, 5, 8, 0, tzinfo=VN)
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN)  # Monday

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VN)


def make_procedure(
    code,
    name,
    sector,
    level,
    *,
    value="3",
    channels=("direct", "online", "postal"),
    documents=("Tờ khai", "Giấy tờ chứng minh"),
    fee=None,
    required_level=2,
    boundary_free=False,
):
    from motcua.catalog.models import ChannelOption, Procedure, ProcedureVersion, RequiredDocument, Sector, TimeUnit
    from motcua.catalog.services import create_default_steps, publish_version

    sector_obj, _ = Sector.objects.get_or_create(name=sector)
    procedure = Procedure.objects.create(
        code=code,
        name=name,
        sector=sector_obj,
        level=level,
        at_commune=level == "commune",
        at_province=level == "province",
        at_central=level == "central",
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        required_eid_level=required_level,
        boundary_free=boundary_free,
        implementing_agency="Ủy ban nhân dân cấp xã",
    )
    for order, channel in enumerate(channels, start=1):
        ChannelOption.objects.create(
            version=version,
            order=order,
            channel=channel,
            time_value=Decimal(value),
            time_unit=TimeUnit.WORKING_DAYS,
            fee_amount=fee,
            is_free=fee is None,
        )
    for order, doc in enumerate(documents, start=1):
        RequiredDocument.objects.create(version=version, order=order, name=doc, originals=1, group="Giấy tờ phải nộp")
    create_default_steps(version)
    publish_version(version, PUBLISHED)
    procedure.refresh_from_db()
    return procedure


def build_catalogue() -> SimpleNamespace:
    with clock.frozen(PUBLISHED):
        return SimpleNamespace(
            khai_sinh=make_procedure(
                "P1.001193",
                "Thủ tục đăng ký khai sinh",
                "Hộ tịch",
                "commune",
                fee=Decimal("8000"),
                documents=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Văn bản uỷ quyền (nếu nộp thay)"),
            ),
            ly_lich=make_procedure(
                "P2.001417",
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                "Lý lịch tư pháp",
                "province",
                value="10",
                channels=("direct", "online"),
                documents=("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Bản chụp căn cước"),
            ),
            thuong_tru=make_procedure(
                "P1.000656",
                "Thủ tục đăng ký thường trú (trực tiếp)",
                "Hộ tịch",
                "commune",
                channels=("direct",),
            ),
            cap_bo=make_procedure("P9.000001", "Thủ tục cấp bộ", "Hộ tịch", "central", channels=("direct",)),
        )


def make_citizen(level: int = 2, **overrides):
    from motcua.integrations.sso.models import CitizenAccount

    fields = dict(
        issuer="http://idp.test",
        subject=f"sub-{level}-{overrides.get('id_number', '')}",
        id_number="086048003127",
        full_name="Nguyễn Văn Tư",
        kind="citizen",
        phone="0913742518",
        email="tu@example.vn",
        address="Số 45 đường Phạm Thái Bường, Phường Phú Khương, tỉnh Vĩnh Long",
        assurance_level=level,
    )
    fields.update(overrides)
    return CitizenAccount.objects.create(**fields)


def sign_in(client, account) -> None:
    from motcua.integrations.sso.auth import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()


@pytest.fixture
def calendar(db):
    from motcua.worktime.loading import load_calendar

    return load_calendar(province_code="86")


@pytest.fixture
def catalogue(db, calendar):
    return build_catalogue()


@pytest.fixture
def frozen():
    with clock.frozen(T0) as advance:
        yield advance


@pytest.fixture
def tu(db):
    """Nguyễn Văn Tư, VNeID level 2 (may file online)."""
    return make_citizen(2)


@pytest.fixture
def khang(db):
    """Thạch Minh Khang, VNeID level 1 (may track and rate only)."""
    return make_citizen(
        1,
        id_number="086201007392",
        full_name="Thạch Minh Khang",
        subject="sub-khang",
        address="Xã Càng Long, tỉnh Vĩnh Long",
    )


@pytest.fixture
def world(personas, catalogue, tu, khang):
    return SimpleNamespace(p=personas, c=catalogue, tu=tu, khang=khang)


@pytest.fixture
def tu_client(client, tu):
    sign_in(client, tu)
    return client


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def submitted_online(world, *, documents=(1, 2)):
    """A dossier Tư filed online at Phú Khương (status 1), through the dossier service."""
    from motcua.dossiers import services as s
    from motcua.portal.services import principal_for

    return s.submit_dossier(
        principal_for(world.tu),
        centre=world.p.phu_khuong,
        procedure=world.c.khai_sinh,
        applicant=s.ApplicantData(
            kind="citizen",
            id_number=world.tu.id_number,
            name=world.tu.full_name,
            phone=world.tu.phone,
            email=world.tu.email,
            address=world.tu.address,
        ),
        channel="online",
        eid_level=2,
        documents=[
            s.DocumentData(
                document=n, supplied_as="electronic", files=(s.Upload(f"giay-to-{n}.pdf", PDF + bytes([n])),)
            )
            for n in documents
        ],
    )


def walk_to(world, dossier, stage: str):
    """Bring a dossier on through the counter and the office (lan → hoa/minh → lan); an online one is
    first accepted, a counter one is already."""
    from motcua.dossiers import services as s
    from motcua.dossiers.services import MissingItem
    from motcua.dossiers.workflow import Stage

    p = world.p
    if stage == "completion_requested":
        return s.request_completion(dossier, p.lan, items=[MissingItem(2, "Thiếu giấy chứng sinh")])
    d = dossier if dossier.stage == Stage.ACCEPTED else s.accept_dossier(dossier, p.lan)
    if stage == "accepted":
        return d
    d = s.assign_dossier(s.transfer_dossier(d, p.lan), p.hoa, assignee=p.minh)
    if stage == "in_step":
        return d
    if stage == "supplement_requested":
        return s.request_supplement(
            d, p.minh, items=[MissingItem(2, "Bản chụp mờ, chụp lại rõ nét")], reason="Giấy chứng sinh không đọc được"
        )
    d = s.issue_result(s.approve_dossier(s.complete_step(d, p.minh), p.hoa), p.hoa)
    if stage == "done":
        return d
    d = s.return_result(d, p.lan, method="counter")
    if stage == "returned":
        return d
    raise AssertionError(stage)


def counter_dossier(world, **applicant):
    """A dossier received at the counter at Phú Khương (status 2) for someone else."""
    from motcua.dossiers import services as s

    data = dict(
        kind="citizen",
        id_number="086090001234",
        name="Nguyễn Thị Mai",
        phone="0912345678",
        email="mai@example.vn",
        address="Phường Phú Khương, tỉnh Vĩnh Long",
    )
    data.update(applicant)
    return s.receive_dossier(
        world.p.lan,
        centre=world.p.phu_khuong,
        procedure=world.c.khai_sinh,
        applicant=s.ApplicantData(**data),
        documents=[s.DocumentData(document=1), s.DocumentData(document=2)],
    )

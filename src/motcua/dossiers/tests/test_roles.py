"""Every role against every edge: who may not act is refused with ``role_not_allowed``.

Roles count only through postings in force and only for *this* dossier's centre or department
(DOMAIN §1: access follows postings). For a Phú Khương birth registration:

=========  ==========================================  =====================================
persona    posting                                     roles on this dossier
=========  ==========================================  =====================================
lan        counter officer, Phú Khương                 counter officer
minh       specialist, Phú Khương office                specialist
hoa        approver, Phú Khương office                  approver
tuan       centre director, Phú Khương                  centre director (monitors: no edge)
binh       counter officer, Hòa Minh                    — (another centre)
an         counter officer, provincial centre           — (another centre)
khoa       specialist, Sở Tư pháp                       — (another department)
giang      province supervisor                          province supervisor (read-only)
quan       system administrator                         system administrator (cancel only)
cuong      counter officer, Phú Khương until 31/12/2025 — (posting ended)
owner      the applicant through the portal             citizen
stranger   another citizen                              —
=========  ==========================================  =====================================
"""

from __future__ import annotations

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.access import CitizenPrincipal, acting_roles
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Channel
from motcua.dossiers.workflow import CITIZEN, TRANSITIONS, Stage
from motcua.org.models import Role

from .conftest import CITIZEN as APPLICANT
from .conftest import applicant, walk
from .test_transitions import actor_and_kwargs, prepare

pytestmark = pytest.mark.django_db

OWNER = CitizenPrincipal(kind="citizen", id_number=APPLICANT["id_number"], eid_level=2)
STRANGER = CitizenPrincipal(kind="citizen", id_number="086090009999", eid_level=2)
ROLES_ON_DOSSIER = {
    "lan": {Role.COUNTER_OFFICER},
    "minh": {Role.SPECIALIST},
    "hoa": {Role.APPROVER},
    "tuan": {Role.CENTRE_DIRECTOR},
    "binh": set(),
    "an": set(),
    "khoa": set(),
    "giang": {Role.PROVINCE_SUPERVISOR},
    "quan": {Role.SYSTEM_ADMIN},
    "cuong": set(),
    "owner": {CITIZEN},
    "stranger": set(),
}
EDGES = sorted((stage, action) for (stage, action) in TRANSITIONS if stage != Stage.NEW)


def people(w):
    return {
        **{name: getattr(w.p, name) for name in ROLES_ON_DOSSIER if hasattr(w.p, name)},
        "owner": OWNER,
        "stranger": STRANGER,
    }


def test_roles_follow_postings_and_scope(world, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    for name, actor in people(world).items():
        assert acting_roles(actor, dossier) == ROLES_ON_DOSSIER[name], name


@pytest.mark.parametrize(("stage", "action"), EDGES, ids=[f"{s}-{a}" for s, a in EDGES])
def test_who_may_not_act_is_refused(world, frozen, stage, action):
    dossier = prepare(world, stage, action)
    edge = TRANSITIONS[(stage, action)]
    _allowed_actor, kwargs = actor_and_kwargs(world, action)
    refused = []
    for name, actor in people(world).items():
        if ROLES_ON_DOSSIER[name] & edge.roles:
            continue
        with pytest.raises(DossierError) as error:
            s.SERVICES[action](dossier, actor, **kwargs)
        assert error.value.code == "role_not_allowed", (name, error.value)
        refused.append(name)
    # the read-only people never act; those outside the dossier's scope never act
    assert {"giang", "tuan", "binh", "an", "khoa", "cuong", "stranger"} <= set(refused)
    dossier.refresh_from_db()
    assert dossier.stage == stage


def test_only_counter_officers_of_the_centre_receive(world, frozen):
    for name, actor in people(world).items():
        if name == "lan":
            continue
        with pytest.raises(DossierError) as error:
            s.receive_dossier(actor, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant())
        assert error.value.code == "role_not_allowed", name
    assert s.receive_dossier(
        world.p.lan, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant()
    ).code


def test_citizens_file_online_only(world, frozen):
    with pytest.raises(DossierError) as error:
        s.receive_dossier(OWNER, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant())
    assert error.value.code == "role_not_allowed"  # a citizen never "receives" at the counter
    with pytest.raises(DossierError) as error:
        s.submit_dossier(
            OWNER,
            centre=world.p.phu_khuong,
            procedure=world.c.khai_sinh,
            applicant=applicant(),
            channel=Channel.POSTAL,
            eid_level=2,
        )
    assert error.value.code == "validation_error"  # the portal is the citizen's channel


def test_the_message_names_the_roles_needed(world, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    with pytest.raises(DossierError) as error:
        s.transfer_dossier(dossier, world.p.minh)
    assert "Cán bộ tiếp nhận" in error.value.message and "Chuyển hồ sơ" in error.value.message


def test_a_specialist_only_takes_a_dossier_for_themselves(world, frozen):
    from motcua.org.models import Posting, User
    from motcua.org.personas import POSTINGS_START

    colleague = User.objects.create_user(username="thu", password="x-123456789")
    Posting.objects.create(
        user=colleague, role=Role.SPECIALIST, department=world.p.phu_khuong_office, starts_on=POSTINGS_START
    )
    dossier = walk(world, Stage.TRANSFERRED)
    with pytest.raises(DossierError) as error:
        s.assign_dossier(dossier, world.p.minh, assignee=colleague)
    assert error.value.code == "role_not_allowed"
    assert s.assign_dossier(dossier, world.p.minh, assignee=world.p.minh).assignee == world.p.minh
    with pytest.raises(DossierError) as error:
        s.assign_dossier(dossier, world.p.hoa, assignee=world.p.khoa)  # not of this department
    assert error.value.code == "validation_error"
    assert s.assign_dossier(dossier, world.p.hoa, assignee=colleague).assignee == colleague


def test_the_owner_may_ask_to_withdraw_but_not_a_stranger(world, frozen):
    dossier = walk(world, Stage.IN_STEP)
    with pytest.raises(DossierError):
        s.request_withdrawal(dossier, STRANGER)
    assert s.request_withdrawal(dossier, OWNER).stage == Stage.WITHDRAWAL_REQUESTED


def test_boundary_free_dossier_is_acted_on_by_both_centres_and_the_competent_office(world, frozen):
    dossier = s.receive_dossier(
        world.p.binh,
        centre=world.p.hoa_minh,
        procedure=world.c.khai_sinh,
        applicant=applicant(),
        competent_centre=world.p.phu_khuong,
    )
    assert acting_roles(world.p.binh, dossier) == {Role.COUNTER_OFFICER}  # receiving centre: transfers
    assert acting_roles(world.p.lan, dossier) == set()  # Phú Khương's counter sees it but does not act
    assert acting_roles(world.p.minh, dossier) == {Role.SPECIALIST}
    dossier = s.transfer_dossier(dossier, world.p.binh)
    assert s.assign_dossier(dossier, world.p.hoa, assignee=world.p.minh).stage == Stage.IN_STEP

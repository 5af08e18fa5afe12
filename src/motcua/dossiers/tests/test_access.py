"""Scoped reading: who sees which dossier, object-or-404, and audited reads of personal data.

Three dossiers: A received and decided at Phú Khương; B received at Hòa Minh for Phú Khương
(boundary-free); C a provincial criminal-record request received at Phú Khương, decided by Công an
tỉnh; plus D, a dossier filed online by another citizen at the provincial centre.
"""

from __future__ import annotations

import pytest
from django.http import Http404

from motcua.dossiers import services as s
from motcua.dossiers.access import CitizenPrincipal, get_dossier_for_user, visible_dossiers
from motcua.dossiers.models import AuditEntry

from .conftest import CITIZEN, applicant, docs, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(world, frozen):
    p = world.p
    a = receive(world)
    b = receive(world, actor=p.binh, centre=p.hoa_minh, competent_centre=p.phu_khuong)
    c = receive(world, world.c.ly_lich, documents=docs(1))
    other = CitizenPrincipal(kind="citizen", id_number="086090005555", eid_level=2)
    d = s.submit_dossier(
        other,
        centre=p.provincial,
        procedure=world.c.ly_lich,
        eid_level=2,
        applicant=applicant(id_number="086090005555", name="Trần Văn Bé"),
    )
    return {"A": a, "B": b, "C": c, "D": d}


EXPECTED = {
    "lan": {"A", "B", "C"},  # received at her centre, or of her centre's competence (B)
    "tuan": {"A", "B", "C"},
    "minh": {"A", "B"},  # his office decides them
    "hoa": {"A", "B"},
    "binh": {"B"},  # received at his centre
    "an": {"C", "D"},  # D received at the provincial centre; C decided by a provincial department
    "khoa": set(),  # Sở Tư pháp decides none of them
    "giang": {"A", "B", "C", "D"},  # province-wide, read-only
    "quan": {"A", "B", "C", "D"},
    "cuong": set(),  # posting ended
    "hung": {"C", "D"},  # Công an tỉnh decides C, and D (routed there at submission)
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_their_scope(world, dossiers, persona):
    user = getattr(world.p, persona, None) or getattr(world, persona)
    names = {name for name, d in dossiers.items() if visible_dossiers(user).filter(pk=d.pk).exists()}
    assert names == EXPECTED[persona]


def test_citizens_see_only_their_own(world, dossiers):
    owner = CitizenPrincipal(kind="citizen", id_number=CITIZEN["id_number"])
    assert set(visible_dossiers(owner)) == {dossiers["A"], dossiers["B"], dossiers["C"]}
    nobody = CitizenPrincipal(kind="citizen", id_number="086090000000")
    assert not visible_dossiers(nobody).exists()


def test_anonymous_sees_nothing(dossiers):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_dossiers(AnonymousUser()).exists() and not visible_dossiers(None).exists()


def test_out_of_scope_is_indistinguishable_from_missing(world, dossiers):
    a = dossiers["A"]
    with pytest.raises(Http404):
        get_dossier_for_user(world.p.binh, a.code)
    with pytest.raises(Http404):
        get_dossier_for_user(world.p.lan, a.code.replace("-0001", "-0999"))
    with pytest.raises(Http404):
        get_dossier_for_user(world.p.lan, "not-a-code")
    assert get_dossier_for_user(world.p.lan, a.code) == a
    assert get_dossier_for_user(world.p.an, str(dossiers["D"].uid)) == dossiers["D"]  # by reference before a code


def test_staff_reads_of_personal_data_are_audited(world, dossiers):
    a = dossiers["A"]
    before = AuditEntry.objects.filter(action="dossier.personal_data.read").count()
    get_dossier_for_user(world.p.giang, a.code, purpose="giám sát")
    entry = AuditEntry.objects.filter(action="dossier.personal_data.read").latest("seq")
    assert AuditEntry.objects.filter(action="dossier.personal_data.read").count() == before + 1
    assert (entry.actor_id, entry.object_ref, entry.data) == (world.p.giang.pk, a.code, {"purpose": "giám sát"})
    owner = CitizenPrincipal(kind="citizen", id_number=CITIZEN["id_number"])
    get_dossier_for_user(owner, a.code)  # the owner reading their own dossier is not a staff read
    assert AuditEntry.objects.filter(action="dossier.personal_data.read").count() == before + 1


def test_no_unscoped_access_path_in_the_app():
    """STYLE §4: views and the API reach dossiers only through access.py (and the public tracking
    path, which is keyed by code + secret)."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[1]
    offenders = []
    for path in package.rglob("*.py"):
        if (
            "tests" in path.parts
            or "migrations" in path.parts
            or path.name in ("access.py", "services.py", "deadlines.py", "admin.py", "models.py")
        ):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and getattr(node.value, "id", "") == "Dossier"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    # api.py's public tracking (code + secret) is the one direct query; nothing else
    assert len(offenders) == 1 and offenders[0].startswith("api.py:")

"""Intake: the dossier code, routing (receipt place vs competent agency), applicants, checklist, scans.

DOMAIN §2 (boundary-free intake), §3 (channels; the clock starts at acceptance), §5 (one code for
life, issued at acceptance), §11 (the published list is the maximum that may be asked).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from motcua.catalog.models import ChannelOption, TimeUnit
from motcua.catalog.services import create_draft_version, publish_version
from motcua.dossiers import services as s
from motcua.dossiers.access import CitizenPrincipal
from motcua.dossiers.codes import SEQUENCE_SPAN, format_code, node_range, parse_code
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Applicant, Channel, CodeCounter, Dossier, DossierFile, OutboxEvent
from motcua.dossiers.services import DocumentData, MissingItem, Upload
from motcua.dossiers.workflow import Stage, Status
from motcua.lib import clock

from .conftest import T0, applicant, at, docs, receive

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_code_format_round_trips():
    code = format_code("000.17.22.H56", dt.date(2021, 5, 31), 1)
    assert code == "000.17.22.H56-210531-0001"  # the example of TT 03/2025 (DOMAIN §5)
    parsed = parse_code(code)
    assert (parsed.agency_id, parsed.day, parsed.sequence, parsed.node) == ("000.17.22.H56", dt.date(2021, 5, 31), 1, 0)
    assert format_code("000.00.00.H62", dt.date(2026, 3, 2), 30001) == "000.00.00.H62-260302-30001"
    assert node_range(0) == (1, 9999) and node_range(3) == (30001, 39999)
    for bad in ("000.17.22.H56-210531-001", "000.17.22.H56-211331-0001", "x_y-210531-0001", "000-210531-10000"):
        with pytest.raises(ValueError):
            parse_code(bad)


def test_it_issues_the_receiving_centres_code_in_daily_sequence(world, frozen):
    first, second = receive(world), receive(world)
    agency = world.p.phu_khuong.agency_id
    assert first.code == f"{agency}-260302-0001" and second.code == f"{agency}-260302-0002"
    assert (first.status, first.stage) == (Status.ACCEPTED, Stage.ACCEPTED)
    frozen(dt.timedelta(days=1))
    assert receive(world).code == f"{agency}-260303-0001"  # a new day restarts the sequence


def test_the_business_date_is_vietnam_time(world):
    with clock.frozen(dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)):  # 06:30 on 3 March in Vĩnh Long
        assert receive(world).code.endswith("-260303-0001")


def test_an_offline_node_issues_codes_in_its_own_range(world, frozen, settings):
    settings.MOTCUA = {**settings.MOTCUA, "NODE_ID": 3}
    assert receive(world).code.endswith("-260302-30001")
    settings.MOTCUA = {**settings.MOTCUA, "NODE_ID": 0}
    assert receive(world).code.endswith("-260302-0001")  # the server's range is untouched
    assert CodeCounter.objects.filter(agency_id=world.p.phu_khuong.agency_id).count() == 2


def test_a_node_range_that_is_used_up_is_refused(world, frozen):
    CodeCounter.objects.create(
        agency_id=world.p.phu_khuong.agency_id, day=dt.date(2026, 3, 2), node=0, last_sequence=SEQUENCE_SPAN - 1
    )
    with pytest.raises(DossierError) as error:
        receive(world)
    assert error.value.code == "code_range_exhausted"


def test_online_submission_has_no_code_until_accepted(world, frozen):
    citizen = CitizenPrincipal(kind="citizen", id_number=applicant().id_number, eid_level=2)
    dossier = s.submit_dossier(
        citizen,
        centre=world.p.phu_khuong,
        procedure=world.c.khai_sinh,
        applicant=applicant(),
        documents=docs(1, 2),
        eid_level=2,
    )
    assert (dossier.status, dossier.code, dossier.due_at) == (Status.SUBMITTED, None, None)
    frozen(dt.timedelta(hours=26))  # Tuesday 10:00: the clock starts at acceptance (DOMAIN §3)
    accepted = s.accept_dossier(dossier, world.p.lan)
    assert accepted.code.endswith("-260303-0001")
    assert accepted.accepted_at == at(3, 10) and accepted.due_at == at(6, 10)
    assert s.accept_dossier  # the code is never issued twice:
    with pytest.raises(DossierError):
        s.accept_dossier(accepted, world.p.lan)
    accepted.refresh_from_db()
    assert accepted.code.endswith("-260303-0001")


def test_online_filing_needs_the_procedures_eid_level(world, frozen):
    citizen = CitizenPrincipal(kind="citizen", id_number=applicant().id_number, eid_level=1)
    with pytest.raises(DossierError) as error:
        s.submit_dossier(
            citizen, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant(), eid_level=1
        )
    assert error.value.code == "validation_error" and "mức 2" in error.value.message


def test_a_citizen_files_only_under_their_own_account(world, frozen):
    citizen = CitizenPrincipal(kind="citizen", id_number="086090009999", eid_level=2)
    with pytest.raises(DossierError):
        s.submit_dossier(
            citizen, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant(), eid_level=2
        )


def test_it_pins_the_version_in_force_at_intake(world, frozen):
    procedure = world.c.khai_sinh
    dossier = receive(world)
    draft = create_draft_version(procedure)
    ChannelOption.objects.filter(version=draft).update(time_value=Decimal("5"))
    publish_version(draft, at(2, 9))
    frozen(dt.timedelta(hours=2))
    later = receive(world)
    assert dossier.procedure_version.number == 1 and dossier.duration == "3d"
    assert later.procedure_version.number == 2 and later.duration == "5d"
    dossier.refresh_from_db()
    assert dossier.procedure_version.number == 1  # a dossier keeps the rules it was received under


def test_it_routes_a_commune_procedure_to_the_communes_office(world, frozen):
    dossier = receive(world)
    assert dossier.resolving_department.code == "28756-vp" and dossier.receiving_centre == world.p.phu_khuong
    assert dossier.return_centre == world.p.phu_khuong


def test_boundary_free_intake_at_another_commune(world, frozen):
    # DOMAIN §2: Hòa Minh's centre receives a birth registration of Phú Khương's competence.
    dossier = receive(world, actor=world.p.binh, centre=world.p.hoa_minh, competent_centre=world.p.phu_khuong)
    assert dossier.receiving_centre == world.p.hoa_minh
    assert dossier.resolving_department.code == "28756-vp"
    assert dossier.code.startswith(world.p.hoa_minh.agency_id)  # the RECEIVING agency's code
    assert dossier.transitions.get().data["boundary_free"] is True


def test_not_boundary_free_procedures_must_be_filed_at_the_competent_centre(world, frozen):
    with pytest.raises(DossierError) as error:
        receive(
            world,
            world.c.ket_hon,
            actor=world.p.binh,
            centre=world.p.hoa_minh,
            competent_centre=world.p.phu_khuong,
            documents=docs(1),
        )
    assert error.value.code == "not_boundary_free"
    assert "Trung tâm Phục vụ hành chính công Phường Phú Khương" in error.value.message


def test_a_provincial_procedure_received_at_a_commune_goes_to_the_provincial_department(world, frozen):
    dossier = receive(world, world.c.ly_lich, documents=docs(1))
    assert dossier.resolving_department == world.police
    assert dossier.due_at == at(16, 8)  # 10 working days from Monday 08:00


def test_a_procedure_without_a_countable_limit_cannot_be_received(world, frozen):
    with pytest.raises(DossierError) as error:
        receive(world, world.c.mat_don_vi, documents=[])
    assert error.value.code == "duration_unknown"
    assert "quản trị hệ thống cần nhập thời hạn" in error.value.message


def test_a_system_administrator_may_supply_the_missing_limit(world, frozen):
    with pytest.raises(DossierError) as error:
        receive(world, world.c.mat_don_vi, documents=[], duration_override="1d", override_by=world.p.lan)
    assert error.value.code == "role_not_allowed"
    dossier = receive(world, world.c.mat_don_vi, documents=[], duration_override="1d", override_by=world.p.quan)
    assert dossier.duration == "1d" and dossier.duration_overridden and dossier.due_at == at(3, 8)


def test_the_applicant_is_stored_once_and_reused(world, frozen):
    first = receive(world)
    second = receive(world, applicant=applicant(phone="0987654321", email=""))
    assert first.applicant_id == second.applicant_id
    person = Applicant.objects.get(pk=first.applicant_id)
    assert person.phone == "0987654321" and person.email == "mai@example.vn"  # blank input keeps the stored value


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id_number": "08609000123"}, "12 chữ số"),
        ({"kind": "organisation", "id_number": "123456789"}, "Mã số thuế"),
        ({"phone": "012345"}, "Số điện thoại"),
        ({"email": "mai@"}, "thư điện tử"),
        ({"name": "  "}, "họ và tên"),
    ],
)
def test_applicant_data_is_validated_in_vietnamese(world, frozen, fields, message):
    with pytest.raises(DossierError) as error:
        receive(world, applicant=applicant(**fields))
    assert error.value.code == "validation_error" and message in error.value.message


def test_organisations_tax_codes_are_normalised(world, frozen):
    dossier = receive(world, applicant=applicant(kind="organisation", id_number="0301234567 001", name="Công ty A"))
    assert dossier.applicant.id_number == "0301234567-001"


def test_the_checklist_comes_from_the_published_list_only(world, frozen):
    dossier = receive(world, documents=[DocumentData(1, "original"), DocumentData(2, "certified_copy", 2)])
    lines = list(dossier.documents.values_list("name", "supplied_as", "quantity"))
    assert lines == [("Tờ khai đăng ký khai sinh", "original", 1), ("Giấy chứng sinh", "certified_copy", 2)]
    with pytest.raises(DossierError) as error:
        receive(world, documents=docs(9))
    assert "tối đa" in error.value.message


def test_scans_are_type_checked_sized_and_hashed(world, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = receive(world, documents=[DocumentData(1, files=(Upload("to-khai.pdf", PDF), Upload("p2.png", PNG)))])
    stored = list(DossierFile.objects.filter(document__dossier=dossier).order_by("id"))
    assert [(f.content_type, f.size) for f in stored] == [("application/pdf", len(PDF)), ("image/png", len(PNG))]
    import hashlib

    assert stored[0].sha256 == hashlib.sha256(PDF).hexdigest()
    assert "to-khai" not in stored[0].file.name  # no personal data in storage names
    with pytest.raises(DossierError) as error:
        receive(world, documents=[DocumentData(1, files=(Upload("virus.exe", b"MZ\x90\x00"),))])
    assert error.value.code == "upload_rejected"
    settings.MOTCUA = {**settings.MOTCUA, "UPLOAD_MAX_BYTES": 10}
    with pytest.raises(DossierError) as error:
        receive(world, documents=[DocumentData(1, files=(Upload("big.pdf", PDF),))])
    assert "quá lớn" in error.value.message


def test_a_scan_may_follow_the_receipt(world, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = receive(world)
    line = dossier.documents.first()
    stored = s.attach_scan(dossier, world.p.lan, document_id=line.pk, upload=Upload("scan.pdf", PDF))
    assert stored.document == line
    with pytest.raises(DossierError) as error:
        s.attach_scan(dossier, world.p.giang, document_id=line.pk, upload=Upload("scan.pdf", PDF))
    assert error.value.code == "role_not_allowed"


def test_fee_and_lookup_secret(world, frozen):
    dossier = receive(world)
    assert dossier.fee_amount == Decimal("8000")  # the catalogue's fee for the channel
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{10}", dossier.lookup_secret)
    assert receive(world).lookup_secret != dossier.lookup_secret


def test_direct_refusal_at_the_counter_is_recorded_with_reasons(world, frozen):
    dossier = s.refuse_at_counter(
        world.p.lan,
        centre=world.p.phu_khuong,
        procedure=world.c.khai_sinh,
        applicant=applicant(),
        reasons=["Không thuộc thẩm quyền", " "],
    )
    assert (dossier.status, dossier.code, dossier.ended_at) == (Status.REFUSED_AT_INTAKE, None, T0)
    assert dossier.transitions.get().reason == "Không thuộc thẩm quyền"
    with pytest.raises(DossierError):
        s.refuse_at_counter(
            world.p.lan, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant(), reasons=[]
        )


def test_one_consolidated_completion_request_at_intake(world, frozen):
    dossier = s.submit_dossier(
        world.p.lan,
        centre=world.p.phu_khuong,
        procedure=world.c.khai_sinh,
        applicant=applicant(),
        channel=Channel.POSTAL,
        documents=docs(1),
    )
    dossier = s.request_completion(dossier, world.p.lan, items=[MissingItem(2, "Thiếu giấy chứng sinh")])
    assert (dossier.status, dossier.stage) == (Status.SUBMITTED, Stage.COMPLETION_REQUESTED)
    dossier = s.complete_submission(dossier, world.p.lan, documents=docs(2))
    with pytest.raises(DossierError) as error:
        s.request_completion(dossier, world.p.lan, items=[MissingItem(3)])
    assert error.value.code == "completion_already_requested"
    assert s.accept_dossier(dossier, world.p.lan).status == Status.ACCEPTED


def test_same_day_procedure_goes_from_accepted_to_done_at_once(world, frozen):
    dossier = receive(world, world.c.chung_thuc, documents=docs(1, 2))
    assert dossier.due_at == at(2, 17)  # accepted before 15:00 → due at the end of the day
    done = s.complete_same_day(dossier, world.p.lan)
    assert (done.status, done.done_at, done.ended_at) == (Status.DONE, T0, T0)
    with pytest.raises(DossierError) as error:
        s.complete_same_day(receive(world), world.p.lan)
    assert error.value.code == "transition_not_allowed"


def test_intake_writes_timeline_audit_and_outbox(world, frozen):
    from motcua.dossiers.models import AuditEntry, OutboxEvent

    dossier = receive(world)
    transition = dossier.transitions.get()
    assert (transition.action, transition.from_status, transition.to_status, transition.actor) == (
        "receive",
        None,
        2,
        world.p.lan,
    )
    assert AuditEntry.objects.filter(action="dossier.received", object_ref=dossier.code).count() == 1
    event = OutboxEvent.objects.get(dossier=dossier)
    assert (event.kind, event.status_code, event.payload["channel"]) == ("dossier.status_changed", 2, 1)
    assert Dossier.objects.count() == 1


def test_unit_missing_fixture_is_flagged(world):
    assert world.c.mat_don_vi.versions.get().channel_options.first().time_unit == TimeUnit.UNKNOWN


def test_an_officer_files_for_a_citizen_without_an_e_identity_account(world, frozen):
    """DOMAIN §3: citizens without an account are served at the counter; the officer files for them.
    Nationally it is a direct dossier (channel 1), with the direct channel's time limit and fee."""
    dossier = receive(world, channel=Channel.ON_BEHALF)
    direct = receive(world, channel=Channel.DIRECT)
    assert dossier.channel == Channel.ON_BEHALF
    assert (dossier.fee_amount, dossier.due_at) == (direct.fee_amount, direct.due_at) == (Decimal("8000"), at(5, 8))
    event = OutboxEvent.objects.filter(dossier=dossier).get()
    assert event.payload["channel"] == 1
    # it is the counter's channel: an online submission cannot claim it
    with pytest.raises(DossierError):
        s.submit_dossier(
            world.p.lan, centre=world.p.phu_khuong, procedure=world.c.khai_sinh, applicant=applicant(),
            channel=Channel.ON_BEHALF, documents=docs(1),
        )

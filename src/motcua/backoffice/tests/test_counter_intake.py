"""The counter's intake screen: find the procedure, reuse the applicant, tick the papers, receive,
refuse (Mẫu 03) or guide (Mẫu 02) — with Vietnamese errors and a harmless double submit."""

from __future__ import annotations

import re

import pytest

from motcua.dossiers.models import AuditEntry, WaitingPeriod
from motcua.dossiers.workflow import Stage, Status
from motcua.lib import clock

from .conftest import T0, receive

pytestmark = pytest.mark.django_db

INTAKE = "/backoffice/quay/tiep-nhan/"


def form_data(client, code="T1.001193", **changes):
    """What the officer submits after opening the procedure (with the page's idempotency key)."""
    page = client.get(INTAKE, {"thu_tuc": code}).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page).group(1)
    data = {
        "idempotency_key": key,
        "procedure": code,
        "applicant_kind": "citizen",
        "applicant_id_number": "086090001234",
        "applicant_name": "Nguyễn Thị Mai",
        "applicant_phone": "0912345678",
        "applicant_address": "Phường Phú Khương",
        "channel": "direct",
        "doc_1": "on",
        "doc_2": "on",
        "fee_amount": "8000",
        "decision": "receive",
    }
    for n in (1, 2, 3):
        data[f"doc_{n}_as"] = "original"
        data[f"doc_{n}_qty"] = "1"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def dossiers_of(world):
    return world.p.phu_khuong.received_dossiers.all()


def test_the_procedure_is_found_by_its_name_without_diacritics(world, as_user, frozen):
    client = as_user(world.p.lan)
    body = client.get("/backoffice/quay/thu-tuc/", {"q": "dang ky khai sinh"}).content.decode()
    assert "T1.001193" in body and "Thủ tục đăng ký khai sinh" in body
    assert "T1.000894" not in body  # kết hôn
    assert "T2.000815" in client.get("/backoffice/quay/thu-tuc/", {"q": "T2.000815"}).content.decode()


def test_the_procedure_card_shows_documents_fees_and_time_limit(world, as_user, frozen):
    body = as_user(world.p.lan).get(INTAKE, {"thu_tuc": "T1.001193"}).content.decode()
    for text in ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "8.000 đồng", "3 ngày làm việc"):
        assert text in body


def test_receiving_issues_the_code_collects_the_fee_transfers_and_opens_the_receipt(world, as_user, frozen):
    client = as_user(world.p.lan)
    response = client.post(INTAKE, form_data(client, fee_collected="on", transfer_now="on"))
    assert response.status_code == 302
    dossier = dossiers_of(world).get()
    assert response["Location"] == f"/backoffice/ho-so/{dossier.code}/?moi=1"
    assert (dossier.status, dossier.stage, dossier.fee_paid) == (Status.PROCESSING, Stage.TRANSFERRED, True)
    assert dossier.documents.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Hồ sơ đã được tiếp nhận." in page
    assert f"/backoffice/ho-so/{dossier.code}/in/01/" in page
    pdf = client.get(f"/backoffice/ho-so/{dossier.code}/in/01/")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")


def test_lan_receives_for_a_citizen_without_an_e_identity_account_with_the_scans_attached(world, as_user, frozen):
    """An elderly citizen without a VNeID account: Lan files on their behalf (DOMAIN §3) and scans
    the papers at the counter; the dossier keeps the scans with their hash."""
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user(world.p.lan)
    scan = b"%PDF-1.4 to khai khai sinh"
    data = form_data(client, channel="on_behalf")
    data["doc_1_files"] = SimpleUploadedFile("to-khai.pdf", scan, content_type="application/pdf")
    response = client.post(INTAKE, data)
    assert response.status_code == 302
    dossier = dossiers_of(world).get()
    assert dossier.channel == "on_behalf"
    stored = dossier.documents.get(required_document__order=1).files.get()
    assert (stored.original_name, stored.size) == ("to-khai.pdf", len(scan))
    assert stored.sha256 == hashlib.sha256(scan).hexdigest()
    assert not dossier.documents.get(required_document__order=2).files.exists()


def test_a_double_submit_of_the_intake_form_receives_once(world, as_user, frozen):
    client = as_user(world.p.lan)
    data = form_data(client, transfer_now="on")
    first = client.post(INTAKE, data)
    second = client.post(INTAKE, data)  # the same form sent again (double click, resend)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert dossiers_of(world).count() == 1
    assert dossiers_of(world).get().transitions.count() == 2  # receive + transfer, once each
    assert "đã được tiếp nhận (gửi lại cùng một biểu mẫu)" in client.get(second["Location"]).content.decode()


def test_a_procedure_without_a_countable_time_limit_gets_the_services_clear_error(world, as_user, frozen):
    client = as_user(world.p.lan)
    data = form_data(client, "T1.009999", doc_2=None)
    response = client.post(INTAKE, data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "chưa xác định được trong danh mục" in body  # duration_unknown, in Vietnamese
    assert "quản trị hệ thống cần nhập thời hạn đã xác minh" in body
    assert not dossiers_of(world).exists()
    page = client.get(INTAKE, {"thu_tuc": "T1.009999"}).content.decode()
    assert "Thời hạn giải quyết của thủ tục này chưa xác định được" in page  # warned before trying


def test_invalid_input_is_refused_field_by_field_in_vietnamese(world, as_user, frozen):
    client = as_user(world.p.lan)
    data = form_data(client, applicant_id_number="12345", applicant_phone="123", has_proxy="on")
    body = client.post(INTAKE, data).content.decode()
    assert "Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số." in body
    assert "Số điện thoại không hợp lệ" in body
    assert "Cần họ và tên người được ủy quyền." in body
    assert not dossiers_of(world).exists()


def test_refusal_at_intake_records_the_reasons_and_offers_form_03(world, as_user, frozen):
    client = as_user(world.p.lan)
    data = form_data(client, decision="refuse", refusal_reasons="Không thuộc thẩm quyền\nĐề nghị nộp tại xã Hòa Minh")
    response = client.post(INTAKE, data)
    dossier = dossiers_of(world).get()
    assert (dossier.status, dossier.code) == (Status.REFUSED_AT_INTAKE, None)
    page = client.get(response["Location"]).content.decode()
    assert "Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)" in page
    assert client.get(f"/backoffice/ho-so/{dossier.key}/in/03/")["Content-Type"] == "application/pdf"


def test_refusal_needs_its_reasons(world, as_user, frozen):
    client = as_user(world.p.lan)
    body = client.post(INTAKE, form_data(client, decision="refuse", refusal_reasons="")).content.decode()
    assert "Cần nêu rõ lý do từ chối tiếp nhận (Mẫu 03)." in body


def test_an_incomplete_filing_gets_one_guidance_form_listing_the_unticked_papers(world, as_user, frozen):
    client = as_user(world.p.lan)
    data = form_data(client, doc_2=None, doc_2_note="Chưa có giấy chứng sinh", decision="guide")
    response = client.post(INTAKE, data)
    dossier = dossiers_of(world).get()
    assert (dossier.stage, dossier.code) == (Stage.COMPLETION_REQUESTED, None)
    period = dossier.waiting_periods.get(kind=WaitingPeriod.Kind.COMPLETION)
    assert [item["name"] for item in period.items] == ["Giấy chứng sinh", "Văn bản uỷ quyền (nếu nộp thay)"]
    assert period.items[0]["detail"] == "Chưa có giấy chứng sinh"
    page = client.get(response["Location"]).content.decode()
    assert "Phiếu hướng dẫn hoàn thiện hồ sơ (Mẫu 02)" in page


def test_an_earlier_applicant_is_reused_by_id_number(world, as_user, frozen):
    receive(world)  # Nguyễn Thị Mai filed before
    client = as_user(world.p.lan)
    response = client.get(
        "/backoffice/quay/nguoi-nop/", {"applicant_kind": "citizen", "applicant_id_number": "086090001234"}
    )
    body = response.content.decode()
    assert "Đã có trong hệ thống" in body
    assert 'value="Nguyễn Thị Mai"' in body and 'value="0912345678"' in body
    assert AuditEntry.objects.filter(action="applicant.personal_data.read").count() == 1
    unknown = client.get(
        "/backoffice/quay/nguoi-nop/", {"applicant_kind": "citizen", "applicant_id_number": "086090009999"}
    )
    assert "Chưa có người nộp với số này" in unknown.content.decode()


def test_the_counter_is_closed_to_other_roles(world, as_user, frozen):
    for person in (world.p.minh, world.p.tuan, world.p.giang):
        assert as_user(person).get("/backoffice/quay/").status_code == 403
        assert as_user(person).get(INTAKE).status_code == 403
    assert "Không có quyền truy cập" in as_user(world.p.minh).get(INTAKE).content.decode()


def test_backfilling_a_paper_receipt_keeps_its_time_and_number(world, as_user):
    with clock.frozen(T0.replace(day=3, hour=9)):
        client = as_user(world.p.lan)
        page = client.get("/backoffice/quay/nhap-bo-sung/", {"thu_tuc": "T1.001193"}).content.decode()
        key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page).group(1)
        data = form_data(
            client,
            idempotency_key=key,
            received_date="02/03/2026",
            received_time="14:20",
            paper_receipt_number="GTN-0017",
            backfill_reason="Mất điện chiều 02/03",
        )
        response = client.post("/backoffice/quay/nhap-bo-sung/", data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        dossier = dossiers_of(world).get()
        assert dossier.accepted_at == T0.replace(hour=14, minute=20)
        assert dossier.code.split("-")[1] == "260302"
        page = client.get(response["Location"]).content.decode()
    assert "Nhập bổ sung từ giấy" in page and "GTN-0017" in page

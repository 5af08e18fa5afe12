"""Returning results at the counter: the receipt's lookup secret, or the ID card when it is lost, a
proxy's authorisation, who collected it, and the fee ("result ready, fee unpaid"); e-identity help;
the tracking book."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.backoffice.models import EidAssistance
from motcua.dossiers.models import AuditEntry
from motcua.dossiers.workflow import Action, Stage

from .conftest import walk

pytestmark = pytest.mark.django_db


def return_url(dossier) -> str:
    return f"/backoffice/quay/tra-ket-qua/{dossier.code}/"


def submit(client, dossier, **fields):
    page = client.get(return_url(dossier)).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page).group(1)
    data = {
        "idempotency_key": key,
        "expected_version": dossier.row_version,
        "method": "counter",
        "collector": "applicant",
        "check": "receipt",
        **fields,
    }
    return client.post(return_url(dossier), data)


def test_the_result_is_returned_against_the_receipts_lookup_secret(world, as_user, frozen):
    dossier = walk(world, Stage.DONE)
    client = as_user(world.p.lan)
    wrong = submit(client, dossier, lookup_secret="AAAAAAAAAA", collector_name="Nguyễn Thị Mai", fee_collected="on")
    assert wrong.status_code == 422
    assert "Mã tra cứu không khớp với giấy tiếp nhận của hồ sơ này." in wrong.content.decode()
    response = submit(
        client,
        dossier,
        lookup_secret=dossier.lookup_secret.lower(),
        collector_name="Nguyễn Thị Mai",
        fee_collected="on",
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.stage, dossier.fee_paid, dossier.return_method) == (Stage.RETURNED, True, "counter")
    returned = dossier.transitions.get(action=Action.RETURN_RESULT)
    assert returned.data["recipient"] == "Nguyễn Thị Mai"
    assert returned.data["identity_check"] == "Đối chiếu giấy tiếp nhận (mã tra cứu)"


def test_a_lost_receipt_is_replaced_by_the_applicants_id_card(world, as_user, frozen):
    dossier = walk(world, Stage.DONE)
    client = as_user(world.p.lan)
    wrong = submit(
        client,
        dossier,
        check="id_card",
        collector_name="Nguyễn Thị Mai",
        collector_id_number="086090009999",
        fee_collected="on",
    )
    assert "Số định danh không khớp với người nộp hồ sơ" in wrong.content.decode()
    ok = submit(
        client,
        dossier,
        check="id_card",
        collector_name="Nguyễn Thị Mai",
        collector_id_number="0860 9000 1234",
        fee_collected="on",
    )
    assert ok.status_code == 302
    dossier.refresh_from_db()
    assert dossier.transitions.get(action=Action.RETURN_RESULT).data["recipient"] == "Nguyễn Thị Mai (086090001234)"


def test_someone_collecting_for_the_applicant_needs_an_authorisation(world, as_user, frozen):
    dossier = walk(world, Stage.DONE)
    client = as_user(world.p.lan)
    data = dict(
        collector="proxy",
        lookup_secret=dossier.lookup_secret,
        collector_name="Nguyễn Văn Tâm",
        collector_id_number="086092007788",
        fee_collected="on",
    )
    assert "Người nhận thay phải có văn bản ủy quyền." in submit(client, dossier, **data).content.decode()
    assert submit(client, dossier, proxy_document="Giấy ủy quyền số 12/2026", **data).status_code == 302
    dossier.refresh_from_db()
    assert dossier.transitions.get(action=Action.RETURN_RESULT).data["proxy_document"] == "Giấy ủy quyền số 12/2026"


def test_an_unpaid_fee_is_collected_before_the_result_leaves(world, as_user, frozen):
    dossier = walk(world, Stage.DONE)
    client = as_user(world.p.lan)
    assert "Chưa thu 8.000 đồng" in client.get("/backoffice/quay/").content.decode()  # the counter's queue
    response = submit(client, dossier, lookup_secret=dossier.lookup_secret, collector_name="Nguyễn Thị Mai")
    assert "chưa thu phí, lệ phí: thu phí trước khi trả" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.stage == Stage.DONE


def test_the_fee_can_be_recorded_from_the_dossier_page(world, as_user, frozen):
    dossier = walk(world, Stage.TRANSFERRED)
    client = as_user(world.p.lan)
    response = client.post(
        f"/backoffice/quay/thu-phi/{dossier.code}/",
        {"idempotency_key": "fee-12345678", "amount": "8000", "receipt_number": "BL-7"},
    )
    assert "Đã ghi nhận thu phí, lệ phí." in client.get(response["Location"]).content.decode()
    dossier.refresh_from_db()
    assert dossier.fee_paid
    assert AuditEntry.objects.get(action="dossier.fee.collected").data["receipt_number"] == "BL-7"


def test_e_identity_help_is_recorded_and_counted(world, as_user, frozen):
    client = as_user(world.p.lan)
    response = client.post(
        "/backoffice/quay/dinh-danh/",
        {
            "idempotency_key": "eid-12345678",
            "kind": "register_1",
            "id_number": "086090001234",
            "name": "Nguyễn Thị Mai",
            "succeeded": "on",
        },
    )
    assert response.status_code == 302
    row = EidAssistance.objects.get()
    assert (row.centre, row.officer, row.kind) == (world.p.phu_khuong, world.p.lan, "register_1")
    assert AuditEntry.objects.filter(action="counter.eid.assisted").count() == 1
    assert "Tháng này: 1 lượt đăng ký, kích hoạt" in client.get("/backoffice/quay/").content.decode()
    bad = client.post(
        "/backoffice/quay/dinh-danh/",
        {"idempotency_key": "eid-12345679", "kind": "activate", "id_number": "123", "name": "X"},
    )
    assert "phải gồm đúng 12 chữ số" in bad.content.decode()


def test_the_tracking_book_prints_and_exports(world, as_user, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    client = as_user(world.p.tuan)  # the director prints the centre's book
    params = {"start": "01/03/2026", "end": "31/03/2026"}
    pdf = client.get("/backoffice/so-theo-doi/", {**params, "dinh_dang": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "SỔ THEO DÕI HỒ SƠ" in text and dossier.code in text
    xlsx = client.get("/backoffice/so-theo-doi/", {**params, "dinh_dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=2).value == dossier.code
    wrong = client.get("/backoffice/so-theo-doi/", {"start": "31/03/2026", "end": "01/03/2026", "dinh_dang": "pdf"})
    assert "Ngày kết thúc phải sau ngày bắt đầu." in wrong.content.decode()
    assert as_user(world.p.minh).get("/backoffice/so-theo-doi/").status_code == 403

"""One dossier's page: scoped (404 outside one's postings), only the actions open now, each action
through its service with the version the user saw, and the official forms as PDF."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from motcua.dossiers import services as s
from motcua.dossiers.workflow import Stage
from motcua.lib import clock

from .conftest import T0, walk

pytestmark = pytest.mark.django_db


def page(client, dossier) -> str:
    return client.get(f"/backoffice/ho-so/{dossier.key}/").content.decode()


def action_links(body: str) -> set[str]:
    return set(re.findall(r"/thao-tac/([a-z_]+)/", body))


def test_an_officer_of_another_commune_gets_not_found(world, as_user, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    binh = as_user(world.p.binh)  # Xã Hòa Minh's counter officer
    for url in (
        f"/backoffice/ho-so/{dossier.code}/",
        f"/backoffice/ho-so/{dossier.code}/thao-tac/transfer/",
        f"/backoffice/ho-so/{dossier.code}/in/01/",
        f"/backoffice/quay/tra-ket-qua/{dossier.code}/",
    ):
        response = binh.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy hồ sơ" in response.content.decode()
    assert binh.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/transfer/", {}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.stage == Stage.ACCEPTED
    # a former officer whose posting ended, and the Sở Tư pháp specialist, do not see it either
    assert as_user(world.p.cuong).get(f"/backoffice/ho-so/{dossier.code}/").status_code in (403, 404)
    assert as_user(world.p.khoa).get(f"/backoffice/ho-so/{dossier.code}/").status_code == 404


@pytest.mark.parametrize(
    ("stage", "person", "expected"),
    [
        (Stage.ACCEPTED, "lan", {"transfer", "request_withdrawal"}),
        (Stage.ACCEPTED, "minh", set()),
        (Stage.TRANSFERRED, "minh", {"assign", "request_supplement", "refuse_resolution"}),
        (Stage.TRANSFERRED, "hoa", {"assign", "request_supplement", "refuse_resolution", "extend", "apologise"}),
        (Stage.TRANSFERRED, "lan", {"request_withdrawal"}),
        (
            Stage.IN_STEP,
            "minh",
            {"complete_step", "request_supplement", "request_financial_obligation", "refuse_resolution"},
        ),
        (Stage.SUPPLEMENT_REQUESTED, "minh", {"receive_supplement", "refuse_resolution"}),
        (Stage.APPROVED, "hoa", {"issue_result", "request_financial_obligation", "extend", "apologise"}),
        (Stage.DONE, "lan", set()),  # returning has its own screen
        (Stage.IN_STEP, "giang", set()),  # the province supervisor only reads
        (Stage.IN_STEP, "tuan", set()),  # the centre director only monitors
    ],
)
def test_only_the_actions_open_now_are_offered(world, as_user, frozen, stage, person, expected):
    dossier = walk(world, stage)
    assert action_links(page(as_user(getattr(world.p, person)), dossier)) == expected


def test_approval_is_offered_only_at_the_approval_step(world, as_user, frozen):
    dossier = walk(world, Stage.IN_STEP)  # at the specialist's step
    assert "approve" not in action_links(page(as_user(world.p.hoa), dossier))
    dossier = s.complete_step(dossier, world.p.minh)
    body = page(as_user(world.p.hoa), dossier)
    assert "approve" in action_links(body) and "complete_step" not in action_links(body)


def test_the_return_button_and_claim_appear_for_the_right_people(world, as_user, frozen):
    done = walk(world, Stage.DONE)
    assert "/backoffice/quay/tra-ket-qua/" in page(as_user(world.p.lan), done)
    transferred = walk(world, Stage.TRANSFERRED)
    assert "Nhận xử lý hồ sơ này" in page(as_user(world.p.minh), transferred)
    assert "Nhận xử lý hồ sơ này" not in page(as_user(world.p.hoa), transferred)


def test_an_action_not_open_now_is_refused_in_vietnamese(world, as_user, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    client = as_user(world.p.lan)
    response = client.get(f"/backoffice/ho-so/{dossier.code}/thao-tac/approve/", follow=True)
    assert "Không thể «Phê duyệt kết quả» đối với hồ sơ này lúc này" in response.content.decode()


def test_a_supplement_request_goes_through_the_service_with_the_listed_papers(world, as_user, frozen):
    dossier = walk(world, Stage.IN_STEP)
    client = as_user(world.p.minh)
    form = client.get(f"/backoffice/ho-so/{dossier.code}/thao-tac/request_supplement/").content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form).group(1)
    data = {
        "idempotency_key": key,
        "expected_version": dossier.row_version,
        "documents": ["2"],
        "details": "2: bản chụp mờ",
        "reason": "Không đọc được",
    }
    response = client.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/request_supplement/", data)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.stage == Stage.SUPPLEMENT_REQUESTED
    period = dossier.waiting_periods.get()
    assert period.items == [{"document": 2, "name": "Giấy chứng sinh", "detail": "bản chụp mờ"}]
    again = client.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/request_supplement/", data)
    assert again.status_code == 302 and dossier.waiting_periods.count() == 1  # resent: answered once
    assert "Phiếu yêu cầu bổ sung hồ sơ (Mẫu 02)" in page(client, dossier)


def test_a_stale_page_gets_the_version_conflict_message(world, as_user, frozen):
    dossier = walk(world, Stage.IN_STEP)
    client = as_user(world.p.minh)
    stale = dossier.row_version
    s.request_financial_obligation(dossier, world.p.minh, reason="Lệ phí")  # someone acted meanwhile
    s.confirm_financial_obligation(dossier, world.p.lan)
    response = client.post(
        f"/backoffice/ho-so/{dossier.code}/thao-tac/complete_step/",
        {"idempotency_key": "k" * 12, "expected_version": stale, "note": ""},
    )
    assert response.status_code == 422
    assert "Hồ sơ vừa được người khác cập nhật" in response.content.decode()


def test_the_page_shows_time_left_in_working_hours_and_the_step_budgets(world, as_user):
    with clock.frozen(T0) as advance:
        dossier = walk(world, Stage.IN_STEP)
        advance(dt.timedelta(hours=2))  # 10:00: 2 of the 24 working hours used
        body = page(as_user(world.p.minh), dossier)
    assert "Còn 2 ngày 6 giờ làm việc" in body
    assert "08:00 05/03/2026" in body  # the appointment, dd/mm/yyyy
    assert "Thẩm định, xử lý hồ sơ" in body
    assert "Dòng thời gian" in body and "Chuyển hồ sơ đến cơ quan giải quyết" in body


@pytest.mark.parametrize(
    ("stage", "form", "title"),
    [
        (Stage.ACCEPTED, "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        (Stage.SUPPLEMENT_REQUESTED, "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        (Stage.REFUSED, "03", "PHIẾU TỪ CHỐI TIẾP NHẬN"),
        (Stage.STOPPED, "05", "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ"),
        (Stage.DONE, "06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    ],
)
def test_each_form_downloads_as_a_pdf(world, as_user, frozen, stage, form, title):
    dossier = walk(world, stage)
    response = as_user(world.p.lan).get(f"/backoffice/ho-so/{dossier.key}/in/{form}/?tai=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert title in text


def test_the_apology_form_after_a_re_appointment(world, as_user, frozen):
    dossier = walk(world, Stage.IN_STEP)
    s.apologise(dossier, world.p.hoa, new_due_at=T0 + dt.timedelta(days=7), reason="Chờ xác minh")
    response = as_user(world.p.hoa).get(f"/backoffice/ho-so/{dossier.code}/in/04/")
    assert response["Content-Type"] == "application/pdf"


def test_a_form_that_does_not_exist_yet_is_a_vietnamese_page(world, as_user, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    response = as_user(world.p.lan).get(f"/backoffice/ho-so/{dossier.code}/in/05/")
    assert response.status_code == 404
    assert "không có thông báo dừng" in response.content.decode()


def test_scans_are_attached_through_the_service_and_served_in_scope(world, as_user, frozen):
    dossier = walk(world, Stage.ACCEPTED)
    document = dossier.documents.first()
    client = as_user(world.p.lan)
    from django.core.files.uploadedfile import SimpleUploadedFile

    scan = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    client.post(f"/backoffice/ho-so/{dossier.code}/giay-to/{document.pk}/dinh-kem/", {"files": [scan]})
    stored = document.files.get()
    assert client.get(f"/backoffice/ho-so/{dossier.code}/tep/{stored.pk}/").status_code == 200
    assert as_user(world.p.binh).get(f"/backoffice/ho-so/{dossier.code}/tep/{stored.pk}/").status_code == 404
    bad = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/pdf")
    response = client.post(f"/backoffice/ho-so/{dossier.code}/giay-to/{document.pk}/dinh-kem/", {"files": [bad]})
    assert "Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF" in client.get(response["Location"]).content.decode()


def test_views_never_query_dossiers_unscoped():
    """STYLE §4: the back office reaches dossiers only through motcua.dossiers.access."""
    package = Path(__file__).resolve().parents[1]
    offenders = []
    for path in package.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and getattr(node.value, "id", "") == "Dossier"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "save" and "dossier" in ast.unparse(node.value):
                offenders.append(f"{path.name}:{node.lineno} (.save on a dossier)")
    assert offenders == []

"""Online filing: who may file, the form pre-filled from the identity, uploads kept in the draft, submit.

Upload limits (issue 6 §3): type by content, size per file, files per document, total per draft;
clear Vietnamese errors naming the file; what was uploaded before a failure is never lost.
"""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier, DossierFile
from motcua.portal.models import DraftFile, OnlineDraft

from .conftest import PDF, PNG, upload

pytestmark = pytest.mark.django_db

FILING = "/thu-tuc/P1.001193/nop-truc-tuyen/"


def form(world, **extra):
    data = {
        "phone": "0913742518",
        "email": "tu@example.vn",
        "address": "Phường Phú Khương",
        "centre": str(world.p.phu_khuong.pk),
        "note": "",
        "action": "save",
    }
    data.update(extra)
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client, catalogue):
    response = client.get(FILING)
    assert response.status_code == 302
    assert response["Location"].startswith("/sso/dang-nhap/?next=")


def test_level_1_citizen_is_refused_with_an_explanation(client, world):
    from .conftest import sign_in

    sign_in(client, world.khang)
    response = client.get(FILING)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Nộp hồ sơ trực tuyến cần tài khoản định danh điện tử VNeID mức độ 2" in html
    assert "Công an cấp xã" in html  # how to get level 2
    assert not OnlineDraft.objects.exists()
    assert client.post(FILING, form(world)).status_code == 403


def test_level_1_suffices_where_the_procedure_asks_only_level_1(client, world):
    from motcua.catalog.models import ProcedureVersion

    from .conftest import sign_in

    ProcedureVersion.objects.filter(procedure=world.c.khai_sinh).update(required_eid_level=1)
    sign_in(client, world.khang)
    assert client.get(FILING).status_code == 200


def test_the_form_is_prefilled_from_the_identity(tu_client, world, frozen):
    response = tu_client.get(FILING)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nguyễn Văn Tư" readonly' in html
    assert 'value="086048003127" readonly' in html
    assert 'value="0913742518"' in html and 'value="tu@example.vn"' in html
    # the commune centre named in the address is suggested as the filing place
    assert f'<option value="{world.p.phu_khuong.pk}" selected>' in html
    assert not OnlineDraft.objects.exists()  # nothing is written by looking


def test_saving_keeps_the_draft(tu_client, world, frozen):
    response = tu_client.post(FILING, form(world, address="Số 1 Đồng Khởi, Phường Phú Khương"))
    assert response.status_code == 302
    draft = OnlineDraft.objects.get()
    assert draft.form_data["address"] == "Số 1 Đồng Khởi, Phường Phú Khương"
    assert draft.centre == world.p.phu_khuong
    assert "Số 1 Đồng Khởi" in tu_client.get(FILING).content.decode()


def test_an_invalid_phone_is_explained_and_the_draft_kept(tu_client, world, frozen):
    response = tu_client.post(
        FILING, form(world, phone="12345", action="submit", **{"files-1": upload("to-khai.pdf", PDF)})
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Số điện thoại không hợp lệ" in html
    assert 'aria-invalid="true"' in html
    assert DraftFile.objects.count() == 1  # the file came with the failed request and is kept
    assert not Dossier.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_by_its_content(tu_client, world, frozen):
    response = tu_client.post(
        FILING, form(world, **{"files-1": upload("to-khai.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")})
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Tệp «to-khai.pdf»: Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF" in html
    assert not DraftFile.objects.exists()


def test_a_file_too_large_is_refused_before_it_is_read(tu_client, world, frozen, settings):
    settings.MOTCUA = {**settings.MOTCUA, "UPLOAD_MAX_BYTES": 1024}
    response = tu_client.post(FILING, form(world, **{"files-2": upload("giay-chung-sinh.pdf", PDF + b"x" * 2048)}))
    assert response.status_code == 422
    assert "Tệp «giay-chung-sinh.pdf» quá lớn" in response.content.decode()
    assert not DraftFile.objects.exists()


def test_too_many_files_for_one_document(tu_client, world, frozen, settings):
    settings.MOTCUA = {**settings.MOTCUA, "PORTAL_MAX_FILES_PER_DOCUMENT": 2}
    files = [upload(f"trang-{i}.pdf", PDF + bytes([i])) for i in range(3)]
    response = tu_client.post(FILING, form(world, **{"files-1": files}))
    assert response.status_code == 422
    assert "Tệp «trang-2.pdf» không được nhận: mỗi giấy tờ tối đa 2 tệp." in response.content.decode()
    assert DraftFile.objects.count() == 2  # the first two are kept


def test_the_whole_draft_has_a_size_limit(tu_client, world, frozen, settings):
    settings.MOTCUA = {**settings.MOTCUA, "PORTAL_MAX_DRAFT_BYTES": 100}
    response = tu_client.post(
        FILING,
        form(world, **{"files-1": upload("a.pdf", PDF + b"a" * 40), "files-2": upload("b.pdf", PDF + b"b" * 40)}),
    )
    assert "Tệp «b.pdf» không được nhận: tổng dung lượng hồ sơ tối đa" in response.content.decode()
    assert list(DraftFile.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_a_failed_upload_loses_nothing_uploaded_before(tu_client, world, frozen):
    tu_client.post(f"{FILING}giay-to/1/", {"files-1": upload("to-khai.pdf", PDF)}, HTTP_HX_REQUEST="true")
    response = tu_client.post(
        f"{FILING}giay-to/2/", {"files-2": upload("anh.gif", b"GIF89a....", "image/gif")}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200  # the block is swapped in with its error
    assert 'id="giay-to-2"' in html and "Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF" in html
    assert "Các tệp đã tải lên trước đó vẫn được giữ trong bản nháp." in html
    page = tu_client.get(FILING).content.decode()
    assert "to-khai.pdf" in page


def test_the_same_file_twice_is_kept_once(tu_client, world, frozen):
    for _ in range(2):
        tu_client.post(f"{FILING}giay-to/1/", {"files-1": upload("to-khai.pdf", PDF)}, HTTP_HX_REQUEST="true")
    assert DraftFile.objects.count() == 1


def test_a_file_can_be_removed(tu_client, world, frozen):
    tu_client.post(f"{FILING}giay-to/1/", {"files-1": upload("to-khai.pdf", PDF)}, HTTP_HX_REQUEST="true")
    row = DraftFile.objects.get()
    response = tu_client.post(f"{FILING}tep/{row.pk}/xoa/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Chưa có tệp." in response.content.decode()
    assert not DraftFile.objects.exists()


def test_an_upload_for_a_document_not_on_the_list_is_refused(tu_client, world, frozen):
    response = tu_client.post(f"{FILING}giay-to/9/", {"files-9": upload("x.pdf", PDF)})
    assert response.status_code == 302
    assert not DraftFile.objects.exists()


def test_submitting_files_an_online_dossier_waiting_for_the_counter(
    tu_client, world, frozen, django_capture_on_commit_callbacks
):
    files = {
        "files-1": upload("to-khai.pdf", PDF),
        "files-2": [upload("chung-sinh-1.png", PNG), upload("chung-sinh-2.pdf", PDF + b"2")],
    }
    tu_client.post(FILING, form(world, **files))
    stored = [(f.file.storage, f.file.name) for f in DraftFile.objects.all()]
    with django_capture_on_commit_callbacks(execute=True):
        response = tu_client.post(FILING, form(world, action="submit", note="Xin nhận kết quả tại quầy"))
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ho-so-cua-toi/{dossier.uid}/"
    # DOMAIN §3: an online dossier enters as "submitted" (1), no code, the clock not started
    assert (dossier.status, dossier.channel, dossier.code, dossier.due_at) == (1, "online", None, None)
    assert dossier.eid_level == 2
    assert dossier.receiving_centre == world.p.phu_khuong
    assert dossier.applicant.id_number == "086048003127" and dossier.applicant.name == "Nguyễn Văn Tư"
    assert DossierFile.objects.filter(document__dossier=dossier).count() == 3
    assert set(dossier.documents.values_list("supplied_as", flat=True)) == {"electronic"}
    draft = OnlineDraft.objects.get()
    assert draft.state == "submitted" and draft.dossier == dossier
    assert not any(storage.exists(name) for storage, name in stored)  # the dossier holds the content now
    page = tu_client.get(response["Location"]).content.decode()
    assert "Đã nộp hồ sơ trực tuyến" in page and "Mới đăng ký" in page


def test_submitting_twice_files_once(tu_client, world, frozen):
    tu_client.post(FILING, form(world, **{"files-1": upload("to-khai.pdf", PDF)}))
    draft = OnlineDraft.objects.get()
    from motcua.portal import services

    dossier = services.submit_filing(draft, world.tu)
    draft.state = "editing"  # a second tab still showing the draft as editable
    with pytest.raises(services.PortalError):
        services.submit_filing(draft, world.tu)
    assert Dossier.objects.count() == 1 and dossier.status == 1


def test_submit_without_any_file_is_refused_clearly(tu_client, world, frozen):
    response = tu_client.post(FILING, form(world, action="submit"))
    assert response.status_code == 422
    assert "Vui lòng đính kèm ít nhất một giấy tờ trước khi nộp." in response.content.decode()
    assert not Dossier.objects.exists() and OnlineDraft.objects.count() == 1


def test_submit_without_a_filing_place_is_refused(tu_client, world, frozen):
    response = tu_client.post(
        FILING, form(world, centre="", action="submit", **{"files-1": upload("to-khai.pdf", PDF)})
    )
    assert response.status_code == 422
    assert "Vui lòng chọn nơi nộp hồ sơ." in response.content.decode()


def test_a_new_version_of_the_procedure_asks_to_check_the_draft(tu_client, world, frozen):
    from motcua.catalog.services import create_draft_version, publish_version
    from motcua.lib import clock

    from .conftest import at

    tu_client.post(FILING, form(world, **{"files-1": upload("to-khai.pdf", PDF)}))
    new = create_draft_version(world.c.khai_sinh, world.p.quan)
    publish_version(new, at(2, 8, 30), world.p.quan)
    with clock.frozen(at(2, 9)):
        response = tu_client.post(FILING, form(world, action="submit"))
        assert "Thủ tục vừa được cập nhật" in response.content.decode()
        assert not Dossier.objects.exists()
        response = tu_client.post(FILING, form(world, action="submit"))  # checked, submit again
    assert Dossier.objects.get().procedure_version == new


def test_discarding_the_draft_removes_its_files(tu_client, world, frozen, django_capture_on_commit_callbacks):
    tu_client.post(FILING, form(world, **{"files-1": upload("to-khai.pdf", PDF)}))
    row = DraftFile.objects.get()
    storage, name = row.file.storage, row.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        tu_client.post(FILING, form(world, action="discard"))
    assert not OnlineDraft.objects.exists()
    assert not storage.exists(name)


def test_another_citizen_cannot_touch_my_draft_files(client, world, frozen):
    from .conftest import make_citizen, sign_in

    sign_in(client, world.tu)
    client.post(FILING, form(world, **{"files-1": upload("to-khai.pdf", PDF)}))
    row = DraftFile.objects.get()
    other = make_citizen(2, id_number="086179012845", full_name="Trần Thị Mỹ Hạnh", subject="sub-hanh")
    client.post("/sso/dang-xuat/")
    sign_in(client, other)
    assert client.post(f"{FILING}tep/{row.pk}/xoa/").status_code == 404
    assert DraftFile.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_an_autosave_racing_the_first_upload_shares_one_draft():
    """The browser sends the autosave of a just-chosen centre and the first file's upload at once; both
    start the draft. Each request has its own connection (as deployed): one creates the draft, the
    other finds it — never an error page, never two drafts."""
    import threading

    from django.db import connections

    from motcua.portal import services

    from .conftest import build_catalogue, make_citizen

    catalogue, tu = build_catalogue(), make_citizen(2)
    threads = 4
    barrier, drafts = threading.Barrier(threads), [None] * threads

    def start(i):
        try:
            barrier.wait()
            drafts[i] = services.filing_draft_for(tu, catalogue.khai_sinh, create=True).pk
        except Exception as exc:  # reported by the assertion below
            drafts[i] = repr(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=start, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert OnlineDraft.objects.count() == 1
    assert drafts == [OnlineDraft.objects.get().pk] * threads, drafts

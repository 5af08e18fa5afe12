"""Each official form is generated from the dossier's record and prints its fields (text read back from the PDF).

Story: Nguyễn Thị Mai files "Thủ tục đăng ký khai sinh" (T1.001193, 3 working days) at the Phú Khương
centre on Monday 2/3/2026 08:00 (+07), through her brother as proxy; Lan receives it. March 2026
has no day off, so the appointment is Thursday 5/3/2026 08:00.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import zxingcpp
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.dossiers import documents
from motcua.dossiers import services as s
from motcua.dossiers.access import visible_dossiers
from motcua.dossiers.services import MissingItem
from motcua.dossiers.workflow import Stage
from motcua.lib import clock
from motcua.printing.render import render_pdf, render_tracking_book_xlsx

from .conftest import T0, applicant, at, docs, receive, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    """Messages are checked in Vietnamese (another test's English request may have left English active)."""
    translation.deactivate()
    yield


HEADER = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
PROXY = applicant(id_number="086092007788", name="Nguyễn Văn Tâm", phone="0907654321", email="", address="Khu phố 3")


def text_of(form) -> str:
    reader = PdfReader(io.BytesIO(render_pdf(form)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def missing(text: str, phrases: list[str]) -> list[str]:
    return [phrase for phrase in [*HEADER, *phrases] if phrase not in text]


def received(world, **kwargs):
    return receive(world, proxy=PROXY, proxy_document="Giấy ủy quyền ngày 01/03/2026 (số 12/2026/SCT)", **kwargs)


def test_the_receipt_prints_the_record_and_its_qr_opens_the_tracking_page(world, settings):
    settings.MOTCUA = {**settings.MOTCUA, "PUBLIC_BASE_URL": "https://dichvucong.vinhlong.example.vn/"}
    with clock.frozen(T0):
        d = received(world)
    form = documents.receipt_form(d)
    url = f"https://dichvucong.vinhlong.example.vn/tra-cuu/{d.code}/?s={d.lookup_secret}"
    assert form.tracking_url == url
    pdf = render_pdf(form)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert (
        missing(
            text,
            [
                "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
                "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
                "Số: 01/TNHS",
                "Phú Khương, ngày 02 tháng 3 năm 2026",
                "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                f"Mã hồ sơ: {d.code}",
                "Trung tâm Phục vụ hành chính công phường Phú Khương tiếp nhận hồ sơ của: Nguyễn Thị Mai",
                "Số định danh cá nhân/mã số tổ chức: 086090001234",
                "Địa chỉ: Phường Phú Khương, tỉnh Vĩnh Long",
                "Số điện thoại: 0912345678",
                "Thư điện tử: mai@example.vn",
                "Người được ủy quyền: Nguyễn Văn Tâm",
                "Văn bản ủy quyền: Giấy ủy quyền ngày 01/03/2026 (số 12/2026/SCT)",
                "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh (mã T1.001193)",
                "1 Tờ khai đăng ký khai sinh 1 0",
                "2 Giấy chứng sinh 1 0",
                "2. Số lượng hồ sơ: 1 bộ",
                "3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc",
                "4. Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 02/03/2026",
                "5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 00 phút, ngày 05/03/2026",
                "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công phường Phú Khương",
                "Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026, Số thứ tự: 1",
                f"Mã tra cứu: {d.lookup_secret}",
                "NGƯỜI TIẾP NHẬN HỒ SƠ",
                "Nguyễn Thị Lan",
            ],
        )
        == []
    )
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert [r.text for image in images for r in zxingcpp.read_barcodes(image.image)] == [url]


def test_book_lines_follow_the_order_of_entry_and_a_backfilled_paper_receipt_comes_last(world):
    with clock.frozen(at(3, 9)) as advance:
        first = receive(world)
        second = receive(world, applicant=applicant(id_number="086090005678", name="Trần Văn Hậu"))
        advance(dt.timedelta(hours=2))
        paper = s.backfill_dossier(
            world.p.lan,
            centre=world.p.phu_khuong,
            procedure=world.c.khai_sinh,
            applicant=applicant(id_number="086090009999", name="Lê Thị Nga"),
            documents=docs(1, 2),
            received_at=at(2, 14),  # Monday afternoon, during the outage
            paper_receipt_number="GTN-0002",
            reason="Mất điện chiều 02/3",
        )
    assert [documents.book_line(d) for d in (first, second, paper)] == [1, 2, 3]
    form = documents.receipt_form(paper)
    assert (form.number, form.received_at, form.issued_on) == ("03/TNHS", at(2, 14), dt.date(2026, 3, 2))
    assert paper.code.split("-")[1] == "260302"  # the code carries the paper receipt's date
    assert documents.is_backfilled(paper) and not documents.is_backfilled(first)


def test_the_supplement_request_during_processing_is_the_agencys(world):
    with clock.frozen(T0) as advance:
        d = walk(world, Stage.IN_STEP)
        advance(dt.timedelta(hours=3))
        d = s.request_supplement(
            d, world.p.minh, items=[MissingItem(2, "Bản chụp mờ, cần bản chính")], reason="Không đọc được ngày sinh"
        )
    text = text_of(documents.supplement_request_form(d))
    assert (
        missing(
            text,
            [
                "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
                "Số: 01/YCBS",
                "Phú Khương, ngày 02 tháng 3 năm 2026",
                "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
                f"Mã hồ sơ: {d.code}",
                "Hồ sơ của: Nguyễn Thị Mai",
                "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh (mã T1.001193)",
                "1. Giấy chứng sinh: Bản chụp mờ, cần bản chính",
                "Lý do: Không đọc được ngày sinh",
                "Trần Văn Minh, Văn phòng HĐND và UBND Phường Phú Khương",
                "NGƯỜI HƯỚNG DẪN",
            ],
        )
        == []
    )


def test_the_completion_guidance_at_the_counter_has_no_code(world):
    with clock.frozen(T0):
        d = s.guide_completion_at_counter(
            world.p.lan,
            centre=world.p.phu_khuong,
            procedure=world.c.khai_sinh,
            applicant=applicant(),
            documents=docs(1),
            items=[MissingItem(2, "Chưa có giấy chứng sinh")],
        )
    form = documents.supplement_request_form(d)
    assert (form.dossier_code, form.tracking_url, form.number) == ("", "", "01/HDHT")
    text = text_of(form)
    assert missing(text, ["TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "1. Giấy chứng sinh: Chưa có giấy chứng sinh"]) == []
    assert "Mã hồ sơ" not in text
    with pytest.raises(documents.FormNotAvailable):
        documents.receipt_form(d)


def test_the_refusal_lists_its_reasons(world):
    with clock.frozen(T0):
        d = s.refuse_at_counter(
            world.p.lan,
            centre=world.p.phu_khuong,
            procedure=world.c.ket_hon,
            applicant=applicant(),
            reasons=["Người yêu cầu chưa đủ tuổi kết hôn", "Đề nghị nộp lại khi đủ điều kiện"],
        )
    assert (
        missing(
            text_of(documents.refusal_form(d)),
            [
                "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
                "Số: 01/TCHS",
                "Nguyễn Thị Mai",
                "086090001234",
                "Thủ tục đăng ký kết hôn",
                "Người yêu cầu chưa đủ tuổi kết hôn",
                "Đề nghị nộp lại khi đủ điều kiện",
                "Nguyễn Thị Lan",
            ],
        )
        == []
    )


def test_the_apology_keeps_the_original_appointment_and_gives_the_new_one(world):
    with clock.frozen(T0) as advance:
        d = walk(world, Stage.IN_STEP)
        advance(at(3, 15) - T0)  # Tuesday 15:00, before the latest moment (Wed 08:00)
        d = s.apologise(d, world.p.hoa, new_due_at=at(9, 16), reason="Phải xác minh nơi sinh tại tỉnh khác")
    assert (
        missing(
            text_of(documents.apology_form(d)),
            [
                "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
                "Số: 01/PXL",
                "Phú Khương, ngày 03 tháng 3 năm 2026",
                "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
                "Kính gửi: Ông/Bà Nguyễn Thị Mai",
                "Ủy ban nhân dân phường Phú Khương",
                f"Mã hồ sơ: {d.code}",
                "08 giờ 00 phút, ngày 05/03/2026",
                "Phải xác minh nơi sinh tại tỉnh khác",
                "16 giờ 00 phút, ngày 09/03/2026",
                "THỦ TRƯỞNG CƠ QUAN",
                "Lê Thị Hoa",
            ],
        )
        == []
    )


def test_the_stop_notice_states_the_request_stage_decision_and_fees(world):
    with clock.frozen(T0) as advance:
        d = s.transfer_dossier(receive(world), world.p.lan)
        d = s.collect_fee(d, world.p.lan)
        advance(dt.timedelta(hours=26))  # Tuesday 10:00
        d = s.request_withdrawal(d, world.p.lan, reason="Công dân xin rút")
        d = s.stop_dossier(d, world.p.minh, reason="Dừng giải quyết theo đề nghị", fee_handling="Không hoàn lệ phí")
    assert (
        missing(
            text_of(documents.stop_notice_form(d)),
            [
                "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ",
                "Số: 01/TBDXL",
                f"Mã hồ sơ: {d.code}",
                "Nguyễn Thị Mai",
                "1. Thời gian ông/bà đề nghị dừng giải quyết hồ sơ: 10 giờ 00 phút, ngày 03/03/2026",
                "Đã chuyển cơ quan giải quyết, chờ phân công",
                "Dừng giải quyết theo đề nghị",
                "4. Phí, lệ phí đã nộp: 8.000 đồng; Không hoàn lệ phí",
                "Trần Văn Minh",
            ],
        )
        == []
    )


def test_the_control_sheet_has_one_row_per_hand_over(world):
    with clock.frozen(T0, tick=dt.timedelta(minutes=30)):
        d = walk(world, Stage.DONE)
    form = documents.control_sheet_form(d)
    assert [row.unit for row in form.rows] == [
        "Trung tâm Phục vụ hành chính công Phường Phú Khương",
        "Văn phòng HĐND và UBND Phường Phú Khương",
        "Văn phòng HĐND và UBND Phường Phú Khương",
        "Trung tâm Phục vụ hành chính công Phường Phú Khương",
    ]
    assert [row.received_by for row in form.rows[1:3]] == ["Trần Văn Minh", "Lê Thị Hoa"]
    assert (
        missing(
            text_of(form),
            [
                "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
                f"Mã hồ sơ: {d.code}",
                "Cơ quan chủ trì giải quyết: Văn phòng HĐND và UBND Phường Phú Khương",
                "Người nhận: Trần Văn Minh",
                "Người giao: Trần Văn Minh",
                "Người nhận: Lê Thị Hoa",
            ],
        )
        == []
    )


def test_the_tracking_book_lists_the_period_with_who_collected_the_result(world):
    with clock.frozen(T0, tick=dt.timedelta(minutes=1)):
        d = walk(world, Stage.DONE)
        d = s.return_result(d, world.p.lan, method="counter", recipient="Nguyễn Thị Mai (CCCD 086090001234)")
        receive(world, applicant=applicant(id_number="086090005678", name="Trần Văn Hậu"))
    form = documents.tracking_book_form(
        world.p.phu_khuong, dt.date(2026, 3, 1), dt.date(2026, 3, 31), visible_dossiers(world.p.tuan)
    )
    assert [(row.line, row.applicant) for row in form.rows] == [(1, "Nguyễn Thị Mai"), (2, "Trần Văn Hậu")]
    assert (
        missing(
            text_of(form),
            [
                "SỔ THEO DÕI HỒ SƠ",
                d.code,
                "Nguyễn Thị Mai (CCCD 086090001234)",
                "Tại quầy",
                "Trần Văn Hậu",
            ],
        )
        == []
    )
    sheet = load_workbook(io.BytesIO(render_tracking_book_xlsx(form))).active
    assert [sheet.cell(row=r, column=4).value for r in (2, 3)] == ["Nguyễn Thị Mai", "Trần Văn Hậu"]
    other_month = documents.tracking_book_form(
        world.p.phu_khuong, dt.date(2026, 4, 1), dt.date(2026, 4, 30), visible_dossiers(world.p.tuan)
    )
    assert other_month.rows == ()


def test_a_form_that_does_not_exist_yet_is_refused_in_vietnamese(world):
    with clock.frozen(T0):
        d = receive(world)
    for build in (documents.refusal_form, documents.apology_form, documents.stop_notice_form):
        with pytest.raises(documents.FormNotAvailable) as error:
            build(d)
        assert "Hồ sơ" in str(error.value)
    with pytest.raises(documents.FormNotAvailable):
        documents.supplement_request_form(d)


def test_time_limits_print_as_published():
    assert documents.time_limit_text("3d") == "03 ngày làm việc"
    assert documents.time_limit_text("12h") == "12 giờ làm việc"
    assert documents.time_limit_text("sameday@16:30") == "Trong ngày"
    assert documents.time_limit_text("15cd") == "15 ngày"


def test_provincial_issuers(world):
    issuer = documents.agency_issuer(world.police)
    assert (issuer.name, issuer.place) == ("CÔNG AN TỈNH VĨNH LONG", "Vĩnh Long")
    centre = documents.centre_issuer(world.p.provincial)
    assert (centre.parent, centre.place) == ("ỦY BAN NHÂN DÂN TỈNH VĨNH LONG", "Vĩnh Long")
    assert documents.agency_running_name(world.police) == "Công an tỉnh Vĩnh Long"
    stp = world.p.khoa.postings.get().department
    assert documents.agency_running_name(stp) == "Sở Tư pháp tỉnh Vĩnh Long"
    assert documents.agency_issuer(stp).parent == "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG"


def test_forms_are_built_in_vietnamese_whatever_the_screens_language(world):
    with clock.frozen(T0):
        d = receive(world)
    with translation.override("en"):
        form = documents.receipt_form(d)
        with pytest.raises(documents.FormNotAvailable) as error:
            documents.refusal_form(d)
        assert "Hồ sơ" not in str(error.value)  # the message is shown in the screen's language
    assert form.time_limit == "03 ngày làm việc"

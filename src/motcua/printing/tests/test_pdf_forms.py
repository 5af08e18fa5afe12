"""Each official form renders to a PDF that shows every field DOMAIN §8 requires, with its diacritics.

Text is read back from the PDF with pypdf (white space normalised: a value may wrap), so these tests
check what a citizen reads on paper, not the HTML. Contexts and their story: ``samples.py``.
"""

from __future__ import annotations

import dataclasses
import functools
import io

import pytest
import zxingcpp
from pypdf import PdfReader

from motcua.printing import forms
from motcua.printing.render import render_html, render_pdf
from motcua.printing.tests import samples

A5_PORTRAIT = (419.53, 595.28)
A4_LANDSCAPE = (841.89, 595.28)
HEADER = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
]

EXPECTED: dict[str, list[str]] = {
    "01": [
        "ỦY BAN NHÂN DÂN XÃ HÒA MINH",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Số: 27/TNHS",
        "Hòa Minh, ngày 13 tháng 02 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.01.24.H62-260213-0007",
        "Trung tâm Phục vụ hành chính công xã Hòa Minh tiếp nhận hồ sơ của: Nguyễn Văn Bình",
        "Số định danh cá nhân/mã số tổ chức: 086095001234",
        "Địa chỉ: Ấp Long Hòa, xã Hòa Minh, tỉnh Vĩnh Long",
        "Số điện thoại: 0918 123 456",
        "Thư điện tử: binh.nguyenvan@example.vn",
        "Người được ủy quyền: Lê Minh Tâm",
        "Số định danh cá nhân/mã số tổ chức: 086092007788",
        "Địa chỉ: Khu phố 3, phường Phú Khương, tỉnh Vĩnh Long",
        "Số điện thoại: 0907 654 321",
        "Văn bản ủy quyền: Giấy ủy quyền ngày 10/02/2026, chứng thực tại UBND xã Hòa Minh (số chứng thực 125/2026/SCT)",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh (mã 1.001193)",
        "1 Tờ khai đăng ký khai sinh theo mẫu 1 0",
        "2 Giấy chứng sinh 1 0",
        "3 Văn bản ủy quyền (được chứng thực) 1 0",
        "2. Số lượng hồ sơ: 1 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định: 01 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 16 giờ 20 phút, ngày 13/02/2026",
        # Tết Bính Ngọ: 14–22/02/2026 are days off, so one working day from Fri 16:20 ends Mon 23/02 16:20.
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 20 phút, ngày 23/02/2026",
        "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công xã Hòa Minh",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026, Số thứ tự: 27",
        "Mã tra cứu: 7QX4-M2PD",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        "Lê Minh Tâm",
        "Phạm Thị Lan",
    ],
    "02": [
        "ỦY BAN NHÂN DÂN XÃ HÒA MINH",
        "Số: 03/PYCBS",
        "Hòa Minh, ngày 23 tháng 02 năm 2026",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Mã hồ sơ: 000.01.24.H62-260213-0007",
        "Hồ sơ của: Nguyễn Văn Bình",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh (mã 1.001193)",
        "Địa chỉ: Ấp Long Hòa, xã Hòa Minh, tỉnh Vĩnh Long",
        "Số điện thoại: 0918 123 456",
        "Thư điện tử: binh.nguyenvan@example.vn",
        "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
        "1. Bản chính Giấy chứng sinh do Trạm Y tế xã Hòa Minh cấp (bản đã nộp bị sửa chữa ngày sinh).",
        "2. Tờ khai đăng ký khai sinh ghi nơi sinh theo địa giới hành chính mới: xã Hòa Minh, tỉnh Vĩnh Long.",
        "Lý do: Giấy chứng sinh có dấu hiệu sửa chữa ngày sinh; tờ khai ghi nơi sinh theo địa giới hành chính cũ.",
        "ông/bà liên hệ ông Võ Thanh Hải, công chức Tư pháp - Hộ tịch, số điện thoại 0270 3 812 345",
        "NGƯỜI HƯỚNG DẪN",
        "Võ Thanh Hải",
    ],
    "03": [
        "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
        "Số: 02/TCHS",
        "Phú Khương, ngày 13 tháng 02 năm 2026",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Trung tâm Phục vụ hành chính công phường Phú Khương tiếp nhận hồ sơ của: Nguyễn Văn Bình",
        "Số định danh cá nhân/mã số tổ chức: 086095001234",
        "Địa chỉ: Ấp Long Hòa, xã Hòa Minh, tỉnh Vĩnh Long",
        "Số điện thoại: 0918 123 456",
        "Thư điện tử: binh.nguyenvan@example.vn",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh (mã 1.001193)",
        "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
        "1. Cha, mẹ của trẻ cư trú tại xã Hòa Minh; thủ tục đăng ký khai sinh chưa thuộc Danh mục",
        "không phụ thuộc địa giới hành chính của tỉnh Vĩnh Long.",
        "2. Đề nghị ông/bà nộp hồ sơ tại Trung tâm Phục vụ hành chính công xã Hòa Minh",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Đặng Thị Thu",
    ],
    "04": [
        "ỦY BAN NHÂN DÂN XÃ HÒA MINH",
        "Số: 05/PXL",
        "Hòa Minh, ngày 25 tháng 3 năm 2026",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Ông Nguyễn Văn Bình",
        "Ngày 02/03/2026, Ủy ban nhân dân xã Hòa Minh tiếp nhận giải quyết hồ sơ đề nghị Liên thông thủ tục hành "
        "chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi của ông/bà "
        "Nguyễn Văn Bình.",
        "Số định danh cá nhân/mã số tổ chức: 086095001234",
        "Mã hồ sơ: 000.01.24.H62-260302-0015",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 10 phút, ngày 27/03/2026.",
        "lý do: cơ quan bảo hiểm xã hội chưa trả kết quả cấp thẻ bảo hiểm y tế cho trẻ do hệ thống liên thông bị "
        "gián đoạn.",
        "Ủy ban nhân dân xã Hòa Minh xin lỗi ông/bà",
        "sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào: 09 giờ 10 phút, ngày 02/04/2026.",
        "CHỦ TỊCH",
        "Trương Văn Phúc",
    ],
    "05": [
        "ỦY BAN NHÂN DÂN XÃ HÒA MINH",
        "Số: 01/TB-DXL",
        "Hòa Minh, ngày 24 tháng 02 năm 2026",
        "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ",
        "Mã hồ sơ: 000.01.24.H62-260213-0007",
        "Kính gửi: ông/bà Nguyễn Văn Bình",
        "Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh (mã 1.001193)",
        "1. Thời gian ông/bà đề nghị dừng giải quyết hồ sơ: 08 giờ 30 phút, ngày 24/02/2026",
        "2. Giai đoạn xử lý hồ sơ tại thời điểm nhận đề nghị: Đang chờ bổ sung hồ sơ theo Phiếu yêu cầu bổ sung số "
        "03/PYCBS; chưa có kết quả giải quyết.",
        "3. Ủy ban nhân dân xã Hòa Minh quyết định: Dừng giải quyết hồ sơ; trả lại hồ sơ giấy đã nộp",
        "4. Phí, lệ phí đã nộp: 0 đồng; thủ tục miễn lệ phí, không có khoản phải hoàn trả",
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "Huỳnh Thị Ngọc",
    ],
    "06": [
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Số: 27/PKS",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Mã hồ sơ: 000.01.24.H62-260213-0007",
        "Cơ quan chủ trì giải quyết: Ủy ban nhân dân xã Hòa Minh (công chức Tư pháp - Hộ tịch)",
        "Cơ quan phối hợp giải quyết: Không",
        "Thời gian nhận hồ sơ: 16 giờ 20 phút, ngày 13/02/2026",
        "Thời gian hẹn trả kết quả: 16 giờ 20 phút, ngày 23/02/2026",
        "Giao: 16 giờ 25 phút, ngày 13/02/2026",
        "Nhận: 16 giờ 40 phút, ngày 13/02/2026",
        "Người giao: Phạm Thị Lan",
        "Người nhận: Võ Thanh Hải",
        "Trước hạn",
        "Thẩm định; yêu cầu bổ sung hồ sơ",
        "Giao: 10 giờ 05 phút, ngày 23/02/2026",
        "Đúng hạn",
        "Trả Phiếu yêu cầu bổ sung số 03/PYCBS",
    ],
    "07": [
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Quyển số: 01/2026",
        "Hòa Minh, ngày 02 tháng 3 năm 2026",
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 01/02/2026 đến ngày 28/02/2026",
        "STT Mã hồ sơ Tên thủ tục hành chính",
        "Cơ quan chủ trì giải quyết",
        "Hình thức trả kết quả",
        "Ký nhận",
        "25 000.01.24.H62-260212-0003 Thủ tục đăng ký kết hôn Lê Thị Mai",
        "27 000.01.24.H62-260213-0007 Thủ tục đăng ký khai sinh Nguyễn Văn Bình",
        "31 000.01.24.H62-260223-0001 Thủ tục đăng ký khai tử Trần Văn Hùng",
        "Khu phố 2, phường Phú Khương, tỉnh Vĩnh Long; 0913 222 333",
        "Ủy ban nhân dân phường Phú Khương",
        "13/02/2026 16:20",
        "23/02/2026 16:20",
        "Dịch vụ bưu chính công ích",
    ],
}


@functools.cache
def _pdf(key: str) -> bytes:
    return render_pdf(samples.ALL[key]())


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_required_field_is_printed_with_its_diacritics(key):
    text = _text(_pdf(key))
    missing = [phrase for phrase in [*HEADER, *EXPECTED[key]] if phrase not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("key", "size"),
    [("01", A5_PORTRAIT), ("02", A5_PORTRAIT), ("03", A5_PORTRAIT), ("04", A5_PORTRAIT), ("05", A5_PORTRAIT),
     ("06", A5_PORTRAIT), ("07", A4_LANDSCAPE)],
)  # fmt: skip
def test_page_size(key, size):
    reader = PdfReader(io.BytesIO(_pdf(key)))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.01)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_sample_fits_on_one_sheet(key):
    # A receipt with a proxy and three papers is the fullest common case: it must stay on one A5 sheet.
    assert len(PdfReader(io.BytesIO(_pdf(key))).pages) == 1


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_only_the_vendored_font_is_used(key):
    # Every glyph comes from the embedded Tinos files, so no system font (or fallback) shapes the page.
    reader = PdfReader(io.BytesIO(_pdf(key)))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        names |= {str(fonts[name].get_object()["/BaseFont"]).split("+", 1)[1] for name in fonts}
    assert names <= {"motcua-tinos", "motcua-tinos-Bold", "motcua-tinos-Italic", "motcua-tinos-BoldItalic"}


def test_the_pdf_is_pdf_a_with_a_title():
    reader = PdfReader(io.BytesIO(_pdf("01")))
    assert reader.metadata.title == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả – 000.01.24.H62-260213-0007"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp or 'pdfaid:part="2"' in xmp


def test_the_receipt_qr_in_the_pdf_decodes_to_the_tracking_url():
    images = PdfReader(io.BytesIO(_pdf("01"))).pages[0].images
    decoded = [result.text for image in images for result in zxingcpp.read_barcodes(image.image)]
    assert decoded == [samples.TRACKING_URL]


def test_the_tracking_url_with_its_secret_is_printed_too():
    # For a phone without a camera: the URL wraps anywhere, so compare without white space.
    assert samples.TRACKING_URL in _text(_pdf("01")).replace(" ", "")


def test_an_online_receipt_is_signed_digitally_by_the_officer_only():
    text = _text(render_pdf(samples.receipt(signed_electronically=True, proxy=None)))
    assert "(Đã ký số)" in text
    assert "NGƯỜI NỘP HỒ SƠ" not in text
    assert "Người được ủy quyền" not in text


def test_without_a_proxy_the_applicant_signs():
    text = _text(render_pdf(samples.receipt(proxy=None)))
    signatures = text.split("NGƯỜI NỘP HỒ SƠ", 1)[1]
    assert "Người được ủy quyền" not in text
    assert "Nguyễn Văn Bình" in signatures
    assert "Lê Minh Tâm" not in signatures


def test_the_proxy_signs_for_the_applicant():
    signatures = _text(_pdf("01")).split("NGƯỜI NỘP HỒ SƠ", 1)[1]
    assert "Lê Minh Tâm" in signatures
    assert "Nguyễn Văn Bình" not in signatures


def test_supplement_request_at_intake_has_no_dossier_code():
    # DOMAIN §4: incomplete at intake → 02 completion guidance, no code issued yet.
    form = dataclasses.replace(samples.supplement_request(), dossier_code="", tracking_url="")
    text = _text(render_pdf(form))
    assert "Mã hồ sơ" not in text
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text


def test_co_operating_agencies_are_listed():
    form = dataclasses.replace(
        samples.control_sheet(), cooperating_agencies=("Công an xã Hòa Minh", "Bảo hiểm xã hội cơ sở Châu Thành")
    )
    assert "Cơ quan phối hợp giải quyết: Công an xã Hòa Minh; Bảo hiểm xã hội cơ sở Châu Thành" in _text(
        render_pdf(form)
    )


def test_a_late_step_is_marked_late():
    sheet = samples.control_sheet()
    late = dataclasses.replace(sheet.rows[0], result=forms.StepResult.LATE)
    assert "Quá hạn" in _text(render_pdf(dataclasses.replace(sheet, rows=(late,))))


def test_an_empty_tracking_book_says_so():
    form = dataclasses.replace(samples.tracking_book(), rows=())
    assert "Không có hồ sơ trong kỳ." in _text(render_pdf(form))


def test_user_data_is_escaped_not_interpreted():
    name = 'Bình <img src="http://203.0.113.9/x.png"> & "Co"'
    form = samples.receipt(applicant=dataclasses.replace(samples.BINH, name=name))
    html = render_html(form)
    assert '<img src="http://203.0.113.9' not in html
    assert name in _text(render_pdf(form))


def test_an_unknown_form_type_is_refused():
    with pytest.raises(TypeError):
        render_pdf(samples.BINH)

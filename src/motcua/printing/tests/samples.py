"""Realistic contexts for the seven forms: one birth-registration dossier at Xã Hòa Minh (Vĩnh Long).

The story, on the official 2026 calendar (Tết Bính Ngọ: 14–22/02/2026 are days off):

- Fri 13/02/2026 16:20 — Nguyễn Văn Bình's dossier for "Thủ tục đăng ký khai sinh" (1.001193, one
  working day) is accepted at the Hòa Minh centre, code ``000.01.24.H62-260213-0007``. One working
  day = 8 working hours counted from the acceptance (default "elapsed" convention, DOMAIN §6):
  40 minutes on 13/02, then 7 h 20 on Mon 23/02 → appointment 16:20 on 23/02/2026 (form 01).
  The same day his neighbour files at the Phú Khương centre and is refused (form 03).
- Mon 23/02 10:00 — the civil-status officer asks for a supplement (form 02); the control sheet
  shows the trail so far (form 06).
- Tue 24/02 08:30 — Bình asks to stop; no decision exists yet, so the dossier is stopped (form 05).
- The apology (form 04) needs a procedure long enough for the notice to precede the appointment by
  at least one working day (DOMAIN §6), which a one-working-day procedure never is; it uses the
  interlinked birth / residence / health-insurance procedure (2.000986, 20 days) of another dossier.
- The tracking book (form 07) covers February 2026.

Literal values, never read from the shared research folder.
"""

from __future__ import annotations

import datetime as dt

from motcua.lib.clock import BUSINESS_TZ
from motcua.printing.forms import (
    ApologyForm,
    ControlSheetForm,
    HandOver,
    Issuer,
    Paper,
    Person,
    Proxy,
    ReceiptForm,
    RefusalForm,
    StepResult,
    StopNoticeForm,
    SupplementRequestForm,
    TrackingBookForm,
    TrackingBookRow,
)


def at(day: str, hhmm: str) -> dt.datetime:
    """A business-time moment: ``at("2026-02-13", "16:20")``."""
    return dt.datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=BUSINESS_TZ)


HOA_MINH_CENTRE = Issuer(
    parent="ỦY BAN NHÂN DÂN XÃ HÒA MINH", name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", place="Hòa Minh"
)
HOA_MINH_PEOPLES_COMMITTEE = Issuer(name="ỦY BAN NHÂN DÂN XÃ HÒA MINH", place="Hòa Minh")
PHU_KHUONG_CENTRE = Issuer(
    parent="ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG", name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", place="Phú Khương"
)

DOSSIER_CODE = "000.01.24.H62-260213-0007"
PROCEDURE = "Thủ tục đăng ký khai sinh"
PROCEDURE_CODE = "1.001193"
LOOKUP_SECRET = "7QX4-M2PD"
TRACKING_URL = f"https://dichvucong.vinhlong.example.vn/tra-cuu/{DOSSIER_CODE}?ma=7QX4M2PD"

BINH = Person(
    name="Nguyễn Văn Bình",
    id_number="086095001234",
    address="Ấp Long Hòa, xã Hòa Minh, tỉnh Vĩnh Long",
    phone="0918 123 456",
    email="binh.nguyenvan@example.vn",
)
TAM = Proxy(
    name="Lê Minh Tâm",
    id_number="086092007788",
    address="Khu phố 3, phường Phú Khương, tỉnh Vĩnh Long",
    phone="0907 654 321",
    email="",
    document="Giấy ủy quyền ngày 10/02/2026, chứng thực tại UBND xã Hòa Minh (số chứng thực 125/2026/SCT)",
)


def receipt(**changes) -> ReceiptForm:
    fields = dict(
        issuer=HOA_MINH_CENTRE,
        number="27/TNHS",
        issued_on=dt.date(2026, 2, 13),
        dossier_code=DOSSIER_CODE,
        centre="Trung tâm Phục vụ hành chính công xã Hòa Minh",
        applicant=BINH,
        proxy=TAM,
        procedure=PROCEDURE,
        procedure_code=PROCEDURE_CODE,
        papers=(
            Paper("Tờ khai đăng ký khai sinh theo mẫu", originals=1),
            Paper("Giấy chứng sinh", originals=1),
            Paper("Văn bản ủy quyền (được chứng thực)", originals=1),
        ),
        sets=1,
        time_limit="01 ngày làm việc",
        received_at=at("2026-02-13", "16:20"),
        due_at=at("2026-02-23", "16:20"),
        return_place="Trung tâm Phục vụ hành chính công xã Hòa Minh",
        book_volume="01/2026",
        book_line=27,
        officer="Phạm Thị Lan",
        tracking_url=TRACKING_URL,
        lookup_secret=LOOKUP_SECRET,
    )
    return ReceiptForm(**(fields | changes))


def supplement_request() -> SupplementRequestForm:
    return SupplementRequestForm(
        issuer=HOA_MINH_PEOPLES_COMMITTEE,
        number="03/PYCBS",
        issued_on=dt.date(2026, 2, 23),
        applicant=BINH,
        procedure=PROCEDURE,
        procedure_code=PROCEDURE_CODE,
        dossier_code=DOSSIER_CODE,
        items=(
            "Bản chính Giấy chứng sinh do Trạm Y tế xã Hòa Minh cấp (bản đã nộp bị sửa chữa ngày sinh).",
            "Tờ khai đăng ký khai sinh ghi nơi sinh theo địa giới hành chính mới: xã Hòa Minh, tỉnh Vĩnh Long.",
        ),
        reason="Giấy chứng sinh có dấu hiệu sửa chữa ngày sinh; tờ khai ghi nơi sinh theo địa giới hành chính cũ.",
        contact_name="ông Võ Thanh Hải, công chức Tư pháp - Hộ tịch",
        contact_phone="0270 3 812 345",
        officer="Võ Thanh Hải",
        tracking_url=TRACKING_URL,
    )


def refusal() -> RefusalForm:
    return RefusalForm(
        issuer=PHU_KHUONG_CENTRE,
        number="02/TCHS",
        issued_on=dt.date(2026, 2, 13),
        centre="Trung tâm Phục vụ hành chính công phường Phú Khương",
        applicant=BINH,
        procedure=PROCEDURE,
        procedure_code=PROCEDURE_CODE,
        reasons=(
            "Cha, mẹ của trẻ cư trú tại xã Hòa Minh; thủ tục đăng ký khai sinh chưa thuộc Danh mục thủ tục "
            "hành chính tiếp nhận không phụ thuộc địa giới hành chính của tỉnh Vĩnh Long.",
            "Đề nghị ông/bà nộp hồ sơ tại Trung tâm Phục vụ hành chính công xã Hòa Minh hoặc nộp trực tuyến "
            "trên Cổng Dịch vụ công quốc gia.",
        ),
        officer="Đặng Thị Thu",
    )


APOLOGY_CODE = "000.01.24.H62-260302-0015"
APOLOGY_PROCEDURE = (
    "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, "
    "cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"
)


def apology() -> ApologyForm:
    return ApologyForm(
        issuer=HOA_MINH_PEOPLES_COMMITTEE,
        number="05/PXL",
        issued_on=dt.date(2026, 3, 25),
        agency="Ủy ban nhân dân xã Hòa Minh",
        addressee="Ông Nguyễn Văn Bình",
        applicant=BINH,
        procedure=APOLOGY_PROCEDURE,
        procedure_code="2.000986",
        dossier_code=APOLOGY_CODE,
        received_at=at("2026-03-02", "09:10"),
        original_due_at=at("2026-03-27", "09:10"),
        reason=(
            "cơ quan bảo hiểm xã hội chưa trả kết quả cấp thẻ bảo hiểm y tế cho trẻ do hệ thống liên thông "
            "bị gián đoạn."
        ),
        new_due_at=at("2026-04-02", "09:10"),
        signer_title="CHỦ TỊCH",
        signer_name="Trương Văn Phúc",
    )


def stop_notice() -> StopNoticeForm:
    return StopNoticeForm(
        issuer=HOA_MINH_PEOPLES_COMMITTEE,
        number="01/TB-DXL",
        issued_on=dt.date(2026, 2, 24),
        agency="Ủy ban nhân dân xã Hòa Minh",
        applicant=BINH,
        procedure=PROCEDURE,
        procedure_code=PROCEDURE_CODE,
        dossier_code=DOSSIER_CODE,
        requested_at=at("2026-02-24", "08:30"),
        stage="Đang chờ bổ sung hồ sơ theo Phiếu yêu cầu bổ sung số 03/PYCBS; chưa có kết quả giải quyết.",
        decision="Dừng giải quyết hồ sơ; trả lại hồ sơ giấy đã nộp tại Trung tâm Phục vụ hành chính công xã Hòa Minh.",
        fees_paid=0,
        fee_handling="thủ tục miễn lệ phí, không có khoản phải hoàn trả",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Huỳnh Thị Ngọc",
        tracking_url=TRACKING_URL,
    )


def control_sheet() -> ControlSheetForm:
    return ControlSheetForm(
        issuer=HOA_MINH_CENTRE,
        number="27/PKS",
        issued_on=dt.date(2026, 2, 13),
        dossier_code=DOSSIER_CODE,
        lead_agency="Ủy ban nhân dân xã Hòa Minh (công chức Tư pháp - Hộ tịch)",
        received_at=at("2026-02-13", "16:20"),
        due_at=at("2026-02-23", "16:20"),
        rows=(
            HandOver(
                unit="Công chức Tư pháp - Hộ tịch, UBND xã Hòa Minh",
                given_at=at("2026-02-13", "16:25"),
                received_at=at("2026-02-13", "16:40"),
                result=StepResult.EARLY,
                note="Thẩm định; yêu cầu bổ sung hồ sơ",
                given_by="Phạm Thị Lan",
                received_by="Võ Thanh Hải",
            ),
            HandOver(
                unit="Trung tâm Phục vụ hành chính công xã Hòa Minh",
                given_at=at("2026-02-23", "10:05"),
                received_at=at("2026-02-23", "10:15"),
                result=StepResult.ON_TIME,
                note="Trả Phiếu yêu cầu bổ sung số 03/PYCBS",
                given_by="Võ Thanh Hải",
                received_by="Phạm Thị Lan",
            ),
        ),
    )


def tracking_book() -> TrackingBookForm:
    return TrackingBookForm(
        issuer=HOA_MINH_CENTRE,
        number="01/2026",
        issued_on=dt.date(2026, 3, 2),
        period_start=dt.date(2026, 2, 1),
        period_end=dt.date(2026, 2, 28),
        rows=(
            TrackingBookRow(
                line=25,
                dossier_code="000.01.24.H62-260212-0003",
                procedure="Thủ tục đăng ký kết hôn",
                applicant="Lê Thị Mai",
                address="Ấp Hòa Lợi, xã Hòa Minh, tỉnh Vĩnh Long",
                phone="0939 456 789",
                lead_agency="Ủy ban nhân dân xã Hòa Minh",
                received_at=at("2026-02-12", "08:15"),
                due_at=at("2026-02-13", "08:15"),
                returned_at=at("2026-02-13", "07:45"),
                return_method="Trực tiếp",
                recipient="Lê Thị Mai",
            ),
            TrackingBookRow(
                line=27,
                dossier_code=DOSSIER_CODE,
                procedure=PROCEDURE,
                applicant="Nguyễn Văn Bình",
                address=BINH.address,
                phone=BINH.phone,
                lead_agency="Ủy ban nhân dân xã Hòa Minh",
                received_at=at("2026-02-13", "16:20"),
                due_at=at("2026-02-23", "16:20"),
            ),
            TrackingBookRow(
                line=31,
                dossier_code="000.01.24.H62-260223-0001",
                procedure="Thủ tục đăng ký khai tử",
                applicant="Trần Văn Hùng",
                address="Khu phố 2, phường Phú Khương, tỉnh Vĩnh Long",
                phone="0913 222 333",
                lead_agency="Ủy ban nhân dân phường Phú Khương",
                received_at=at("2026-02-23", "07:30"),
                due_at=at("2026-02-24", "07:30"),
                returned_at=at("2026-02-23", "15:00"),
                return_method="Dịch vụ bưu chính công ích",
                recipient="Trần Văn Hùng",
            ),
        ),
    )


ALL = {
    "01": receipt,
    "02": supplement_request,
    "03": refusal,
    "04": apology,
    "05": stop_notice,
    "06": control_sheet,
    "07": tracking_book,
}

"""Real flows in Debian's Chromium, as the personas (issue 5, "done when").

The live server shares the frozen clock (``clock.frozen`` is process-wide): Monday 2 March 2026,
a plain working week. With ``MOTCUA_SCREENSHOTS=docs/screenshots`` the main screens are saved for
the README (1366×768, the counters' screens).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
import zxingcpp
from pypdf import PdfReader

from motcua.dossiers import services as s
from motcua.dossiers.services import ApplicantData, DocumentData
from motcua.lib import clock

from .conftest import T0, at, login

pytestmark = pytest.mark.browser

MAI = ApplicantData(kind="citizen", id_number="086090001234", name="Nguyễn Thị Mai", phone="0912345678")


def received(world, *, transfer: bool = True):
    dossier = s.receive_dossier(
        world.p.lan,
        centre=world.p.phu_khuong,
        procedure=world.c.khai_sinh,
        applicant=MAI,
        documents=[DocumentData(1), DocumentData(2)],
    )
    return s.transfer_dossier(dossier, world.p.lan) if transfer else dossier


def test_a_counter_officer_receives_a_dossier_and_downloads_its_receipt(
    live_server, live_world, page, screenshot, tmp_path
):
    with clock.frozen(at(2, 9, 15)):
        login(page, live_server, "lan")
        page.get_by_role("link", name="Tiếp nhận hồ sơ mới").click()
        page.get_by_placeholder("Mã hoặc tên thủ tục").fill("dang ky khai sinh")  # no diacritics
        page.get_by_role("link", name="T1.001193 — Thủ tục đăng ký khai sinh").click()
        page.get_by_label("Số định danh cá nhân (CCCD) / mã số thuế").fill("086090001234")
        page.keyboard.press("Tab")  # htmx looks the applicant up
        page.get_by_text("Chưa có người nộp với số này").wait_for()
        page.get_by_label("Họ và tên / tên tổ chức").fill("Nguyễn Thị Mai")
        page.get_by_label("Số điện thoại").first.fill("0912345678")
        page.get_by_label("1. Tờ khai đăng ký khai sinh").check()
        page.get_by_label("2. Giấy chứng sinh").check()
        page.get_by_label("Đã thu phí, lệ phí").check()
        screenshot(page, "backoffice-counter-intake", full_page=True)
        page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
        page.get_by_text("Hồ sơ đã được tiếp nhận.").wait_for()
        code = page.locator("h1").inner_text().strip()
        assert code.startswith("000.287.56.H62-260302-")
        with page.expect_download() as download_info:
            page.locator("ul.prints li").first.get_by_role("link", name="Tải về").click()
        path = tmp_path / "receipt.pdf"
        download_info.value.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {code}",
        "tiếp nhận hồ sơ của: Nguyễn Thị Mai",
        "4. Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 02/03/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 15 phút, ngày 05/03/2026",
        "Nguyễn Thị Lan",
    ):
        assert expected in text
    decoded = [r.text for image in reader.pages[0].images for r in zxingcpp.read_barcodes(image.image)]
    assert len(decoded) == 1 and decoded[0].startswith(f"http://127.0.0.1:8000/tra-cuu/{code}/?s=")
    if screenshot.directory and shutil.which("pdftoppm"):  # the receipt as the citizen gets it
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                f"{screenshot.directory}/backoffice-receipt-pdf",
            ],
            check=True,
        )


def test_a_specialist_requests_a_supplement_and_later_completes_the_dossier(live_server, live_world, page, screenshot):
    with clock.frozen(T0) as advance:
        dossier = received(live_world)
        received(live_world)  # another one waiting in the department
        advance(dt.timedelta(hours=1, minutes=30))
        login(page, live_server, "minh")
        assert page.url.endswith("/backoffice/xu-ly/")
        page.get_by_role("link", name="Chờ phân công").click()
        page.locator("tr", has_text=dossier.code).get_by_role("button", name="Nhận xử lý").click()
        page.get_by_text(f"Đã nhận xử lý hồ sơ {dossier.code}.").wait_for()
        page.get_by_role("link", name="Tất cả hồ sơ của phòng").click()
        assert "Trần Văn Minh" in page.locator("tr", has_text=dossier.code).inner_text()  # now his
        screenshot(page, "backoffice-desk-inbox")
        page.get_by_role("link", name=dossier.code).click()
        page.get_by_role("link", name="Yêu cầu bổ sung hồ sơ").click()
        page.get_by_label("2. Giấy chứng sinh").check()
        page.get_by_label("Nội dung cụ thể").fill("2: bản chụp mờ, cần bản chính")
        page.get_by_label("Lý do").fill("Không đọc được ngày sinh")
        page.get_by_role("button", name="Yêu cầu bổ sung hồ sơ").click()
        page.get_by_text("Tạm dừng tính hạn: chờ công dân").wait_for()
        assert page.get_by_role("link", name="Phiếu yêu cầu bổ sung hồ sơ (Mẫu 02)").is_visible()

        advance(dt.timedelta(days=1))  # Tuesday: the citizen brings the original
        page.reload()
        page.get_by_role("link", name="Nhận hồ sơ bổ sung").click()
        page.get_by_label("2. Giấy chứng sinh").check()
        page.get_by_role("button", name="Nhận hồ sơ bổ sung").click()
        page.get_by_text("Đã thực hiện: Nhận hồ sơ bổ sung.").wait_for()
        page.get_by_role("link", name="Hoàn thành bước xử lý").click()
        page.get_by_label("Ghi chú, ý kiến xử lý").fill("Đủ điều kiện, trình lãnh đạo ký")
        page.get_by_role("button", name="Hoàn thành bước xử lý").click()
        page.get_by_text("Đã thực hiện: Hoàn thành bước xử lý.").wait_for()
        timeline = page.locator("ol.timeline").inner_text()
        for step in (
            "Tiếp nhận hồ sơ trực tiếp",
            "Phân công xử lý",
            "Yêu cầu bổ sung hồ sơ",
            "Nhận hồ sơ bổ sung",
            "Hoàn thành bước xử lý",
        ):
            assert step in timeline
        assert "Phê duyệt, ký kết quả" in page.locator("tr.current").inner_text()  # now with the leader
        screenshot(page, "backoffice-dossier-detail", full_page=True)


def test_a_director_sees_an_overdue_dossier_on_the_red_list(live_server, live_world, page, screenshot):
    with clock.frozen(T0):
        late = s.assign_dossier(received(live_world), live_world.p.minh, assignee=live_world.p.minh)
    with clock.frozen(at(3, 14)):
        soon = received(live_world)  # due Friday 6/3 14:00: its apology is due Thursday
    with clock.frozen(at(5, 10, 30)):  # Thursday: the first was due at 08:00
        login(page, live_server, "tuan")
        assert page.url.endswith("/backoffice/giam-sat/")
        red = page.locator("section.redlist")
        row = red.locator("tr", has_text=late.code)
        assert "Đã quá hạn" in row.inner_text()
        assert "Trần Văn Minh" in row.inner_text()  # who holds it
        assert soon.code in red.inner_text()
        assert page.locator(".kpi.late .n").inner_text() == "1"
        screenshot(page, "backoffice-director-red-list")


def test_an_officer_of_another_commune_cannot_open_the_dossier(live_server, live_world, page):
    with clock.frozen(T0):
        dossier = received(live_world, transfer=False)
        login(page, live_server, "binh")  # Xã Hòa Minh
        response = page.goto(f"{live_server.url}/backoffice/ho-so/{dossier.code}/")
        assert response.status == 404
        assert page.get_by_role("heading", name="Không tìm thấy hồ sơ").is_visible()
        assert page.goto(f"{live_server.url}/backoffice/ho-so/{dossier.code}/in/01/").status == 404
        page.goto(f"{live_server.url}/backoffice/tra-cuu/?q={dossier.code}")
        assert "Không tìm thấy hồ sơ nào" in page.content()

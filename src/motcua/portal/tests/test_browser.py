"""In a real browser (Debian's Chromium), on a phone-sized screen (390×844):

- a VNeID level-2 citizen signs in through the local identity provider, files a dossier with uploads
  (one of them refused with a clear message, the others kept), sees it in "my dossiers" and answers a
  supplement request;
- a level-1 citizen is refused online filing, with the explanation;
- an anonymous visitor tracks a dossier through the receipt's QR link; a wrong secret reveals nothing.

Set ``MOTCUA_SCREENSHOT_DIR=docs/screenshots`` to (re)write the portal screenshots of docs/portal.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import expect

from .conftest import PDF, PNG, build_catalogue

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TU = "Nguyễn Văn Tư"  # demo citizen, VNeID level 2 (motcua/devidp/citizens.py)
KHANG = "Thạch Minh Khang"  # demo citizen, VNeID level 1
PHU_KHUONG = "Trung tâm Phục vụ hành chính công Phường Phú Khương"


def snap(page, name: str) -> None:
    folder = os.environ.get("MOTCUA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        full = os.environ.get("MOTCUA_SCREENSHOT_FULL_PAGE") == "1"  # for reviewing whole pages
        page.screenshot(path=str(Path(folder) / f"portal-{name}.png"), full_page=full)


@pytest.fixture
def portal(live_server, live_org, settings):
    """The live site with the calendar, a small catalogue, and the portal signing in at the local IdP."""
    if not apps.is_installed("motcua.devidp"):
        pytest.skip("motcua.devidp không được cài (MOTCUA_DEV_IDP=true).")
    from motcua.worktime.loading import load_calendar

    load_calendar(province_code="86")
    catalogue = build_catalogue()
    settings.CITIZEN_SSO = {
        **settings.CITIZEN_SSO,
        "ISSUER": f"{live_server.url}/dev-idp",
        "DISCOVERY_URL": "",
        "CLIENT_ID": "motcua-test",
        "CLIENT_SECRET": "test-only-client-secret",
        "REDIRECT_URI": "",
        "LOA_CLAIM": "acr",
        "LOA2_VALUES": ["LoA2"],
    }
    settings.DEV_IDP = {
        "CLIENT_ID": "motcua-test",
        "CLIENT_SECRET": "test-only-client-secret",
        "REDIRECT_URIS": [f"{live_server.url}/sso/callback/"],
    }
    return catalogue


def sign_in_at_idp(page, name: str) -> None:
    """On the development identity provider's page, sign in as one of the demo citizens."""
    page.locator("li", has=page.get_by_role("heading", name=name)).get_by_role(
        "button", name="Đăng nhập với tài khoản này"
    ).click()


def test_level_2_citizen_files_online_and_answers_a_supplement(live_server, portal, live_org, page):
    from motcua.dossiers import services as s
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import MissingItem

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    snap(page, "home")
    page.get_by_label("Tên hoặc mã thủ tục").fill("dang ky khai sinh")  # no diacritics
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_be_visible()
    snap(page, "catalogue-search")
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    snap(page, "procedure")

    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()  # → sign-in → identity provider
    sign_in_at_idp(page, TU)
    page.wait_for_url(re.compile(r"/thu-tuc/P1\.001193/nop-truc-tuyen/$"))
    expect(page.get_by_label("Họ và tên")).to_have_value(TU)  # pre-filled from the identity
    expect(page.get_by_label("Số định danh cá nhân")).to_have_value("086048003127")
    page.get_by_label("Trung tâm Phục vụ hành chính công").select_option(label=PHU_KHUONG)

    page.set_input_files("#files-1", files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    expect(page.locator("#giay-to-1")).to_contain_text("to-khai.pdf")
    page.set_input_files("#files-2", files=[{"name": "giay-chung-sinh.png", "mimeType": "image/png", "buffer": PNG}])
    expect(page.locator("#giay-to-2")).to_contain_text("giay-chung-sinh.png")
    page.set_input_files(
        "#files-3", files=[{"name": "uy-quyen.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf"}]
    )
    expect(page.locator("#giay-to-3")).to_contain_text("Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF")
    expect(page.locator("#giay-to-1")).to_contain_text("to-khai.pdf")  # nothing uploaded before is lost
    page.locator("#giay-to-2").scroll_into_view_if_needed()
    snap(page, "filing")
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()

    expect(page.get_by_text("Đã nộp hồ sơ trực tuyến.")).to_be_visible()
    page.get_by_role("link", name="Hồ sơ của tôi", exact=True).first.click()
    expect(page.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_be_visible()
    expect(page.get_by_text("Mới đăng ký")).to_be_visible()

    # The counter accepts it, the office asks for a supplement (staff screens are not under test here).
    p = live_org
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.status, dossier.documents.count()) == ("online", 1, 2)
    dossier = s.accept_dossier(dossier, p.lan)
    dossier = s.assign_dossier(s.transfer_dossier(dossier, p.lan), p.hoa, assignee=p.minh)
    dossier = s.request_supplement(dossier, p.minh, items=[MissingItem(2, "Ảnh chụp mờ, chụp lại rõ nét")])
    page.reload()
    expect(page.get_by_text("Yêu cầu bổ sung")).to_be_visible()
    snap(page, "my-dossiers")

    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    expect(page.get_by_text("Ảnh chụp mờ, chụp lại rõ nét")).to_be_visible()
    page.get_by_role("link", name="Nộp bổ sung trực tuyến").click()
    page.set_input_files(
        "#files-2", files=[{"name": "chung-sinh-ro.pdf", "mimeType": "application/pdf", "buffer": PDF + b"clear"}]
    )
    expect(page.locator("#giay-to-2")).to_contain_text("chung-sinh-ro.pdf")
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.get_by_text("Đã gửi hồ sơ bổ sung.")).to_be_visible()
    expect(page.locator(".big-status")).to_contain_text("Đang xử lý")
    dossier.refresh_from_db()
    assert dossier.stage == "in_step" and dossier.waiting_periods.get().answered_at is not None


def test_level_1_citizen_is_refused_online_filing_with_an_explanation(live_server, portal, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/thu-tuc/P1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    sign_in_at_idp(page, KHANG)
    expect(page.get_by_role("heading", name="Cần tài khoản định danh điện tử mức độ 2")).to_be_visible()
    expect(page.get_by_text("Nộp hồ sơ trực tuyến cần tài khoản định danh điện tử VNeID mức độ 2.")).to_be_visible()
    expect(page.get_by_text("Công an cấp xã", exact=False)).to_be_visible()
    from motcua.portal.models import OnlineDraft

    assert not OnlineDraft.objects.exists()


def test_anonymous_visitor_tracks_by_qr_link_and_a_wrong_secret_reveals_nothing(live_server, portal, live_org, page):
    from motcua.dossiers import services as s

    dossier = s.receive_dossier(
        live_org.lan,
        centre=live_org.phu_khuong,
        procedure=portal.khai_sinh,
        applicant=s.ApplicantData(
            kind="citizen",
            id_number="086048003127",
            name="Nguyễn Văn Tư",
            phone="0913742518",
            address="Phường Long Châu, tỉnh Vĩnh Long",
        ),
        documents=[s.DocumentData(document=1), s.DocumentData(document=2)],
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tra-cuu/{dossier.code}/?s={dossier.lookup_secret}")  # the receipt's QR
    expect(page.get_by_role("heading", name="Tình trạng hồ sơ", level=1)).to_be_visible()
    expect(page.get_by_text("Được tiếp nhận").first).to_be_visible()
    expect(page.get_by_text("Nguyễn V. T.")).to_be_visible()
    content = page.content()
    assert "Nguyễn Văn Tư" not in content and "086048003127" not in content and "0913742518" not in content
    snap(page, "tracking")

    page.goto(f"{live_server.url}/tra-cuu/{dossier.code}/?s=ABCDEFGHJK")
    expect(page.get_by_text("Không tìm thấy hồ sơ với mã số và mã tra cứu này")).to_be_visible()
    content = page.content()
    assert "Thủ tục đăng ký khai sinh" not in content and "Nguyễn" not in content

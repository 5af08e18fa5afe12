"""In a real browser: a counter officer logs in and lands on her counter; English is one click away."""

import pytest

from motcua.conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def test_lan_logs_in_through_the_browser(live_server, live_org, page, screenshot):
    page.goto(f"{live_server.url}/backoffice/")
    page.wait_for_url(f"{live_server.url}/backoffice/dang-nhap/?next=/backoffice/")
    screenshot(page, "backoffice-login")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/backoffice/quay/")
    assert page.get_by_role("heading", name="Quầy tiếp nhận và trả kết quả").is_visible()
    assert "Trung tâm Phục vụ hành chính công Phường Phú Khương" in page.content()
    assert page.get_by_text("Nguyễn Thị Lan").is_visible()
    page.select_option("#language", "en")
    page.wait_for_url(f"{live_server.url}/en/backoffice/quay/")
    assert page.locator("html").get_attribute("lang") == "en"

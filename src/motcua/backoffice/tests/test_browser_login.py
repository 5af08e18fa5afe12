"""In a real browser: a counter officer logs in and lands on her page; English is one click away."""

import pytest

from motcua.conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def test_lan_logs_in_through_the_browser(live_server, live_org, page):
    page.goto(f"{live_server.url}/backoffice/")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/backoffice/")
    assert page.get_by_role("heading", name="Xin chào, Nguyễn Thị Lan").is_visible()
    assert "Trung tâm Phục vụ hành chính công Phường Phú Khương" in page.content()
    page.select_option("#language", "en")
    page.wait_for_url(f"{live_server.url}/en/backoffice/")
    assert page.locator("html").get_attribute("lang") == "en"

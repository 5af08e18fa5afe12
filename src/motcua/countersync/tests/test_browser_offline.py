"""Issue 8, "done when": the counter node receives a dossier and prints the receipt while the
provincial server is stopped; the dossier appears at the province after it restarts.

Real processes (``harness.py``): the provincial server (SQLite) and the counter node of Xã Hòa Minh
running as deployed — ``motcua counter-node`` serving the back office with its sync worker in the
same process. Chromium drives the node's real counter screens.
"""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from motcua.conftest import PERSONA_PASSWORD

from .harness import Cluster, Templates, call, postgres_url, wait_http

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    t = Templates(tmp_path_factory.mktemp("countersync-browser"))
    yield t
    t.cleanup()


def test_the_node_receives_and_prints_offline_and_the_province_gets_it_later(templates, tmp_path, page):
    if postgres_url():
        pytest.skip("browser tests run in the SQLite pass")
    c = Cluster(tmp_path, templates, "sqlite")
    node = c.node.process("node", "counter-node", "--addrport", f"127.0.0.1:{c.node.port}")  # server + worker
    try:
        c.start_central()
        c.node.manage("counter-node", "sync", "--once")  # first contact: staff, calendar, catalogue
        c.central_server.kill()  # the province is down from here on
        node.start()
        wait_http(c.node.url + "/backoffice/dang-nhap/", proc=node)

        page.goto(f"{c.node.url}/backoffice/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill("binh")
        page.get_by_label("Mật khẩu").fill(PERSONA_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        status = page.locator("#sync-status")
        status.get_by_text("Mất kết nối máy chủ tỉnh — vẫn tiếp nhận bình thường").wait_for()

        procedure = c.setup["procedure"]
        page.goto(f"{c.node.url}/backoffice/quay/tiep-nhan/?q={procedure}")
        page.get_by_role("link", name=f"{procedure} —").first.click()
        page.get_by_label("Số định danh cá nhân (CCCD) / mã số thuế").fill("086095001234")
        page.keyboard.press("Tab")
        page.get_by_text("Chưa có người nộp với số này").wait_for()
        page.get_by_label("Họ và tên / tên tổ chức").fill("Thạch Thị Sa Rết")
        page.get_by_label("Số điện thoại").first.fill("0912345678")
        rows = page.locator("table.docs tbody tr")
        rows.first.locator("input[type=checkbox]").check()
        rows.first.locator("input[type=file]").set_input_files(
            {"name": "ban-chup.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        transfer_now = page.locator("input[name=transfer_now]").is_checked()  # the counter's default
        page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
        page.get_by_text("Đã tiếp nhận hồ sơ").wait_for()
        code = page.locator("h1").inner_text().strip().split()[0]
        assert code.startswith("000.294.10.H62-") and code.endswith("-10001")  # node 1's own range
        assert int(page.locator("#sync-status .sync-pending").get_attribute("data-pending")) >= 1
        assert page.locator("#sync-status .sync-state").get_attribute("data-online") == "0"

        with page.expect_download() as download_info:
            page.locator("ul.prints li").first.get_by_role("link", name="Tải về").click()
        receipt = tmp_path / "receipt.pdf"
        download_info.value.save_as(receipt)
        text = " ".join(PdfReader(io.BytesIO(receipt.read_bytes())).pages[0].extract_text().split())
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and f"Mã hồ sơ: {code}" in text

        # the province comes back: the worker pushes the journal; the indicator turns green
        c.start_central()
        deadline = time.monotonic() + 60
        while True:
            page.reload()
            if page.locator("#sync-status .sync-state").get_attribute("data-online") == "1" and \
                    page.locator("#sync-status .sync-pending").get_attribute("data-pending") == "0":
                break
            assert time.monotonic() < deadline, page.locator("#sync-status").inner_text()
            time.sleep(1)
        status.get_by_text("Đã kết nối máy chủ tỉnh").wait_for()

        answer, detail = call(c.central.url, c.setup["tokens"]["quan"], "GET", f"/api/v1/dossiers/{code}")
        assert answer == 200 and detail["code"] == code
        assert [t["action"] for t in detail["timeline"]] == (["receive", "transfer"] if transfer_now else ["receive"])
        assert detail["stage"] == ("transferred" if transfer_now else "accepted")
        assert len(detail["documents"][0]["files"]) == 1  # the scan made at the counter, too
    finally:
        node.kill()
        c.close()

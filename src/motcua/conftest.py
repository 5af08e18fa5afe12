"""Fixtures shared by every app's tests.

``org_loaded`` loads the real Vĩnh Long organisation once per test database (session scope, kept
across tests by pytest-django's transactional rollback): 34 provinces, 3,321 units, 125 centres.
"""

import pytest

PERSONA_PASSWORD = "motcua-test-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from motcua.org.loading import load_org

    with django_db_blocker.unblock():
        load_org()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to an /en/… or /km/… page leaves that language active in the thread (LocaleMiddleware
    does not reset it): without this, the next test's ``reverse()`` would build /en/… URLs."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def personas(db):
    from motcua.org.personas import ensure_personas

    return ensure_personas(password=PERSONA_PASSWORD)


# --- Browser tests (Playwright driving Debian's Chromium; never a downloaded browser) -------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the session. In CI a missing browser fails the run instead of skipping."""
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} không có: .ci/run phải cài gói chromium (apt-get install chromium).")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-croscore)")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from inside
    # one unless told the test knows what it does (the loop only drives the browser).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    # The same patience for assertions as for actions (page.set_default_timeout below): on a 2-core CI
    # machine running the other xdist worker, an upload answered by htmx once took over expect's 5 s default.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 768}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_org(transactional_db):
    """The real organisation and personas for tests on a live server (transactional: the
    session-wide load is flushed by such tests, so they load their own)."""
    from motcua.org.loading import load_org
    from motcua.org.personas import ensure_personas

    load_org()
    return ensure_personas(password=PERSONA_PASSWORD)

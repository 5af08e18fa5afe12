"""Fixtures of the back-office tests: the dossier tests' small catalogue and people, logged-in clients.

The catalogue (``T``-prefixed procedures, see ``motcua/dossiers/tests/conftest.py``) and the
official calendar are reused; every test freezes the clock at ``T0``, Monday 2 March 2026 08:00
(+07), a plain working week.
"""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.dossiers.tests.conftest import (  # noqa: F401 - fixtures re-exported for these tests
    T0,
    applicant,
    at,
    build_catalogue,
    build_world,
    calendar,
    catalogue,
    docs,
    frozen,
    receive,
    walk,
    world,
)


@pytest.fixture
def as_user():
    """``as_user(user)`` → a test client logged in as that staff member."""

    def login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


# --- browser tests -------------------------------------------------------------------------------

SCREENSHOTS_ENV = "MOTCUA_SCREENSHOTS"  # e.g. MOTCUA_SCREENSHOTS=docs/screenshots: refresh the README's images


@pytest.fixture
def screenshot():
    """``screenshot(page, "name")`` saves ``name.png`` into $MOTCUA_SCREENSHOTS when it is set (else nothing),
    so ``make test`` never rewrites the documentation's images."""
    import os
    from pathlib import Path

    target = os.environ.get(SCREENSHOTS_ENV, "")

    def take(page, name: str, *, full_page: bool = False) -> Path | None:
        if not target:
            return None
        path = Path(target) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=full_page)
        return path

    take.directory = target
    return take


@pytest.fixture
def live_world(live_org):
    """The live server's data: organisation and personas (``live_org``), calendar, the test catalogue."""
    from types import SimpleNamespace

    from motcua.worktime.loading import load_calendar

    load_calendar(province_code="86")
    return SimpleNamespace(p=live_org, c=build_catalogue())


def login(page, live_server, username: str, password: str | None = None) -> None:
    from motcua.conftest import PERSONA_PASSWORD

    page.goto(f"{live_server.url}/backoffice/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password or PERSONA_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """A request to an English page leaves English active in the thread: start and end in Vietnamese."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()

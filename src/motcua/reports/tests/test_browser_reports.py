"""In a real browser: the public transparency page and a director's dashboard show the database's figures.

The fortnight story fills March 2026 at Phú Khương through the real services; the figures on screen
are compared with a scan of the dossier table (``naive.naive_figures``), not only with the
aggregates the page reads.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from motcua.dossiers.models import Dossier
from motcua.reports import periods
from motcua.reports.naive import naive_figures

from .conftest import build_catalogue, build_world
from .story import fortnight

pytestmark = pytest.mark.browser
AS_OF = dt.date(2026, 3, 20)


@pytest.fixture
def march(live_org, monkeypatch):
    from motcua.worktime.loading import load_calendar

    load_calendar(province_code="86")
    world = build_world(live_org, build_catalogue())
    fortnight(world).run()
    monkeypatch.setitem(settings.MOTCUA, "REPORTS_AS_OF", AS_OF)
    return world


def sign_in(page, live_server, user) -> None:
    """A staff session cookie for ``user`` (the login form itself is the back office's business)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key,
                               "url": live_server.url}])


def test_public_page_shows_the_figures_of_the_database(live_server, march, page):
    page.goto(f"{live_server.url}/minh-bach/")
    assert page.get_by_role("heading", name="Kết quả giải quyết thủ tục hành chính — toàn tỉnh").is_visible()
    expected = naive_figures(periods.month_to_date(AS_OF))
    assert page.locator("#month-received").get_attribute("data-value") == str(expected.received)
    assert page.locator("#month-received").inner_text() == f"{expected.received}"
    assert page.locator("#month-on-time-rate").get_attribute("data-value") == str(expected.on_time_rate)
    assert page.locator("svg.chart").count() >= 1  # the trend chart, rendered on the server
    # the centre's own page, one click away
    page.get_by_role("link", name="Trung tâm Phục vụ hành chính công Phường Phú Khương").click()
    page.wait_for_url(f"{live_server.url}/minh-bach/28756/")
    centre = naive_figures(periods.year_to_date(AS_OF), Dossier.objects.filter(receiving_centre__code="28756"))
    assert page.locator("#year-resolved").get_attribute("data-value") == str(centre.resolved)


def test_director_dashboard_shows_his_centre(live_server, march, page):
    sign_in(page, live_server, march.p.tuan)
    page.goto(f"{live_server.url}/bao-cao/?ky=month&tu=2026-03-01")
    assert "Phú Khương" in page.locator("h1").inner_text()
    expected = naive_figures(periods.month(2026, 3), Dossier.objects.filter(receiving_centre__code="28756"))
    assert page.locator("#kpi-received").get_attribute("data-value") == str(expected.received)
    assert page.locator("#kpi-late").get_attribute("data-value") == str(expected.late)
    assert page.locator("#kpi-on-time-rate").get_attribute("data-value") == str(expected.on_time_rate)
    # drill down from the late figure to the dossiers behind it
    page.locator("#kpi-late").click()
    page.wait_for_url("**/bao-cao/ho-so/**")
    assert page.locator("#dossiers tbody tr").count() == expected.late

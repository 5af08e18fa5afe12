"""Fixtures of the national-portal tests: snapshots along a dossier's life, a scripted fake gateway,
and the stand-in gateway served by pytest-django's ``live_server`` (contract tests).

Settings are pinned per test (no dispatch on enqueue, no jitter unless a test asks) so backoff delays
are exact: 60 s, 120 s, 240 s …
"""

from __future__ import annotations

import pytest
from django.apps import apps

from motcua.integrations.nationalportal.client import GatewayClient, GatewayConfig

from .factories import STAND_IN
from .fakes import FakeGateway


@pytest.fixture(autouse=True)
def portal_settings(settings):
    settings.NATIONAL_PORTAL = {
        **settings.NATIONAL_PORTAL,
        **STAND_IN,
        "URL": "",
        "CONNECT_TIMEOUT": 5,
        "READ_TIMEOUT": 10,
        "MAX_ATTEMPTS": 5,
        "BACKOFF_SECONDS": 60,
        "BACKOFF_MAX_SECONDS": 3600,
        "BACKOFF_JITTER_PERCENT": 0,
        "BATCH_LIMIT": 100,
        "DISPATCH_ON_ENQUEUE": False,
        "EXTENSION_FIELDS": True,
    }
    if hasattr(settings, "DEV_GATEWAY_FAULTS"):
        settings.DEV_GATEWAY_FAULTS = {"FAIL_EVERY": 0, "DELAY_MS": 0, "SESSION_SECONDS": 1800}
    return settings


@pytest.fixture
def fake_gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def stand_in(live_server, settings, portal_settings):
    """The stand-in gateway at ``live_server``; settings point the client at it. Faults reset."""
    if not apps.is_installed("motcua.devgateway"):
        pytest.skip("motcua.devgateway không được cài (đặt MOTCUA_DEV_GATEWAY=true để chạy kiểm thử hợp đồng).")
    from motcua.devgateway import faults

    faults.reset()
    settings.NATIONAL_PORTAL = {**settings.NATIONAL_PORTAL, "URL": f"{live_server.url}/dev-gateway"}
    yield settings
    faults.reset()


@pytest.fixture
def client_for_stand_in(stand_in) -> GatewayClient:
    return GatewayClient(GatewayConfig.from_settings())

# The dossier app's small catalogue, calendar and walkers, for the outbox-handler tests.
from motcua.dossiers.tests.conftest import calendar, catalogue, frozen, world  # noqa: E402,F401

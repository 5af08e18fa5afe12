"""Reconciliation: dossiers received in a period vs acknowledged by the portal; the sync rate (DOMAIN §7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.dossiers import outbox
from motcua.dossiers.models import OutboxEvent
from motcua.dossiers.tests.conftest import walk
from motcua.dossiers.workflow import Stage
from motcua.integrations.nationalportal import dossier_sync, services
from motcua.integrations.nationalportal.client import PermanentGatewayError, RetryableGatewayError
from motcua.integrations.nationalportal.services import NOT_QUEUED, Period
from motcua.lib import clock

from .factories import make_snapshot

pytestmark = pytest.mark.django_db
FEBRUARY = Period.month(2026, 2)


def code(n: int) -> str:
    return f"000.17.22.H56-2602{n:02d}-0001"


def receive(n: int, received: dt.datetime, **overrides):
    return services.enqueue_snapshot(
        make_snapshot(MaHoSo=code(n), NgayTiepNhan=received, NgayHenTra=received + dt.timedelta(days=3), **overrides)
    )


@pytest.fixture
def february(fake_gateway):
    """Five dossiers of February: 3 delivered (one of them behind), 1 refused (dead), 1 waiting to retry."""
    day = dt.datetime(2026, 2, 10, 2, 0, tzinfo=dt.UTC)
    with clock.frozen(dt.datetime(2026, 2, 20, tzinfo=dt.UTC)) as advance:
        for n in range(1, 6):
            receive(n, day + dt.timedelta(days=n))
        services.dispatch_due(limit=3, gateway=fake_gateway)  # 1, 2, 3 acknowledged
        fake_gateway.fail_next(PermanentGatewayError("error_code=1: thiếu MaLinhVuc"))
        services.dispatch_due(limit=1, gateway=fake_gateway)  # 4 refused → dead
        fake_gateway.fail_next(RetryableGatewayError("HTTP 503", http_status=503))
        services.dispatch_due(gateway=fake_gateway)  # 5 waits for its retry
        advance(dt.timedelta(minutes=1))
        receive(3, day + dt.timedelta(days=3), sequence=2, TrangThaiHoSo=4)  # 3 moved on, not yet pushed
    return fake_gateway


def test_received_vs_acknowledged(february):
    report = services.reconciliation(FEBRUARY)
    assert (report.received, report.acknowledged, report.up_to_date) == (5, 3, 2)
    assert [(m.dossier_code, m.state) for m in report.missing] == [(code(4), "dead"), (code(5), "pending")]
    assert "thiếu MaLinhVuc" in report.missing[0].last_error
    assert [(b.dossier_code, b.state, b.status_code) for b in report.behind] == [(code(3), "pending", 4)]
    assert report.sync_rate == Decimal("0.6000")
    assert services.sync_rate(FEBRUARY) == Decimal("0.6000")


def test_the_dossier_apps_list_reveals_dossiers_never_handed_over(february):
    report = services.reconciliation(FEBRUARY, received_codes=[code(1), code(2), code(9), code(1)])
    assert (report.received, report.acknowledged) == (3, 2)
    assert [(m.dossier_code, m.state) for m in report.missing] == [(code(9), NOT_QUEUED)]
    assert report.sync_rate == Decimal("0.6667")


@pytest.mark.parametrize(
    ("received", "in_february"),
    [
        # 31 Jan 17:30 UTC is 1 Feb 00:30 in Vietnam: received in February
        (dt.datetime(2026, 1, 31, 17, 30, tzinfo=dt.UTC), True),
        # 31 Jan 16:59 UTC is 31 Jan 23:59 in Vietnam: January
        (dt.datetime(2026, 1, 31, 16, 59, tzinfo=dt.UTC), False),
        # 28 Feb 16:59 UTC is 28 Feb 23:59 in Vietnam: still February
        (dt.datetime(2026, 2, 28, 16, 59, tzinfo=dt.UTC), True),
        # 28 Feb 17:00 UTC is 1 Mar 00:00 in Vietnam: March
        (dt.datetime(2026, 2, 28, 17, 0, tzinfo=dt.UTC), False),
    ],
)
def test_the_period_is_counted_in_vietnam_dates(received, in_february):
    receive(1, received)
    assert services.reconciliation(FEBRUARY).received == (1 if in_february else 0)


def test_no_dossier_received_means_no_rate():
    report = services.reconciliation(Period.month(2026, 3))
    assert (report.received, report.sync_rate) == (0, None)


def test_a_period_runs_forward():
    with pytest.raises(ValueError):
        Period(dt.date(2026, 2, 2), dt.date(2026, 2, 1))
    assert Period.month(2026, 12) == Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_reconciliation_counts_the_dossiers_really_received_not_only_those_queued(world, frozen, fake_gateway):
    """A dossier whose handover to the link was lost is missing ("not queued") and lowers the rate."""
    delivered = [walk(world, Stage.ACCEPTED), walk(world, Stage.TRANSFERRED)]
    outbox.dispatch_pending()
    services.dispatch_due(gateway=fake_gateway)
    lost = walk(world, Stage.ACCEPTED)
    OutboxEvent.objects.filter(dossier=lost).update(dispatched_at=clock.now())  # marked sent, never handled
    walk(world, Stage.SUBMITTED)  # status 1 and a refusal at intake: no code, nothing the portal can hold
    walk(world, Stage.REFUSED)
    march = Period.month(2026, 3)

    assert services.reconciliation(march).sync_rate == Decimal("1.0000")  # what the link alone can see

    assert dossier_sync.received_codes(march) == sorted(d.code for d in [*delivered, lost])
    report = dossier_sync.reconcile(march)
    assert (report.received, report.acknowledged, report.up_to_date) == (3, 2, 2)
    assert [(m.dossier_code, m.state) for m in report.missing] == [(lost.code, NOT_QUEUED)]
    assert report.sync_rate == Decimal("0.6667")
    assert dossier_sync.received_codes(Period.month(2026, 2)) == []  # received in March (Vietnam dates)

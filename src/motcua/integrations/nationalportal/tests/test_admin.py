"""The administrator's view: dead letters with "Gửi lại", records read-only, the reconciliation page."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.integrations.nationalportal import services
from motcua.integrations.nationalportal.client import PermanentGatewayError
from motcua.integrations.nationalportal.models import SyncRecord, SyncState
from motcua.lib import clock

from .factories import make_snapshot

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 2, 20, 3, 0, tzinfo=dt.UTC)
DEAD_CODE = "000.17.22.H56-260213-0002"


@pytest.fixture
def records(fake_gateway):
    """One dossier acknowledged, one refused by the gateway (dead letter)."""
    with clock.frozen(NOW):
        services.enqueue_snapshot(make_snapshot())
        services.dispatch_due(gateway=fake_gateway)
        services.enqueue_snapshot(make_snapshot(MaHoSo=DEAD_CODE))
        fake_gateway.fail_next(
            PermanentGatewayError("DongBoHoSoMC: error_code=1: data[0]: thiếu trường bắt buộc MaTTHC.")
        )
        services.dispatch_due(gateway=fake_gateway)
    return SyncRecord.objects.get(dossier_code=DEAD_CODE)


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.quan)  # Huỳnh Minh Quân, system administrator
    return client


def test_dead_letters_list_only_what_needs_attention(admin_client, records):
    response = admin_client.get("/admin/nationalportal/deadletter/")
    assert response.status_code == 200
    assert [r.dossier_code for r in response.context["cl"].result_list] == [DEAD_CODE]
    assert "thiếu trường bắt buộc MaTTHC" in response.content.decode()


def test_gui_lai_puts_the_dead_letter_back_in_the_queue(admin_client, records, personas):
    with clock.frozen(NOW + dt.timedelta(hours=1)):
        response = admin_client.post(
            "/admin/nationalportal/deadletter/",
            {"action": "resend_selected", "_selected_action": [records.pk]},
            follow=True,
        )
    assert "Đã đưa 1 hồ sơ trở lại hàng đợi gửi Cổng DVCQG." in response.content.decode()
    records.refresh_from_db()
    assert (records.state, records.attempts, records.resent_by) == (SyncState.PENDING, 0, personas.quan)
    assert records.next_attempt_at == NOW + dt.timedelta(hours=1)


def test_gui_lai_on_a_delivered_record_only_warns(admin_client, records):
    delivered = SyncRecord.objects.exclude(pk=records.pk).get()
    response = admin_client.post(
        "/admin/nationalportal/syncrecord/",
        {"action": "resend_selected", "_selected_action": [delivered.pk]},
        follow=True,
    )
    assert "không ở tình trạng gửi lỗi" in response.content.decode()
    delivered.refresh_from_db()
    assert delivered.state == SyncState.ACKNOWLEDGED


def test_a_record_page_is_read_only(admin_client, records):
    response = admin_client.get(f"/admin/nationalportal/syncrecord/{records.pk}/change/")
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    before = SyncRecord.objects.get(pk=records.pk).updated_at
    admin_client.post(f"/admin/nationalportal/syncrecord/{records.pk}/change/", {"state": "acknowledged"})
    assert SyncRecord.objects.get(pk=records.pk).state == SyncState.DEAD
    assert SyncRecord.objects.get(pk=records.pk).updated_at == before


@pytest.fixture
def march(world, frozen, fake_gateway):
    """Three dossiers received on 2 March 2026: one acknowledged, one refused (dead), one never queued."""
    from motcua.dossiers import outbox
    from motcua.dossiers.models import OutboxEvent
    from motcua.dossiers.tests.conftest import walk
    from motcua.dossiers.workflow import Stage

    acknowledged = walk(world, Stage.ACCEPTED)
    outbox.dispatch_pending()
    services.dispatch_due(gateway=fake_gateway)
    dead = walk(world, Stage.ACCEPTED)
    outbox.dispatch_pending()
    fake_gateway.fail_next(PermanentGatewayError("DongBoHoSoMC: error_code=1: data[0]: thiếu trường bắt buộc MaTTHC."))
    services.dispatch_due(gateway=fake_gateway)
    never_queued = walk(world, Stage.ACCEPTED)
    OutboxEvent.objects.filter(dossier=never_queued).update(dispatched_at=clock.now())  # the handover was lost
    return acknowledged, dead, never_queued


def test_reconciliation_page(admin_client, march):
    _acknowledged, dead, never_queued = march
    response = admin_client.get(
        "/admin/nationalportal/syncrecord/reconciliation/", {"start": "2026-03-01", "end": "2026-03-31"}
    )
    assert response.status_code == 200
    report = response.context["report"]
    # Received = the dossiers the centres accepted, not only those that reached the link.
    assert (report.received, report.acknowledged) == (3, 1)
    body = response.content.decode()
    assert "33,33%" in body  # Vietnamese decimal comma
    assert dead.code in body
    assert "gửi lỗi — cần xử lý" in body
    assert never_queued.code in body
    assert "chưa đưa vào hàng đợi" in body


def test_reconciliation_defaults_to_this_month(admin_client, records):
    with clock.frozen(NOW):
        response = admin_client.get("/admin/nationalportal/syncrecord/reconciliation/")
    assert response.context["report"].period == services.Period(dt.date(2026, 2, 1), dt.date(2026, 2, 20))


def test_a_supervisor_without_admin_rights_cannot_see_it(client, personas, records):
    client.force_login(personas.giang)
    response = client.get("/admin/nationalportal/syncrecord/reconciliation/")
    assert response.status_code == 302  # to the admin login

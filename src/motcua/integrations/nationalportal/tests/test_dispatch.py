"""dispatch_due on a scripted gateway: acknowledgement, retries with backoff, dead letters, resend."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.integrations.nationalportal import services
from motcua.integrations.nationalportal.client import (
    GatewayConfigError,
    PermanentGatewayError,
    RetryableGatewayError,
)
from motcua.integrations.nationalportal.models import AttemptOutcome, SyncAttempt, SyncRecord, SyncState
from motcua.lib import clock

from .factories import CODE, RECEIVED, lifecycle, make_progress, make_snapshot

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 2, 13, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    """Business time stands at NOW unless a test moves it (enqueue makes records due "now")."""
    with clock.frozen(NOW) as advance:
        yield advance


def down(message="HTTP 503"):
    return RetryableGatewayError(f"Cổng kết nối trả lỗi {message}.", http_status=503)


def test_a_due_record_is_pushed_then_acknowledged(fake_gateway):
    services.enqueue_snapshot(make_snapshot(), progress=make_progress(2, RECEIVED))
    with clock.frozen(NOW):
        report = services.dispatch_due(gateway=fake_gateway)
    record = SyncRecord.objects.get()
    assert (report.attempted, report.acknowledged) == (1, 1)
    assert fake_gateway.operations() == ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]
    assert fake_gateway.calls[0][1]["is_updating"] is False  # first push of this dossier
    assert fake_gateway.dossiers[CODE]["TrangThaiHoSo"] == "2"
    assert record.state == SyncState.ACKNOWLEDGED
    assert (record.acknowledged_at, record.first_acknowledged_at) == (NOW, NOW)
    assert (record.pushed_status, record.pushed_sequence, record.portal_has_record) == (2, 1, True)
    assert record.progress.get().sent_at == NOW
    assert list(SyncAttempt.objects.values_list("outcome", flat=True)) == [AttemptOutcome.OK] * 2


def test_later_states_are_sent_as_updates(fake_gateway):
    steps = lifecycle()
    services.enqueue_snapshot(*steps[0])
    services.dispatch_due(gateway=fake_gateway)
    services.enqueue_snapshot(*steps[1])
    services.dispatch_due(gateway=fake_gateway)
    upserts = [args for name, args in fake_gateway.calls if name == "DongBoHoSoMC"]
    assert [u["is_updating"] for u in upserts] == [False, True]
    assert fake_gateway.dossiers[CODE]["TrangThaiHoSo"] == "4"


def test_nothing_is_sent_before_it_is_due_and_nothing_twice(fake_gateway):
    with clock.frozen(NOW):
        services.enqueue_snapshot(make_snapshot())
    assert services.dispatch_due(now=NOW - dt.timedelta(seconds=1), gateway=fake_gateway).attempted == 0
    assert services.dispatch_due(now=NOW, gateway=fake_gateway).attempted == 1
    assert services.dispatch_due(now=NOW, gateway=fake_gateway).attempted == 0
    assert fake_gateway.operations() == ["DongBoHoSoMC"]


def test_retryable_faults_back_off_exponentially(fake_gateway):
    # MAX_ATTEMPTS 5, base 60 s, cap 3600 s, no jitter (conftest)
    services.enqueue_snapshot(make_snapshot())
    fake_gateway.fail_next(down(), down(), down(), operation="DongBoHoSoMC")
    with clock.frozen(NOW) as advance:
        delays = []
        for _attempt in range(3):
            started = clock.now()
            services.dispatch_due(gateway=fake_gateway)
            record = SyncRecord.objects.get()
            assert record.state == SyncState.PENDING
            delays.append((record.next_attempt_at - started).total_seconds())
            # not due a second earlier
            assert (
                services.dispatch_due(
                    now=record.next_attempt_at - dt.timedelta(seconds=1), gateway=fake_gateway
                ).attempted
                == 0
            )
            advance(record.next_attempt_at - started)
        report = services.dispatch_due(gateway=fake_gateway)
    assert delays == [60, 120, 240]
    assert report.acknowledged == 1
    record = SyncRecord.objects.get()
    assert (record.state, record.attempts, record.last_error) == (SyncState.ACKNOWLEDGED, 0, "")
    # after a fault the portal may have stored the dossier anyway: each retry looks it up first
    assert list(SyncAttempt.objects.order_by("id").values_list("operation", "outcome")) == [
        ("DongBoHoSoMC", AttemptOutcome.RETRYABLE),
        ("TraCuuHoSo", AttemptOutcome.OK),
        ("DongBoHoSoMC", AttemptOutcome.RETRYABLE),
        ("TraCuuHoSo", AttemptOutcome.OK),
        ("DongBoHoSoMC", AttemptOutcome.RETRYABLE),
        ("TraCuuHoSo", AttemptOutcome.OK),
        ("DongBoHoSoMC", AttemptOutcome.OK),
    ]


@pytest.mark.parametrize(
    ("attempt", "seconds"),
    [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (30, 3600)],  # capped at BACKOFF_MAX_SECONDS
)
def test_backoff_table(attempt, seconds):
    delay = services.backoff_delay(attempt, base=60, cap=3600, jitter_percent=0, rand=0.99)
    assert delay == dt.timedelta(seconds=seconds)


def test_jitter_only_shortens_the_delay_within_its_share(settings, fake_gateway, monkeypatch):
    settings.NATIONAL_PORTAL = {**settings.NATIONAL_PORTAL, "BACKOFF_JITTER_PERCENT": 20}
    assert services.backoff_delay(3, base=60, cap=3600, jitter_percent=20, rand=0.0) == dt.timedelta(seconds=240)
    assert services.backoff_delay(3, base=60, cap=3600, jitter_percent=20, rand=0.5) == dt.timedelta(seconds=216)
    monkeypatch.setattr(services, "jitter_random", lambda: 0.999)
    services.enqueue_snapshot(make_snapshot())
    fake_gateway.fail_next(down())
    with clock.frozen(NOW):
        services.dispatch_due(gateway=fake_gateway)
    delay = (SyncRecord.objects.get().next_attempt_at - NOW).total_seconds()
    assert 48 <= delay <= 60  # 60 s less up to 20 %


def test_max_attempts_make_a_dead_letter(fake_gateway):
    services.enqueue_snapshot(make_snapshot())
    fake_gateway.fail_next(*[down() for _ in range(5)])
    with clock.frozen(NOW) as advance:
        for _attempt in range(5):
            services.dispatch_due(gateway=fake_gateway)
            advance(dt.timedelta(hours=2))
        report = services.dispatch_due(gateway=fake_gateway)
    record = SyncRecord.objects.get()
    assert report.attempted == 0
    assert (record.state, record.attempts, record.next_attempt_at) == (SyncState.DEAD, 5, None)
    assert "HTTP 503" in record.last_error
    assert record.dead_at is not None


def test_a_refused_content_is_a_dead_letter_at_once(fake_gateway):
    services.enqueue_snapshot(make_snapshot())
    fake_gateway.fail_next(PermanentGatewayError("DongBoHoSoMC: error_code=1: thiếu MaLinhVuc", error_code=1))
    report = services.dispatch_due(gateway=fake_gateway)
    record = SyncRecord.objects.get()
    assert (report.dead, record.state, record.attempts) == (1, SyncState.DEAD, 1)
    assert "thiếu MaLinhVuc" in record.last_error


def test_resend_puts_a_dead_letter_back_and_it_is_delivered(fake_gateway, django_user_model):
    admin = django_user_model.objects.create_user(username="quantri", password="x")
    services.enqueue_snapshot(make_snapshot())
    fake_gateway.fail_next(PermanentGatewayError("error_code=1"))
    services.dispatch_due(gateway=fake_gateway)
    record = SyncRecord.objects.get()
    with clock.frozen(NOW):
        resent = services.resend(record, actor=admin)
    assert (resent.state, resent.attempts, resent.next_attempt_at, resent.resent_by) == ("pending", 0, NOW, admin)
    with clock.frozen(NOW):
        assert services.dispatch_due(gateway=fake_gateway).acknowledged == 1
    record.refresh_from_db()
    assert record.state == SyncState.ACKNOWLEDGED
    assert (record.resent_at, record.last_error) == (NOW, "")


def test_only_dead_letters_can_be_resent(fake_gateway):
    record = services.enqueue_snapshot(make_snapshot()).record
    with pytest.raises(ValidationError, match="không ở tình trạng gửi lỗi"):
        services.resend(record, actor=None)


def test_an_invalid_snapshot_cannot_be_resent_only_replaced():
    record = services.enqueue_snapshot(make_snapshot(MaLinhVuc="")).record
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.resend(record, actor=None)


def test_a_configuration_fault_stops_the_run_without_charging_any_dossier(fake_gateway):
    services.enqueue_snapshot(make_snapshot())
    services.enqueue_snapshot(make_snapshot(MaHoSo="000.17.22.H56-260213-0002"))
    fake_gateway.fail_next(GatewayConfigError("Cổng kết nối từ chối đăng nhập"))
    with clock.frozen(NOW):
        report = services.dispatch_due(gateway=fake_gateway)
    assert report.attempted == 1
    assert "từ chối đăng nhập" in report.stopped
    assert set(SyncRecord.objects.values_list("state", "attempts")) == {(SyncState.PENDING, 0)}
    assert SyncAttempt.objects.get().outcome == AttemptOutcome.CONFIG


def test_a_retryable_fault_ends_the_run_the_rest_waits(fake_gateway):
    for n in range(1, 4):
        services.enqueue_snapshot(make_snapshot(MaHoSo=f"000.17.22.H56-260213-000{n}"))
    fake_gateway.fail_next(down())
    report = services.dispatch_due(gateway=fake_gateway)
    assert (report.attempted, report.retrying) == (1, 1)
    assert SyncRecord.objects.filter(state=SyncState.PENDING, attempts=0).count() == 2


def test_without_a_gateway_address_nothing_is_sent(settings):
    services.enqueue_snapshot(make_snapshot())
    report = services.dispatch_due()
    assert report.attempted == 0
    assert "MOTCUA_DVCQG_URL" in report.stopped
    assert SyncRecord.objects.get().state == SyncState.PENDING


def test_an_unanswered_push_is_looked_up_before_the_next_one(fake_gateway):
    # the gateway stored the dossier but the reply was lost (timeout): isUpdating=False again would be refused
    services.enqueue_snapshot(make_snapshot())
    fake_gateway.store_then_fail = RetryableGatewayError("Hết thời gian chờ cổng kết nối.")
    with clock.frozen(NOW) as advance:
        services.dispatch_due(gateway=fake_gateway)
        assert SyncRecord.objects.get().maybe_on_portal is True
        advance(dt.timedelta(minutes=5))
        services.dispatch_due(gateway=fake_gateway)
    assert fake_gateway.operations() == ["DongBoHoSoMC", "TraCuuHoSo", "DongBoHoSoMC"]
    assert fake_gateway.calls[-1][1]["is_updating"] is True
    assert SyncRecord.objects.get().state == SyncState.ACKNOWLEDGED


def test_an_already_exists_refusal_flips_is_updating_once(fake_gateway):
    fake_gateway.dossiers[CODE] = {"MaHoSo": CODE, "TrangThaiHoSo": "2"}  # pushed by an earlier installation
    services.enqueue_snapshot(make_snapshot(TrangThaiHoSo=4))
    assert services.dispatch_due(gateway=fake_gateway).acknowledged == 1
    assert [args["is_updating"] for _, args in fake_gateway.calls] == [False, True]
    assert fake_gateway.dossiers[CODE]["TrangThaiHoSo"] == "4"


def test_a_progress_fault_does_not_resend_the_dossier(fake_gateway):
    services.enqueue_snapshot(make_snapshot(), progress=make_progress(2, RECEIVED))
    fake_gateway.fail_next(down(), operation="CapNhatTienDoHoSoMC")
    with clock.frozen(NOW) as advance:
        services.dispatch_due(gateway=fake_gateway)
        advance(dt.timedelta(minutes=2))
        services.dispatch_due(gateway=fake_gateway)
    assert fake_gateway.operations() == ["DongBoHoSoMC", "CapNhatTienDoHoSoMC", "CapNhatTienDoHoSoMC"]
    assert SyncRecord.objects.get().state == SyncState.ACKNOWLEDGED


def test_a_snapshot_arriving_during_the_push_is_sent_next(fake_gateway):
    steps = lifecycle()
    services.enqueue_snapshot(*steps[0])
    fake_gateway.on_upsert = lambda: services.enqueue_snapshot(*steps[1])  # arrives while the request is out
    with clock.frozen(NOW):
        first = services.dispatch_due(gateway=fake_gateway)
        record = SyncRecord.objects.get()
        assert (first.acknowledged, record.state, record.pushed_sequence, record.sequence) == (0, "pending", 1, 2)
        services.dispatch_due(gateway=fake_gateway)
    record.refresh_from_db()
    assert (record.state, record.pushed_sequence, record.pushed_status) == ("acknowledged", 2, 4)
    assert fake_gateway.dossiers[CODE]["TrangThaiHoSo"] == "4"
    assert [entry["TrangThai"] for entry in fake_gateway.progress[CODE]] == ["2", "4"]


def test_an_expired_claim_is_taken_over(fake_gateway):
    with clock.frozen(NOW):
        record = services.enqueue_snapshot(make_snapshot()).record
        SyncRecord.objects.filter(pk=record.pk).update(
            state=SyncState.SENT, claimed_until=NOW + dt.timedelta(minutes=3)
        )
        assert services.dispatch_due(gateway=fake_gateway).attempted == 0  # another dispatcher holds it
    with clock.frozen(NOW + dt.timedelta(minutes=4)):
        assert services.dispatch_due(gateway=fake_gateway).acknowledged == 1  # it died: the lease expired


def test_the_task_runs_one_dispatch(settings):
    from motcua.integrations.nationalportal.tasks import dispatch_national_portal

    services.enqueue_snapshot(make_snapshot())
    result = dispatch_national_portal.enqueue()
    assert "MOTCUA_DVCQG_URL" in result.return_value["stopped"]

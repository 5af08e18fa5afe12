"""The whole link against the stand-in over HTTP: faults, duplicates and out-of-order delivery still leave
exactly one record per dossier at the portal, in its final state, with its timeline once.
"""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command

from motcua.integrations.nationalportal import services
from motcua.integrations.nationalportal.models import SyncAttempt, SyncRecord, SyncState
from motcua.lib import clock

from .factories import CODE, lifecycle, make_snapshot

pytestmark = pytest.mark.django_db(transaction=True)
NOW = dt.datetime(2026, 2, 16, 2, 0, tzinfo=dt.UTC)


def drain(advance, rounds: int = 60) -> None:
    """Run dispatches, moving the clock past each backoff, until nothing is left to send."""
    for _round in range(rounds):
        services.dispatch_due()
        if not SyncRecord.objects.exclude(state__in=[SyncState.ACKNOWLEDGED, SyncState.DEAD]).exists():
            return
        advance(dt.timedelta(hours=1))
    raise AssertionError("the queue did not drain")


def portal():
    from motcua.devgateway.models import PortalDossier

    return {d.code: d for d in PortalDossier.objects.prefetch_related("progress")}


def test_duplicates_and_out_of_order_delivery_leave_one_final_record_per_dossier(stand_in):
    stand_in.DEV_GATEWAY_FAULTS = {**stand_in.DEV_GATEWAY_FAULTS, "FAIL_EVERY": 3}  # every 3rd call: 503
    codes = [f"000.17.22.H56-260213-{n:04d}" for n in range(1, 5)]
    deliveries = [step for code in codes for step in lifecycle(code)]
    deliveries += deliveries[::3]  # the outbox delivers some events twice
    random.Random(2026).shuffle(deliveries)  # … and in any order
    outcomes = set()
    with clock.frozen(NOW) as advance:
        for index, (snapshot, progress) in enumerate(deliveries):
            outcomes.add(services.enqueue_snapshot(snapshot, progress).outcome)
            if index % 5 == 4:  # dispatches interleave with the arrivals
                services.dispatch_due()
                advance(dt.timedelta(minutes=3))
        drain(advance)
    assert {"stale", "duplicate"} <= outcomes  # the scenario did deliver late and twice
    assert SyncAttempt.objects.filter(outcome="retryable").exists()  # … and the gateway did fail
    held = portal()
    assert sorted(held) == codes
    for code in codes:
        dossier = held[code]
        assert dossier.status == 10  # the final state: result returned
        assert dossier.data["NgayTra"] == "20260215162000"  # returned Sat 15 Feb, 16:20 in Vĩnh Long
        assert [p.status for p in dossier.progress.all()] == [2, 4, 5, 4, 9, 10]  # each entry once, in order
    assert set(SyncRecord.objects.values_list("state", "pushed_sequence", "pushed_status")) == {
        (SyncState.ACKNOWLEDGED, 6, 10)
    }


def test_a_late_older_state_after_delivery_is_never_sent(stand_in):
    steps = lifecycle()
    with clock.frozen(NOW) as advance:
        services.enqueue_snapshot(*steps[3])  # status 4, sequence 4
        drain(advance)
        services.enqueue_snapshot(*steps[2])  # status 5, sequence 3, arrives late
        drain(advance)
    dossier = portal()[CODE]
    assert dossier.status == 4
    assert dossier.update_count == 0  # the stale state was not pushed
    assert sorted(p.status for p in dossier.progress.all()) == [4, 5]  # its timeline entry was


def test_a_reply_lost_to_a_timeout_does_not_duplicate_the_dossier(stand_in):
    stand_in.DEV_GATEWAY_FAULTS = {**stand_in.DEV_GATEWAY_FAULTS, "DELAY_MS": 1300}
    stand_in.NATIONAL_PORTAL = {**stand_in.NATIONAL_PORTAL, "READ_TIMEOUT": 1}
    with clock.frozen(NOW) as advance:
        services.enqueue_snapshot(make_snapshot())
        report = services.dispatch_due()
        assert report.retrying == 1 and "Hết thời gian chờ" in report.stopped
        stand_in.DEV_GATEWAY_FAULTS = {**stand_in.DEV_GATEWAY_FAULTS, "DELAY_MS": 0}
        advance(dt.timedelta(minutes=2))
        assert services.dispatch_due().acknowledged == 1
    record = SyncRecord.objects.get()
    assert list(record.attempt_log.order_by("id").values_list("operation", "outcome")) == [
        ("DongBoHoSoMC", "retryable"),
        ("TraCuuHoSo", "ok"),  # the portal had it: update instead of a refused second creation
        ("DongBoHoSoMC", "ok"),
    ]
    assert list(portal()) == [CODE]


def test_a_refused_dossier_is_a_dead_letter_until_resent(stand_in, django_user_model):
    admin = django_user_model.objects.create_user(username="quantri", password="x")
    with clock.frozen(NOW) as advance:
        services.enqueue_snapshot(make_snapshot())
        SyncRecord.objects.update(payload={**SyncRecord.objects.get().payload, "TrangThaiHoSo": "11"})
        services.dispatch_due()
        record = SyncRecord.objects.get()
        assert record.state == SyncState.DEAD
        assert "TrangThaiHoSo='11' không hợp lệ" in record.last_error
        SyncRecord.objects.update(payload={**record.payload, "TrangThaiHoSo": "2"})  # e.g. the gateway was fixed
        services.resend(record, actor=admin)
        drain(advance)
    assert portal()[CODE].status == 2


def test_reconciliation_counts_what_the_stand_in_acknowledged(stand_in):
    with clock.frozen(NOW) as advance:
        for n in range(1, 5):
            services.enqueue_snapshot(make_snapshot(MaHoSo=f"000.17.22.H56-260213-{n:04d}"))
        stand_in.DEV_GATEWAY_FAULTS = {**stand_in.DEV_GATEWAY_FAULTS, "FAIL_EVERY": 4}
        services.dispatch_due()  # 3 delivered, the 4th call fails: the run stops
        advance(dt.timedelta(seconds=1))
    report = services.reconciliation(services.Period.month(2026, 2))
    assert (report.received, report.acknowledged, str(report.sync_rate)) == (4, 3, "0.7500")
    assert [m.dossier_code for m in report.missing] == ["000.17.22.H56-260213-0004"]
    assert len(portal()) == 3


def test_the_command_runs_one_pass(stand_in):
    with clock.frozen(NOW):
        services.enqueue_snapshot(make_snapshot())
        out = io.StringIO()
        call_command("sync_national_portal", "--once", stdout=out)
    assert "Đã gửi 1 hồ sơ: 1 được xác nhận" in out.getvalue()
    assert list(portal()) == [CODE]


@pytest.fixture
def live_world(transactional_db):
    """The dossier app's world in a transactional database (the live server's thread reads it too)."""
    from motcua.conftest import PERSONA_PASSWORD
    from motcua.dossiers.tests.conftest import build_catalogue, build_world
    from motcua.org.loading import load_org
    from motcua.org.personas import ensure_personas
    from motcua.worktime.loading import load_calendar

    load_org()  # transactional tests run on a flushed database: the session's org load is gone
    personas = ensure_personas(password=PERSONA_PASSWORD)
    load_calendar(province_code="86")
    return build_world(personas, build_catalogue())


def test_an_online_dossier_reaches_the_portal_once_accepted_with_its_time_at_status_1(stand_in, live_world):
    from motcua.dossiers import outbox
    from motcua.dossiers import services as s
    from motcua.dossiers.models import Channel
    from motcua.dossiers.tests.conftest import T0, applicant, docs

    p = live_world.p
    with clock.frozen(T0) as advance:  # Monday 2 March 2026, 08:00 in Vĩnh Long
        dossier = s.submit_dossier(
            p.lan, centre=p.phu_khuong, procedure=live_world.c.khai_sinh, applicant=applicant(),
            channel=Channel.ONLINE, documents=docs(1, 2),
        )
        outbox.dispatch_pending()
        services.dispatch_due()
        assert dossier.code is None and not SyncRecord.objects.exists()  # status 1: no MaHoSo yet
        advance(dt.timedelta(hours=3))
        dossier = s.accept_dossier(dossier, p.lan)  # the code is issued now (DOMAIN §5)
        outbox.dispatch_pending()
        drain(advance)
    held = portal()[dossier.code]
    assert held.status == 2
    assert held.data["NgayTiepNhan"] == "20260302110000"
    assert held.data["NgayNopHoSo"] == "20260302080000"  # the filing moment travels in the dossier …
    assert held.data["KenhThucHien"] == "2"
    # … and its status-1 moment in the timeline, under the code issued at acceptance.
    assert [(e.status, e.occurred_at) for e in held.progress.all()] == [(1, "20260302080000"), (2, "20260302110000")]

"""Concurrent requests on real threads and real transactions: exactly one wins, nothing forks.

Transactional tests (``transaction=True``): each thread has its own database connection and its
own transaction, as two counter PCs would. Such tests flush the database afterwards, so they load
the organisation, calendar and catalogue themselves (pytest-django runs them after the others).

SQLite: the suite tests on a file database in WAL mode with ``BEGIN IMMEDIATE`` (settings_test), as
deployed, so these tests run in both passes: on SQLite writers queue on the database lock, on
PostgreSQL on row locks (``SELECT … FOR UPDATE``). Django's in-memory test database (shared cache)
fails concurrent writers with "database table is locked" instead of queueing them, so if the suite is
ever pointed at it again these tests skip.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from motcua.dossiers import audit
from motcua.dossiers import services as s
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, IdempotencyRecord, Transition
from motcua.dossiers.workflow import Stage
from motcua.lib import clock

from .conftest import T0, applicant, build_catalogue, build_world, docs, walk

# Django tests SQLite in memory unless DATABASES["default"]["TEST"]["NAME"] names a file.
IN_MEMORY_SQLITE = connection.vendor == "sqlite" and not (connection.settings_dict.get("TEST") or {}).get("NAME")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        IN_MEMORY_SQLITE,
        reason="in-memory shared-cache SQLite fails concurrent writers instead of queueing them; "
        "the PostgreSQL pass runs these tests",
    ),
]
THREADS = 6


@pytest.fixture
def live_world(transactional_db):
    from motcua.conftest import PERSONA_PASSWORD
    from motcua.org.loading import load_org
    from motcua.org.personas import ensure_personas
    from motcua.worktime.loading import load_calendar

    load_org()
    personas = ensure_personas(password=PERSONA_PASSWORD)
    load_calendar(province_code="86")
    return build_world(personas, build_catalogue())


def race(work, n=THREADS):
    """Run ``work(i)`` in ``n`` threads released together; returns [(result | DossierError code)]."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except DossierError as exc:
            results[i] = exc.code
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            results[i] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    with clock.frozen(T0):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    return results


def test_the_same_transition_twice_at_once_wins_once(live_world):
    with clock.frozen(T0):
        dossier = walk(live_world, Stage.ACCEPTED)
    results = race(lambda i: s.transfer_dossier(Dossier.objects.get(pk=dossier.pk), live_world.p.lan).pk)
    wins = [r for r in results if r == dossier.pk]
    assert len(wins) == 1, results
    assert sorted(set(results) - {dossier.pk}) == ["transition_not_allowed"]
    assert Transition.objects.filter(dossier=dossier, action="transfer").count() == 1


def test_different_transitions_on_the_same_version_one_wins(live_world):
    with clock.frozen(T0):
        dossier = walk(live_world, Stage.TRANSFERRED)
    seen = dossier.row_version
    p = live_world.p

    def work(i):
        fresh = Dossier.objects.get(pk=dossier.pk)
        if i % 2:
            return s.assign_dossier(fresh, p.hoa, assignee=p.minh, expected_version=seen).stage
        return s.request_withdrawal(fresh, p.lan, reason="rút", expected_version=seen).stage

    results = race(work)
    wins = [r for r in results if r in (Stage.IN_STEP, Stage.WITHDRAWAL_REQUESTED)]
    assert len(wins) == 1, results
    assert set(results) - set(wins) == {"version_conflict"}
    dossier.refresh_from_db()
    assert dossier.row_version == seen + 1


def test_concurrent_intakes_get_consecutive_codes(live_world):
    results = race(
        lambda i: (
            s.receive_dossier(
                live_world.p.lan,
                centre=live_world.p.phu_khuong,
                procedure=live_world.c.khai_sinh,
                applicant=applicant(),
                documents=docs(1),
            ).code
        )
    )
    agency = live_world.p.phu_khuong.agency_id
    assert sorted(results) == [f"{agency}-260302-{n:04d}" for n in range(1, THREADS + 1)], results
    assert audit.verify().ok  # concurrent appends never forked the chain


def test_a_retried_intake_racing_itself_creates_one_dossier(live_world):
    results = race(
        lambda i: (
            s.receive_dossier(
                live_world.p.lan,
                centre=live_world.p.phu_khuong,
                procedure=live_world.c.khai_sinh,
                applicant=applicant(),
                documents=docs(1),
                idempotency_key="same-request-0001",
            ).pk
        )
    )
    assert len(set(results)) == 1 and isinstance(results[0], int), results
    assert Dossier.objects.count() == 1 and IdempotencyRecord.objects.count() == 1

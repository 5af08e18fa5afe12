"""The bulk loader writes exactly the rows the dossier services write (issue 7 §7).

A sample of planned dossiers — every kind of path the planner makes: direct, online, postal,
Saturday receipts, boundary-free land dossiers, same-day certifications, one and two supplement
requests, withdrawals, refusals, refusals at intake — is played twice from the same seed: through
the real services (``driver.play``), then rolled back and written by ``bulk.load``. Every row of
every table both paths write must be equal, normalised only for what the services draw at random
(the dossier's ``uid`` and lookup secret, and what embeds the uid). Both audit chains verify.
"""

from __future__ import annotations

import collections

import pytest
from django.db import transaction

from motcua.dossiers import audit
from motcua.dossiers.models import (
    Applicant,
    AuditEntry,
    CodeCounter,
    Dossier,
    DossierDocument,
    DossierStep,
    OutboxEvent,
    Transition,
    WaitingPeriod,
)
from motcua.reports.models import DailyFigure, DossierStat, MonthlyFigure, PendingFigure, StockTotal
from motcua.reports.simulation import bulk, driver, planner

from .simulated import SEED, sample

TABLES = (Applicant, CodeCounter, Dossier, DossierStep, DossierDocument, WaitingPeriod, Transition, AuditEntry,
          OutboxEvent, DossierStat, DailyFigure, MonthlyFigure, PendingFigure, StockTotal)
RANDOM = {"uid", "lookup_secret", "hash", "prev_hash"}
# Aggregate rows are created in another order; a code counter's id is consumed by every reservation's
# "insert if missing" (INSERT … ON CONFLICT DO NOTHING) — both are compared on their natural keys.
WITHOUT_ID = {DailyFigure, MonthlyFigure, PendingFigure, StockTotal, CodeCounter}


def snapshot(first_ids: dict) -> dict:
    """Every row the run wrote (ids ≥ the ids before it), normalised for the random draws.

    Surrogate ids become their rank among the run's rows of that table (foreign keys too): on
    PostgreSQL a rolled-back run still consumed its sequence values, so two runs in one database
    cannot get the same ids — only the same order.
    """
    uids = {str(uid): f"dossier:{pk}" for pk, uid in Dossier.objects.values_list("pk", "uid")}
    raw = {}
    for model in TABLES:
        rows = model.objects.all()
        if model in first_ids:
            rows = rows.filter(id__gte=first_ids[model])
        raw[model] = list(rows.values())
    ranks = {
        model: {pk: rank for rank, pk in enumerate(sorted(r["id"] for r in rows))}
        for model, rows in raw.items()
        if model in first_ids
    }
    uids = {uid: f"dossier:{ranks[Dossier].get(int(ref.split(':')[1]))}" for uid, ref in uids.items()}
    links = {
        model: {f.attname: ranks[f.related_model] for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in ranks}
        for model in TABLES
    }
    result = {}
    for model, rows in raw.items():
        values = []
        for row in rows:
            row = {k: v for k, v in row.items() if k not in RANDOM and not (model in WITHOUT_ID and k == "id")}
            if model in ranks:
                row["id"] = ranks[model][row["id"]]
            for name, rank in links[model].items():
                if row.get(name) is not None:
                    row[name] = rank.get(row[name], row[name])
            if model is AuditEntry:
                row["object_ref"] = uids.get(row["object_ref"], row["object_ref"])
            if model is OutboxEvent:
                row["payload"] = {**row["payload"], "uid": uids.get(row["payload"]["uid"])}
            values.append(row)
        result[model.__name__] = sorted(values, key=lambda r: repr(sorted(r.items())))
    return result


def first_ids() -> dict:
    return {model: bulk._next_id(model) for model in TABLES if model not in WITHOUT_ID and model is not DossierStat}



@pytest.mark.django_db
def test_bulk_load_writes_the_rows_the_services_write(province, monkeypatch):
    monkeypatch.setattr(bulk, "FLUSH_EVERY", 37)  # the rows written as the events go, several times
    plans = sample(province)
    kinds = collections.Counter(e.action for p in plans for e in p.events)
    assert {"submit", "receive", "accept", "refuse_intake", "request_supplement", "receive_supplement",
            "request_withdrawal", "stop", "refuse_resolution", "complete_same_day", "return_result"} <= kinds.keys()
    start = first_ids()

    point = transaction.savepoint()
    driver.play(plans)
    by_services = snapshot(start)
    assert audit.verify().ok
    transaction.savepoint_rollback(point)

    bulk.load(plans, SEED)
    by_bulk = snapshot(start)
    assert audit.verify().ok
    for name in by_services:
        if by_bulk[name] != by_services[name]:  # name the first differing row and fields
            pairs = [(a, b) for a, b in zip(by_services[name], by_bulk[name], strict=False) if a != b]
            a, b = pairs[0] if pairs else ({}, {})
            differing = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
            pytest.fail(f"{name}: {len(by_services[name])} vs {len(by_bulk[name])} rows; first difference {differing}")
    assert sum(len(rows) for rows in by_bulk.values()) > 1000


def test_the_sample_covers_saturdays_postal_and_boundary_free(province):
    plans = sample(province)
    assert any(p.accepted_at.weekday() == 5 for p in plans)
    assert any(p.channel == "postal" for p in plans)
    assert any(p.competent != p.centre for p in plans)
    assert any(p.supplements == 2 for p in plans)
    assert planner.ordered_events(plans)[0][0].date() >= province.profile.start

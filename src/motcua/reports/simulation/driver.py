"""Play plans through the real dossier services — the reference path of the simulation.

Every event is one service call by the planned actor, with the clock frozen at the planned minute,
in :func:`~.planner.ordered_events` order. Everything the services do happens: validation,
routing, version pinning, codes, appointments on the official calendar, control sheets, timeline,
audit chain, outbox, and the reports' aggregates through ``dossier_changed``.

The whole run is one transaction. At its end the simulated outbox events are marked dispatched at
the moment they were written: the simulated past is not news — the applicant-notification and
national-sync handlers must not replay two months of messages once the transaction commits (the
bulk path writes them the same way).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F

from motcua.catalog.models import Procedure
from motcua.dossiers import services as s
from motcua.dossiers.access import CitizenPrincipal
from motcua.dossiers.models import OutboxEvent
from motcua.lib import clock
from motcua.org.models import ServiceCentre, User

from .planner import Plan, ordered_events

SUPPLEMENT_ITEM = "Bản chụp không rõ, đề nghị bổ sung bản rõ nét"


def applicant_of(plan: Plan) -> s.ApplicantData:
    person = plan.person
    return s.ApplicantData(
        kind="citizen", id_number=person.id_number, name=person.name, phone=person.phone, address=person.address
    )


def citizen_of(plan: Plan) -> CitizenPrincipal:
    return CitizenPrincipal(kind="citizen", id_number=plan.person.id_number, name=plan.person.name, eid_level=2)


def documents_of(plan: Plan) -> list[s.DocumentData]:
    return [s.DocumentData(document=order, supplied_as=kind) for order, kind in plan.documents]


def play(plans: list[Plan], progress: Callable[[int], None] | None = None) -> dict[int, int]:
    """Run every plan; returns {plan key: dossier id}."""
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    centres = {c.code: c for c in ServiceCentre.objects.all()}
    procedures = {p.code: p for p in Procedure.objects.filter(code__in={p.procedure for p in plans})}
    by_key = {p.key: p for p in plans}
    dossiers: dict[int, object] = {}
    with transaction.atomic():
        for done, (moment, key, _index, event) in enumerate(ordered_events(plans), start=1):
            plan = by_key[key]
            actor = citizen_of(plan) if event.actor == "citizen" else users[event.actor]
            params = dict(event.params)
            with clock.frozen(moment):
                dossiers[key] = _call(event.action, plan, dossiers.get(key), actor, params, centres, procedures)
            if progress and done % 1000 == 0:
                progress(1000)
        ids = {key: d.pk for key, d in dossiers.items()}
        OutboxEvent.objects.filter(dossier_id__in=ids.values(), dispatched_at__isnull=True).update(
            dispatched_at=F("created_at")
        )
    return ids


def _call(action: str, plan: Plan, dossier, actor, params: dict, centres, procedures):
    centre, procedure = centres[plan.centre], procedures[plan.procedure]
    if action == "submit":
        return s.submit_dossier(
            actor, centre=centre, procedure=procedure, applicant=applicant_of(plan), channel="online",
            documents=documents_of(plan), eid_level=2,
        )
    if action == "receive":
        return s.receive_dossier(
            actor, centre=centre, procedure=procedure, applicant=applicant_of(plan), channel=plan.channel,
            documents=documents_of(plan),
        )
    if action == "accept":
        return s.accept_dossier(dossier, actor)
    if action == "refuse_intake":
        return s.refuse_intake(dossier, actor, reasons=list(params["reasons"]))
    if action == "transfer":
        return s.transfer_dossier(dossier, actor)
    if action == "assign":
        return s.assign_dossier(dossier, actor, assignee=actor)
    if action == "request_supplement":
        return s.request_supplement(dossier, actor, items=[s.MissingItem(1, SUPPLEMENT_ITEM)])
    if action == "receive_supplement":
        return s.receive_supplement(dossier, actor)
    if action == "complete_step":
        return s.complete_step(dossier, actor)
    if action == "approve":
        return s.approve_dossier(dossier, actor)
    if action == "issue_result":
        return s.issue_result(dossier, actor)
    if action == "complete_same_day":
        return s.complete_same_day(dossier, actor)
    if action == "return_result":
        return s.return_result(dossier, actor, method=params["method"])
    if action == "request_withdrawal":
        return s.request_withdrawal(dossier, actor, reason=params.get("reason", ""))
    if action == "stop":
        return s.stop_dossier(dossier, actor, reason=params.get("reason", ""))
    if action == "refuse_resolution":
        return s.refuse_resolution(dossier, actor, reasons=list(params["reasons"]))
    raise ValueError(f"Mô phỏng: thao tác không hỗ trợ {action!r}.")

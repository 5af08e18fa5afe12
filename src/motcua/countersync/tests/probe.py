"""Run inside a site's environment by the multi-process tests: ``python -m motcua.countersync.tests.probe <cmd>``.

Prints one JSON object on stdout. Commands:

- ``setup-central`` — personas, the island commune's office staff (son: specialist, thu: approver),
  node 1 registered for Xã Hòa Minh, API keys; the procedure the scenario files;
- ``node-token`` — an API key for the node's counter officer (binh) on the node;
- ``facts`` — dossiers (code, stage, timeline, a digest of the whole state), the journal or the
  received entries, conflicts, the national-portal stand-in's records;
- ``drain`` — dispatch the outbox and push everything due to the national-portal stand-in;
- ``wire`` — the node's journal as it goes on the wire (to deliver it again, shuffled).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

PASSWORD = "motcua-test-123"


def _setup_central() -> dict:
    from motcua.catalog.models import ProcedureVersion
    from motcua.countersync.central import register_node
    from motcua.dossiers.api import create_token
    from motcua.org.models import Department, Posting, Role, ServiceCentre, User
    from motcua.org.personas import POSTINGS_START, ensure_personas

    people = ensure_personas(password=PASSWORD)
    office = Department.objects.get(code="29410-vp")
    for username, role in (("son", Role.SPECIALIST), ("thu", Role.APPROVER)):
        user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title())
        Posting.objects.create(user=user, role=role, department=office, starts_on=POSTINGS_START)
    _registration, node_token = register_node(1, ServiceCentre.objects.get(code="29410"), name="Quầy Hòa Minh")
    tokens = {name: create_token(User.objects.get(username=name), "fault test")[1] for name in ("son", "thu", "quan")}
    procedure = None
    for version in ProcedureVersion.objects.filter(
        status="published", procedure__sector__name__in=office.sectors, procedure__at_commune=True
    ).select_related("procedure").order_by("procedure__code"):
        duration = version.duration_for_channel("direct")
        if duration and duration.endswith("d") and not duration.endswith("cd") and version.required_documents.exists():
            procedure = version.procedure.code
            break
    assert people.binh and procedure
    return {"node_token": node_token, "tokens": tokens, "procedure": procedure}


def _node_token() -> dict:
    from motcua.dossiers.api import create_token
    from motcua.org.models import User

    return {"token": create_token(User.objects.get(username="binh"), "fault test")[1]}


def _digest(state: dict) -> str:
    from motcua.dossiers import replication
    from motcua.dossiers.audit import canonical_json

    return hashlib.sha256(canonical_json(replication.comparable(state)).encode()).hexdigest()


def _facts() -> dict:
    from django.apps import apps

    from motcua.countersync import conf
    from motcua.countersync.models import ConflictRecord, JournalEntry, NodeState, ReceivedEntry
    from motcua.dossiers import replication
    from motcua.dossiers.models import Dossier, OutboxEvent

    dossiers = {}
    for d in Dossier.objects.select_related("procedure", "procedure_version", "receiving_centre", "return_centre",
                                            "resolving_department", "applicant", "proxy"):
        state = replication.export_state(d)
        dossiers[str(d.uid)] = {
            "code": d.code,
            "status": d.status,
            "stage": d.stage,
            "digest": _digest(state),
            "transitions": [
                [t["seq"], t["action"], t["at"], t["actor"] or t["actor_label"]] for t in state["transitions"]
            ],
        }
    facts = {"role": conf.role(), "dossiers": dossiers,
             "outbox_pending": OutboxEvent.objects.filter(dispatched_at__isnull=True).count()}
    if conf.is_node():
        facts["journal"] = {
            str(e.entry_id): {"seq": e.seq, "kind": e.kind, "action": e.action, "dossier_uid": str(e.dossier_uid),
                              "acked": e.acked_at is not None, "ack_state": e.ack_state, "at": e.at.isoformat(),
                              "actor": e.actor}
            for e in JournalEntry.objects.all()
        }
        state = NodeState.objects.filter(id=1).first()
        facts["state"] = {"cursor": state.dossier_cursor if state else 0, "refetch": state.refetch if state else []}
    else:
        facts["received"] = {
            str(e.entry_id): {"state": e.state, "kind": e.kind, "action": e.action,
                              "dossier_uid": str(e.dossier_uid), "node_seq": e.node_seq, "detail": e.detail}
            for e in ReceivedEntry.objects.all()
        }
        facts["conflicts"] = [
            {"entry": str(c.entry.entry_id), "action": c.action, "error_code": c.error_code, "status": c.status,
             "dossier_uid": str(c.dossier_uid)}
            for c in ConflictRecord.objects.select_related("entry")
        ]
        if apps.is_installed("motcua.devgateway"):
            from motcua.devgateway.models import PortalDossier

            facts["portal"] = {p.code: {"status": p.status, "updates": p.update_count}
                               for p in PortalDossier.objects.all()}
    return facts


def _drain() -> dict:
    from motcua.dossiers.outbox import dispatch_pending
    from motcua.integrations.nationalportal.services import dispatch_due

    dispatched = 0
    for _ in range(50):
        n = dispatch_pending()
        dispatched += n
        if not n:
            break
    reports = []
    for _ in range(100):
        report = dispatch_due()
        reports.append(report.as_dict())
        if not report.attempted:
            break
    from motcua.integrations.nationalportal.models import SyncRecord

    states = {}
    for state in SyncRecord.objects.values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    return {"dispatched": dispatched, "runs": len(reports), "last": reports[-1], "records": states}


def _wire() -> dict:
    from motcua.countersync.models import JournalEntry
    from motcua.countersync.node import wire

    return {"entries": [wire(e) for e in JournalEntry.objects.order_by("seq")]}


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    command = argv[0]
    commands = {"setup-central": _setup_central, "node-token": _node_token, "facts": _facts, "drain": _drain,
                "wire": _wire}
    result = commands[command]()
    sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])

"""The counter node's journal: every committed change of a dossier, in commit order (issue 8 §1).

Why a receiver on the outbox row: every dossier service writes exactly one
:class:`~motcua.dossiers.models.OutboxEvent` inside the transaction of its change (the transactional
outbox of ``dossiers/outbox.py``). A ``post_save`` receiver on that row runs inside the same
transaction, so the journal entry commits or rolls back with the change: no change without its
entry, no entry without its change, whenever the process is killed.

1. The first transition of a dossier made here (receive, submit, refuse at the counter) → a
   ``create`` entry carrying the whole dossier as recorded here (``replication.export_state``):
   the province creates it as is — same code, times, appointment as printed on the receipt.
2. A later transition → an ``action`` entry: the service's arguments rebuilt from the timeline
   row, the moment and the officer; the province replays it if it is still allowed there.
3. Other events: a fee collected → ``action`` ``collect_fee``; deadline recomputations are not
   journaled (the province recomputes on its own calendar); anything else is journaled as is, and
   the province flags what it cannot apply (nothing is dropped silently).
4. Scans: a file is saved before its transition's event, and attaching a scan later writes no
   event at all, so :func:`journal_new_files` (run by the sync worker before each push) gives every
   committed :class:`~motcua.dossiers.models.DossierFile` without an entry a ``file`` entry. The
   unique ``file_pk`` makes two sweepers harmless; the content travels separately (by hash).

Each entry names the previous entry of the same dossier (``prev_entry_id``): the province applies
a dossier's entries in that order and holds one whose predecessor has not arrived.

When the transaction of an entry commits, :data:`entry_committed` is set: the sync worker
(``node.run_worker``) waits on it, so the change leaves for the province at once instead of at the
next tick of ``MOTCUA_SYNC_INTERVAL`` (docs/operations.md, "Why local first").
"""

from __future__ import annotations

import logging
import threading

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save

from motcua.dossiers import replication
from motcua.dossiers.models import AuditEntry, DossierFile, OutboxEvent
from motcua.org.models import User

from . import conf
from .models import EntryKind, JournalEntry

logger = logging.getLogger("motcua.countersync")

SKIPPED_ACTIONS = {"recompute"}  # derived data: the province recomputes it on its own calendar

# Set once an entry is committed (never before: a rolled-back change has nothing to send). One per
# process, like the worker thread that waits on it; the worker clears it when a cycle starts.
entry_committed = threading.Event()


def connect() -> None:
    post_save.connect(_journal_outbox_event, sender=OutboxEvent, dispatch_uid="countersync-journal")


def _previous(dossier_uid) -> object | None:
    return (
        JournalEntry.objects.filter(dossier_uid=dossier_uid).order_by("-seq").values_list("entry_id", flat=True).first()
    )


def _journal_outbox_event(sender, instance: OutboxEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not conf.is_node():
        return
    payload = instance.payload or {}
    action = payload.get("action") or instance.kind
    if action in SKIPPED_ACTIONS:
        return
    dossier = instance.dossier
    seq = payload.get("transition")
    transition = dossier.transitions.select_related("actor").filter(seq=seq).first() if seq else None
    entry = JournalEntry(
        dossier_uid=dossier.uid,
        dossier_code=dossier.code or "",
        prev_entry_id=_previous(dossier.uid),
        at=transition.at if transition else instance.created_at,
    )
    if transition is not None and transition.from_status is None:
        entry.kind, entry.action = EntryKind.CREATE, transition.action
        entry.actor = transition.actor.get_username() if transition.actor_id else ""
        entry.payload = {"state": replication.export_state(dossier)}
    elif transition is not None:
        entry.kind, entry.action = EntryKind.ACTION, transition.action
        entry.actor = transition.actor.get_username() if transition.actor_id else ""
        entry.payload = {
            "args": replication.action_arguments(dossier, transition),
            "role": transition.actor_role,
            "transition": {"seq": transition.seq, "from_stage": transition.from_stage, "to_stage": transition.to_stage},
            "base_version": dossier.row_version - 1,
        }
    elif action == "fee_collected":
        audit = (
            AuditEntry.objects.filter(action="dossier.fee.collected", object_ref=dossier.key).order_by("-seq").first()
        )
        entry.kind, entry.action = EntryKind.ACTION, "collect_fee"
        entry.actor = _audit_username(audit)
        entry.payload = {
            "args": {
                "amount": payload.get("amount"),
                "receipt_number": (audit.data or {}).get("receipt_number", "") if audit else "",
            },
            "base_version": dossier.row_version - 1,
        }
    else:
        entry.kind, entry.action = EntryKind.ACTION, str(action)[:40]
        entry.payload = {"event": payload, "base_version": dossier.row_version - 1}
    entry.save()
    transaction.on_commit(entry_committed.set)


def _audit_username(audit: AuditEntry | None) -> str:
    if audit is None or audit.actor_id is None:
        return ""
    return User.objects.filter(pk=audit.actor_id).values_list("username", flat=True).first() or ""


def journal_new_files(limit: int = 500) -> int:
    """Give every committed scan without an entry its ``file`` entry (step 4 of the module docstring)."""
    known = JournalEntry.objects.filter(file_pk__isnull=False).values("file_pk")
    files = (
        DossierFile.objects.exclude(pk__in=known)
        .select_related("document__dossier", "uploaded_by")
        .order_by("pk")[:limit]
    )
    written = 0
    for stored in files:
        document = stored.document
        dossier = document.dossier
        documents = list(dossier.documents.order_by("id").values_list("pk", flat=True))
        try:
            with transaction.atomic():
                JournalEntry.objects.create(
                    kind=EntryKind.FILE,
                    action="attach_scan",
                    file_pk=stored.pk,
                    dossier_uid=dossier.uid,
                    dossier_code=dossier.code or "",
                    prev_entry_id=_previous(dossier.uid),
                    at=stored.uploaded_at,
                    actor=stored.uploaded_by.get_username() if stored.uploaded_by_id else "",
                    payload={
                        "document_index": documents.index(document.pk),
                        "document_name": document.name,
                        "name": stored.original_name,
                        "content_type": stored.content_type,
                        "size": stored.size,
                        "sha256": stored.sha256,
                        "path": stored.file.name,
                    },
                )
        except IntegrityError:  # another sweeper journaled it first
            continue
        written += 1
    return written

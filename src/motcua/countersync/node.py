"""The counter node's sync worker and status (issue 8 §1).

One cycle (:func:`sync_once`), run by ``motcua counter-node`` as soon as a journal entry commits and
at the latest every ``MOTCUA_SYNC_INTERVAL`` seconds (or once by ``motcua counter-node sync --once``):

1. journal the scans saved since the last cycle (``journal.journal_new_files``);
2. **push** the journal in order, in batches: a scan's content is uploaded before its entry; the
   province answers each entry; ``applied`` and ``conflict`` are final (``acked_at`` set), anything
   else is sent again next time. An answer lost on the way (the process killed, the link cut) only
   means the entry is sent again — the province returns its first result;
3. **pull** the reference bundle (staff, centres, calendar, catalogue, counters) — only the
   sections whose hash changed;
4. **pull** the province's state of the centre's dossiers changed since the cursor and overwrite
   the local copies (``replication.apply_state``) — except a dossier with entries still waiting
   here: it is asked for again once they are through (the province decides, the node follows).

Any fault of the link ends the cycle: the node simply keeps working offline. The status row
(:class:`NodeState`) records each attempt for the indicator on the counter screens.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction

from motcua.dossiers import audit, replication
from motcua.dossiers.models import Dossier
from motcua.lib import clock

from . import conf, faults, journal, reference
from .client import CentralClient, CentralError
from .models import EntryKind, EntryState, JournalEntry, NodeState

logger = logging.getLogger("motcua.countersync")

FINAL = (EntryState.APPLIED, EntryState.CONFLICT)
BATCH_BYTES = 1_000_000  # JSON per request (scans travel separately)
SYNC_ACTOR = "máy trạm: đồng bộ từ tỉnh"


@dataclass
class SyncReport:
    ok: bool = False
    pushed: int = 0
    acked: int = 0
    sections: list[str] = field(default_factory=list)
    mirrored: int = 0
    error: str = ""


def default_client() -> CentralClient:
    return CentralClient(conf.get("CENTRAL_URL"), conf.get("CENTRAL_TOKEN"), timeout=conf.get("TIMEOUT"))


# --- push ----------------------------------------------------------------------------------------------


def wire(entry: JournalEntry) -> dict:
    payload = dict(entry.payload)
    payload.pop("path", None)  # where the node keeps the scan: local detail
    return {
        "id": str(entry.entry_id),
        "seq": entry.seq,
        "kind": entry.kind,
        "action": entry.action,
        "dossier_uid": str(entry.dossier_uid),
        "dossier_code": entry.dossier_code,
        "prev": str(entry.prev_entry_id) if entry.prev_entry_id else None,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "payload": payload,
    }


def _size(entry: JournalEntry) -> int:
    return len(str(entry.payload)) + 300


def push(client: CentralClient) -> tuple[int, int]:
    """Send every pending entry once, in order (module docstring, step 2). Returns (sent, acknowledged)."""
    sent = acked = 0
    after = 0
    batch_size = conf.get("BATCH")
    while True:
        pending = JournalEntry.objects.filter(acked_at__isnull=True, seq__gt=after)
        candidates = list(pending.order_by("seq")[:batch_size])
        if not candidates:
            break
        batch, total = [], 0
        for entry in candidates:
            if batch and total + _size(entry) > BATCH_BYTES:
                break
            batch.append(entry)
            total += _size(entry)
        after = batch[-1].seq
        for entry in list(batch):
            if entry.kind == EntryKind.FILE:
                try:
                    with default_storage.open(entry.payload["path"], "rb") as handle:
                        content = handle.read()
                except OSError as exc:  # the scan is gone from this PC: say so, do not block the others
                    JournalEntry.objects.filter(pk=entry.pk).update(last_error=f"không đọc được tệp: {exc}"[:2000])
                    batch.remove(entry)
                    continue
                client.upload_file(entry.payload["sha256"], entry.payload.get("name", ""), content)
        if not batch:
            continue
        now = clock.now()
        JournalEntry.objects.filter(pk__in=[e.pk for e in batch]).update(last_sent_at=now)
        results = {r["id"]: r for r in client.push([wire(e) for e in batch])}
        faults.point("node.before_ack")
        for entry in batch:
            result = results.get(str(entry.entry_id))
            if result is None:
                continue
            final = result["state"] in FINAL
            JournalEntry.objects.filter(pk=entry.pk, acked_at__isnull=True).update(
                acked_at=clock.now() if final else None,
                ack_state=result["state"],
                ack_detail=(result.get("detail") or "")[:2000],
                attempts=entry.attempts + 1,
                last_error="" if final else (result.get("detail") or result["state"])[:2000],
                dossier_code=result.get("dossier_code") or entry.dossier_code,
            )
            acked += final
        sent += len(batch)
    return sent, acked


# --- pull ------------------------------------------------------------------------------------------------


def pull_reference(client: CentralClient, state: NodeState) -> list[str]:
    answer = client.bundle(state.bundle_hashes or {})
    applied = []
    for name in reference.SECTIONS:
        section = answer["sections"].get(name)
        if not section or "data" not in section:
            continue
        reference.apply_section(name, section["data"], centre_code=conf.centre_code(), state=state)
        state.bundle_hashes = {**(state.bundle_hashes or {}), name: section["hash"]}
        state.save(update_fields=["bundle_hashes", "staff"])
        applied.append(name)
    return applied


def _pending_uids() -> set[str]:
    return {str(u) for u in JournalEntry.objects.filter(acked_at__isnull=True).values_list("dossier_uid", flat=True)}


def mirror(state_data: dict) -> bool:
    """Overwrite the local copy with the province's state; False when skipped (pending here, or equal)."""
    with transaction.atomic():
        local = Dossier.objects.select_for_update(of=("self",)).filter(uid=state_data["uid"]).first()
        if JournalEntry.objects.filter(dossier_uid=state_data["uid"], acked_at__isnull=True).exists():
            return False
        if local is not None and replication.comparable(replication.export_state(local)) == replication.comparable(
            state_data
        ):
            return False
        dossier = replication.apply_state(state_data, local, placeholders=True)
        audit.record(
            "countersync.dossier.mirrored",
            actor=SYNC_ACTOR,
            object_type="dossier",
            object_ref=dossier.key,
            data={"version": dossier.row_version, "status": dossier.status, "created": local is None},
        )
        return True


def pull_dossiers(client: CentralClient, state: NodeState) -> int:
    mirrored = 0
    refetch, keep = list(state.refetch or []), set()
    while True:
        answer = client.dossiers(after=state.dossier_cursor, uids=refetch)
        pending = _pending_uids()
        for data in answer["dossiers"]:
            if data["uid"] in pending:
                keep.add(data["uid"])
                continue
            try:
                mirrored += mirror(data)
            except Exception:  # one dossier this node cannot take yet (e.g. a version not pulled): ask again
                logger.exception("countersync: could not mirror dossier %s", data.get("uid"))
                keep.add(data["uid"])
                continue
            faults.point("node.mid_mirror")
            keep.discard(data["uid"])
        advanced = answer["cursor"] > state.dossier_cursor
        state.dossier_cursor = max(state.dossier_cursor, answer["cursor"])
        state.refetch = sorted(keep)
        state.save(update_fields=["dossier_cursor", "refetch"])
        refetch = []
        if not (answer.get("more") and advanced):
            return mirrored


# --- the cycle ---------------------------------------------------------------------------------------------


def _record_attempt(ok: bool, *, error: str = "", contact: bool = False, success: bool = False) -> None:
    now = clock.now()
    values = {"last_attempt_at": now, "last_attempt_ok": ok, "last_error": error[:2000]}
    if contact:
        values["last_contact_at"] = now
    if success:
        values["last_success_at"] = now
    NodeState.load()
    NodeState.objects.filter(id=1).update(**values)


CLOCK_TOLERANCE = dt.timedelta(minutes=2)


def _check_clock(client: CentralClient) -> None:
    """The code's date and the appointment come from this PC's clock (DOMAIN §5, §6): measure its
    offset against the province on every cycle so a wrong clock shows on the counter screens."""
    sent = clock.now()
    answer = client.ping()
    received = clock.now()
    server = dt.datetime.fromisoformat(answer["server_time"])
    offset = (sent + (received - sent) / 2 - server).total_seconds()
    NodeState.load()
    NodeState.objects.filter(id=1).update(clock_offset=offset)


def sync_once(client: CentralClient | None = None) -> SyncReport:
    report = SyncReport()
    try:
        client = client or default_client()
        _check_clock(client)
        journal.journal_new_files()
        report.pushed, report.acked = push(client)
        _record_attempt(True, contact=True)
        state = NodeState.load()
        report.sections = pull_reference(client, state)
        report.mirrored = pull_dossiers(client, state)
    except CentralError as exc:
        report.error = str(exc)
        _record_attempt(False, error=report.error)
        logger.warning("countersync: sync failed: %s", exc)
        return report
    report.ok = True
    _record_attempt(True, contact=True, success=True)
    return report


STOP_CHECK = 0.5  # seconds: how often a wait for a journal entry also looks at ``stop``


def _wait(stop: threading.Event, interval: float, *, wake_on_commit: bool) -> None:
    """Wait ``interval`` seconds, or less: until ``stop``, or (``wake_on_commit``) a committed journal entry."""
    if not wake_on_commit:
        stop.wait(interval)
        return
    deadline = time.monotonic() + interval
    # Two events cannot be waited on at once: wait on the journal's in short slices, checking ``stop``.
    while not stop.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0 or journal.entry_committed.wait(min(remaining, STOP_CHECK)):
            return


def run_worker(stop: threading.Event, *, interval: float | None = None) -> None:
    """Sync until ``stop`` is set: at once when a journal entry commits, at the latest every ``interval``.

    The counter never waits for this thread (it always works on its own database); waking it on
    commit only shortens the time before the province sees a change. After a failed cycle the link
    is down or refusing: the next try waits the whole interval, whatever the counter commits
    meanwhile, so an outage is probed at a steady pace rather than at every receipt.
    """
    interval = interval or conf.get("INTERVAL")
    while not stop.is_set():
        journal.entry_committed.clear()  # entries committed from now on may miss this push: wake again
        ok = False
        try:
            ok = sync_once().ok
        except Exception:  # never let the worker die: the counter must keep its indicator honest
            logger.exception("countersync: unexpected error in the sync worker")
            try:
                _record_attempt(False, error="lỗi không mong đợi; xem nhật ký hệ thống")
            except Exception:
                logger.exception("countersync: could not record the failure")
        _wait(stop, interval, wake_on_commit=ok)


# --- status -------------------------------------------------------------------------------------------------


@dataclass
class Status:
    role: str
    online: bool = False
    pending: int = 0
    flagged: int = 0
    last_success_at: dt.datetime | None = None
    last_attempt_at: dt.datetime | None = None
    last_error: str = ""
    open_conflicts: int = 0
    clock_offset_minutes: int = 0  # shown when the node's clock is off by more than CLOCK_TOLERANCE


def node_status() -> Status:
    state = NodeState.objects.filter(id=1).first() or NodeState()
    now = clock.now()
    fresh = state.last_contact_at is not None and now - state.last_contact_at < dt.timedelta(
        seconds=conf.get("OFFLINE_AFTER")
    )
    return Status(
        role=conf.NODE,
        online=bool(state.last_attempt_ok and fresh),
        pending=JournalEntry.objects.filter(acked_at__isnull=True).count(),
        flagged=JournalEntry.objects.filter(ack_state=EntryState.CONFLICT).count(),
        last_success_at=state.last_success_at,
        last_attempt_at=state.last_attempt_at,
        last_error=state.last_error,
        clock_offset_minutes=(
            round(state.clock_offset / 60)
            if state.clock_offset is not None and abs(state.clock_offset) > CLOCK_TOLERANCE.total_seconds()
            else 0
        ),
    )

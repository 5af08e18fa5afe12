"""Append-only audit log with a hash chain: tampering with any entry is detectable.

Every state change of a dossier and every read of personal data by staff appends one
:class:`~motcua.dossiers.models.AuditEntry`. Each entry stores ``prev_hash`` (the hash of the entry
before it) and its own ``hash`` = SHA-256 over the canonical JSON of its fields *including*
``prev_hash`` and its sequence number. Changing, deleting or reordering any entry breaks the
chain at that entry; removing entries at the end is caught by the head row, which remembers the
last sequence number and hash.

Appending (:func:`record`):

1. must run inside the caller's ``transaction.atomic()`` (the entry commits or rolls back with the
   change it describes);
2. locks the single :class:`AuditHead` row (``SELECT … FOR UPDATE``) — concurrent writers queue
   here, so two transactions can never both append after the same entry (no fork);
3. numbers the entry ``head.last_seq + 1``, hashes it with ``head.last_hash``, inserts it and
   moves the head.

Verifying (:func:`verify`, ``motcua audit verify``) walks the log in sequence order and names the
first entry whose sequence, link or hash is wrong.

What this detects and what it does not: anyone who can edit rows *and* recompute every later
hash and the head can rewrite history undetected; the defence against that is exporting the head
hash regularly (e.g. printing it on the daily report) — see docs/dossiers.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from motcua.lib import clock

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def normalise(data: Any) -> Any:
    """What the JSON column will give back: hash exactly what is stored."""
    return json.loads(canonical_json(data))


def _moment(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_ref: str,
    data: Any,
    prev_hash: str,
) -> str:
    payload = {
        "seq": seq,
        "at": _moment(at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_ref": object_ref,
        "data": data,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def actor_fields(actor) -> tuple[int | None, str]:
    """(staff user id or None, a label) for a user, a citizen principal, or a system task name."""
    if actor is None:
        return None, "hệ thống"
    if isinstance(actor, str):
        return None, actor[:150]
    if getattr(actor, "is_citizen", False):
        return None, actor.audit_label
    return actor.pk, (actor.get_username() or "")[:150]


def record(
    action: str, *, actor, object_type: str, object_ref: str, data: dict | None = None, at: dt.datetime | None = None
):
    """Append one entry (see the module docstring). Returns the saved entry."""
    from .models import AuditEntry, AuditHead

    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return record(action, actor=actor, object_type=object_type, object_ref=object_ref, data=data, at=at)
    AuditHead.objects.bulk_create([AuditHead(id=1, last_seq=0, last_hash=GENESIS_HASH)], ignore_conflicts=True)
    head = AuditHead.objects.select_for_update().get(id=1)
    actor_id, actor_label = actor_fields(actor)
    at = (at or clock.now()).astimezone(dt.UTC)
    stored = normalise(data or {})
    seq = head.last_seq + 1
    digest = entry_hash(
        seq=seq,
        at=at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_ref=str(object_ref),
        data=stored,
        prev_hash=head.last_hash,
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_ref=str(object_ref),
        data=stored,
        prev_hash=head.last_hash,
        hash=digest,
    )
    entry.save()
    head.last_seq, head.last_hash = seq, digest
    head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""


def verify(batch_size: int = 2000) -> VerifyResult:
    """Walk the chain; the first broken entry (sequence gap, wrong link, wrong hash) is named."""
    from .models import AuditEntry, AuditHead

    expected_seq, previous, checked = 1, GENESIS_HASH, 0
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return VerifyResult(
                    False,
                    checked,
                    expected_seq,
                    None,
                    f"thiếu bản ghi số {expected_seq} (bản ghi kế tiếp là số {entry.seq})",
                )
            if entry.prev_hash != previous:
                return VerifyResult(
                    False, checked, entry.seq, entry.pk, "mã băm bản ghi trước không khớp (chuỗi bị cắt hoặc chèn)"
                )
            digest = entry_hash(
                seq=entry.seq,
                at=entry.at,
                actor_id=entry.actor_id,
                actor_label=entry.actor_label,
                action=entry.action,
                object_type=entry.object_type,
                object_ref=entry.object_ref,
                data=entry.data,
                prev_hash=entry.prev_hash,
            )
            if digest != entry.hash:
                return VerifyResult(False, checked, entry.seq, entry.pk, "nội dung bản ghi đã bị sửa (mã băm sai)")
            previous, expected_seq, checked, last_id = entry.hash, entry.seq + 1, checked + 1, entry.pk
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.last_seq != expected_seq - 1 or head.last_hash != previous):
        return VerifyResult(
            False,
            checked,
            expected_seq - 1 if checked else None,
            last_id or None,
            f"đầu chuỗi ghi số {head.last_seq} nhưng nhật ký chỉ có đến số {expected_seq - 1} "
            "(bản ghi cuối bị xoá hoặc bị sửa)",
        )
    if head is None and checked:
        return VerifyResult(False, checked, 1, None, "mất bản ghi đầu chuỗi")
    return VerifyResult(True, checked)

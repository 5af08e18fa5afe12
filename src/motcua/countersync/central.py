"""The provincial side of the replication: receive a node's journal exactly once, in order.

:func:`receive_entries` (``POST /counter-sync/api/v1/journal``):

1. **Store** every entry in its own short transaction — ``INSERT`` of a :class:`ReceivedEntry`
   keyed by the entry's unique id; a resend finds the row (the same id with other content is
   refused: ids are never reused).
2. **Apply** the batch in the node's order, each entry in one transaction that locks its row,
   makes the change and sets ``state`` — committed together, which is the durable
   acknowledgement. An entry whose predecessor (same dossier, same node) is not settled, whose
   dossier does not exist yet, or whose scan has not been uploaded is **held**, not applied and
   not dropped.
3. **Retry** the node's held entries until nothing moves (a predecessor that arrived late, in this
   batch or a later one, releases its successors).

What applying means (the dossier side is ``motcua.dossiers.replication``):

- ``create``: the dossier is created as the node recorded it. New dossiers cannot conflict — the
  code is the node's own range — except through misconfiguration (two nodes with one number, a
  code outside the node's range): then it is a conflict, kept and flagged like any other.
- ``action``: the service runs again here, at the moment it happened at the node, as the same
  officer (by username). If the province's rules no longer allow it (the dossier changed here
  meanwhile), the service refuses and the entry becomes a :class:`ConflictRecord`: kept with
  everything the officer entered, flagged for a supervisor, never silently dropped.
- ``file``: the scan is attached to the same checklist line.

The result of each entry is returned to the node: ``applied`` and ``conflict`` are final (the node
stops sending them); ``held`` and ``received`` (a technical fault: retried on the next send) are not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.dossiers import audit, replication
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, OutboxEvent
from motcua.lib import clock
from motcua.org import access as org_access
from motcua.org.models import Role, ServiceCentre, User

from . import faults
from .models import SETTLED, ConflictRecord, EntryKind, EntryState, NodeRegistration, ReceivedEntry, ReceivedFile

logger = logging.getLogger("motcua.countersync")

FEED_SETTLE = dt.timedelta(seconds=10)  # a change committed this recently may still have older ids in flight
MAX_RETRY_ROUNDS = 20


class EntryRejected(ValueError):
    """An entry that cannot even be stored (malformed, or an id reused with other content)."""


# --- registration ---------------------------------------------------------------------------------


def registration_for(user) -> NodeRegistration | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return NodeRegistration.objects.select_related("centre").filter(user=user, is_active=True).first()


@transaction.atomic
def register_node(node_id: int, centre: ServiceCentre, *, name: str = "", by: str = "motcua counter-node") -> tuple:
    """Register node ``node_id`` for ``centre`` (or rotate its key): returns (registration, raw token).

    The node's account has no posting: its key can only speak the sync protocol, and every change
    it brings is attributed to the officer who made it at the counter.
    """
    from motcua.dossiers.api import create_token
    from motcua.dossiers.models import ApiToken

    if not 1 <= node_id <= 99:
        raise ValueError(_("Số hiệu máy trạm phải từ 1 đến 99 (0 là máy chủ tỉnh)."))
    registration = NodeRegistration.objects.select_for_update().filter(node_id=node_id).first()
    if registration is None:
        user, _created = User.objects.get_or_create(
            username=f"node-{node_id}", defaults={"full_name": f"Máy trạm {node_id}"}
        )
        user.set_unusable_password()
        user.save()
        registration = NodeRegistration.objects.create(node_id=node_id, centre=centre, user=user, name=name)
    elif registration.centre_id != centre.pk:
        raise ValueError(
            _("Máy trạm %(node)s đã đăng ký cho %(centre)s; số hiệu máy trạm không dùng lại cho trung tâm khác.")
            % {"node": node_id, "centre": registration.centre.name}
        )
    else:
        registration.is_active = True
        registration.name = name or registration.name
        registration.save()
    ApiToken.objects.filter(user=registration.user, revoked_at__isnull=True).update(revoked_at=clock.now())
    _token, raw = create_token(registration.user, f"máy trạm {node_id}")
    audit.record(
        "countersync.node.registered",
        actor=by,
        object_type="counter_node",
        object_ref=str(node_id),
        data={"centre": centre.code, "name": registration.name},
    )
    return registration, raw


def update_node(registration: NodeRegistration, *, name: str, is_active: bool, by) -> NodeRegistration:
    """Rename or (de)activate a node (admin). A deactivated node's key is refused from then on; its
    number stays reserved (codes already issued in its range belong to it)."""
    with transaction.atomic():
        locked = NodeRegistration.objects.select_for_update().get(pk=registration.pk)
        before = {"name": locked.name, "is_active": locked.is_active}
        locked.name, locked.is_active = name, is_active
        locked.save(update_fields=["name", "is_active", "updated_at"])
        audit.record(
            "countersync.node.updated", actor=by, object_type="counter_node", object_ref=str(locked.node_id),
            data={"before": before, "after": {"name": name, "is_active": is_active}},
        )
        return locked


def touch(registration: NodeRegistration) -> None:
    now = clock.now()
    if registration.last_seen_at is None or now - registration.last_seen_at > dt.timedelta(seconds=30):
        NodeRegistration.objects.filter(pk=registration.pk).update(last_seen_at=now)


# --- receiving --------------------------------------------------------------------------------------


def _entry_fields(registration: NodeRegistration, raw: dict) -> dict:
    try:
        return {
            "entry_id": uuid.UUID(str(raw["id"])),
            "node": registration,
            "node_seq": int(raw["seq"]),
            "kind": raw["kind"],
            "action": raw["action"][:40],
            "dossier_uid": uuid.UUID(str(raw["dossier_uid"])),
            "dossier_code": (raw.get("dossier_code") or "")[:40],
            "prev_entry_id": uuid.UUID(str(raw["prev"])) if raw.get("prev") else None,
            "at": dt.datetime.fromisoformat(str(raw["at"])),
            "actor": (raw.get("actor") or "")[:150],
            "payload": raw.get("payload") or {},
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise EntryRejected(f"mục nhật ký không hợp lệ: {exc}") from None


def _store(registration: NodeRegistration, raw: dict) -> ReceivedEntry:
    fields = _entry_fields(registration, raw)
    if fields["kind"] not in EntryKind.values:
        raise EntryRejected(f"loại mục không hợp lệ: {fields['kind']!r}")
    existing = ReceivedEntry.objects.filter(entry_id=fields["entry_id"]).first()
    if existing is None:
        try:
            with transaction.atomic():
                return ReceivedEntry.objects.create(**fields)
        except IntegrityError:  # the same entry arrived through a concurrent request
            existing = ReceivedEntry.objects.get(entry_id=fields["entry_id"])
    if existing.node_id != registration.pk or existing.payload != audit.normalise(fields["payload"]):
        raise EntryRejected(_("Mã mục nhật ký %(id)s đã dùng cho nội dung khác.") % {"id": fields["entry_id"]})
    return existing


def receive_entries(registration: NodeRegistration, raw_entries: list[dict]) -> list[dict]:
    """Store, apply and report a batch (module docstring). Results in the order of ``raw_entries``."""
    results: dict[str, dict] = {}
    stored: list[ReceivedEntry] = []
    for raw in raw_entries:
        try:
            stored.append(_store(registration, raw))
        except EntryRejected as exc:
            results[_key(raw)] = {"id": str(raw.get("id")), "state": "rejected", "detail": str(exc)}
    for entry in sorted(stored, key=lambda e: e.node_seq):
        apply_entry(entry.pk)
    retry_held(registration)
    for row in ReceivedEntry.objects.filter(pk__in=[e.pk for e in stored]):
        results[str(row.entry_id)] = result_of(row)
    return [results[_key(raw)] for raw in raw_entries if _key(raw) in results]


def _key(raw: dict) -> str:
    try:
        return str(uuid.UUID(str(raw.get("id"))))
    except ValueError:
        return str(raw.get("id"))


def result_of(entry: ReceivedEntry) -> dict:
    return {
        "id": str(entry.entry_id),
        "state": entry.state,
        "detail": entry.detail or entry.last_error,
        "dossier_code": entry.dossier_code,
        "transition_seq": entry.transition_seq,
    }


def retry_held(registration: NodeRegistration) -> int:
    """Apply what became applicable (a predecessor arrived); repeat until nothing moves."""
    applied = 0
    for _round in range(MAX_RETRY_ROUNDS):
        waiting = list(
            ReceivedEntry.objects.filter(node=registration, state__in=[EntryState.RECEIVED, EntryState.HELD])
            .order_by("node_seq")
            .values_list("pk", flat=True)
        )
        moved = sum(1 for pk in waiting if apply_entry(pk) in SETTLED)
        applied += moved
        if not moved:
            break
    return applied


def _blocked(entry: ReceivedEntry, dossier: Dossier | None) -> tuple[str, str] | None:
    """Why ``entry`` cannot be applied yet: (state, detail) — HELD to wait, CONFLICT when it never can."""
    if entry.prev_entry_id is not None:
        prev = ReceivedEntry.objects.filter(entry_id=entry.prev_entry_id).values_list("state", flat=True).first()
        if prev not in SETTLED:
            return EntryState.HELD, _("Chờ mục trước của cùng hồ sơ (%(id)s).") % {"id": entry.prev_entry_id}
        if prev == EntryState.CONFLICT and dossier is None:
            return EntryState.CONFLICT, _("Hồ sơ chưa được tạo tại tỉnh vì mục tạo hồ sơ đang xung đột.")
    if entry.kind != EntryKind.CREATE and dossier is None:
        return EntryState.HELD, _("Chờ hồ sơ được tạo tại tỉnh.")
    if entry.kind == EntryKind.FILE and not ReceivedFile.objects.filter(sha256=entry.payload.get("sha256")).exists():
        return EntryState.HELD, _("Chờ máy trạm gửi tệp.")
    return None


def _actor(entry: ReceivedEntry):
    return User.objects.filter(username=entry.actor, is_active=True).first() if entry.actor else None


def _perform(entry: ReceivedEntry, dossier: Dossier | None) -> Dossier:
    """Make the entry's change (inside the caller's savepoint); DossierError = not allowed here."""
    payload = entry.payload
    actor = _actor(entry)
    if entry.kind == EntryKind.CREATE:
        if dossier is not None:
            raise DossierError("validation_error", _("Hồ sơ này đã có tại tỉnh."))
        replication.check_node_code(payload["state"], entry.node.node_id)
        return replication.import_new_dossier(payload["state"], actor=actor)
    if actor is None:
        raise DossierError(
            "role_not_allowed",
            _("Tỉnh không có tài khoản đang hoạt động «%(name)s» đã thực hiện thao tác này tại máy trạm.")
            % {"name": entry.actor or "?"},
        )
    if entry.kind == EntryKind.FILE:
        stored = ReceivedFile.objects.get(sha256=payload["sha256"])
        with stored.content.open("rb") as handle:
            content = handle.read()
        replication.replay_scan(
            dossier,
            actor,
            document_index=int(payload["document_index"]),
            document_name=payload["document_name"],
            name=payload.get("name") or "scan",
            content=content,
            at=entry.at,
        )
        return dossier
    if "args" not in payload:
        raise DossierError(
            "transition_not_allowed",
            _("Thao tác «%(action)s» tại máy trạm chưa được hỗ trợ khi đồng bộ.") % {"action": entry.action},
        )
    return replication.replay_action(dossier, actor, entry.action, payload["args"], at=entry.at)


def apply_entry(entry_pk: int) -> str:
    """Apply one stored entry if it can be (module docstring); returns its state afterwards.

    An unexpected fault (a bug, the database going away) rolls the attempt back, is written down as
    ``last_error`` and leaves the entry ``received``: the node sends it again.
    """
    try:
        state, changed = _apply(entry_pk)
    except Exception as exc:
        logger.exception("countersync: entry %s could not be applied", entry_pk)
        with transaction.atomic():
            ReceivedEntry.objects.filter(pk=entry_pk).update(
                last_error=f"{type(exc).__name__}: {exc}"[:2000], attempts=models.F("attempts") + 1
            )
        return EntryState.RECEIVED
    if changed:
        faults.point("central.after_apply")  # committed, the node not told yet (fault tests)
    return state


def _apply(entry_pk: int) -> tuple[str, bool]:
    with transaction.atomic():
        entry = ReceivedEntry.objects.select_for_update().select_related("node").get(pk=entry_pk)
        if entry.state in SETTLED:
            return entry.state, False
        dossier = Dossier.objects.select_for_update(of=("self",)).filter(uid=entry.dossier_uid).first()
        entry.attempts += 1
        blocked = _blocked(entry, dossier)
        if blocked is not None and blocked[0] == EntryState.HELD:
            entry.state, entry.detail = blocked
            entry.save(update_fields=["state", "detail", "attempts"])
            return entry.state, False
        if blocked is not None:
            _conflict(entry, "predecessor_conflict", blocked[1])
            return entry.state, True
        try:
            with transaction.atomic():
                dossier = _perform(entry, dossier)
        except DossierError as exc:
            _conflict(entry, exc.code, exc.message)
            return entry.state, True
        except IntegrityError as exc:  # a code already used (two nodes with one number…)
            if entry.kind == EntryKind.CREATE:
                _conflict(entry, "code_in_use", _("Mã số hồ sơ đã được dùng tại tỉnh: %(error)s") % {"error": exc})
            else:
                _conflict(entry, "integrity_error", _("Dữ liệu không ghi được tại tỉnh: %(error)s") % {"error": exc})
            return entry.state, True
        entry.state, entry.detail, entry.applied_at, entry.last_error = EntryState.APPLIED, "", clock.now(), ""
        entry.dossier_code = dossier.code or entry.dossier_code
        if entry.kind != EntryKind.FILE:
            entry.transition_seq = dossier.transitions.aggregate(m=models.Max("seq"))["m"]
        entry.save()
        _audit(entry, "countersync.entry.applied")
        return entry.state, True


def _conflict(entry: ReceivedEntry, code: str, message: str) -> None:
    entry.state, entry.detail, entry.applied_at = EntryState.CONFLICT, f"{code}: {message}", clock.now()
    entry.save()
    ConflictRecord.objects.update_or_create(
        entry=entry,
        defaults={
            "dossier_uid": entry.dossier_uid,
            "dossier_code": entry.dossier_code,
            "action": entry.action,
            "error_code": code,
            "message": message,
            "status": ConflictRecord.Status.OPEN,
        },
    )
    _audit(entry, "countersync.entry.conflict", error=code)


def _audit(entry: ReceivedEntry, action: str, **extra: Any) -> None:
    audit.record(
        action,
        actor=f"máy trạm {entry.node.node_id}",
        object_type="dossier",
        object_ref=entry.dossier_code or str(entry.dossier_uid),
        data={
            "entry": str(entry.entry_id),
            "node": entry.node.node_id,
            "node_seq": entry.node_seq,
            "action": entry.action,
            "officer": entry.actor,
            "at": entry.at.isoformat(),
            "transition": entry.transition_seq,
            **extra,
        },
    )


def store_file(registration: NodeRegistration, sha256: str, content: bytes) -> ReceivedFile:
    """Keep a scan sent ahead of its ``file`` entry; the hash must match the content."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise EntryRejected(_("Nội dung tệp không khớp mã băm."))
    existing = ReceivedFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            row = ReceivedFile(sha256=sha256, size=len(content), node=registration)
            row.content.save(f"{sha256[:24]}", ContentFile(content), save=False)
            row.save()
            return row
    except IntegrityError:
        return ReceivedFile.objects.get(sha256=sha256)


# --- conflicts ----------------------------------------------------------------------------------------


def may_resolve(user) -> bool:
    """Province supervisors and system administrators handle flagged conflicts."""
    return org_access.has_role(user, Role.PROVINCE_SUPERVISOR) or org_access.has_role(user, Role.SYSTEM_ADMIN)


def visible_conflicts(user):
    if may_resolve(user):
        return ConflictRecord.objects.all()
    centres = org_access.centre_ids(user, Role.CENTRE_DIRECTOR)
    return ConflictRecord.objects.filter(entry__node__centre_id__in=centres)


def retry_conflict(conflict: ConflictRecord, by) -> ConflictRecord:
    """Apply the kept entry again (e.g. after the supervisor fixed the dossier or a posting)."""
    if not may_resolve(by):
        raise PermissionError(_("Chỉ giám sát cấp tỉnh hoặc quản trị hệ thống xử lý xung đột."))
    with transaction.atomic():
        entry = ReceivedEntry.objects.select_for_update().get(pk=conflict.entry_id)
        if conflict.status != ConflictRecord.Status.OPEN:
            return conflict
        entry.state = EntryState.RECEIVED
        entry.save(update_fields=["state"])
        audit.record(
            "countersync.conflict.retried", actor=by, object_type="dossier",
            object_ref=entry.dossier_code or str(entry.dossier_uid), data={"entry": str(entry.entry_id)},
        )
    state = apply_entry(entry.pk)
    conflict.refresh_from_db()
    if state == EntryState.APPLIED:
        conflict.status, conflict.resolved_at, conflict.resolved_by = ConflictRecord.Status.APPLIED, clock.now(), by
        conflict.resolution_note = _("Đã áp dụng lại thành công.")
        conflict.save()
    return conflict


def close_conflict(conflict: ConflictRecord, by, note: str) -> ConflictRecord:
    """Close a conflict handled by hand; the note says how (the entry itself stays as received)."""
    if not may_resolve(by):
        raise PermissionError(_("Chỉ giám sát cấp tỉnh hoặc quản trị hệ thống xử lý xung đột."))
    note = " ".join((note or "").split())
    if not note:
        raise ValueError(_("Cần ghi cách đã xử lý xung đột."))
    with transaction.atomic():
        locked = ConflictRecord.objects.select_for_update().get(pk=conflict.pk)
        if locked.status != ConflictRecord.Status.OPEN:
            return locked
        locked.status, locked.resolved_at, locked.resolved_by = ConflictRecord.Status.CLOSED, clock.now(), by
        locked.resolution_note = note[:2000]
        locked.save()
        audit.record(
            "countersync.conflict.closed", actor=by, object_type="dossier",
            object_ref=locked.dossier_code or str(locked.dossier_uid), data={"conflict": locked.pk, "note": note[:500]},
        )
        return locked


# --- the province's state of a centre's dossiers (the node's mirror) ---------------------------------


def _centre_scope(centre: ServiceCentre, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}receiving_centre": centre})
        | Q(**{f"{prefix}return_centre": centre})
        | Q(**{f"{prefix}resolving_department__centre": centre})
    )


def dossier_feed(registration: NodeRegistration, *, after: int, uids: list[str], limit: int = 100) -> dict:
    """The centre's dossiers changed after ``after`` (an outbox event id), plus those asked by uid.

    The cursor only moves past events older than :data:`FEED_SETTLE`: an id is taken at insert and a
    slower transaction may commit a lower one later, so recent events are served again next time
    (the node's mirror is idempotent).
    """
    centre = registration.centre
    events = list(
        OutboxEvent.objects.filter(_centre_scope(centre, "dossier__"), id__gt=after)
        .order_by("id")
        .values_list("id", "dossier_id", "created_at")[:limit]
    )
    horizon = clock.now() - FEED_SETTLE
    cursor = after
    for event_id, _dossier_id, created_at in events:
        if created_at > horizon:
            break
        cursor = event_id
    ids = list(dict.fromkeys(dossier_id for _id, dossier_id, _at in events))
    rows = {
        d.pk: d
        for d in Dossier.objects.filter(pk__in=ids).select_related(
            "procedure", "procedure_version", "receiving_centre", "return_centre", "resolving_department",
            "applicant", "proxy", "assignee", "received_by",
        )
    }
    asked = list(Dossier.objects.filter(_centre_scope(centre), uid__in=uids[:200])) if uids else []
    dossiers = [rows[i] for i in ids if i in rows] + [d for d in asked if d.pk not in rows]
    return {
        "dossiers": [replication.export_state(d) for d in dossiers],
        "cursor": cursor,
        "more": len(events) == limit and cursor > after,
    }

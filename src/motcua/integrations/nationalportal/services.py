"""Every state change of the national-portal link is one function here (STYLE §2).

- :func:`enqueue_snapshot` — the dossier app hands over a dossier's new state (from its outbox);
- :func:`dispatch_due` — push what is due to the gateway, with retries, backoff and dead letters;
- :func:`resend` — an administrator puts a dead letter back in the queue;
- :func:`reconciliation` / :func:`sync_rate` — dossiers received vs acknowledged (766 index, DOMAIN §7).

Rules:

1. **One record per dossier, latest state wins.** Snapshots are ordered by ``sequence`` (the dossier's
   row version), not by status code (4 → 5 → 4 happens). An older snapshot arriving late is ignored;
   an identical one is a no-op; a different content under the same sequence replaces the queued one
   (last call wins). Timeline entries are all kept (each is a fact), once each.
2. **No network call inside a transaction.** A dispatcher claims a record with a compare-and-swap
   (pending → sent, with a lease), calls the gateway in autocommit, then settles the record under a row
   lock. A snapshot that arrives meanwhile is not lost: settling sees the newer content and re-queues.
3. **Retry policy.** A retryable fault (network, timeout, 5xx) schedules the next attempt after an
   exponential backoff with jitter (``NATIONAL_PORTAL`` settings) and ends the run — the gateway is
   probably down, so the rest waits for the next run. A refusal of the content (``error_code`` ≠ 0) or
   ``MAX_ATTEMPTS`` consecutive faults makes the record a **dead letter**. A configuration fault (URL,
   credentials) ends the run without charging any dossier.
4. **isUpdating.** "False" for a dossier the portal has never acknowledged, "True" afterwards. When an
   earlier push got no answer the portal may hold the dossier anyway: ask ``TraCuuHoSo`` first (as
   opencps does); an "already exists" / "not found" refusal flips the flag once.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.lib import clock

from . import messages
from .client import (
    DossierAlreadyExists,
    DossierNotFound,
    GatewayClient,
    GatewayConfig,
    GatewayConfigError,
    GatewayError,
    NationalPortalGateway,
)
from .messages import DossierSnapshot, MessageError, ProgressEntry
from .models import AttemptOutcome, SyncAttempt, SyncProgress, SyncRecord, SyncState

logger = logging.getLogger("motcua.nationalportal")
T = TypeVar("T")

# Replaced in tests that check the jitter bounds; production uses the module's own generator.
jitter_random: Callable[[], float] = random.Random().random


def _conf(key: str) -> Any:
    return settings.NATIONAL_PORTAL[key]


def _log_on_commit(action: str, **data: Any) -> None:
    """Audit line once the change is committed (namespaced action code, STYLE §2)."""
    transaction.on_commit(lambda: logger.info("%s %s", action, data, extra={"action": action, **data}))


def _schedule_dispatch() -> None:
    """After commit, ask the task worker for a dispatch run (near real time, DOMAIN §10)."""
    if not (_conf("DISPATCH_ON_ENQUEUE") and _conf("URL")):
        return

    def enqueue_task() -> None:
        from .tasks import dispatch_national_portal

        dispatch_national_portal.enqueue()

    transaction.on_commit(enqueue_task, robust=True)


# --- Enqueue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnqueueResult:
    record: SyncRecord
    # created | updated | duplicate | stale | invalid
    outcome: str
    new_progress: int = 0
    errors: tuple[str, ...] = ()


def enqueue_snapshot(
    snapshot: DossierSnapshot, progress: ProgressEntry | Iterable[ProgressEntry] | None = None
) -> EnqueueResult:
    """Queue the dossier's state (and new timeline entries) for the portal. Idempotent, coalescing.

    Call it from the dossier app's outbox handler, inside or outside its transaction. An invalid
    snapshot does not raise: the record becomes a dead letter listing the problems (the administrator
    sees it; the dossier's next valid snapshot replaces it). Only a snapshot without ``MaHoSo``
    raises :class:`MessageError` — there is nothing to file it under.
    """
    entries = [progress] if isinstance(progress, ProgressEntry) else list(progress or [])
    code = snapshot.MaHoSo.strip() if isinstance(snapshot.MaHoSo, str) else ""
    if not code:
        raise MessageError([_("Thiếu mã hồ sơ (MaHoSo): không thể đưa vào hàng đợi đồng bộ.")])

    errors = messages.validate_snapshot(snapshot)
    for entry in entries:
        errors += messages.validate_progress(entry)
        if isinstance(entry.MaHoSo, str) and entry.MaHoSo.strip() != code:
            errors.append(
                _("Tiến độ thuộc hồ sơ %(other)s, không phải %(code)s.") % {"other": entry.MaHoSo, "code": code}
            )
    if errors:
        return _enqueue_invalid(snapshot, code, errors)

    payload = messages.build_dossier(snapshot, extensions=_conf("EXTENSION_FIELDS"))
    digest = messages.payload_hash(payload)
    progress_rows = [(messages.build_progress(entry), entry) for entry in entries]
    now = clock.now()

    with transaction.atomic():
        record, created = _lock_or_create(
            code,
            defaults={
                "sequence": snapshot.sequence,
                "status_code": snapshot.TrangThaiHoSo,
                "received_at": snapshot.NgayTiepNhan,
                "payload": payload,
                "payload_hash": digest,
                "state": SyncState.PENDING,
                "next_attempt_at": now,
            },
        )
        new_progress = 0
        for body, entry in progress_rows:
            _row, made = SyncProgress.objects.get_or_create(
                record=record,
                payload_hash=messages.payload_hash(body),
                defaults={"payload": body, "status_code": entry.TrangThai, "occurred_at": entry.ThoiDiemXuLy},
            )
            new_progress += made

        if created:
            outcome = "created"
        elif snapshot.sequence < record.sequence:
            outcome = "stale"  # rule 1: a late older state never overwrites a newer one
        elif snapshot.sequence == record.sequence and digest == record.payload_hash:
            outcome = "duplicate"
        else:
            outcome = "updated"
            record.sequence = snapshot.sequence
            record.status_code = snapshot.TrangThaiHoSo
            record.received_at = snapshot.NgayTiepNhan
            record.payload = payload
            record.payload_hash = digest
            record.attempts = 0  # new content: a previous refusal or fault streak no longer applies
            record.dead_at = None

        if not created and (outcome == "updated" or (new_progress and record.state != SyncState.DEAD)):
            if record.state != SyncState.SENT:  # a dispatcher in flight re-queues it when it settles
                record.state = SyncState.PENDING
                record.next_attempt_at = now
            nothing_to_send = (
                outcome == "updated"
                and record.state == SyncState.PENDING
                and record.payload_hash == record.pushed_hash
                and not record.progress.filter(sent_at__isnull=True).exists()
            )
            if nothing_to_send:  # same content under a new sequence: the portal already has it
                record.state = SyncState.ACKNOWLEDGED
                record.next_attempt_at = None
                record.pushed_sequence = record.sequence
        changed = outcome in ("created", "updated") or bool(new_progress)
        if changed and not created:
            record.save()
        if changed and record.state == SyncState.PENDING:
            _schedule_dispatch()
    if changed:
        _log_on_commit(
            "nationalportal.snapshot.queued",
            dossier=code,
            sequence=snapshot.sequence,
            status=snapshot.TrangThaiHoSo,
            outcome=outcome,
            new_progress=new_progress,
        )
    return EnqueueResult(record=record, outcome=outcome, new_progress=new_progress)


def _lock_or_create(code: str, defaults: dict[str, Any]) -> tuple[SyncRecord, bool]:
    """The record of ``code``, row-locked; created if absent (a concurrent creator wins the race)."""
    record = SyncRecord.objects.select_for_update().filter(dossier_code=code).first()
    if record is not None:
        return record, False
    try:
        with transaction.atomic():
            return SyncRecord.objects.create(dossier_code=code, **defaults), True
    except IntegrityError:
        return SyncRecord.objects.select_for_update().get(dossier_code=code), False


def _enqueue_invalid(snapshot: DossierSnapshot, code: str, errors: list[str]) -> EnqueueResult:
    now = clock.now()
    message = _("Ảnh chụp hồ sơ không hợp lệ, chưa gửi: %(errors)s") % {"errors": "; ".join(errors)}
    sequence = snapshot.sequence if isinstance(snapshot.sequence, int) and snapshot.sequence >= 0 else 0
    received = snapshot.NgayTiepNhan if isinstance(snapshot.NgayTiepNhan, dt.datetime) else now
    status = snapshot.TrangThaiHoSo if snapshot.TrangThaiHoSo in messages.STATUS_NAMES else 1
    with transaction.atomic():
        record, created = _lock_or_create(
            code,
            defaults={
                "sequence": sequence,
                "status_code": status,
                "received_at": received,
                "payload": {"MaHoSo": code},
                "payload_hash": "",
                "state": SyncState.DEAD,
                "dead_at": now,
                "last_error": message,
            },
        )
        if not created:
            if sequence < record.sequence:
                return EnqueueResult(record=record, outcome="stale", errors=tuple(errors))
            record.sequence = sequence
            record.status_code = status
            record.payload_hash = ""  # the latest state is unknown to us in sendable form
            record.state = SyncState.DEAD
            record.dead_at = now
            record.next_attempt_at = None
            record.last_error = message
            record.save()
    logger.warning("nationalportal.snapshot.invalid %s: %s", code, "; ".join(errors))
    return EnqueueResult(record=record, outcome="invalid", errors=tuple(errors))


# --- Dispatch -----------------------------------------------------------------------------------


@dataclass
class DispatchReport:
    attempted: int = 0
    acknowledged: int = 0
    retrying: int = 0
    dead: int = 0
    stopped: str = ""  # why the run ended early (gateway down, configuration), "" if it did not
    codes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def backoff_delay(attempt: int, *, base: float, cap: float, jitter_percent: float, rand: float) -> dt.timedelta:
    """Delay before attempt ``attempt + 1``: ``min(cap, base·2^(attempt−1))`` shortened by up to ``jitter``%.

    Jitter spreads the retries of many dossiers failed by the same outage (``rand`` ∈ [0, 1)).
    """
    raw = min(float(cap), float(base) * 2 ** max(attempt - 1, 0))
    return dt.timedelta(seconds=raw * (1 - jitter_percent / 100 * rand))


def dispatch_due(
    now: dt.datetime | None = None, limit: int | None = None, *, gateway: NationalPortalGateway | None = None
) -> DispatchReport:
    """Push the records that are due (pending and ``next_attempt_at`` ≤ now, or an expired claim).

    Oldest due first; at most ``limit`` (default ``MOTCUA_DVCQG_BATCH_LIMIT``). Returns a report.
    """
    now = now or clock.now()
    report = DispatchReport()
    if gateway is None:
        config = GatewayConfig.from_settings()
        if not config.configured:
            report.stopped = _("Chưa cấu hình cổng kết nối (MOTCUA_DVCQG_URL): không gửi.")
            return report
        gateway = GatewayClient(config)
    due = (
        SyncRecord.objects.filter(_due(now))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[: limit or _conf("BATCH_LIMIT")]
    )
    for record_id in list(due):
        if not _claim(record_id, now):
            continue  # another dispatcher took it
        report.attempted += 1
        record = SyncRecord.objects.get(pk=record_id)
        report.codes.append(record.dossier_code)
        try:
            _push(record, gateway)
        except GatewayConfigError as exc:
            _release(record)
            report.stopped = str(exc)
            logger.error("nationalportal.dispatch.config_error %s", exc)
            break
        except GatewayError as exc:
            state = _settle_failure(record, exc)
            if state == SyncState.DEAD:
                report.dead += 1
            else:
                report.retrying += 1
            if exc.retryable:
                report.stopped = str(exc)  # rule 3: the gateway is likely down; the rest waits
                break
        else:
            if _settle_success(record) == SyncState.ACKNOWLEDGED:
                report.acknowledged += 1
    return report


def _due(now: dt.datetime) -> Q:
    return Q(state=SyncState.PENDING, next_attempt_at__lte=now) | Q(state=SyncState.SENT, claimed_until__lt=now)


def _claim(record_id: int, now: dt.datetime) -> bool:
    """Compare-and-swap pending → sent with a lease longer than any call can take."""
    lease = dt.timedelta(seconds=4 * (_conf("CONNECT_TIMEOUT") + _conf("READ_TIMEOUT")) + 60)
    moment = clock.now()
    return bool(
        SyncRecord.objects.filter(_due(now), pk=record_id).update(
            state=SyncState.SENT, claimed_until=moment + lease, updated_at=moment
        )
    )


def _release(record: SyncRecord) -> None:
    SyncRecord.objects.filter(pk=record.pk, state=SyncState.SENT).update(
        state=SyncState.PENDING, claimed_until=None, updated_at=clock.now()
    )


def _call(record: SyncRecord, operation: str, fn: Callable[[], T]) -> T:
    """Run one gateway call and log it as a :class:`SyncAttempt` (whatever happens)."""
    started = clock.now()
    ticks = time.monotonic()
    outcome, http_status, error_code, message = AttemptOutcome.OK, None, None, ""
    try:
        return fn()
    except GatewayError as exc:
        http_status, error_code, message = exc.http_status, exc.error_code, str(exc)
        if isinstance(exc, GatewayConfigError):
            outcome = AttemptOutcome.CONFIG
        elif exc.retryable:
            outcome = AttemptOutcome.RETRYABLE
        else:
            outcome = AttemptOutcome.PERMANENT
        raise
    finally:
        SyncAttempt.objects.create(
            record=record,
            started_at=started,
            duration_ms=int((time.monotonic() - ticks) * 1000),
            operation=operation,
            sequence=record.sequence,
            status_code=record.status_code,
            outcome=outcome,
            http_status=http_status,
            error_code=error_code,
            message=message[:4000],
        )


def _push(record: SyncRecord, gateway: NationalPortalGateway) -> None:
    """Send the record's content (unless the portal already has it) and its unsent timeline entries.

    Each success is written down at once, so a fault in a later step does not repeat an earlier one.
    """
    code = record.dossier_code
    if record.payload_hash != record.pushed_hash:
        is_updating = record.portal_has_record
        if not is_updating and record.maybe_on_portal:
            is_updating = _call(record, messages.SERVICE_LOOKUP, lambda: gateway.lookup_dossier(code)) is not None
        try:
            try:
                _call(
                    record,
                    messages.SERVICE_UPSERT,
                    lambda: gateway.upsert_dossiers([record.payload], is_updating=is_updating),
                )
            except (DossierAlreadyExists, DossierNotFound):
                is_updating = not is_updating  # rule 4: the portal knows better; flip once
                _call(
                    record,
                    messages.SERVICE_UPSERT,
                    lambda: gateway.upsert_dossiers([record.payload], is_updating=is_updating),
                )
        except GatewayError as exc:
            if exc.retryable:
                SyncRecord.objects.filter(pk=record.pk).update(maybe_on_portal=True)
            raise
        moment = clock.now()
        SyncRecord.objects.filter(pk=record.pk).update(
            portal_has_record=True,
            maybe_on_portal=False,
            pushed_hash=record.payload_hash,
            pushed_sequence=record.sequence,
            pushed_status=record.status_code,
        )
        SyncRecord.objects.filter(pk=record.pk, first_acknowledged_at__isnull=True).update(first_acknowledged_at=moment)
    entries = list(record.progress.filter(sent_at__isnull=True).order_by("occurred_at", "id"))
    if entries:
        _call(record, messages.SERVICE_PROGRESS, lambda: gateway.update_progress([e.payload for e in entries]))
        SyncProgress.objects.filter(pk__in=[e.pk for e in entries]).update(sent_at=clock.now())


def _settle_success(sent: SyncRecord) -> str:
    with transaction.atomic():
        record = SyncRecord.objects.select_for_update().get(pk=sent.pk)
        if record.state != SyncState.SENT:
            return record.state  # an administrator or another run changed it meanwhile
        now = clock.now()
        unsent = record.progress.filter(sent_at__isnull=True).exists()
        record.claimed_until = None
        if record.payload_hash == record.pushed_hash and not unsent:
            record.state = SyncState.ACKNOWLEDGED
            record.acknowledged_at = now
            record.next_attempt_at = None
            record.attempts = 0
            record.last_error = ""
        else:  # rule 2: a newer snapshot or entry arrived while we were sending
            record.state = SyncState.PENDING
            record.next_attempt_at = now
        record.save()
    if record.state == SyncState.ACKNOWLEDGED:
        _log_on_commit(
            "nationalportal.record.acknowledged",
            dossier=record.dossier_code,
            sequence=record.pushed_sequence,
            status=record.pushed_status,
        )
    return record.state


def _settle_failure(sent: SyncRecord, exc: GatewayError) -> str:
    with transaction.atomic():
        record = SyncRecord.objects.select_for_update().get(pk=sent.pk)
        if record.state != SyncState.SENT:
            return record.state
        now = clock.now()
        record.claimed_until = None
        record.last_error = str(exc)[:4000]
        if not exc.retryable and record.payload_hash != sent.payload_hash:
            # The refused content was replaced meanwhile: the new content deserves its own chance.
            record.state = SyncState.PENDING
            record.next_attempt_at = now
        else:
            record.attempts += 1
            if not exc.retryable or record.attempts >= _conf("MAX_ATTEMPTS"):
                record.state = SyncState.DEAD
                record.dead_at = now
                record.next_attempt_at = None
            else:
                record.state = SyncState.PENDING
                record.next_attempt_at = now + backoff_delay(
                    record.attempts,
                    base=_conf("BACKOFF_SECONDS"),
                    cap=_conf("BACKOFF_MAX_SECONDS"),
                    jitter_percent=_conf("BACKOFF_JITTER_PERCENT"),
                    rand=jitter_random(),
                )
        record.save()
    if record.state == SyncState.DEAD:
        _log_on_commit(
            "nationalportal.record.dead", dossier=record.dossier_code, attempts=record.attempts, error=record.last_error
        )
    return record.state


# --- Dead letters -------------------------------------------------------------------------------


def resend(record: SyncRecord, actor) -> SyncRecord:
    """Put a dead letter back in the queue (admin action "Gửi lại"): attempts start again from zero."""
    with transaction.atomic():
        locked = SyncRecord.objects.select_for_update().get(pk=record.pk)
        if locked.state != SyncState.DEAD:
            raise ValidationError(
                _("Hồ sơ %(code)s không ở tình trạng gửi lỗi, không cần gửi lại.") % {"code": locked.dossier_code}
            )
        if not locked.payload_hash:
            raise ValidationError(
                _("Ảnh chụp mới nhất của hồ sơ %(code)s không hợp lệ: sửa dữ liệu hồ sơ, hệ thống sẽ tự gửi lại.")
                % {"code": locked.dossier_code}
            )
        now = clock.now()
        locked.state = SyncState.PENDING
        locked.attempts = 0
        locked.next_attempt_at = now
        locked.dead_at = None
        locked.resent_at = now
        locked.resent_by = actor
        locked.save()
        _log_on_commit(
            "nationalportal.record.resent", dossier=locked.dossier_code, actor=getattr(actor, "username", None)
        )
        _schedule_dispatch()
    return locked


# --- Reconciliation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Dates of receipt, inclusive, in Vietnam time."""

    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("Kỳ đối soát: ngày kết thúc trước ngày bắt đầu.")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - dt.timedelta(days=1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=clock.BUSINESS_TZ)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=clock.BUSINESS_TZ)
        return start, end


NOT_QUEUED = "not_queued"


@dataclass(frozen=True)
class MissingDossier:
    dossier_code: str
    state: str  # a SyncState value, or NOT_QUEUED when the dossier app never handed it over
    status_code: int | None
    attempts: int
    last_error: str


@dataclass(frozen=True)
class Reconciliation:
    """Dossiers received in the period vs acknowledged by the portal (the 766 sync rate, DOMAIN §7)."""

    period: Period
    received: int
    acknowledged: int  # the portal holds the dossier (some state of it)
    up_to_date: int  # the portal acknowledged the latest state we know
    missing: list[MissingDossier]  # received, never acknowledged
    behind: list[MissingDossier]  # acknowledged once, latest state not yet

    @property
    def sync_rate(self) -> Decimal | None:
        if not self.received:
            return None
        return (Decimal(self.acknowledged) / Decimal(self.received)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _missing(record: SyncRecord) -> MissingDossier:
    return MissingDossier(record.dossier_code, record.state, record.status_code, record.attempts, record.last_error)


def reconciliation(period: Period, *, received_codes: Iterable[str] | None = None) -> Reconciliation:
    """Received vs acknowledged for dossiers received (NgayTiepNhan) in ``period``.

    By default "received" means every dossier handed to this link with a receipt date in the period.
    The dossier app should pass ``received_codes`` (its own list for the period): a dossier it never
    handed over then shows as missing with state ``not_queued`` instead of going unnoticed.
    """
    if received_codes is None:
        start, end = period.bounds()
        records = list(SyncRecord.objects.filter(received_at__gte=start, received_at__lt=end).order_by("dossier_code"))
        expected = [r.dossier_code for r in records]
    else:
        expected = sorted({c.strip() for c in received_codes if c and c.strip()})
        records = []
        for offset in range(0, len(expected), 500):
            records += SyncRecord.objects.filter(dossier_code__in=expected[offset : offset + 500])
    by_code = {r.dossier_code: r for r in records}
    missing: list[MissingDossier] = []
    behind: list[MissingDossier] = []
    acknowledged = up_to_date = 0
    for code in expected:
        record = by_code.get(code)
        if record is None:
            missing.append(MissingDossier(code, NOT_QUEUED, None, 0, ""))
        elif not record.portal_has_record:
            missing.append(_missing(record))
        else:
            acknowledged += 1
            if record.state == SyncState.ACKNOWLEDGED:
                up_to_date += 1
            else:
                behind.append(_missing(record))
    return Reconciliation(
        period=period,
        received=len(expected),
        acknowledged=acknowledged,
        up_to_date=up_to_date,
        missing=missing,
        behind=behind,
    )


def sync_rate(period: Period, *, received_codes: Iterable[str] | None = None) -> Decimal | None:
    """Tỷ lệ đồng bộ = acknowledged ÷ received (``None`` when nothing was received)."""
    return reconciliation(period, received_codes=received_codes).sync_rate

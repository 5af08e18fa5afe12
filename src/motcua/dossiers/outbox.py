"""Transactional outbox: events leave the system only for state changes that really committed.

1. A service writes an :class:`~motcua.dossiers.models.OutboxEvent` in the same transaction as the
   state change (:func:`emit`) — both commit or neither does.
2. ``transaction.on_commit`` enqueues one django-tasks task, :func:`dispatch_pending`, which hands
   each pending event to the handlers registered for its kind and marks it dispatched.

Handlers plug in later (applicant notifications; the national-portal sync ``DongBoHoSoMC`` /
``CapNhatTienDoHoSoMC`` of DOMAIN §10) with :func:`register`. An event kind with **no** handler
stays pending — it is not thrown away — so a handler registered later (the sync adapter) still
receives every status change since the first dossier. A failing handler leaves the event pending
(attempts counted, last error kept) for the next dispatch run; handlers must therefore be
idempotent (the national sync is an upsert keyed by the dossier code).

Every event carries the national status code (DOMAIN §4) and the channel code (DOMAIN §3).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

from motcua.lib import clock

logger = logging.getLogger("motcua.dossiers.outbox")

Handler = Callable[["OutboxEvent"], None]  # noqa: F821 - documented type
_handlers: dict[str, list[Handler]] = defaultdict(list)


def register(kind: str, handler: Handler) -> None:
    """Register ``handler`` for events of ``kind`` ("*" for every kind)."""
    if handler not in _handlers[kind]:
        _handlers[kind].append(handler)


def unregister(kind: str, handler: Handler) -> None:
    if handler in _handlers.get(kind, []):
        _handlers[kind].remove(handler)


def handlers_for(kind: str) -> list[Handler]:
    return [*_handlers.get(kind, []), *_handlers.get("*", [])]


def emit(kind: str, dossier, payload: dict) -> None:
    """Write the event in the current transaction and schedule a dispatch after commit.

    A rolled-back transaction drops both the row and the callback. Services emit one event per
    transition, so one dispatch is enqueued per committed transition; the dispatch itself handles
    every pending event, so an extra run is harmless.
    """
    from .models import OutboxEvent

    OutboxEvent.objects.create(kind=kind, dossier=dossier, status_code=dossier.status, payload=payload)
    transaction.on_commit(_enqueue_dispatch)


def _enqueue_dispatch() -> None:
    from .tasks import dispatch_outbox_task

    try:
        dispatch_outbox_task.enqueue()
    except Exception:  # committed events stay pending and go with the next dispatch
        logger.exception("dossiers: could not enqueue the outbox dispatch")


def dispatch_pending(limit: int = 500) -> int:
    """Hand pending events to their handlers; returns how many were dispatched."""
    from .models import OutboxEvent

    dispatched = 0
    pending = OutboxEvent.objects.filter(dispatched_at__isnull=True).order_by("id")[:limit]
    for event in pending:
        handlers = handlers_for(event.kind)
        if not handlers:
            continue
        try:
            for handler in handlers:
                handler(event)
        except Exception as exc:
            OutboxEvent.objects.filter(pk=event.pk).update(attempts=event.attempts + 1, last_error=repr(exc)[:2000])
            logger.exception("dossiers: outbox event %s failed", event.pk)
            continue
        OutboxEvent.objects.filter(pk=event.pk).update(
            dispatched_at=clock.now(), attempts=event.attempts + 1, last_error=""
        )
        dispatched += 1
    return dispatched

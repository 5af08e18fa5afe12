"""Signals sent when working time changes — the recalculation contract with the dossier app.

``worktime`` sits below ``dossiers`` and must not import it (docs/architecture.md), so it cannot
recompute due moments itself. Instead every service that changes working time sends one of these
signals **after its transaction commits** (``transaction.on_commit``): a receiver never sees a
change that was rolled back, and the new calendar is already visible to
:func:`motcua.worktime.services.calendar_for` (the calendar revision was bumped in the same
transaction, so every process rebuilds its cached calendar).

``calendar_changed(sender, province_code, dates, revision, change_ids)``
    Days off / make-up days of ``province_code`` changed (a day added, changed or removed by an
    administrator, a year confirmed, or a reference-data load that changed days).
    ``dates`` — sorted tuple of the affected ``datetime.date`` values (may be empty when only a
    year's status changed, e.g. confirmed without changing a day); ``revision`` — the calendar
    revision after the change; ``change_ids`` — the :class:`~motcua.worktime.models.CalendarChange`
    rows that describe it (who, when, old/new value, reason).

``centre_schedule_changed(sender, centre_code, effective_from, change_ids)``
    A centre's working sessions changed from ``effective_from`` on.

What the receiver must do (``motcua.dossiers.deadlines`` does it) — DOMAIN §6 and issue 3, point 4:

1. Stay fast: the signal fires at the end of an administrator's request. Enqueue ONE background
   task (``django_tasks``) with the arguments; do not recompute inline.
2. The task recomputes, with ``calendar_for(province_code, centre_code)``, the due moment of every
   open dossier of the province (for ``centre_schedule_changed``: of the centre) whose counting
   period can include an affected date — in practice every open dossier received on or before
   ``max(dates)`` (received later → not affected); when ``dates`` is empty there is nothing to move.
   Dossiers keep their policy (pause/restart, supplements) — recompute from the stored episodes.
3. Each due moment that moves is audited on the dossier (old, new, the ``change_ids`` and the
   reason of the calendar change) through the dossier service, in the dossier's own transaction.
   A calendar correction is not a re-appointment (the apology of DOMAIN §6 is a separate event).
4. It must be idempotent (same arguments twice → second run changes nothing) because a task may be
   retried, and it is also offered as a management command for a full recomputation.

``sender`` is :class:`~motcua.worktime.models.CalendarChange` for both signals.
"""

from __future__ import annotations

from django.dispatch import Signal

calendar_changed = Signal()
centre_schedule_changed = Signal()

"""Keeping the report aggregates in step with the dossiers — incrementally, and by a full rebuild.

Incremental (the normal path): ``dossiers.services`` sends ``dossier_changed`` inside the service's
``transaction.atomic()`` after every transition (and after a scan is attached or a deadline is
recomputed). :func:`on_dossier_changed`:

1. reads the dossier's :class:`~.models.DossierStat` (what the aggregates hold about it);
2. builds a :class:`~.projection.Snapshot` from the dossier as the service just saved it;
3. runs :func:`~.projection.advance` and upserts the deltas into the daily, monthly and pending
   tables (``INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c`` — SQLite ≥ 3.24 and
   PostgreSQL; rows in key order, so two transactions never lock them in opposite orders);
4. saves the new state.

The aggregates therefore commit or roll back with the change itself: no lag, no lost update.

Complaints and ratings (:mod:`.dislikes`): the snapshot also carries whether the dossier has a
complaint or a "Không hài lòng" rating, read through the sources the portal registered. When the
portal records one, it calls :func:`refresh_dossier` inside its own transaction: the dossier row is
locked as the dossier services lock it, and the same steps 1–4 run on the unchanged dossier — only
the flag moves the aggregates (on the day the dossier was resolved, see projection.py).

Rebuild (:func:`rebuild`, ``motcua reports-rebuild``): empties the four tables and replays every
dossier's history — its transitions, with the facts each one left (:func:`history_snapshots`) —
through the same :func:`~.projection.advance`. ``tests/test_rebuild.py`` proves rebuild =
incremental on histories made by the real services.

Known limit: an official-calendar correction that changes *past* working days recomputes the
waiting time of closed pauses; the incremental path then moves only what is still ahead, the
rebuild recomputes the past too. Run the rebuild after such a correction (docs/reports.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count

from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier, DossierDocument, SuppliedAs, Transition, WaitingPeriod
from motcua.lib import clock
from motcua.worktime import services as worktime

from . import dislikes
from .models import DailyFigure, DossierStat, MonthlyFigure, PendingFigure, StockTotal
from .projection import (
    COUNTERS,
    NATIONAL_CHANNEL,
    Accumulator,
    Dims,
    Snapshot,
    State,
    advance,
    replay,
)

logger = logging.getLogger("motcua.reports")

# A component needs no scan when it came electronically or from the data store, or was only shown
# (DOMAIN §9: papers only shown are exempt from scanning).
NO_SCAN_NEEDED = frozenset({SuppliedAs.ELECTRONIC, SuppliedAs.DATA_STORE, SuppliedAs.SHOWN})
PAUSED_STAGES = frozenset({"supplement_requested", "financial_obligation"})
ENDING_STAGES = frozenset(
    {"refused", "done", "returned", "resolution_refused", "withdrawal_requested", "stopped", "cancelled"}
)
_DIM_COLUMNS = ("centre_id", "department_id", "procedure_id", "channel")


# --- snapshots -------------------------------------------------------------------------------------


def dims_of(dossier) -> Dims:
    return Dims(
        dossier.receiving_centre_id,
        dossier.resolving_department_id,
        dossier.procedure_id,
        NATIONAL_CHANNEL[dossier.channel],
    )


def is_digitised(components: Iterable[tuple[str, int]]) -> bool:
    """Every component scanned (at least one file) or not needing a scan; False with no component."""
    components = list(components)
    return bool(components) and all(kind in NO_SCAN_NEEDED or files > 0 for kind, files in components)


def digitised_now(dossier_id: int) -> bool:
    rows = (
        DossierDocument.objects.filter(dossier_id=dossier_id)
        .annotate(files_count=Count("files"))
        .values_list("supplied_as", "files_count")
    )
    return is_digitised(rows)


def live_snapshot(dossier, at: dt.datetime, disliked: bool | None = None) -> Snapshot:
    """The dossier as the service has just saved it. ``disliked`` when the caller knows the flag;
    ``None`` reads it from the registered sources (a query)."""
    return Snapshot(
        at=at,
        stage=dossier.stage,
        dims=dims_of(dossier),
        accepted_at=dossier.accepted_at,
        clock_started_at=dossier.clock_started_at,
        original_due_at=dossier.original_due_at,
        ended_at=dossier.ended_at,
        paused_at=dossier.paused_at,
        excluded_minutes=dossier.excluded_minutes,
        supplement_count=dossier.supplement_count,
        digitised=digitised_now(dossier.pk) if dossier.accepted_at else None,
        disliked=dislikes.is_flagged(dossier.pk) if disliked is None else disliked,
    )


def history_snapshots(
    dossier, transitions, periods, digitised: bool | None, disliked: bool = False
) -> list[Snapshot]:
    """The snapshot the incremental path saw after each transition, rebuilt from the stored history.

    ``transitions`` in ``seq`` order; ``periods`` the dossier's waiting periods. Per transition k:
    accepted from the transition entering ``accepted``; ended from the first one entering an ending
    stage (``ended_at`` is set once, there); supplement count = requests so far; paused since the
    transition that entered a paused stage; waiting time = the closed periods' minutes (each period
    stores what the deadline replay excluded for it). ``digitised`` (the current state) goes on the
    last snapshot; ``disliked`` (the current complained-or-disliked flag) on every one — the
    projection counts it only once the dossier is resolved, on the day it is, which is where the
    incremental path put it whenever the complaint or rating came.
    """
    snapshots = []
    dims = dims_of(dossier)
    closed = [
        (p.answered_at or p.closed_at, p.excluded_minutes)
        for p in periods
        if p.kind != WaitingPeriod.Kind.COMPLETION and (p.answered_at or p.closed_at) is not None
    ]
    accepted = ended = False
    requests = 0
    paused_at = None
    last = len(transitions) - 1
    for index, t in enumerate(transitions):
        accepted = accepted or t.to_stage == "accepted"
        ended = ended or (dossier.ended_at is not None and t.to_stage in ENDING_STAGES)
        if t.action == "request_supplement":
            requests += 1
        if t.to_stage in PAUSED_STAGES:
            if t.from_stage not in PAUSED_STAGES:
                paused_at = t.at
        else:
            paused_at = None
        snapshots.append(
            Snapshot(
                at=t.at,
                stage=t.to_stage,
                dims=dims,
                accepted_at=dossier.accepted_at if accepted else None,
                clock_started_at=dossier.clock_started_at if accepted else None,
                original_due_at=dossier.original_due_at if accepted else None,
                ended_at=dossier.ended_at if ended else None,
                paused_at=paused_at,
                excluded_minutes=sum(minutes for moment, minutes in closed if moment <= t.at),
                supplement_count=requests,
                digitised=digitised if index == last and accepted else None,
                disliked=disliked,
            )
        )
    return snapshots


# --- the calendar a dossier is judged on ---------------------------------------------------------------


class CalendarCache:
    """``deadlines.calendar_for_dossier`` without two queries per dossier (rebuild, bulk load).

    A centre without its own working hours (no ``CentreSchedule`` row) uses the province's default
    schedule whatever the date, so it shares one calendar; the others are looked up per date.
    """

    def __init__(self) -> None:
        from motcua.worktime.models import CentreSchedule

        self._cache: dict[tuple, object] = {}
        self._own_hours = set(CentreSchedule.objects.values_list("centre_code", flat=True))

    def for_dossier(self, province_code: str, centre_code: str, accepted_at: dt.datetime | None):
        if centre_code in self._own_hours:
            on = (accepted_at or clock.now()).astimezone(clock.BUSINESS_TZ).date()
            key = (province_code, centre_code, on)
        else:
            key = (province_code, None, None)
        calendar = self._cache.get(key)
        if calendar is None:
            calendar = self._cache[key] = worktime.calendar_for(province_code, key[1], on=key[2])
        return calendar


# --- writing deltas -----------------------------------------------------------------------------------


def _upsert_sql(table: str, key_columns: tuple[str, ...], counters: tuple[str, ...], rows: int) -> str:
    columns = (*key_columns, *counters)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counters)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * rows)} "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates}"
    )


def _date(value: dt.date):
    return connection.ops.adapt_datefield_value(value)


def write_accumulated(acc: Accumulator, *, fresh: bool = False, batch: int = 500) -> None:
    """Add the accumulated sums to the tables (``fresh``: the tables are empty — plain inserts)."""
    tables = (
        (DailyFigure._meta.db_table, ("day", *_DIM_COLUMNS), acc.daily),
        (MonthlyFigure._meta.db_table, ("month", *_DIM_COLUMNS), acc.monthly),
    )
    with connection.cursor() as cursor:
        for table, keys, rows in tables:
            items = sorted(rows.items())
            for start in range(0, len(items), batch):
                chunk = items[start : start + batch]
                params = [v for key, counts in chunk for v in (_date(key[0]), *key[1:], *counts)]
                sql = _upsert_sql(table, keys, COUNTERS, len(chunk))
                if fresh:
                    sql = sql[: sql.index(" ON CONFLICT")]
                cursor.execute(sql, params)
        table = StockTotal._meta.db_table
        items = sorted(acc.stock.items())
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            params = [v for key, counts in chunk for v in (*key, *counts)]
            sql = _upsert_sql(table, _DIM_COLUMNS, ("d_open", "d_overdue"), len(chunk))
            if fresh:
                sql = sql[: sql.index(" ON CONFLICT")]
            cursor.execute(sql, params)
        table = PendingFigure._meta.db_table
        keys = ("day", "request_day", "outcome", *_DIM_COLUMNS)
        items = sorted(acc.pending.items())
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            params = [v for key, n in chunk for v in (_date(key[0]), _date(key[1]), *key[2:], n)]
            sql = _upsert_sql(table, keys, ("count",), len(chunk))
            if fresh:
                sql = sql[: sql.index(" ON CONFLICT")]
            cursor.execute(sql, params)


def apply_deltas(deltas) -> None:
    acc = Accumulator()
    acc.add(deltas)
    write_accumulated(acc)


def state_of(stat: DossierStat | None) -> State:
    if stat is None:
        return State()
    return State(
        phase=stat.phase,
        received_on=stat.received_on,
        digitised=stat.digitised,
        overdue_on=stat.overdue_on,
        pending_on=stat.pending_on,
        outcome=stat.outcome,
        kind=stat.kind,
        ended_on=stat.ended_on,
        disliked=stat.disliked,
    )


def stat_row(dossier_id: int, dims: Dims, state: State) -> DossierStat:
    return DossierStat(
        dossier_id=dossier_id,
        centre_id=dims.centre_id,
        department_id=dims.department_id,
        procedure_id=dims.procedure_id,
        channel=dims.channel,
        phase=state.phase,
        received_on=state.received_on,
        digitised=state.digitised,
        overdue_on=state.overdue_on,
        pending_on=state.pending_on,
        outcome=state.outcome,
        kind=state.kind,
        ended_on=state.ended_on,
        disliked=state.disliked,
    )


# --- the incremental path ---------------------------------------------------------------------------


def on_dossier_changed(sender, dossier, action: str, at: dt.datetime, **kwargs) -> None:
    """Receiver of ``dossiers.services.dossier_changed`` (see the module docstring)."""
    _project(dossier, at)


def refresh_dossier(dossier, at: dt.datetime | None = None) -> None:
    """Re-project one dossier after a fact outside its history changed (a rating, a complaint).

    Call it inside the caller's ``transaction.atomic()``, after the rating or complaint is saved: the
    dossier row is locked (as the dossier services lock it, so a concurrent transition waits) and
    the receiver's code path runs on the dossier as stored — the aggregates commit or roll back with
    the caller's change.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("refresh_dossier must run inside the caller's transaction.atomic()")
    pk = dossier if isinstance(dossier, int) else dossier.pk
    locked = Dossier.objects.select_for_update(of=("self",)).get(pk=pk)
    _project(locked, at or clock.now(), reread_flag=True)


def _project(dossier, at: dt.datetime, *, reread_flag: bool = False) -> None:
    """Steps 1–4 of the module docstring for one dossier (its row locked by the caller).

    The complained-or-disliked flag changes only through :func:`refresh_dossier` (the portal calls it
    in the transaction that records the rating or complaint, or rejects the complaint), which reads
    it from the sources; a dossier transition keeps the flag already stored in ``DossierStat`` — one
    query less on every transition of the counter's busiest path (the rebuild = incremental tests
    with ratings and complaints hold the two ways together)."""
    stat = DossierStat.objects.filter(pk=dossier.pk).first()
    state = state_of(stat)
    snapshot = live_snapshot(dossier, at, None if reread_flag or stat is None else state.disliked)
    calendar = deadlines.calendar_for_dossier(dossier) if snapshot.accepted_at else None
    new, deltas = advance(state, snapshot, calendar)
    if deltas:
        apply_deltas(deltas)
    if stat is None:
        stat_row(dossier.pk, snapshot.dims, new).save(force_insert=True)
    elif new != state:
        stat_row(dossier.pk, snapshot.dims, new).save(force_update=True)


def connect() -> None:
    from motcua.dossiers.services import dossier_changed

    dossier_changed.connect(on_dossier_changed, dispatch_uid="reports.aggregates")


# --- the rebuild --------------------------------------------------------------------------------------


def _history_batches(batch: int):
    """Dossiers with their transitions, waiting periods, components and complained-or-disliked flag,
    ``batch`` at a time."""
    last = 0
    while True:
        dossiers = list(
            Dossier.objects.filter(pk__gt=last)
            .select_related("receiving_centre")
            .order_by("pk")
            .only(
                "pk",
                "stage",
                "channel",
                "receiving_centre__code",
                "receiving_centre__province_code",
                "resolving_department_id",
                "procedure_id",
                "accepted_at",
                "clock_started_at",
                "original_due_at",
                "ended_at",
            )[:batch]
        )
        if not dossiers:
            return
        ids = [d.pk for d in dossiers]
        last = ids[-1]
        transitions: dict[int, list] = {i: [] for i in ids}
        for t in Transition.objects.filter(dossier_id__in=ids).order_by("dossier_id", "seq").only(
            "dossier_id", "seq", "action", "from_stage", "to_stage", "at"
        ):
            transitions[t.dossier_id].append(t)
        periods: dict[int, list] = {i: [] for i in ids}
        for p in WaitingPeriod.objects.filter(dossier_id__in=ids).only(
            "dossier_id", "kind", "answered_at", "closed_at", "excluded_minutes"
        ):
            periods[p.dossier_id].append(p)
        components: dict[int, list] = {i: [] for i in ids}
        for dossier_id, kind, files in (
            DossierDocument.objects.filter(dossier_id__in=ids)
            .annotate(files_count=Count("files"))
            .values_list("dossier_id", "supplied_as", "files_count")
        ):
            components[dossier_id].append((kind, files))
        flagged = dislikes.flagged(ids)  # one query per batch
        yield [
            (d, transitions[d.pk], periods[d.pk], is_digitised(components[d.pk]), d.pk in flagged) for d in dossiers
        ]


def rebuild(*, batch: int = 2000, progress: Callable[[int], None] | None = None) -> dict:
    """Recompute every aggregate from the dossiers' histories (in one transaction)."""
    if batch < 1:  # the tables are emptied first: a batch that reads nothing would leave them empty
        raise ValueError("rebuild: batch must be at least 1")
    calendars = CalendarCache()
    acc = Accumulator()
    dossiers = 0
    with transaction.atomic():
        for model in (DailyFigure, MonthlyFigure, PendingFigure, StockTotal, DossierStat):
            model.objects.all().delete()
        for chunk in _history_batches(batch):
            stats = []
            for dossier, transitions, periods, digitised, disliked in chunk:
                if not transitions:
                    continue
                snapshots = history_snapshots(dossier, transitions, periods, digitised, disliked)
                calendar = (
                    calendars.for_dossier(
                        dossier.receiving_centre.province_code, dossier.receiving_centre.code, dossier.accepted_at
                    )
                    if dossier.accepted_at
                    else None
                )
                state, deltas = replay(snapshots, calendar)
                acc.add(deltas)
                stats.append(stat_row(dossier.pk, snapshots[0].dims, state))
            DossierStat.objects.bulk_create(stats, batch_size=1000)
            dossiers += len(chunk)
            if progress:
                progress(len(chunk))
        write_accumulated(acc, fresh=True)
    return {
        "dossiers": dossiers,
        "daily_rows": len(acc.daily),
        "monthly_rows": len(acc.monthly),
        "pending_rows": len(acc.pending),
        "stock_rows": len(acc.stock),
    }


AGGREGATE_MODELS = (DailyFigure, MonthlyFigure, PendingFigure, StockTotal, DossierStat)


@contextmanager
def compared_with_stored() -> Iterator[dict[str, int]]:
    """``reports-rebuild --check``: copies the stored aggregates aside (temporary tables, without the
    surrogate ids) and, once the body has rebuilt them, fills the yielded dict with the number of rows
    that differ per model (0 everywhere: identical). The comparison runs in the database (``EXCEPT``
    both ways), so it needs no memory per dossier — a copy of ten million ``DossierStat`` rows as Python
    tuples would not fit. Run it inside the transaction the caller rolls back."""
    qn = connection.ops.quote_name
    tables = {}
    for model in AGGREGATE_MODELS:
        columns = ", ".join(qn(f.column) for f in model._meta.concrete_fields if f.name != "id")
        tables[model] = (qn(model._meta.db_table), qn(f"check_{model._meta.db_table}"), columns)
    differences: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table, stored, columns in tables.values():
            cursor.execute(f"CREATE TEMPORARY TABLE {stored} AS SELECT {columns} FROM {table}")
        yield differences  # on an error the caller's rollback takes the copies away with the rest
        for model, (table, stored, columns) in tables.items():
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM (SELECT {columns} FROM {stored} EXCEPT "
                f"SELECT {columns} FROM {table}) AS a), (SELECT COUNT(*) FROM (SELECT {columns} FROM {table} "
                f"EXCEPT SELECT {columns} FROM {stored}) AS b), (SELECT COUNT(*) FROM {stored}), "
                f"(SELECT COUNT(*) FROM {table})"
            )
            gone, new, before, after = cursor.fetchone()
            # rows are unique (each table has a unique key), so the EXCEPTs see every difference; the
            # counts catch a duplicated row all the same
            differences[model.__name__] = max(gone + new, abs(before - after))
        for _table, stored, _columns in tables.values():
            cursor.execute(f"DROP TABLE {stored}")

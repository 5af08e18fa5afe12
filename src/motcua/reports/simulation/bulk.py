"""The fast path of the simulation: the rows the dossier services would write, written in bulk.

Two months of Vĩnh Long (~210,000 dossiers, ~1.6 million transitions) cannot go one by one through
the ORM services in a minute (≈ 14 ms a call). This module plays the same plans in the same order
(:func:`~.planner.ordered_events`) against in-memory copies of the dossiers, doing what each
service does — the same appointment and step deadlines on the same calendar, the same timeline,
audit and outbox contents, the same code numbers, the same waiting-period arithmetic — and inserts
the rows with one ``executemany`` per table and batch, ids assigned in creation order as the
database would: the rows that never change once made (applicants, timeline, audit, outbox) every
``FLUSH_EVERY`` events inside the one transaction, the dossiers and what still changes at the end.
The reports' aggregates come from the same projection (:func:`.projection.advance`) fed with the
same snapshots the ``dossier_changed`` receiver sees.

``tests/test_simulation_bulk.py`` runs a sample both ways (services, then this) from the same seed
and compares every row, normalised only for what the services draw at random (the dossier's
``uid``, its lookup secret and what embeds them: the audit object reference of a submission, the
outbox ``uid``, the audit hashes); both audit chains must verify.

Only the service paths the planner uses are reproduced (submit, receive, accept, refuse at
intake, transfer, assign, complete step, approve, issue result, same-day completion, return,
supplement request and receipt, withdrawal and stop, refusal); anything else raises.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Max

from motcua.catalog.models import Procedure
from motcua.core.db import refresh_planner_statistics
from motcua.dossiers import audit
from motcua.dossiers import services as s
from motcua.dossiers.codes import format_code, node_range
from motcua.dossiers.models import (
    NATIONAL_CHANNEL_CODE,
    Applicant,
    AuditEntry,
    AuditHead,
    CodeCounter,
    Dossier,
    DossierDocument,
    DossierStep,
    OutboxEvent,
    Transition,
    WaitingPeriod,
)
from motcua.dossiers.workflow import AUDIT_CODES, PREVIOUS, SAME, STAGE_STATUS, TRANSITIONS, Stage
from motcua.lib import clock
from motcua.lib.text import fold
from motcua.org.models import Department, ServiceCentre, User
from motcua.worktime import services as worktime
from motcua.worktime.engine import CalendarRangeError, Duration

from ..aggregates import CalendarCache, is_digitised, write_accumulated
from ..models import DailyFigure, DossierStat, MonthlyFigure, PendingFigure, StockTotal
from ..projection import NATIONAL_CHANNEL, Accumulator, Dims, Snapshot, State, advance
from .driver import SUPPLEMENT_ITEM
from .planner import Plan, ordered_events

UTC = dt.UTC
VN = clock.BUSINESS_TZ
TRANSITION_COLUMNS = ("id", "seq", "action", "from_status", "from_stage", "to_status", "to_stage", "at", "actor_label",
                      "actor_role", "reason", "data", "actor_id", "dossier_id")
AUDIT_COLUMNS = ("id", "seq", "at", "actor_label", "action", "object_type", "object_ref", "data", "prev_hash", "hash",
                 "actor_id")
OUTBOX_COLUMNS = ("id", "created_at", "kind", "status_code", "payload", "dispatched_at", "attempts", "last_error",
                  "dossier_id")
# stages whose phase is not "open" (projection.phase_of): a change between them always re-projects
_PHASE_STAGES = frozenset({"supplement_requested", "cancelled", "refused"})


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
_encode_string = json.encoder.encode_basestring  # what ensure_ascii=False writes for a str
_ascii = json.encoder.encode_basestring_ascii  # what json.dumps (ensure_ascii=True) writes for a str


def _canonical(value) -> str:
    """``audit.canonical_json`` of one value (scalars without building an encoder)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _ENCODER.encode(value)
RETURN_STEP_OPENERS = {"issue_result"}
# Rows that never change once made are inserted every FLUSH_EVERY events, the rest at the end
FLUSH_EVERY = 50_000
STREAMED = (Applicant, Transition, AuditEntry, OutboxEvent)
WRITE_ORDER = (Applicant, CodeCounter, Dossier, DossierStep, DossierDocument, WaitingPeriod, Transition, AuditEntry,
               OutboxEvent, DossierStat)
CITIZEN_ROLE = "citizen"


# --- writing tables ------------------------------------------------------------------------------------


class Table:
    """Rows of one model, converted to what the database driver expects, inserted with executemany."""

    def __init__(self, model, order: tuple[str, ...] | None = None):
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [fields[name] for name in order] if order else list(fields.values())
        self.names = [f.attname for f in self.fields]
        # what a field left out of a row gets: its default, None for a callable default
        self._missing = {f.attname: None if callable(f.default) else f.get_default() for f in self.fields}
        self.rows: list[tuple] = []
        self._prep = [self._converter(f) for f in self.fields]
        # add(): the values picked in column order in C, then only the columns that need converting
        self._pick = operator.itemgetter(*self.names)
        self._convert = [(i, prep) for i, prep in enumerate(self._prep) if prep is not None]

    @staticmethod
    def _converter(field) -> Callable | None:
        """What ``field.get_db_prep_save`` gives, without its per-value overhead (millions of values)."""
        kind = field.get_internal_type()
        sqlite = connection.vendor == "sqlite"
        if kind == "DateTimeField" and sqlite:
            # django.db.backends.sqlite3: naive UTC (the connection's time zone), str(); cached per moment
            # because many rows share a minute (hundreds of thousands of conversions otherwise)
            cache: dict = {}

            def moment(v, cache=cache):
                if v is None:
                    return None
                text = cache.get(v)
                if text is None:
                    text = cache[v] = str(v.astimezone(UTC).replace(tzinfo=None))
                return text

            return moment
        if kind == "DateField" and sqlite:
            return lambda v: None if v is None else str(v)
        if kind == "UUIDField" and not connection.features.has_native_uuid_field:
            return lambda v: None if v is None else v.hex
        if kind == "JSONField":
            if sqlite:
                return lambda v, dumps=json.dumps: dumps(v)
            return lambda v, adapt=connection.ops.adapt_json_value: adapt(v, None)
        if kind == "DecimalField":
            return lambda v, field=field: field.get_db_prep_save(v, connection)
        return None

    def add(self, values: dict) -> None:
        try:
            row = self._pick(values)
        except KeyError:
            row = self._pick({**self._missing, **values})
        if self._convert:
            row = list(row)
            for i, prep in self._convert:
                row[i] = prep(row[i])
            row = tuple(row)
        self.rows.append(row)

    def write(self, cursor, batch: int = 20_000) -> int:
        if not self.rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        for start in range(0, len(self.rows), batch):
            cursor.executemany(sql, self.rows[start : start + batch])
        return len(self.rows)


def _next_id(model) -> int:
    """The id the database would give the next row: the sequence's next value on PostgreSQL (it may be
    ahead of the largest id), on SQLite one more than the larger of the AUTOINCREMENT counter and the
    largest id."""
    largest = model.objects.aggregate(m=Max("id"))["m"] or 0
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
                last, called = cursor.fetchone()
                return max(largest, last if called else last - 1) + 1
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            return max(largest, row[0] if row else 0) + 1
    return largest + 1


# --- the in-memory dossier ---------------------------------------------------------------------------


class Actor(NamedTuple):
    """A staff account as the bulk path needs it (no model instance per event)."""

    pk: int
    username: str
    full_name: str


class Citizen(NamedTuple):
    """The applicant acting through the portal."""

    plan: Plan


class SimDossier:
    """A dossier as the services would hold it: the row (by attname), its steps, periods, documents."""

    __slots__ = (
        "calendar",
        "centre",
        "current",
        "department_code",
        "documents",
        "facts",
        "periods",
        "plan",
        "row",
        "seq",
        "state",
        "steps",
        "version",
    )

    def __init__(self, row: dict, plan: Plan, version, calendar, centre, department_code: str):
        self.row = row
        self.plan, self.version, self.calendar, self.centre = plan, version, calendar, centre
        self.department_code = department_code
        self.steps: list[dict] = []
        self.current: dict | None = None
        self.periods: list[dict] = []
        self.documents: list[dict] = []
        self.seq = 0
        self.state = State()
        self.facts = None

    @property
    def key(self) -> str:
        return self.row["code"] or str(self.row["uid"])


class VersionInfo:
    """What the services read from a pinned procedure version, read once."""

    def __init__(self, version):
        self.version = version
        self.number = version.number
        self.documents = {d.order: d for d in version.required_documents.all()}
        self.plan = s._plan(version)
        self.policy = version.supplement_policy or "pause"
        self.durations: dict[str, str] = {}
        self.fees: dict[str, object] = {}

    def duration(self, channel: str) -> str:
        if channel not in self.durations:
            self.durations[channel] = s._duration_for(self.version, channel, None, None)[0]
        return self.durations[channel]

    def fee(self, channel: str):
        if channel not in self.fees:
            self.fees[channel] = s._default_fee(self.version, channel)
        return self.fees[channel]

    def next_planned(self, after: int | None, *, counter: bool | None = None):
        for planned in self.plan:
            if after is not None and planned.order <= after:
                continue
            if counter is None or (planned.role == "counter_officer") == counter:
                return planned
        return None

    def return_step(self):
        agency = [p.order for p in self.plan if p.role != "counter_officer"]
        last = max(agency) if agency else 0
        return next((p for p in self.plan if p.role == "counter_officer" and p.order > last), None)


# --- the writer ---------------------------------------------------------------------------------------------


class BulkLoad:
    finishing: Callable[[], None] | None = None  # told when the events are played and the end begins

    def __init__(self, plans: list[Plan], seed: int, progress: Callable[[int], None] | None = None):
        self.plans = plans
        self.by_key = {p.key: p for p in plans}
        self.rng = random.Random(seed ^ 0x2545F491)
        self.progress = progress
        self.tables = {m: Table(m) for m in (Applicant, Dossier, DossierDocument, DossierStep, WaitingPeriod,
                                              CodeCounter)}
        # the three tables with a row per event are filled with ready tuples, in this column order
        self.tables[Transition] = Table(Transition, TRANSITION_COLUMNS)
        self.tables[AuditEntry] = Table(AuditEntry, AUDIT_COLUMNS)
        self.tables[OutboxEvent] = Table(OutboxEvent, OUTBOX_COLUMNS)
        self.calendars = CalendarCache()
        self.acc = Accumulator()
        self.tables[DossierStat] = Table(DossierStat)
        self._moments: dict = {}
        self._data_cache: dict = {}
        self._audit_moments: dict = {}
        self._sqlite = connection.vendor == "sqlite"
        self._dt = self.tables[Transition]._prep[self.tables[Transition].names.index("at")] or (lambda v: v)
        self._json = self.tables[Transition]._prep[self.tables[Transition].names.index("data")]

    # --- reference data ---------------------------------------------------------------------------

    def _load_reference(self) -> None:
        accounts = User.objects.filter(is_active=True).values_list("id", "username", "full_name")
        self.users = {username: Actor(pk, username, full_name) for pk, username, full_name in accounts}
        self.centres = {c.code: c for c in ServiceCentre.objects.all()}
        self.departments = {d.code: d for d in Department.objects.all()}
        codes = {p.procedure for p in self.plans}
        self.procedures = {p.code: p for p in Procedure.objects.filter(code__in=codes).select_related("sector")}
        self._versions: dict[int, list[VersionInfo]] = {}
        self.ids = {model: _next_id(model) for model in self.tables if model is not DossierStat}
        head = AuditHead.objects.filter(id=1).first()
        self.audit_seq = head.last_seq if head else 0
        self.audit_hash = head.last_hash if head else audit.GENESIS_HASH
        self.counters: dict[tuple[str, dt.date], list] = {}
        existing = CodeCounter.objects.filter(node=s._node_id())
        self.existing_counters = {(c.agency_id, c.day): c for c in existing}
        self.applicants: dict[tuple[str, str], int] = dict(
            ((kind, number), pk) for kind, number, pk in Applicant.objects.values_list("kind", "id_number", "id")
        )

    def version_for(self, procedure, at: dt.datetime) -> VersionInfo:
        """``catalog.services.current_version`` (the version in force at ``at``), read once per version."""
        versions = self._versions.get(procedure.pk)
        if versions is None:
            versions = self._versions[procedure.pk] = [
                VersionInfo(v)
                for v in procedure.versions.filter(status__in=("published", "retired"), valid_from__isnull=False)
                .order_by("-valid_from")
                .prefetch_related("channel_options", "required_documents", "processing_steps")
            ]
        for info in versions:
            version = info.version
            if version.valid_from <= at and (version.valid_until is None or at < version.valid_until):
                return info
        raise ValueError(f"Nạp nhanh: thủ tục {procedure.code} không có phiên bản có hiệu lực lúc {at}.")

    def take_id(self, model) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    # --- the run --------------------------------------------------------------------------------------

    def run(self) -> dict[int, int]:
        self._load_reference()
        self.dossiers: dict[int, SimDossier] = {}
        handlers = {
            "submit": self._create, "receive": self._create, "accept": self._accept,
            "refuse_intake": self._refuse_intake, "transfer": self._transfer, "assign": self._assign,
            "complete_step": self._complete_step, "approve": self._approve, "issue_result": self._issue_result,
            "complete_same_day": self._complete_same_day, "return_result": self._return_result,
            "request_supplement": self._request_supplement, "receive_supplement": self._receive_supplement,
            "request_withdrawal": self._request_withdrawal, "stop": self._stop,
            "refuse_resolution": self._refuse_resolution,
        }
        events = ordered_events(self.plans)
        with self._writing(len(events)) as cursor:
            for done, (at, key, _index, event) in enumerate(events, start=1):
                plan = self.by_key[key]
                actor = self._actor(plan, event.actor)
                handler = handlers.get(event.action)
                if handler is None:
                    raise ValueError(f"Nạp nhanh: thao tác không hỗ trợ {event.action!r}.")
                if key in self.dossiers:
                    self._reload(self.dossiers[key])
                handler(at, plan, actor, dict(event.params))
                if done % FLUSH_EVERY == 0:
                    self._flush(cursor)
                if self.progress and done % 10_000 == 0:
                    self.progress(10_000)
            if self.finishing:  # the rows still in memory, the indexes, the aggregates, the commit
                self.finishing()
            self._write(cursor)
        return {key: d.row["id"] for key, d in self.dossiers.items()}

    @staticmethod
    def _reload(d: SimDossier) -> None:
        """A transition reads the dossier back from the database: its moments come back in UTC (what
        the transition then computes stays in business time — it shows in the outbox payload)."""
        row = d.row
        for name in ("due_at", "original_due_at", "clock_started_at", "accepted_at", "paused_at"):
            value = row[name]
            if value is not None and value.tzinfo is not UTC:
                row[name] = value.astimezone(UTC)

    def _actor(self, plan: Plan, name: str):
        if name == "citizen":
            return Citizen(plan)
        return self.users[name]

    @staticmethod
    def _label(actor) -> str:
        if isinstance(actor, Citizen):
            return f"công dân …{actor.plan.person.id_number[-4:]}"
        return actor.full_name or actor.username

    @staticmethod
    def _audit_actor(actor) -> tuple[int | None, str]:
        if isinstance(actor, Citizen):
            return None, f"công dân …{actor.plan.person.id_number[-4:]}"
        return actor.pk, (actor.username or "")[:150]

    # --- the machinery every transition shares (_transition, _finish, _record) -------------------------

    def _role(self, actor, action: str) -> str:
        if isinstance(actor, Citizen):
            return CITIZEN_ROLE
        return self._single_role[actor.pk]

    def _data_json(self, data: dict):
        """``Transition.data`` as stored; small scalar-only dicts repeat a lot (cached)."""
        try:
            key = tuple(data.items())
            hash(key)
        except TypeError:
            return self._json(data)
        result = self._data_cache.get(key)
        if result is None:
            result = self._data_cache[key] = self._json(data)
        return result

    def _moment(self, value):
        """A moment as the driver wants it (cached: many events share a minute)."""
        if value is None:
            return None
        result = self._moments.get(value)
        if result is None:
            result = self._moments[value] = self._dt(value)
        return result

    def _finish_and_record(self, d: SimDossier, action: str, actor, role: str, at: dt.datetime,
                           from_status, from_stage: str, data: dict, reason: str = "") -> None:
        edge = TRANSITIONS[(from_stage if from_status is not None else Stage.NEW, action)]
        row = d.row
        if edge.to == SAME:
            to_stage = from_stage
        elif edge.to == PREVIOUS:
            to_stage = row["resume_stage"]
            row["resume_stage"] = ""
        else:
            to_stage = edge.to
        row["stage"] = to_stage
        row["status"] = STAGE_STATUS[to_stage]
        row["row_version"] += 1
        row["updated_at"] = at
        # _record: timeline, audit, outbox, the reports' aggregates
        d.seq += 1
        label = self._label(actor)
        user_id = None if isinstance(actor, Citizen) else actor.pk
        moment = self._moment(at)  # the timeline's, the audit entry's and the outbox event's
        self.tables[Transition].rows.append(
            (self.take_id(Transition), d.seq, action, from_status, from_stage, row["status"], row["stage"],
             moment, label[:150], role, reason, self._data_json(data), user_id, row["id"])
        )
        audit_data = {"from": from_status, "to": row["status"], "stage": row["stage"], "role": role,
                      "reason": reason, "version": row["row_version"], **data}
        self._audit(at, moment, actor, AUDIT_CODES[action], d.key, audit_data)
        kind = "dossier.status_changed" if from_status != row["status"] else "dossier.updated"
        if self._sqlite:  # the payload as json.dumps writes it, from a template (keys in insertion order)
            due = row["due_at"]
            code = row["code"]
            payload = (
                f'{{"code": {"null" if code is None else _ascii(code)}, "uid": "{row["uid"]}", '
                f'"action": "{action}", "status": {row["status"]}, "stage": "{row["stage"]}", '
                f'"channel": {NATIONAL_CHANNEL_CODE[row["channel"]]}, "at": "{at.isoformat()}", '
                f'"due_at": {"null" if due is None else _ascii(due.isoformat())}, '
                f'"agency": {_ascii(d.department_code)}, "actor": {_ascii(label)}, "transition": {d.seq}, '
                f'"version": {row["row_version"]}}}'
            )
        else:
            payload = self._json({
                "code": row["code"], "uid": str(row["uid"]), "action": action, "status": row["status"],
                "stage": row["stage"], "channel": NATIONAL_CHANNEL_CODE[row["channel"]], "at": at.isoformat(),
                "due_at": row["due_at"].isoformat() if row["due_at"] else None, "agency": d.department_code,
                "actor": label, "transition": d.seq, "version": row["row_version"],
            })
        self._outbox(d, moment, kind, payload)
        self._project(d, at)

    def _audit(self, at: dt.datetime, moment, actor, action: str, object_ref: str, data: dict) -> None:
        """One audit entry; its hash is ``audit.entry_hash`` — the canonical JSON is assembled here from
        its parts (keys in sorted order, compact, non-ASCII kept) to hash millions of entries fast."""
        actor_id, actor_label = self._audit_actor(actor)
        self.audit_seq += 1
        canonical_data = _canonical(data)
        at_text = self._audit_moments.get(at)
        if at_text is None:
            at_text = self._audit_moments[at] = at.astimezone(UTC).isoformat(timespec="microseconds")
        payload = (
            f'{{"action":{_canonical(action)},"actor_id":{_canonical(actor_id)},"actor_label":{_canonical(actor_label)},'
            f'"at":"{at_text}","data":{canonical_data},"object_ref":{_canonical(object_ref)},'
            f'"object_type":"dossier","prev":"{self.audit_hash}","seq":{self.audit_seq}}}'
        )
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        self.tables[AuditEntry].rows.append(
            (self.take_id(AuditEntry), self.audit_seq, moment, actor_label, action, "dossier", object_ref,
             canonical_data if self._sqlite else self._json(data), self.audit_hash, digest, actor_id)
        )
        self.audit_hash = digest

    def _outbox(self, d: SimDossier, moment, kind: str, payload) -> None:
        self.tables[OutboxEvent].rows.append(
            (self.take_id(OutboxEvent), moment, kind, d.row["status"], payload, moment, 0, "",
             d.row["id"])
        )

    def _project(self, d: SimDossier, at: dt.datetime) -> None:
        row = d.row
        # Only these facts move the aggregates (projection.advance): when none changed since the last
        # snapshot of an open dossier, advance would return the same state and no delta — skip it.
        facts = (row["stage"] in _PHASE_STAGES, row["accepted_at"], row["ended_at"], row["paused_at"],
                 row["excluded_minutes"], row["supplement_count"], len(d.documents))
        if facts == d.facts and d.state.phase == "open":
            return
        d.facts = facts
        snapshot = Snapshot(
            at=at, stage=row["stage"], dims=self._dims(d), accepted_at=row["accepted_at"],
            clock_started_at=row["clock_started_at"], original_due_at=row["original_due_at"],
            ended_at=row["ended_at"], paused_at=row["paused_at"], excluded_minutes=row["excluded_minutes"],
            supplement_count=row["supplement_count"],
            digitised=is_digitised((doc["supplied_as"], 0) for doc in d.documents) if row["accepted_at"] else None,
            disliked=False,  # the simulation files no complaint and no rating (live_snapshot reads False)
        )
        d.state, deltas = advance(d.state, snapshot, d.calendar if row["accepted_at"] else None)
        self.acc.add(deltas)

    @staticmethod
    def _dims(d: SimDossier) -> Dims:
        row = d.row
        return Dims(row["receiving_centre_id"], row["resolving_department_id"], row["procedure_id"],
                    NATIONAL_CHANNEL[row["channel"]])

    # --- steps (control sheet) ------------------------------------------------------------------------

    def _open_step(self, d: SimDossier, planned, at: dt.datetime, *, centre=None) -> None:
        at_counter = planned.role == "counter_officer"
        due = None
        if planned.budget_minutes:
            try:
                due = d.calendar.add_working_minutes(at, planned.budget_minutes)
            except CalendarRangeError:
                due = None
        step = {
            "id": self.take_id(DossierStep), "dossier_id": d.row["id"], "order": planned.order, "name": planned.name,
            "role": planned.role, "department_id": None if at_counter else d.row["resolving_department_id"],
            "centre_id": (centre or d.row["receiving_centre_id"]) if at_counter else None, "assignee_id": None,
            "budget_minutes": planned.budget_minutes, "started_at": at, "due_at": due, "finished_at": None,
            "outcome": "", "note": "",
        }
        d.steps.append(step)
        d.current = step
        d.row["current_step_id"] = step["id"]

    def _finish_step(self, d: SimDossier, at: dt.datetime, actor, note: str = "") -> dict | None:
        step = d.current
        if step is None or step["finished_at"] is not None:
            d.current = None
            d.row["current_step_id"] = None
            return None
        step["finished_at"] = at
        step["note"] = note[:500]
        if step["assignee_id"] is None and actor is not None and not isinstance(actor, Citizen):
            step["assignee_id"] = actor.pk
        if step["due_at"] is not None:
            due = step["due_at"]
            if at > due:
                step["outcome"] = "late"
            elif at.astimezone(VN).date() < due.astimezone(VN).date():
                step["outcome"] = "early"
            else:
                step["outcome"] = "on_time"
        d.current = None
        d.row["current_step_id"] = None
        return step

    # --- intake ------------------------------------------------------------------------------------------

    def _applicant(self, plan: Plan, at: dt.datetime) -> int:
        person = plan.person
        key = ("citizen", person.id_number)
        if key in self.applicants:
            raise ValueError(f"Nạp nhanh: người nộp {person.id_number} đã có — cơ sở dữ liệu phải trống.")
        pk = self.take_id(Applicant)
        self.tables[Applicant].add(
            {"id": pk, "created_at": at, "updated_at": at,
             "search_text": fold(f"{person.name} {person.id_number} {person.phone}"), "kind": "citizen",
             "id_number": person.id_number, "name": person.name, "phone": person.phone, "email": "",
             "address": person.address}
        )
        self.applicants[key] = pk
        return pk

    def _create(self, at: dt.datetime, plan: Plan, actor, params: dict) -> None:
        action = "submit" if plan.channel == "online" else "receive"
        procedure = self.procedures[plan.procedure]
        version = self.version_for(procedure, at)
        centre = self.centres[plan.centre]
        competent = self.centres[plan.competent]
        department = self.departments[self._department_code(plan)]
        role = self._role(actor, action)
        applicant = self._applicant(plan, at)
        row = {
            "id": self.take_id(Dossier), "created_at": at, "updated_at": at,
            "uid": uuid.UUID(int=self.rng.getrandbits(128), version=4), "code": None,
            "status": STAGE_STATUS[TRANSITIONS[(Stage.NEW, action)].to], "stage": TRANSITIONS[(Stage.NEW, action)].to,
            "row_version": 0, "procedure_id": procedure.pk, "procedure_version_id": version.version.pk,
            "channel": plan.channel, "receiving_centre_id": centre.pk, "return_centre_id": centre.pk,
            "resolving_department_id": department.pk, "applicant_id": applicant, "proxy_id": None,
            "eid_level": 2 if plan.channel == "online" else None, "submitted_at": at, "accepted_at": None,
            "clock_started_at": None, "transferred_at": None, "duration": version.duration(plan.channel),
            "duration_overridden": False, "original_due_at": None, "due_at": None, "reappointed_due_at": None,
            "reappointed_at": None, "extension_days": 0, "extended_at": None, "paused_at": None, "resume_stage": "",
            "excluded_minutes": 0, "supplement_count": 0, "current_step_id": None, "assignee_id": None,
            "decided_at": None, "done_at": None, "returned_at": None, "ended_at": None, "return_method": "",
            "fee_amount": version.fee(plan.channel), "fee_paid": False,
            "lookup_secret": "".join(self.rng.choice(s.SECRET_ALPHABET) for _ in range(s.SECRET_LENGTH)),
            "received_by_id": None,
        }
        calendar = self.calendars.for_dossier(centre.province_code, centre.code, at)
        d = SimDossier(row, plan, version, calendar, centre, department.code)
        self.dossiers[plan.key] = d
        data = {
            "competent_centre": competent.code, "department": department.code,
            "boundary_free": competent.pk != centre.pk, "version": version.number, "duration_overridden": False,
        }
        if action == "receive":
            data.update(self._do_accept(d, at, actor, documents=True))
        else:
            data["documents"] = self._add_documents(d, at)
        self._finish_and_record(d, action, actor, role, at, None, Stage.NEW, data)

    def _department_code(self, plan: Plan) -> str:
        sector = self.procedures[plan.procedure].sector.name
        if not hasattr(self, "_dept_of"):
            self._dept_of = {}
            for dep in sorted(self.departments.values(), key=lambda x: x.code):
                if not dep.is_active:
                    continue
                for sec in dep.sectors or []:
                    self._dept_of.setdefault((dep.centre_id, sec), dep.code)
        return self._dept_of[(self.centres[plan.competent].pk, sector)]

    def _add_documents(self, d: SimDossier, at: dt.datetime, period=None) -> list[dict]:
        added = []
        for order, supplied_as in d.plan.documents:
            required = d.version.documents[order]
            doc = {"id": self.take_id(DossierDocument), "dossier_id": d.row["id"], "required_document_id": required.pk,
                   "name": required.name, "supplied_as": supplied_as, "quantity": 1, "note": "",
                   "waiting_period_id": period, "added_at": at}
            d.documents.append(doc)
            added.append({"document": order, "supplied_as": supplied_as, "files": []})
        return added

    def _do_accept(self, d: SimDossier, at: dt.datetime, actor, *, documents: bool) -> dict:
        row = d.row
        day = at.astimezone(VN).date()
        agency = d.centre.agency_id
        row["code"] = format_code(agency, day, self._reserve(agency, day))
        row["accepted_at"] = at
        d.calendar = self.calendars.for_dossier(d.centre.province_code, d.centre.code, at)
        duration = Duration.parse(row["duration"])
        convention = worktime.default_convention()
        row["clock_started_at"] = d.calendar.period_start(at, duration, convention)
        row["due_at"] = row["original_due_at"] = d.calendar.due(at, duration, convention)
        row["received_by_id"] = None if isinstance(actor, Citizen) else actor.pk
        added = self._add_documents(d, at) if documents else []
        first = d.version.next_planned(None)
        if first is not None:
            self._open_step(d, first, at)
        return {"code": row["code"], "due_at": row["due_at"].isoformat(), "duration": row["duration"],
                "documents": added}

    def _reserve(self, agency: str, day: dt.date) -> int:
        key = (agency, day)
        counter = self.counters.get(key)
        if counter is None:
            if key in self.existing_counters:
                raise ValueError(f"Nạp nhanh: đã có số hồ sơ của {agency} ngày {day}; cơ sở dữ liệu phải trống.")
            first, _last = node_range(s._node_id())
            counter = self.counters[key] = [self.take_id(CodeCounter), first - 1]
        counter[1] += 1
        return counter[1]

    def _accept(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        from_status, from_stage = d.row["status"], d.row["stage"]
        data = self._do_accept(d, at, actor, documents=False)
        self._finish_and_record(d, "accept", actor, self._role(actor, "accept"), at, from_status, from_stage, data)

    def _close_waiting(self, d: SimDossier, at: dt.datetime) -> None:
        for period in d.periods:
            if period["answered_at"] is None and period["closed_at"] is None:
                period["closed_at"] = at
        if d.row["paused_at"] is not None:
            d.row["paused_at"] = None
            if d.row["accepted_at"]:
                self._refresh(d)
        d.row["resume_stage"] = ""

    def _refuse_intake(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        reasons = [r.strip() for r in params["reasons"] if r.strip()]
        from_status, from_stage = d.row["status"], d.row["stage"]
        self._close_waiting(d, at)
        d.row["ended_at"] = at
        self._finish_and_record(d, "refuse_intake", actor, self._role(actor, "refuse_intake"), at, from_status,
                                from_stage, {"reasons": reasons}, reason="; ".join(reasons))

    # --- processing ---------------------------------------------------------------------------------------

    def _simple(self, d: SimDossier, action: str, actor, at: dt.datetime, data: dict, reason: str = "",
                role: str | None = None, from_=None) -> None:
        from_status, from_stage = from_ or (d.row["status"], d.row["stage"])
        self._finish_and_record(d, action, actor, role or self._role(actor, action), at, from_status, from_stage,
                                data, reason)

    def _transfer(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        finished = self._finish_step(d, at, actor, "")
        d.row["transferred_at"] = at
        planned = d.version.next_planned(finished["order"] if finished else None, counter=False)
        if planned is None:
            planned = s.PlannedStep(2, "Thẩm định, xử lý hồ sơ", "specialist", None)
        self._open_step(d, planned, at)
        self._simple(d, "transfer", actor, at, {"department": d.department_code}, from_=before)

    def _assign(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        d.row["assignee_id"] = actor.pk
        if d.current is not None:
            d.current["assignee_id"] = actor.pk
        self._simple(d, "assign", actor, at, {"assignee": actor.username})

    def _complete_step(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        step = d.current
        role = step["role"]
        planned = d.version.next_planned(step["order"], counter=False)
        finished = self._finish_step(d, at, actor, "")
        self._open_step(d, planned, at)
        data = {"finished_step": finished["order"], "outcome": finished["outcome"], "next_step": planned.order}
        self._simple(d, "complete_step", actor, at, data, role=role, from_=before)

    def _approve(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        finished = self._finish_step(d, at, actor, "")
        d.row["decided_at"] = at
        nxt = d.version.next_planned(finished["order"] if finished else None, counter=False)
        if nxt is not None:
            self._open_step(d, nxt, at)
        self._simple(d, "approve", actor, at, {"finished_step": finished["order"] if finished else None}, from_=before)

    def _issue_result(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        self._finish_step(d, at, actor, "")
        d.row["done_at"] = d.row["ended_at"] = at
        planned = d.version.return_step()
        if planned is not None:
            self._open_step(d, planned, at, centre=d.row["return_centre_id"])
        self._simple(d, "issue_result", actor, at, {"result_reference": ""}, from_=before)

    def _complete_same_day(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        self._finish_step(d, at, actor, "")
        d.row["decided_at"] = d.row["done_at"] = d.row["ended_at"] = at
        self._simple(d, "complete_same_day", actor, at, {"result_reference": ""}, from_=before)

    def _return_result(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        self._finish_step(d, at, actor, "")
        d.row["returned_at"], d.row["return_method"] = at, params["method"]
        self._simple(d, "return_result", actor, at, {"method": params["method"], "recipient": ""}, from_=before)

    # --- pauses ---------------------------------------------------------------------------------------------

    def _request_supplement(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        row = d.row
        before = (row["status"], row["stage"])
        required = d.version.documents[1]
        listed = [{"document": 1, "name": required.name, "detail": SUPPLEMENT_ITEM}]
        period = {
            "id": self.take_id(WaitingPeriod), "dossier_id": row["id"], "kind": "supplement", "requested_at": at,
            "requested_by_id": actor.pk, "items": listed, "reason": "", "policy": d.version.policy,
            "from_stage": row["stage"], "due_before": row["due_at"], "notice_within_limit": None,
            "answered_at": None, "answered_by": "", "closed_at": None, "due_after": None, "excluded_minutes": 0,
        }
        d.periods.append(period)
        row["paused_at"] = at
        row["resume_stage"] = row["stage"]
        row["supplement_count"] += 1
        if row["transferred_at"]:
            used = d.calendar.working_minutes_between(row["transferred_at"], at)
            period["notice_within_limit"] = used <= s.SUPPLEMENT_NOTICE_WORKING_DAYS * d.calendar.minutes_per_day
        data = {"items": listed, "policy": d.version.policy, "request_number": row["supplement_count"],
                "notice_within_limit": period["notice_within_limit"]}
        self._simple(d, "request_supplement", actor, at, data, from_=before)

    def _refresh(self, d: SimDossier) -> None:
        """deadlines.refresh: replay the closed waiting periods on the original appointment."""
        row, calendar = d.row, d.calendar
        duration = Duration.parse(row["duration"])
        convention = worktime.default_convention()
        started = calendar.period_start(row["accepted_at"], duration, convention)
        due = calendar.due(row["accepted_at"], duration, convention)
        events = []
        for period in sorted(d.periods, key=lambda p: (p["requested_at"], p["id"])):
            if period["kind"] == "completion":
                continue
            if period["answered_at"] is not None:
                events.append((period["answered_at"], 1, "resume", period))
            elif period["closed_at"] is not None:
                events.append((period["closed_at"], 1, "close", period))
        events.sort(key=lambda e: (e[0], e[1]))
        excluded = 0
        for moment, _order, kind, period in events:
            if kind == "resume":
                if period["kind"] == "supplement" and period["policy"] == "restart":
                    due = calendar.restart(moment, duration, convention)
                    minutes = calendar.working_minutes_between(started, moment) - excluded
                else:
                    due = calendar.resume(due, period["requested_at"], moment)
                    minutes = calendar.working_minutes_between(period["requested_at"], moment)
                excluded += minutes
                period["due_after"], period["excluded_minutes"] = due, minutes
            else:
                minutes = calendar.working_minutes_between(period["requested_at"], moment)
                excluded += minutes
                period["due_after"], period["excluded_minutes"] = None, minutes
        row["clock_started_at"], row["due_at"], row["excluded_minutes"] = started, due, excluded

    def _receive_supplement(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        row = d.row
        before = (row["status"], row["stage"])
        period = next(p for p in d.periods if p["kind"] == "supplement" and p["answered_at"] is None
                      and p["closed_at"] is None)
        paused_at = row["paused_at"] or period["requested_at"]
        period["answered_at"], period["answered_by"] = at, self._label(actor)[:150]
        row["paused_at"] = None
        self._refresh(d)
        step = d.current
        if step is not None and step["finished_at"] is None and step["due_at"] is not None:
            step["due_at"] = d.calendar.resume(step["due_at"], paused_at, at)
        data = {"documents": [], "policy": period["policy"], "due_at": row["due_at"].isoformat(),
                "excluded_minutes": period["excluded_minutes"]}
        self._simple(d, "receive_supplement", actor, at, data, from_=before)

    # --- ends ----------------------------------------------------------------------------------------------

    def _request_withdrawal(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        self._close_waiting(d, at)
        d.row["ended_at"] = d.row["ended_at"] or at
        reason = params.get("reason", "").strip()
        self._simple(d, "request_withdrawal", actor, at, {"stage_reached": before[1]}, reason=reason, from_=before)

    def _stop(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        reason = params.get("reason", "")
        self._finish_step(d, at, actor, reason)
        d.row["ended_at"] = d.row["ended_at"] or at
        self._simple(d, "stop", actor, at, {"fee_handling": ""}, reason=reason.strip(), from_=before)

    def _refuse_resolution(self, at, plan, actor, params) -> None:
        d = self.dossiers[plan.key]
        before = (d.row["status"], d.row["stage"])
        reasons = [r.strip() for r in params["reasons"] if r.strip()]
        text = "; ".join(reasons)
        self._close_waiting(d, at)
        self._finish_step(d, at, actor, text)
        d.row["decided_at"] = d.row["ended_at"] = at
        self._simple(d, "refuse_resolution", actor, at, {"reasons": reasons}, reason=text, from_=before)

    # --- writing -------------------------------------------------------------------------------------------

    @contextmanager
    def _writing(self, events: int):
        """The one transaction of the load, opened before the first event: rows that never change
        once made (applicants, timeline, audit, outbox — most of the volume) are inserted as the events
        go (:meth:`_flush`) instead of being held in memory to the end; the rest at the end."""
        standalone = self._sqlite and not connection.in_atomic_block and events > 50_000
        with connection.cursor() as cursor:
            journal = None
            if standalone:
                # One big load into a quiet database: foreign-key checks off (every row references ids that
                # exist), and a rollback journal instead of the write-ahead log for this one transaction —
                # the new pages are written once instead of twice (WAL, then checkpoint).
                cursor.execute("PRAGMA foreign_keys = OFF")
                cursor.execute("PRAGMA journal_mode")
                journal = cursor.fetchone()[0]
                cursor.execute("PRAGMA journal_mode = DELETE")
            try:
                with transaction.atomic():
                    cache_size, indexes = self._begin(cursor, drop_indexes=standalone)
                    yield cursor
                    self._end(cursor, cache_size, indexes)
            finally:
                if standalone:
                    cursor.execute("PRAGMA foreign_keys = ON")
                    cursor.execute(f"PRAGMA journal_mode = {journal}")

    def _flush(self, cursor) -> None:
        for model in STREAMED:
            self.tables[model].write(cursor)
            self.tables[model].rows.clear()

    def _write(self, cursor) -> None:
        for d in self.dossiers.values():
            self.tables[Dossier].add(d.row)
            for step in d.steps:
                self.tables[DossierStep].add(step)
            for doc in d.documents:
                self.tables[DossierDocument].add(doc)
            for period in d.periods:
                self.tables[WaitingPeriod].add(period)
            st, dims = d.state, self._dims(d)
            self.tables[DossierStat].add({
                "dossier_id": d.row["id"], "centre_id": dims.centre_id, "department_id": dims.department_id,
                "procedure_id": dims.procedure_id, "channel": dims.channel, "phase": st.phase,
                "received_on": st.received_on, "digitised": st.digitised, "overdue_on": st.overdue_on,
                "pending_on": st.pending_on, "outcome": st.outcome, "kind": st.kind, "ended_on": st.ended_on,
                "disliked": st.disliked,
            })
        for (agency, day), (pk, last) in self.counters.items():
            self.tables[CodeCounter].add({"id": pk, "agency_id": agency, "day": day, "node": s._node_id(),
                                          "last_sequence": last})
        for model in (DossierStep, DossierDocument, WaitingPeriod, CodeCounter):  # the others are in id order
            self.tables[model].rows.sort(key=lambda r: r[0])
        # Foreign keys are deferred (Django creates them DEFERRABLE INITIALLY DEFERRED): the timeline
        # already written references dossiers written now, a dossier and its current step each other.
        for model in WRITE_ORDER:
            self.tables[model].write(cursor)

    def _begin(self, cursor, *, drop_indexes: bool) -> tuple[int | None, list[str]]:
        cache_size = None
        if self._sqlite:  # a page cache the size of the indexes being filled
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -524288")  # 512 MiB
        indexes = []
        if drop_indexes:  # secondary indexes are faster built once, sorted, than row by row
            for model in WRITE_ORDER:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                    [model._meta.db_table],
                )
                for name, sql in cursor.fetchall():
                    indexes.append(sql)
                    cursor.execute(f'DROP INDEX "{name}"')
        return cache_size, indexes

    def _end(self, cursor, cache_size: int | None, indexes: list[str]) -> None:
        for sql in indexes:
            cursor.execute(sql)
        AuditHead.objects.bulk_create([AuditHead(id=1, last_seq=0, last_hash=audit.GENESIS_HASH)],
                                      ignore_conflicts=True)
        AuditHead.objects.filter(id=1).update(last_seq=self.audit_seq, last_hash=self.audit_hash)
        write_accumulated(self.acc)
        if cache_size is not None:
            cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(sql)
        refresh_planner_statistics(*self.tables, DailyFigure, MonthlyFigure, PendingFigure, StockTotal)


def _single_roles() -> dict[int, str]:
    from motcua.org.models import Posting

    from .setup import POSTINGS_START

    roles: dict[int, set] = defaultdict(set)
    for user_id, role in Posting.objects.active(POSTINGS_START).values_list("user_id", "role"):
        roles[user_id].add(role)
    return {user_id: sorted(r)[0] for user_id, r in roles.items()}


def load(
    plans: list[Plan],
    seed: int,
    progress: Callable[[int], None] | None = None,
    *,
    finishing: Callable[[], None] | None = None,
) -> dict[int, int]:
    """Write the plans' dossiers in bulk (see the module docstring); returns {plan key: dossier id}.

    ``finishing``: called once every event is played, before the rest is written (the progress bar
    says so)."""
    writer = BulkLoad(plans, seed, progress)
    writer.finishing = finishing
    writer._single_role = _single_roles()
    return writer.run()


__all__ = ["BulkLoad", "load"]

"""Replication of dossiers between a counter node and the provincial server (issue 8).

A counter node (``motcua.countersync``) keeps receiving through an outage with the normal services:
its own code range (DOMAIN §5), its cached calendar and catalogue (DOMAIN §6). This module is the
dossier side of bringing those facts to the province exactly once, and the province's state back:

- :func:`export_state` — a dossier and everything hanging off it (checklist and scan metadata,
  waiting periods, control-sheet steps, timeline) as plain JSON with natural keys (codes, usernames,
  procedure code and version number) instead of database ids. One format in both directions.
- :func:`import_new_dossier` — the province creates a dossier a node received **as the node recorded
  it**: same reference (``uid``), code, lookup secret, times and the appointment printed on the
  receipt. New dossiers cannot conflict (codes are reserved per node); the intake transition is
  written by the services' own recorder, so the timeline, the audit chain and the outbox (→ the
  national portal) are those of any other dossier.
- :func:`replay_action` — a node's later action on a dossier is run through the normal service **at
  the moment it happened at the node** (``services._REPLAY``); the service's own rules decide
  whether it is still allowed. A :class:`~.errors.DossierError` is a conflict for the caller to
  keep and flag — never to drop.
- :func:`apply_state` — the node overwrites its cached copy of a dossier with the province's state.
- :func:`action_arguments` — on the node, the service arguments of a transition, rebuilt from its
  timeline row (which records everything the service was given).

Finding dossiers is the caller's business (STYLE §4: in this app only ``access``/``services`` query
``Dossier.objects``): countersync looks them up by ``uid`` and passes the instance.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion
from motcua.org.models import Department, ServiceCentre, User

from . import audit, services
from .codes import SEQUENCE_SPAN, parse_code
from .errors import DossierError
from .models import (
    Applicant,
    CodeCounter,
    Dossier,
    DossierDocument,
    DossierStep,
    SuppliedAs,
    Transition,
    WaitingPeriod,
)
from .workflow import Action, Stage

STATE_FORMAT = 1
# Local bookkeeping, not facts of the dossier: each side keeps its own.
_LOCAL_FIELDS = {"created_at", "updated_at", "search_text"}


# --- plain values ------------------------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # one spelling of a moment on both sides
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return str(value)


def _load(value: Any, field: models.Field) -> Any:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return dt.datetime.fromisoformat(value)
    if kind == "DateField":
        return dt.date.fromisoformat(value)
    if kind == "TimeField":
        return dt.time.fromisoformat(value)
    if kind == "DecimalField":
        return Decimal(value)
    if kind == "UUIDField":
        return uuid.UUID(value)
    return value


def _scalars(model: type[models.Model], exclude: set[str] = frozenset()) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.is_relation and not f.primary_key and f.name not in _LOCAL_FIELDS | exclude
    ]


def _scalar_values(obj: models.Model, exclude: set[str] = frozenset()) -> dict:
    return {f.name: _dump(getattr(obj, f.attname)) for f in _scalars(type(obj), exclude)}


def _set_scalars(obj: models.Model, values: dict, exclude: set[str] = frozenset()) -> None:
    for f in _scalars(type(obj), exclude):
        if f.name in values:  # a field the other side does not know keeps its default
            setattr(obj, f.attname, _load(values[f.name], f))


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _applicant(applicant: Applicant | None) -> dict | None:
    if applicant is None:
        return None
    return {k: getattr(applicant, k) for k in ("kind", "id_number", "name", "phone", "email", "address")}


# --- export ------------------------------------------------------------------------------------------


def export_state(dossier: Dossier) -> dict:
    """The dossier as facts with natural keys (see the module docstring)."""
    d = dossier
    documents = list(
        d.documents.select_related("required_document", "waiting_period").prefetch_related("files").order_by("id")
    )
    periods = list(d.waiting_periods.select_related("requested_by").order_by("requested_at", "id"))
    steps = list(d.steps.select_related("department", "centre", "assignee").order_by("started_at", "id"))
    period_index = {p.pk: i for i, p in enumerate(periods)}
    step_ids = [s.pk for s in steps]
    state = {
        "format": STATE_FORMAT,
        "uid": str(d.uid),
        "code": d.code,
        "fields": _scalar_values(d, {"uid", "code"}),
        "procedure": d.procedure.code,
        "version": d.procedure_version.number,
        "receiving_centre": d.receiving_centre.code,
        "return_centre": d.return_centre.code,
        "department": d.resolving_department.code,
        "applicant": _applicant(d.applicant),
        "proxy": _applicant(d.proxy),
        "assignee": _username(d.assignee),
        "received_by": _username(d.received_by),
        "current_step": step_ids.index(d.current_step_id) if d.current_step_id in step_ids else None,
        "documents": [
            {
                **_scalar_values(doc),
                "document": doc.required_document.order if doc.required_document_id else None,
                "waiting_period": period_index.get(doc.waiting_period_id),
                "files": [
                    {
                        "name": f.original_name,
                        "content_type": f.content_type,
                        "size": f.size,
                        "sha256": f.sha256,
                        "uploaded_at": _dump(f.uploaded_at),
                    }
                    for f in sorted(doc.files.all(), key=lambda f: f.pk)
                ],
            }
            for doc in documents
        ],
        "waiting_periods": [{**_scalar_values(p), "requested_by": _username(p.requested_by)} for p in periods],
        "steps": [
            {
                **_scalar_values(s),
                "department": s.department.code if s.department_id else None,
                "centre": s.centre.code if s.centre_id else None,
                "assignee": _username(s.assignee),
            }
            for s in steps
        ],
        "transitions": [
            {**_scalar_values(t), "actor": _username(t.actor)}
            for t in d.transitions.select_related("actor").order_by("seq")
        ],
    }
    return audit.normalise(state)  # plain JSON: what the other side will read


def comparable(state: dict) -> dict:
    """What two copies must agree on (scan metadata aside: scans travel on their own, see countersync)."""
    return {**state, "documents": [{k: v for k, v in doc.items() if k != "files"} for doc in state["documents"]]}


# --- apply -------------------------------------------------------------------------------------------


class _Refs:
    """Natural key → row, looked up once per state."""

    def __init__(self, state: dict, *, placeholders: bool = False) -> None:
        names = {state.get("assignee"), state.get("received_by")}
        names |= {p.get("requested_by") for p in state["waiting_periods"]}
        names |= {s.get("assignee") for s in state["steps"]}
        names |= {t.get("actor") for t in state["transitions"]}
        names.discard(None)
        self.users = {u.username: u for u in User.objects.filter(username__in=names)}
        if placeholders:  # a node keeps who did what even for people who never work at its centre
            labels = {t.get("actor"): t.get("actor_label") for t in state["transitions"]}
            for name in sorted(names - set(self.users)):
                user = User(username=name, full_name=(labels.get(name) or "")[:150], is_active=False)
                user.set_unusable_password()
                user.save()
                self.users[name] = user
        centre_codes = {state["receiving_centre"], state["return_centre"]} | {s["centre"] for s in state["steps"]}
        centre_codes.discard(None)
        self.centres = {c.code: c for c in ServiceCentre.objects.filter(code__in=centre_codes)}
        dept_codes = {state["department"]} | {s["department"] for s in state["steps"]}
        dept_codes.discard(None)
        self.departments = {d.code: d for d in Department.objects.filter(code__in=dept_codes)}

    def centre(self, code: str) -> ServiceCentre:
        try:
            return self.centres[code]
        except KeyError:
            raise DossierError("validation_error", _("Không có trung tâm mã %(code)s.") % {"code": code}) from None

    def department(self, code: str) -> Department:
        try:
            return self.departments[code]
        except KeyError:
            raise DossierError("validation_error", _("Không có cơ quan mã %(code)s.") % {"code": code}) from None


def _version(state: dict) -> ProcedureVersion:
    version = (
        ProcedureVersion.objects.select_related("procedure")
        .filter(procedure__code=state["procedure"], number=state["version"])
        .first()
    )
    if version is None:
        raise DossierError(
            "no_version_in_force",
            _("Chưa có phiên bản %(number)s của thủ tục %(code)s.")
            % {"number": state["version"], "code": state["procedure"]},
        )
    return version


def _upsert_applicant(data: dict | None) -> Applicant | None:
    if data is None:
        return None
    applicant = Applicant.objects.filter(kind=data["kind"], id_number=data["id_number"]).first()
    if applicant is None:
        return Applicant.objects.create(**data)
    changed = [k for k, v in data.items() if getattr(applicant, k) != v]
    for name in changed:
        setattr(applicant, name, data[name])
    if changed:
        applicant.save(update_fields=changed)
    return applicant


def _pair(existing: list, wanted: list, build) -> list:
    """Make ``existing`` (ordered rows) match ``wanted`` (ordered dicts) position by position; surplus
    rows are returned unchanged at the end for the caller to delete."""
    rows = []
    for i, data in enumerate(wanted):
        row = existing[i] if i < len(existing) else None
        rows.append(build(row, data))
    return rows


def apply_state(
    state: dict, existing: Dossier | None = None, *, transitions: bool = True, placeholders: bool = False
) -> Dossier:
    """Create (``existing=None``) or overwrite a dossier so that it matches ``state`` exactly.

    Must run inside ``transaction.atomic()``. Writes rows only — no transition is *performed*: no
    audit entry, no outbox event (the callers add what their side needs). Scans are not created
    (their content travels separately); a row that already has scans keeps them. With
    ``placeholders`` (the node's mirror) an account the state names but this database lacks (a
    specialist at the province) is created inactive, without a password, so the names stay.
    """
    if state.get("format") != STATE_FORMAT:
        raise DossierError("validation_error", _("Định dạng dữ liệu hồ sơ không được hỗ trợ."))
    refs = _Refs(state, placeholders=placeholders)
    version = _version(state)
    d = existing or Dossier(uid=uuid.UUID(state["uid"]))
    _set_scalars(d, state["fields"], {"uid", "code"})
    d.code = state["code"]
    d.procedure, d.procedure_version = version.procedure, version
    d.receiving_centre = refs.centre(state["receiving_centre"])
    d.return_centre = refs.centre(state["return_centre"])
    d.resolving_department = refs.department(state["department"])
    d.applicant = _upsert_applicant(state["applicant"])
    d.proxy = _upsert_applicant(state["proxy"])
    d.assignee = refs.users.get(state.get("assignee"))
    d.received_by = refs.users.get(state.get("received_by"))
    d.current_step = None
    d.save()

    # 1. waiting periods (documents point at them), 2. documents, 3. steps, 4. the timeline.
    old_periods = list(d.waiting_periods.order_by("requested_at", "id"))

    def period(row, data):
        row = row or WaitingPeriod(dossier=d)
        _set_scalars(row, data)
        row.requested_by = refs.users.get(data.get("requested_by"))
        row.save()
        return row

    periods = _pair(old_periods, state["waiting_periods"], period)

    listed = {r.order: r for r in version.required_documents.all()}
    old_docs = list(d.documents.order_by("id"))

    def document(row, data):
        row = row or DossierDocument(dossier=d)
        _set_scalars(row, data)
        row.required_document = listed.get(data.get("document"))
        index = data.get("waiting_period")
        row.waiting_period = periods[index] if index is not None else None
        row.save()
        return row

    _pair(old_docs, state["documents"], document)
    for row in old_docs[len(state["documents"]) :]:
        row.delete()
    for row in old_periods[len(state["waiting_periods"]) :]:
        row.delete()

    old_steps = list(d.steps.order_by("started_at", "id"))

    def step(row, data):
        row = row or DossierStep(dossier=d)
        _set_scalars(row, data)
        row.department = refs.departments.get(data.get("department"))
        row.centre = refs.centres.get(data.get("centre"))
        row.assignee = refs.users.get(data.get("assignee"))
        row.save()
        return row

    steps = _pair(old_steps, state["steps"], step)
    for row in old_steps[len(state["steps"]) :]:
        row.delete()
    if state.get("current_step") is not None:
        d.current_step = steps[state["current_step"]]
        d.save(update_fields=["current_step"])

    if transitions:
        old = {t.seq: t for t in d.transitions.all()}
        wanted = set()
        for data in state["transitions"]:
            row = old.get(data["seq"]) or Transition(dossier=d)
            _set_scalars(row, data)
            row.actor = refs.users.get(data.get("actor"))
            row.save()
            wanted.add(row.seq)
        for seq, row in old.items():
            if seq not in wanted:
                row.delete()
    return d


# --- the provincial side ----------------------------------------------------------------------------


def note_issued_code(code: str | None) -> None:
    """Keep the province's counter of the node's range at least at ``code`` (a reinstalled node then
    learns where its range stands instead of issuing a number twice)."""
    if not code:
        return
    parsed = parse_code(code)
    node = parsed.sequence // SEQUENCE_SPAN
    CodeCounter.objects.bulk_create(
        [CodeCounter(agency_id=parsed.agency_id, day=parsed.day, node=node, last_sequence=parsed.sequence)],
        ignore_conflicts=True,
    )
    CodeCounter.objects.filter(
        agency_id=parsed.agency_id, day=parsed.day, node=node, last_sequence__lt=parsed.sequence
    ).update(last_sequence=parsed.sequence)


def check_node_code(state: dict, node: int) -> None:
    """DOMAIN §5 and the partition of codes: a node may only have issued codes of its own range, for
    the agency of the centre where the dossier was received."""
    code = state.get("code")
    if not code:
        return
    parsed = parse_code(code)
    centre = ServiceCentre.objects.filter(code=state["receiving_centre"]).first()
    if parsed.sequence // SEQUENCE_SPAN != node or (centre is not None and centre.agency_id != parsed.agency_id):
        raise DossierError(
            "validation_error",
            _("Mã số hồ sơ %(code)s không thuộc dải mã của máy trạm %(node)s tại trung tâm này.")
            % {"code": code, "node": node},
        )


def import_new_dossier(state: dict, *, actor) -> Dossier:
    """Create on the province a dossier received at a counter node, as the node recorded it.

    ``actor`` is the province's account of the officer who received it (same username), or None
    when the province does not know that account (the node's label is kept on the timeline).
    Must run inside ``transaction.atomic()``; a code already used raises ``IntegrityError``.
    """
    first = state["transitions"][0]
    if first.get("from_status") is not None or first["seq"] != 1:
        raise DossierError("validation_error", _("Dữ liệu tạo hồ sơ không bắt đầu bằng bước tiếp nhận."))
    dossier = apply_state(state, None, transitions=False)
    transition = services._record(
        dossier,
        actor,
        first["actor_role"],
        first["action"],
        None,
        Stage.NEW,
        dt.datetime.fromisoformat(first["at"]),
        services.Outcome(reason=first.get("reason", ""), data=first.get("data") or {}),
        None,
        "",
    )
    if actor is None and transition.actor_label != first["actor_label"]:
        transition.actor_label = first["actor_label"]
        transition.save(update_fields=["actor_label"])
    note_issued_code(dossier.code)
    return dossier


@contextlib.contextmanager
def replaying(*, at: dt.datetime, code: str | None = None, due_at: dt.datetime | None = None) -> Iterator[None]:
    """Run services as if at ``at`` (the moment at the node); an acceptance issues ``code`` and keeps
    ``due_at``, the appointment printed on the node's receipt, as the original appointment."""
    token = services._REPLAY.set({"at": at, "code": code, "due_at": due_at})
    try:
        yield
    finally:
        services._REPLAY.reset(token)


def _service(action: str):
    if action == "collect_fee":
        return getattr(services, "collect_fee", None)
    return services.SERVICES.get(action)


def _documents(items) -> list[services.DocumentData]:
    return [
        services.DocumentData(
            document=int(i["document"]),
            supplied_as=i.get("supplied_as") or SuppliedAs.ORIGINAL,
            quantity=int(i.get("quantity") or 1),
            note=i.get("note") or "",
        )
        for i in items or ()
    ]


def _user(username: str | None):
    user = User.objects.filter(username=username, is_active=True).first() if username else None
    if user is None:
        raise DossierError("validation_error", _("Không có cán bộ %(name)s.") % {"name": username})
    return user


_CONVERT = {
    "documents": _documents,
    "items": lambda items: [services.MissingItem(int(i["document"]), i.get("detail") or "") for i in items or ()],
    "assignee": _user,
    "new_due_at": lambda value: dt.datetime.fromisoformat(value) if value else None,
    "amount": lambda value: Decimal(value) if value not in (None, "", "None") else None,
}


def replay_action(dossier: Dossier, actor, action: str, args: dict, *, at: dt.datetime) -> Dossier:
    """Run a node's action through its service at the node's moment (see the module docstring).

    Raises :class:`DossierError` when the province does not allow it any more (the dossier changed
    there meanwhile), or when this version of the system has no such action.
    """
    service = _service(action)
    if service is None:
        raise DossierError(
            "transition_not_allowed", _("Thao tác «%(action)s» chưa được hỗ trợ khi đồng bộ.") % {"action": action}
        )
    accepted = inspect.signature(service).parameters
    kwargs = {
        name: _CONVERT.get(name, lambda v: v)(value)
        for name, value in (args or {}).items()
        if name in accepted and name not in {"dossier", "actor", "idempotency_key", "expected_version"}
    }
    code = printed = None
    if action == Action.ACCEPT:
        # The receipt printed at the node is the appointment (DOMAIN §6: original_due_at is what was
        # printed); the appointment in force stays the province's calendar's (services._start_clock).
        code = (args or {}).get("code")
        printed = dt.datetime.fromisoformat(args["due_at"]) if (args or {}).get("due_at") else None
    with replaying(at=at, code=code, due_at=printed):
        result = service(dossier, actor, **kwargs)
    if action == Action.ACCEPT:
        note_issued_code(result.code)
    return result


def replay_scan(
    dossier: Dossier, actor, *, document_index: int, document_name: str, name: str, content: bytes, at: dt.datetime
):
    """Attach a scan made at the node to the same checklist line (its position in the checklist)."""
    documents = list(dossier.documents.order_by("id"))
    if not 0 <= document_index < len(documents) or documents[document_index].name != document_name:
        raise DossierError("not_found", _("Không tìm thấy thành phần hồ sơ «%(name)s».") % {"name": document_name})
    with replaying(at=at):
        return services.attach_scan(
            dossier, actor, document_id=documents[document_index].pk, upload=services.Upload(name, content)
        )


# --- the node side ---------------------------------------------------------------------------------


def _new_documents(dossier: Dossier, listed) -> list[dict]:
    """The checklist lines a transition added: the last ones of the checklist (same transaction)."""
    count = len(listed or ())
    if not count:
        return []
    rows = list(dossier.documents.select_related("required_document").order_by("-id")[:count])[::-1]
    return [
        {
            "document": r.required_document.order if r.required_document_id else None,
            "supplied_as": r.supplied_as,
            "quantity": r.quantity,
            "note": r.note,
        }
        for r in rows
    ]


def action_arguments(dossier: Dossier, transition: Transition) -> dict:
    """The keyword arguments the service was called with, rebuilt from the timeline row.

    The services record their whole input in ``Transition.reason``/``data`` (normalised: stripped,
    clipped); replaying the normalised values gives the same transition.
    """
    a, data, reason = transition.action, transition.data or {}, transition.reason
    docs = _new_documents(dossier, data.get("documents"))
    items = [{"document": i["document"], "detail": i.get("detail", "")} for i in data.get("items") or ()]
    table: dict[str, dict] = {
        Action.REQUEST_COMPLETION: {"items": items, "reason": reason},
        Action.COMPLETE_SUBMISSION: {"documents": docs},
        Action.ACCEPT: {"documents": docs, "code": data.get("code"), "due_at": data.get("due_at")},
        Action.REFUSE_INTAKE: {"reasons": data.get("reasons") or [reason]},
        Action.TRANSFER: {"note": reason},
        Action.ASSIGN: {"assignee": data.get("assignee"), "note": reason},
        Action.COMPLETE_STEP: {"note": reason},
        Action.APPROVE: {"note": reason},
        Action.REQUEST_SUPPLEMENT: {"items": items, "reason": reason},
        Action.RECEIVE_SUPPLEMENT: {"documents": docs, "note": reason},
        Action.REQUEST_FINANCIAL_OBLIGATION: {"reason": reason, "amount": data.get("amount")},
        Action.CONFIRM_FINANCIAL_OBLIGATION: {"note": reason},
        Action.EXTEND: {
            "working_days": data.get("working_days"),
            "legal_basis": data.get("legal_basis", ""),
            "reason": "" if reason == data.get("legal_basis") else reason,
        },
        Action.APOLOGISE: {"new_due_at": data.get("new_due_at"), "reason": reason},
        Action.REFUSE_RESOLUTION: {"reasons": data.get("reasons") or [reason]},
        Action.REQUEST_WITHDRAWAL: {"reason": reason},
        Action.STOP: {"reason": reason, "fee_handling": data.get("fee_handling", "")},
        Action.ISSUE_RESULT: {"result_reference": data.get("result_reference", ""), "note": reason},
        Action.COMPLETE_SAME_DAY: {"result_reference": data.get("result_reference", ""), "note": reason},
        Action.RETURN_RESULT: {
            "method": data.get("method"),
            "recipient": data.get("recipient", ""),
            "note": reason,
            **{k: data[k] for k in ("identity_check", "proxy_document") if k in data},
        },
        Action.CANCEL: {"reason": reason},
    }
    return table.get(a, {"reason": reason})

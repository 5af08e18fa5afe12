"""Every state change of the catalogue is one named function here (STYLE §2).

- :func:`create_draft_version` — start editing: copy the latest version into a new draft;
- :func:`publish_version` — freeze a draft and put it in force from ``valid_from``;
- :func:`current_version` — the version in force at a moment, which a dossier pins at receipt.

Rules (DOMAIN §6, §11 — "every rule that depends on a legal text is data with an effective date,
and a dossier keeps the rules it was received under"):

1. A published version is never edited; changes go into a new draft (one draft at a time).
2. Publishing is not retroactive: ``valid_from`` is not in the past and is later than the
   ``valid_from`` of the version it replaces. The replaced version stays in force until then.
3. A draft whose time limits are still unresolved (unit lost in the source, time and fee glued
   together) cannot be published: the deadline of a dossier filed under it could not be computed.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.lib import clock

from .models import (
    WORKING_HOURS_PER_DAY,
    ChannelOption,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
    StepRole,
    TimeUnit,
    VersionOrigin,
    VersionStatus,
)

logger = logging.getLogger("motcua.catalog")

# Default internal process (quy trình nội bộ): receive → department processing → approval → return.
# (order, name, role, responsible unit, share of the time limit). Data, stored in Vietnamese.
DEFAULT_STEPS = (
    (1, "Tiếp nhận, kiểm tra và chuyển hồ sơ", StepRole.COUNTER_OFFICER, "Bộ phận Một cửa", Decimal("0.10")),
    (2, "Thẩm định, xử lý hồ sơ", StepRole.SPECIALIST, "Phòng chuyên môn", None),  # the remainder
    (3, "Phê duyệt, ký kết quả", StepRole.APPROVER, "Lãnh đạo cơ quan có thẩm quyền", Decimal("0.20")),
    (4, "Trả kết quả", StepRole.COUNTER_OFFICER, "Bộ phận Một cửa", Decimal("0.10")),
)
_QUARTER = Decimal("0.25")

_VERSION_COPY_EXCLUDE = {
    "id",
    "procedure",
    "number",
    "status",
    "origin",
    "valid_from",
    "valid_until",
    "source_hash",
    "created_at",
    "updated_at",
    "created_by",
    "published_at",
    "published_by",
}


def _log_on_commit(action: str, **data) -> None:
    """Audit line once the change is committed (namespaced action code, STYLE §2).

    The project has no audit store yet; when ``dossiers`` brings one, these move there.
    """
    transaction.on_commit(lambda: logger.info("%s %s", action, data, extra={"action": action, **data}))


def _quarter_hours(value: Decimal) -> Decimal:
    return max(_QUARTER, (value / _QUARTER).to_integral_value(rounding=ROUND_HALF_UP) * _QUARTER)


def step_budget_total(channels: list[ChannelOption]) -> Decimal | None:
    """Working hours the internal steps may share: the direct channel's limit (else the only one).

    None when it is not a countable number of working days/hours (same day, calendar days, months,
    unknown) or when the channel lists several cases with different limits.
    """
    direct = [c for c in channels if c.channel == "direct"] or channels
    totals = set()
    for c in direct:
        if c.unit_missing or c.time_value is None or c.time_value <= 0:
            return None
        if c.time_unit == TimeUnit.WORKING_DAYS:
            totals.add(c.time_value * WORKING_HOURS_PER_DAY)
        elif c.time_unit == TimeUnit.WORKING_HOURS:
            totals.add(c.time_value)
        else:
            return None
    return totals.pop() if len(totals) == 1 else None


def default_processing_steps(version: ProcedureVersion, channels: list[ChannelOption]) -> list[ProcessingStep]:
    """The four default steps (unsaved), with budgets split 10/60/20/10 % in quarter hours."""
    total = step_budget_total(channels)
    budgets: dict[int, Decimal | None] = {}
    if total is not None and total >= 1:
        for order, *_rest, share in DEFAULT_STEPS:
            if share is not None:
                budgets[order] = _quarter_hours(total * share)
        budgets[2] = total - sum(b for b in budgets.values() if b is not None)
    return [
        ProcessingStep(
            version=version,
            order=order,
            name=name,
            role=role,
            responsible_unit=unit,
            budget_hours=budgets.get(order),
        )
        for order, name, role, unit, _share in DEFAULT_STEPS
    ]


def create_default_steps(version: ProcedureVersion) -> list[ProcessingStep]:
    """Replace nothing: add the default internal process to a draft that has no steps yet."""
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Chỉ thêm quy trình nội bộ vào phiên bản nháp."))
    if version.processing_steps.exists():
        raise ValidationError(_("Phiên bản đã có quy trình nội bộ."))
    steps = default_processing_steps(version, list(version.channel_options.all()))
    return ProcessingStep.objects.bulk_create(steps)


def create_draft_version(procedure: Procedure, actor=None) -> ProcedureVersion:
    """Open a new draft, copied from the procedure's latest version (or empty if it has none)."""
    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        versions = ProcedureVersion.objects.filter(procedure=procedure)
        existing = versions.filter(status=VersionStatus.DRAFT).first()
        if existing:
            raise ValidationError(
                _("Thủ tục %(code)s đã có bản nháp (phiên bản %(number)s).")
                % {"code": procedure.code, "number": existing.number}
            )
        base = versions.order_by("-number").first()
        draft = ProcedureVersion(
            procedure=procedure,
            number=(base.number + 1) if base else 1,
            status=VersionStatus.DRAFT,
            origin=VersionOrigin.MANUAL,
            created_by=actor,
        )
        if base:
            for field in ProcedureVersion._meta.concrete_fields:
                if field.name not in _VERSION_COPY_EXCLUDE:
                    setattr(draft, field.attname, getattr(base, field.attname))
        draft.save()
        if base:
            _copy_parts(base, draft)
        if not draft.processing_steps.exists():
            create_default_steps(draft)
    _log_on_commit(
        "catalog.version.drafted", procedure=procedure.code, number=draft.number, actor=getattr(actor, "pk", None)
    )
    return draft


def _copy_parts(source: ProcedureVersion, target: ProcedureVersion) -> None:
    for model, related in (
        (ChannelOption, "channel_options"),
        (RequiredDocument, "required_documents"),
        (ResultDocument, "result_documents"),
        (ProcessingStep, "processing_steps"),
    ):
        rows = []
        for part in getattr(source, related).all():
            part.pk = None
            part.version = target
            rows.append(part)
        model.objects.bulk_create(rows)


def unresolved_channels(version: ProcedureVersion) -> list[ChannelOption]:
    """Channels whose time limit the deadline engine could not use as they stand."""
    return [
        c
        for c in version.channel_options.all()
        if c.unit_missing or c.time_fee_merged or c.time_unit == TimeUnit.UNKNOWN
    ]


def apply_unit_hints(version: ProcedureVersion, actor=None) -> list[ChannelOption]:
    """An officer confirms the suggested units of a draft's channels whose unit the source lost.

    Only ``unit_missing`` channels with a ``unit_hint`` (found in the procedure's own text) change;
    glued time/fee channels never do (their number is not the time limit). Explicit staff action,
    never run by the loader: the data stays flagged until someone vouches for it.
    """
    with transaction.atomic():
        draft = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if draft.status != VersionStatus.DRAFT:
            raise ValidationError(_("Chỉ sửa được phiên bản nháp."))
        changed = []
        for option in draft.channel_options.filter(unit_missing=True, time_fee_merged=False).exclude(unit_hint=""):
            option.time_unit = option.unit_hint
            option.unit_missing = False
            option.time_note = _("đơn vị do cán bộ xác nhận theo gợi ý")
            option.save(update_fields=["time_unit", "unit_missing", "time_note"])
            changed.append(option)
    _log_on_commit(
        "catalog.version.unit_hints_applied",
        version=version.pk,
        channels=len(changed),
        actor=getattr(actor, "pk", None),
    )
    return changed


def publish_version(version: ProcedureVersion, valid_from: dt.datetime, actor=None) -> ProcedureVersion:
    """Publish a draft: it becomes immutable and in force from ``valid_from``.

    1. Lock the procedure (two officers publishing at once queue here).
    2. Check the draft: still a draft, has channels, every channel's time limit resolved.
    3. Check ``valid_from``: aware, not in the past, after the replaced version's ``valid_from``.
    4. The currently published version becomes ``retired`` with ``valid_until = valid_from``.
    5. The draft becomes ``published``.
    """
    if valid_from.tzinfo is None or valid_from.utcoffset() is None:
        raise ValueError("publish_version: valid_from phải có múi giờ (timezone-aware).")
    with transaction.atomic():
        Procedure.objects.select_for_update().filter(pk=version.procedure_id).first()
        draft = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if draft.status != VersionStatus.DRAFT:
            raise ValidationError(_("Chỉ công bố được phiên bản nháp; phiên bản này đã công bố."))
        if not draft.channel_options.exists():
            raise ValidationError(_("Phiên bản chưa có cách thức thực hiện (kênh, thời hạn) nên chưa công bố được."))
        unresolved = unresolved_channels(draft)
        if unresolved:
            raise ValidationError(
                _("Chưa xác định được thời hạn của kênh: %(channels)s. Hãy nhập thời hạn và đơn vị đã xác minh.")
                % {"channels": ", ".join(f"{c.order}. {c.get_channel_display()}" for c in unresolved)}
            )
        now = clock.now()
        if valid_from < now:
            raise ValidationError(_("Ngày có hiệu lực không được ở quá khứ (không áp dụng hồi tố)."))
        previous = (
            ProcedureVersion.objects.select_for_update()
            .filter(procedure_id=draft.procedure_id, status=VersionStatus.PUBLISHED)
            .first()
        )
        if previous is not None:
            if valid_from <= previous.valid_from:
                raise ValidationError(
                    _("Ngày có hiệu lực phải sau ngày có hiệu lực của phiên bản %(number)s đang công bố.")
                    % {"number": previous.number}
                )
            previous.status = VersionStatus.RETIRED
            previous.valid_until = valid_from
            previous.save(update_fields=["status", "valid_until"])
        draft.status = VersionStatus.PUBLISHED
        draft.valid_from = valid_from
        draft.valid_until = None
        draft.published_at = now
        draft.published_by = actor
        draft.save()
    _log_on_commit(
        "catalog.version.published",
        procedure_id=draft.procedure_id,
        number=draft.number,
        valid_from=valid_from.isoformat(),
        actor=getattr(actor, "pk", None),
    )
    version.refresh_from_db()
    return draft


def current_version(procedure: Procedure, at: dt.datetime | None = None) -> ProcedureVersion | None:
    """The version in force at ``at`` (default: now) — the one a dossier received then must pin."""
    at = at or clock.now()
    return (
        ProcedureVersion.objects.filter(
            procedure=procedure,
            status__in=(VersionStatus.PUBLISHED, VersionStatus.RETIRED),
            valid_from__lte=at,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at))
        .order_by("-valid_from")
        .prefetch_related("channel_options")
        .first()
    )

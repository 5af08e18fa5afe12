"""One dossier: its documents and scans, timeline, clock and per-step budget, the actions open now.

Read with :func:`motcua.dossiers.access.get_dossier_for_user` (object or 404, the read audited);
every action calls the service of :data:`motcua.dossiers.services.SERVICES` with the version the
user was looking at (``expected_version``) and the form's idempotency key.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.dossiers import access, deadlines, documents, services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import AuditEntry, DossierFile, WaitingPeriod
from motcua.dossiers.workflow import Action, Stage
from motcua.lib import clock
from motcua.org.models import Role

from .. import queries
from ..forms import ACTION_FORMS, AssignForm, FeeForm, new_key
from ..permissions import staff_view
from .common import GRAVE_ACTIONS, allowed_actions, call, can_claim, done_message

OTHER_EVENTS = {
    "dossier.fee.collected": gettext_lazy("Thu phí, lệ phí"),
    "dossier.file.attached": gettext_lazy("Đính kèm bản quét"),
    "dossier.deadline.recomputed": gettext_lazy("Tính lại hạn do lịch làm việc thay đổi"),
}


def _printable(dossier) -> list[dict]:
    """The official forms that exist for this dossier now (Thông tư 03/2025 Mẫu 01–06)."""
    forms = []
    if dossier.code:
        forms.append({"form": "01", "label": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)")})
    for period in documents.supplement_periods(dossier):
        label = (
            _("Phiếu hướng dẫn hoàn thiện hồ sơ (Mẫu 02)")
            if period.kind == WaitingPeriod.Kind.COMPLETION
            else _("Phiếu yêu cầu bổ sung hồ sơ (Mẫu 02)")
        )
        forms.append({"form": "02", "label": label, "period": period})
    if dossier.stage == Stage.REFUSED:
        forms.append({"form": "03", "label": _("Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)")})
    if dossier.reappointed_at:
        forms.append({"form": "04", "label": _("Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)")})
    if dossier.stage == Stage.STOPPED:
        forms.append({"form": "05", "label": _("Thông báo dừng xử lý hồ sơ (Mẫu 05)")})
    if dossier.code:
        forms.append({"form": "06", "label": _("Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)")})
    return forms


@staff_view()
def detail(request, key: str):
    user = request.user
    dossier = access.get_dossier_for_user(user, key, purpose="backoffice: xem hồ sơ")
    status = deadlines.deadline_status(dossier)
    calendar = deadlines.calendar_for_dossier(dossier) if dossier.accepted_at else None
    steps = list(dossier.steps.select_related("department", "centre", "assignee").order_by("started_at", "id"))
    step_rows = []
    for step in steps:
        remaining = None
        if step.finished_at is None and step.due_at is not None and calendar is not None:
            remaining = calendar.remaining(step.due_at, dossier.paused_at or clock.now())
        step_rows.append({"step": step, "remaining": remaining})
    roles = access.acting_roles(user, dossier)
    actions = allowed_actions(user, dossier)
    accepted = documents.acceptance(dossier)
    others = AuditEntry.objects.filter(object_type="dossier", object_ref=dossier.key, action__in=list(OTHER_EVENTS))
    return render(
        request,
        "backoffice/dossier/detail.html",
        {
            "dossier": dossier,
            "status": status,
            "minutes_per_day": calendar.minutes_per_day if calendar else 480,
            "documents": dossier.documents.select_related("waiting_period").prefetch_related("files").order_by("id"),
            "waiting": dossier.waiting_periods.select_related("requested_by").order_by("requested_at", "id"),
            "steps": step_rows,
            "timeline": dossier.transitions.select_related("actor").order_by("seq"),
            "others": [(e, OTHER_EVENTS[e.action]) for e in others.order_by("seq")],
            "actions": [(a, Action(a).label, a in GRAVE_ACTIONS) for a in actions if a != Action.RETURN_RESULT],
            "can_return": Action.RETURN_RESULT in actions,
            "can_claim": can_claim(user, dossier),
            "can_attach": bool(roles & {Role.COUNTER_OFFICER, Role.SPECIALIST}) and dossier.stage != Stage.REFUSED,
            "can_collect_fee": Role.COUNTER_OFFICER in roles
            and dossier.accepted_at is not None
            and not dossier.fee_paid
            and dossier.stage not in (Stage.CANCELLED, Stage.REFUSED),
            "fee_form": FeeForm(initial={"amount": int(dossier.fee_amount) if dossier.fee_amount else None}),
            "printable": _printable(dossier),
            "backfill": accepted.data if accepted and accepted.data.get("backfilled") else None,
            "proxy_document": (accepted.data.get("proxy_document") if accepted else "") or "",
            "holder": queries.holder(dossier),
            "fresh": request.GET.get("moi") == "1",
            "claim_key": new_key(),
        },
    )


def _specialists(dossier):
    return queries.specialists_of(dossier.resolving_department)


@staff_view()
def action(request, key: str, action: str):
    """GET: the action's form; POST: the service call (only if the action is open to the user now)."""
    user = request.user
    dossier = access.get_dossier_for_user(
        user, key, purpose=f"backoffice: {action}", audit_read=request.method == "GET"
    )
    if action not in ACTION_FORMS:
        raise Http404
    if action not in allowed_actions(user, dossier):
        messages.error(
            request,
            _("Không thể «%(action)s» đối với hồ sơ này lúc này (trạng thái hoặc quyền không cho phép).")
            % {"action": Action(action).label},
        )
        return redirect("backoffice:dossier", key=dossier.key)
    form_class = ACTION_FORMS[action]
    extra = {"specialists": _specialists(dossier)} if form_class is AssignForm else {}
    if form_class is AssignForm and Role.APPROVER not in access.acting_roles(user, dossier):
        extra["specialists"] = extra["specialists"].filter(pk=user.pk)  # a specialist only claims
    form = form_class(request.POST or None, dossier=dossier, user=user, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            services.SERVICES[action](
                dossier,
                user,
                idempotency_key=form.cleaned_data["idempotency_key"],
                expected_version=form.cleaned_data["expected_version"],
                **form.kwargs(),
            )
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done_message(action))
            return redirect("backoffice:dossier", key=dossier.key)
    return render(
        request,
        "backoffice/dossier/action.html",
        {
            "dossier": dossier,
            "form": form,
            "action": action,
            "label": Action(action).label,
            "grave": action in GRAVE_ACTIONS,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
@staff_view()
def claim(request, key: str):
    """Nhận xử lý: a specialist assigns the dossier to himself (one click from the inbox)."""
    user = request.user
    dossier = access.get_dossier_for_user(user, key, purpose="backoffice: nhận xử lý", audit_read=False)
    if not can_claim(user, dossier):
        messages.error(request, _("Bạn không nhận xử lý được hồ sơ này."))
    else:
        call(
            request,
            services.assign_dossier,
            dossier,
            user,
            assignee=user,
            idempotency_key=request.POST.get("idempotency_key") or None,
            success=_("Đã nhận xử lý hồ sơ %(code)s.") % {"code": dossier.code},
        )
    return redirect(request.POST.get("next") or "backoffice:desk")


@require_POST
@staff_view()
def attach(request, key: str, document_id: int):
    dossier = access.get_dossier_for_user(request.user, key, purpose="backoffice: đính kèm tệp", audit_read=False)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Chọn tệp bản quét để đính kèm."))
    for upload in files[:20]:
        call(
            request,
            services.attach_scan,
            dossier,
            request.user,
            document_id=document_id,
            upload=services.Upload(upload.name, upload.read(services._upload_max() + 1)),
            success=_("Đã đính kèm %(name)s.") % {"name": upload.name},
        )
    return redirect("backoffice:dossier", key=dossier.key)


@staff_view()
def scan(request, key: str, file_id: int):
    """A scan of the dossier (same scope as the dossier itself)."""
    dossier = access.get_dossier_for_user(request.user, key, purpose="backoffice: xem bản quét")
    stored = DossierFile.objects.filter(pk=file_id, document__dossier=dossier).first()
    if stored is None:
        raise Http404
    return FileResponse(stored.file.open("rb"), content_type=stored.content_type, filename=stored.original_name)

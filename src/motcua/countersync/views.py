"""Pages of the replication: the status fragment (htmx refresh of the indicator) and the
supervisor's list of flagged conflicts. State changes go through :mod:`.central`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import central, conf
from .models import ConflictRecord
from .templatetags.countersync import status_context


@login_required
def status_fragment(request):
    return render(request, "countersync/_status.html", status_context(request.user))


@login_required
def conflicts(request):
    """Xung đột đồng bộ: actions made at a counter node that the province could not apply."""
    if conf.is_node():
        raise Http404
    show = request.GET.get("show", "open")
    rows = central.visible_conflicts(request.user).select_related("entry__node__centre", "resolved_by")
    if show == "open":
        rows = rows.filter(status=ConflictRecord.Status.OPEN)
    return render(
        request,
        "countersync/conflicts.html",
        {"conflicts": rows[:200], "show": show, "may_resolve": central.may_resolve(request.user)},
    )


@login_required
@require_POST
def conflict_action(request, pk: int):
    if conf.is_node():
        raise Http404
    conflict = central.visible_conflicts(request.user).filter(pk=pk).first()
    if conflict is None:
        raise Http404
    if not central.may_resolve(request.user):
        return HttpResponseForbidden(_("Chỉ giám sát cấp tỉnh hoặc quản trị hệ thống xử lý xung đột."))
    try:
        if request.POST.get("do") == "retry":
            conflict = central.retry_conflict(conflict, request.user)
            if conflict.status == ConflictRecord.Status.APPLIED:
                messages.success(request, _("Đã áp dụng lại thao tác."))
            else:
                messages.warning(request, _("Vẫn chưa áp dụng được: %(m)s") % {"m": conflict.message})
        else:
            central.close_conflict(conflict, request.user, request.POST.get("note", ""))
            messages.success(request, _("Đã đóng xung đột."))
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("countersync:conflicts")

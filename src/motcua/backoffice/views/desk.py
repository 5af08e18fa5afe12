"""Cơ quan giải quyết: the department's inbox and "assigned to me", claiming, bulk reassignment."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from motcua.dossiers import services
from motcua.dossiers.errors import DossierError
from motcua.org.models import Role, User

from .. import queries
from ..forms import new_key
from ..permissions import get_workplaces, pick, staff_view
from .common import can_claim

TABS = [
    ("mine", gettext_lazy("Được giao cho tôi")),
    ("unassigned", gettext_lazy("Chờ phân công")),
    ("approval", gettext_lazy("Chờ phê duyệt")),
    ("issue", gettext_lazy("Chờ phát hành kết quả")),
    ("waiting", gettext_lazy("Chờ công dân bổ sung")),
    ("all", gettext_lazy("Tất cả hồ sơ của phòng")),
]


def _vi(text: str) -> str:
    """Text written into the record (a transition's note) stays Vietnamese whatever the screen's language."""
    with override("vi"):
        return _(text)


def _default_tab(places) -> str:
    if Role.SPECIALIST in places.desk_roles:
        return "mine"
    if Role.APPROVER in places.desk_roles:
        return "approval"
    return "issue"


@staff_view("desk")
def inbox(request):
    places = get_workplaces(request)
    tab = request.GET.get("tab") or _default_tab(places)
    if tab not in queries.DESK_TABS:
        tab = "mine"
    departments = places.desk_departments
    rows = queries.desk_inbox(request.user, departments, tab)
    queries.audit_list(request.user, rows, f"phòng chuyên môn: {tab}")
    calendars = queries.Calendars()
    items = [
        {
            "dossier": d,
            "deadline": queries.deadline_view(d, calendars),
            "holder": queries.holder(d),
            "can_claim": can_claim(request.user, d),
        }
        for d in rows
    ]
    counts = {key: len(queries.desk_inbox(request.user, departments, key)) for key, _label in TABS if key != tab}
    counts[tab] = len(rows)
    return render(
        request,
        "backoffice/desk/inbox.html",
        {
            "tab": tab,
            "tabs": [(key, label, counts.get(key, 0)) for key, label in TABS],
            "items": items,
            "departments": departments,
            "is_approver": bool(places.approver_departments),
            "claim_key": new_key,
        },
    )


@staff_view("desk")
def reassign(request):
    """Phân công lại hàng loạt when a specialist is absent (leader of the department)."""
    places = get_workplaces(request)
    if not places.approver_departments:
        messages.error(request, _("Chỉ lãnh đạo phòng phân công lại hồ sơ."))
        return redirect("backoffice:desk")
    department = pick(places.approver_departments, request.GET.get("phong") or request.POST.get("phong"))
    specialists = list(queries.specialists_of(department))
    absent = pick(specialists, request.GET.get("vang") or request.POST.get("vang")) if specialists else None
    if request.method == "POST":
        target = User.objects.filter(pk=request.POST.get("nguoi_nhan")).first()
        chosen = set(request.POST.getlist("ho_so"))
        if target is None or target not in specialists:
            messages.error(request, _("Chọn chuyên viên nhận hồ sơ."))
        elif target == absent:
            messages.error(request, _("Chuyên viên nhận phải khác người vắng mặt."))
        elif not chosen:
            messages.error(request, _("Chọn ít nhất một hồ sơ để phân công lại."))
        else:
            key = request.POST.get("idempotency_key") or new_key()
            moved, failed = 0, []
            for dossier in queries.open_assigned_to(request.user, department, absent):
                if str(dossier.pk) not in chosen:
                    continue
                try:
                    services.assign_dossier(
                        dossier,
                        request.user,
                        assignee=target,
                        note=_vi("Phân công lại: %(name)s vắng mặt") % {"name": absent},
                        idempotency_key=f"{key}-{dossier.pk}",
                    )
                    moved += 1
                except DossierError as error:
                    failed.append(f"{dossier.code}: {error.message}")
            if moved:
                messages.success(
                    request, _("Đã phân công lại %(n)s hồ sơ cho %(name)s.") % {"n": moved, "name": target}
                )
            for line in failed:
                messages.error(request, line)
            url = reverse("backoffice:desk_reassign") + f"?phong={department.pk}&vang={absent.pk}"
            return redirect(url)
    rows = queries.open_assigned_to(request.user, department, absent) if absent else []
    queries.audit_list(request.user, rows, "phân công lại hồ sơ")
    calendars = queries.Calendars()
    return render(
        request,
        "backoffice/desk/reassign.html",
        {
            "department": department,
            "departments": places.approver_departments,
            "specialists": specialists,
            "absent": absent,
            "items": [(d, queries.deadline_view(d, calendars)) for d in rows],
            "key": new_key(),
        },
    )

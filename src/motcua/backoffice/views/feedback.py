"""Phản ánh, kiến nghị: the feedback desk of centre directors and province supervisors (DOMAIN §7).

A centre director sees the feedback about their centre (sent about one of its dossiers, or naming
it); province supervisors and administrators see all, including feedback that names no centre.
Each handling step — reject (≤ 2 working days), ask the sender for details (≤ 5), answer (≤ 15),
publish the answer (≤ 2 after answering) — is one call of :mod:`motcua.feedback.services`; a refused
step shows the service's Vietnamese message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.feedback import services
from motcua.feedback.models import Feedback

from ..permissions import get_workplaces, staff_view

PAGE_SIZE = 25
# list tabs: what is waiting for the centre (received or answered but not yet published), all, closed
OPEN_STATES = (Feedback.State.RECEIVED, Feedback.State.DETAILS_REQUESTED, Feedback.State.RESOLVED)
TABS = {
    "dang-xu-ly": (gettext_lazy("Đang xử lý"), OPEN_STATES),
    "da-xong": (gettext_lazy("Đã xong"), (Feedback.State.REJECTED, Feedback.State.PUBLISHED)),
    "tat-ca": (gettext_lazy("Tất cả"), None),
}
# what each handling step looks like here: (button label, text label); which steps are open in which
# state, and the service each one is, are the feedback services' (staff_steps, handle_feedback)
STEPS = {
    "reject": (
        gettext_lazy("Từ chối tiếp nhận"),
        gettext_lazy("Lý do từ chối (không thuộc thẩm quyền, trùng lặp, nội dung không rõ…)"),
    ),
    "details": (
        gettext_lazy("Đề nghị bổ sung thông tin"),
        gettext_lazy("Thông tin người gửi cần bổ sung"),
    ),
    "resolve": (
        gettext_lazy("Trả lời"),
        gettext_lazy("Nội dung trả lời người gửi"),
    ),
    "publish": (
        gettext_lazy("Công khai trả lời"),
        gettext_lazy("Tóm tắt để công khai trên Cổng (không ghi thông tin cá nhân; để trống: dùng tiêu đề)"),
    ),
}


def visible_feedback(request):
    """The feedback this user may see and handle (scoped like the supervision screen)."""
    places = get_workplaces(request)
    rows = Feedback.objects.select_related("dossier", "centre", "handled_by")
    if places.province_wide:
        return rows
    centres = [c.pk for c in places.director_centres]
    return rows.filter(Q(centre_id__in=centres) | Q(dossier__receiving_centre_id__in=centres))


@staff_view("supervision")
def feedback_list(request):
    tab = request.GET.get("tab", "dang-xu-ly")
    if tab not in TABS:
        tab = "dang-xu-ly"
    rows = visible_feedback(request)
    states = TABS[tab][1]
    if states is not None:
        rows = rows.filter(state__in=states)
    rows = rows.order_by("resolve_due_at", "received_at") if tab == "dang-xu-ly" else rows.order_by("-received_at")
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    items = [{"feedback": fb, "timeliness": services.feedback_timeliness(fb)} for fb in page_obj]
    tabs = [(key, label) for key, (label, _states) in TABS.items()]
    context = {"items": items, "page_obj": page_obj, "tab": tab, "tabs": tabs}
    return render(request, "backoffice/feedback/list.html", context)


@staff_view("supervision")
def feedback_detail(request, reference: str):
    feedback = visible_feedback(request).filter(reference=reference.upper()).first()
    if feedback is None:
        raise Http404
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        text = request.POST.get("text", "")
        if action not in services.staff_steps(feedback):
            errors["form"] = _("Bước xử lý này không thực hiện được ở trạng thái hiện tại.")
        else:
            try:
                services.handle_feedback(feedback, request.user, action, text)
            except services.FeedbackError as exc:
                errors[action] = exc.message
            else:
                messages.success(request, _("Đã ghi nhận: %(step)s.") % {"step": STEPS[action][0]})
                return HttpResponseRedirect(reverse("backoffice:feedback", args=[feedback.reference]))
        texts[action] = text
        status = 422
    steps = [
        {"action": key, "label": STEPS[key][0], "text_label": STEPS[key][1], "error": errors.get(key, ""),
         "text": texts.get(key, "")}
        for key in services.staff_steps(feedback)
    ]
    context = {
        "feedback": feedback,
        "timeliness": services.feedback_timeliness(feedback),
        "steps": steps,
        "form_error": errors.get("form", ""),
    }
    return render(request, "backoffice/feedback/detail.html", context, status=status)

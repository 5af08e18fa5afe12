"""Bộ phận tiếp nhận và trả kết quả: receive, refuse or guide at intake, back-fill paper receipts,
return results and collect fees, record e-identity help (issue 5 §2).

The receipt must be in the citizen's hands in under a minute: one page (find the procedure, the
applicant, tick the papers, one button), then the dossier page opens with the receipt's print
button focused.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers import access, services
from motcua.dossiers.workflow import Stage
from motcua.org.models import Level, ServiceCentre

from .. import queries, records
from ..forms import ApplicantFields, BackfillForm, EidAssistanceForm, FeeForm, IntakeForm, ReturnForm
from ..models import EidAssistance
from ..permissions import get_workplaces, pick, staff_view
from .common import call, replayed


def _centre(request) -> ServiceCentre:
    places = get_workplaces(request)
    return pick(places.counter_centres, request.GET.get("trung_tam") or request.POST.get("trung_tam"))


@staff_view("counter")
def counter_home(request):
    centre = _centre(request)
    queues = queries.counter_queues(request.user, centre)
    queries.audit_list(request.user, [d for rows in queues.values() for d in rows], "quầy: danh sách việc")
    calendars = queries.Calendars()
    deadlines = {d.pk: queries.deadline_view(d, calendars) for d in queues["to_transfer"]}
    return render(
        request,
        "backoffice/counter/home.html",
        {
            "centre": centre,
            "centres": get_workplaces(request).counter_centres,
            "queues": queues,
            "deadlines": deadlines,
            "eid_counts": records.eid_assistance_counts(centre),
            "eid_kinds": EidAssistance.Kind.choices,
        },
    )


@staff_view("counter")
def procedure_search(request):
    """htmx live search (also a plain GET without JavaScript)."""
    centre = _centre(request)
    query = request.GET.get("q", "")[:100]
    results = queries.search_procedures(query, centre) if len(query.strip()) >= 2 else []
    template = "backoffice/counter/_procedures.html"
    return render(request, template, {"results": results, "query": query, "centre": centre})


def _competent_centres(card, centre: ServiceCentre):
    if card is None or card.version is None or not card.version.boundary_free:
        return []
    return list(
        ServiceCentre.objects.filter(province_code=centre.province_code, level=Level.COMMUNE, is_active=True)
        .exclude(pk=centre.pk)
        .order_by("name")
    )


def _intake_context(request, form, card, centre, *, backfill=False, query=""):
    results = queries.search_procedures(query, centre) if query and card is None else []
    return {
        "form": form,
        "card": card,
        "centre": centre,
        "centres": get_workplaces(request).counter_centres,
        "backfill": backfill,
        "query": query,
        "results": results,
    }


def _intake(request, *, backfill: bool):
    centre = _centre(request)
    form_class = BackfillForm if backfill else IntakeForm
    code = request.POST.get("procedure") if request.method == "POST" else request.GET.get("thu_tuc", "")
    card = queries.procedure_card(code) if code else None
    if code and card is None:
        messages.error(request, _("Không có thủ tục mã %(code)s.") % {"code": code})
    centres = _competent_centres(card, centre)
    template = "backoffice/counter/intake.html"
    if request.method != "POST" or card is None:
        form = form_class(card=card, centres=centres)
        return render(
            request,
            template,
            _intake_context(request, form, card, centre, backfill=backfill, query=request.GET.get("q", "")),
        )
    form = form_class(request.POST, request.FILES, card=card, centres=centres)
    if not form.is_valid():
        messages.error(request, _("Hồ sơ chưa nhập đủ, đúng: xem các ô được đánh dấu."))
        return render(request, template, _intake_context(request, form, card, centre, backfill=backfill), status=422)
    c = form.cleaned_data
    key = c["idempotency_key"]
    competent = next((x for x in centres if x.pk == c.get("competent_centre")), None)
    common = {
        "centre": centre,
        "procedure": card.procedure,
        "applicant": form.applicant_data(),
        "channel": c["channel"],
        "competent_centre": competent,
        "idempotency_key": key,
    }
    user = request.user
    decision = form.decision
    if backfill:
        dossier = call(
            request,
            services.backfill_dossier,
            user,
            **common,
            documents=form.document_data(),
            proxy=form.proxy_data(),
            proxy_document=c.get("proxy_document", ""),
            fee_amount=c.get("fee_amount"),
            received_at=form.received_at(),
            paper_receipt_number=c["paper_receipt_number"],
            reason=c["backfill_reason"],
        )
    elif decision == "refuse":
        dossier = call(request, services.refuse_at_counter, user, **common, reasons=form.refusal_reason_list())
    elif decision == "guide":
        common.pop("channel")
        dossier = call(
            request,
            services.guide_completion_at_counter,
            user,
            **common,
            channel=c["channel"],
            documents=form.document_data(),
            proxy=form.proxy_data(),
            items=form.missing_items(),
            reason=c.get("guidance_reason", ""),
        )
    else:
        dossier = call(
            request,
            services.receive_dossier,
            user,
            **common,
            documents=form.document_data(),
            proxy=form.proxy_data(),
            proxy_document=c.get("proxy_document", ""),
            fee_amount=c.get("fee_amount"),
        )
    if dossier is None:  # refused by a rule: its message is shown above the form
        return render(request, template, _intake_context(request, form, card, centre, backfill=backfill), status=422)
    if decision == "receive" or backfill:
        if c.get("fee_collected") and not dossier.fee_paid:
            call(request, services.collect_fee, dossier, user, amount=c.get("fee_amount"))
        if c.get("transfer_now") and dossier.stage == Stage.ACCEPTED:
            call(request, services.transfer_dossier, dossier, user, idempotency_key=f"{key}-chuyen")
        if replayed(dossier):
            messages.info(request, _("Hồ sơ này đã được tiếp nhận (gửi lại cùng một biểu mẫu)."))
        else:
            messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
    elif decision == "refuse":
        messages.success(request, _("Đã ghi nhận từ chối tiếp nhận; in Phiếu từ chối (Mẫu 03) giao công dân."))
    else:
        messages.success(request, _("Đã lập Phiếu hướng dẫn hoàn thiện hồ sơ (Mẫu 02); in giao công dân."))
    return redirect(reverse("backoffice:dossier", args=[dossier.key]) + "?moi=1")


@staff_view("counter")
def intake(request):
    return _intake(request, backfill=False)


@staff_view("counter")
def backfill(request):
    return _intake(request, backfill=True)


@staff_view("counter")
def applicant_lookup(request):
    """htmx: the applicant fields, filled from an earlier applicant with that ID number (if any)."""
    data = request.GET.copy()
    kind = data.get("applicant_kind", "citizen")
    found = queries.find_applicant(request.user, kind, data.get("applicant_id_number", ""))
    if found is not None:
        data["applicant_name"] = found.name
        data["applicant_phone"] = found.phone
        data["applicant_email"] = found.email
        data["applicant_address"] = found.address
    form = ApplicantFields(
        form_id=IntakeForm.FORM_ID,
        initial={k: data.get(k, "") for k in ApplicantFields.base_fields}
        | {"applicant_kind": kind, "has_proxy": data.get("has_proxy") == "on"},
    )
    return render(request, "backoffice/counter/_applicant.html", {"form": form, "found": found, "looked_up": True})


def _dossier(request, key: str, purpose: str):
    return access.get_dossier_for_user(request.user, key, purpose=purpose)


@staff_view("counter")
def return_result(request, key: str):
    """Trả kết quả at the counter: check the receipt or the ID, any proxy document; collect the fee."""
    dossier = _dossier(request, key, "quầy: trả kết quả")
    if dossier.stage != Stage.DONE:
        messages.error(
            request, _("Hồ sơ chưa có kết quả để trả (trạng thái: %(stage)s).") % {"stage": Stage(dossier.stage).label}
        )
        return redirect("backoffice:dossier", key=dossier.key)
    fee_due = bool(dossier.fee_amount) and not dossier.fee_paid
    form = ReturnForm(request.POST or None, dossier=dossier, user=request.user)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if fee_due and not c.get("fee_collected"):
            form.add_error("fee_collected", _("Kết quả đã có nhưng chưa thu phí, lệ phí: thu phí trước khi trả."))
        else:
            ok = True
            if fee_due:
                ok = call(request, services.collect_fee, dossier, request.user) is not None
            if ok:
                done = call(
                    request,
                    services.return_result,
                    dossier,
                    request.user,
                    idempotency_key=c["idempotency_key"],
                    **form.kwargs(),
                )
                if done is not None:
                    messages.success(request, _("Đã trả kết quả hồ sơ %(code)s.") % {"code": dossier.code})
                    return redirect("backoffice:dossier", key=dossier.key)
    return render(
        request,
        "backoffice/counter/return.html",
        {"dossier": dossier, "form": form, "fee_due": fee_due},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
@staff_view("counter")
def collect_fee(request, key: str):
    dossier = _dossier(request, key, "quầy: thu phí")
    form = FeeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi số tiền phí, lệ phí đã thu (đồng)."))
    else:
        call(
            request,
            services.collect_fee,
            dossier,
            request.user,
            amount=form.cleaned_data["amount"],
            receipt_number=form.cleaned_data.get("receipt_number", ""),
            success=_("Đã ghi nhận thu phí, lệ phí."),
        )
    return redirect("backoffice:dossier", key=dossier.key)


@staff_view("counter")
def eid_assistance(request):
    """Ghi nhận hỗ trợ công dân đăng ký / kích hoạt tài khoản định danh điện tử."""
    centre = _centre(request)
    form = EidAssistanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            records.record_eid_assistance(
                request.user,
                centre=centre,
                kind=c["kind"],
                id_number=c["id_number"],
                name=c["name"],
                succeeded=c.get("succeeded", False),
                note=c.get("note", ""),
            )
        except records.NotAllowed:
            raise Http404 from None
        messages.success(request, _("Đã ghi nhận hỗ trợ định danh điện tử cho %(name)s.") % {"name": c["name"]})
        return redirect(reverse("backoffice:eid") + f"?trung_tam={centre.pk}")
    recent = EidAssistance.objects.filter(centre=centre).select_related("officer")[:20]
    return render(
        request,
        "backoffice/counter/eid.html",
        {
            "form": form,
            "centre": centre,
            "recent": recent,
            "counts": records.eid_assistance_counts(centre),
            "kinds": EidAssistance.Kind.choices,
        },
        status=422 if request.method == "POST" else 200,
    )

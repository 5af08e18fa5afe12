"""Citizen pages. Views only read and translate: dossiers change through :mod:`motcua.dossiers.services`
(called by :mod:`motcua.portal.services`), a citizen's dossiers are reached only through the scoped
helper of :mod:`motcua.dossiers.access` (object or 404), and public tracking only by code + secret.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalog.models import Sector
from motcua.dossiers import services as dossier_services
from motcua.dossiers.access import get_dossier_for_user, visible_dossiers
from motcua.dossiers.deadlines import deadline_status
from motcua.dossiers.ontime import OnTime
from motcua.dossiers.workflow import Stage, Status
from motcua.feedback import services as feedback_services
from motcua.feedback.models import Feedback, Rating
from motcua.integrations.sso.auth import citizen_required, current_citizen, level_required_response, login_url
from motcua.org.models import Province

from . import catalogue, services, tracking
from .forms import FeedbackDetailsForm, FeedbackForm, RatingForm, SearchForm, TrackForm
from .i18n import content_language, language_links
from .models import OnlineDraft

PAGE_SIZE = 20


# --- helpers --------------------------------------------------------------------------------------------


def _province_name() -> str:
    province = Province.objects.filter(code=settings.MOTCUA["PROVINCE_CODE"], code_version__is_current=True).first()
    return province.name if province else ""


def page(request: HttpRequest, template: str, context: dict | None = None, *, status: int = 200) -> HttpResponse:
    """Render a portal page with what every page needs (citizen, languages, province)."""
    query = request.GET.copy()
    query.pop("s", None)  # never carry the tracking secret into language links
    base = {
        "citizen": current_citizen(request),
        "languages": language_links(request.path, query.urlencode()),
        "content_lang": content_language(),
        "province_name": _province_name(),
    }
    response = render(request, template, {**base, **(context or {})}, status=status)
    return response


def _private(response: HttpResponse) -> HttpResponse:
    """Pages with personal data or a secret in the URL: never cached, never sent as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _citizen_level_guard(request: HttpRequest, required: int):
    """(account, None) when the citizen may act at ``required`` level, else (None, response)."""
    account = current_citizen(request)
    if account is None:
        return None, HttpResponseRedirect(login_url(request.get_full_path()))
    if not account.has_level(required):
        return None, level_required_response(request, account, required)
    return account, None


def citizen_page(view):
    """@citizen_required plus ``request.principal`` (how the dossier services see the citizen)."""

    @citizen_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.principal = services.principal_for(request.citizen)
        return _private(view(request, *args, **kwargs))

    return wrapper


# --- home and catalogue ------------------------------------------------------------------------------------


@require_GET
def home(request):
    sectors = (
        Sector.objects.filter(procedures__in=catalogue.local_procedures())
        .annotate(n=Count("procedures"))
        .order_by("-n", "name")[:8]
    )
    return page(
        request,
        "portal/home.html",
        {"form": SearchForm(sectors=Sector.objects.none()), "sectors": sectors, "track_form": TrackForm()},
    )


@require_GET
def catalogue_view(request):
    sectors = Sector.objects.filter(procedures__in=catalogue.local_procedures()).distinct().order_by("name")
    form = SearchForm(request.GET or None, sectors=sectors)
    query, sector, level = "", None, ""
    if form.is_valid():
        query = form.cleaned_data["q"] or ""
        sector = form.cleaned_data["linh_vuc"]
        level = form.cleaned_data["cap"] or ""
    results = catalogue.search(query, sector_id=sector.pk if sector else None, level=level)
    paginator = Paginator(results, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    context = {
        "form": form,
        "page_obj": page_obj,
        "query": query,
        "params": params.urlencode(),
        "total": paginator.count,
    }
    if _is_htmx(request):
        return render(request, "portal/partials/results.html", context)
    return page(request, "portal/catalogue.html", context)


def _procedure_or_404(code: str):
    procedure = catalogue.find_procedure(code)
    if procedure is None:
        raise Http404(_("Không tìm thấy thủ tục."))
    info = catalogue.procedure_info(procedure)
    if info is None:
        raise Http404(_("Không tìm thấy thủ tục."))
    return procedure, info


@require_GET
def procedure_view(request, code: str):
    procedure, info = _procedure_or_404(code)
    account = current_citizen(request)
    draft = services.filing_draft_for(account, procedure) if account else None
    return page(request, "portal/procedure.html", {"info": info, "procedure": procedure, "draft": draft})


# --- online filing ----------------------------------------------------------------------------------------


def _filing_access(request, code: str):
    procedure, info = _procedure_or_404(code)
    if not info.online:
        raise Http404(_("Thủ tục này không nộp trực tuyến được."))
    if not info.online_ready:
        return procedure, info, None, HttpResponseRedirect(reverse("portal:procedure", args=[procedure.code]))
    account, refusal = _citizen_level_guard(request, info.required_level)
    return procedure, info, account, refusal


def _document_blocks(draft: OnlineDraft | None, documents: list[dict], upload_errors: dict | None = None) -> list[dict]:
    files: dict[int, list] = {}
    if draft is not None and draft.pk:
        for row in draft.files.all():
            files.setdefault(row.document_order, []).append(row)
    return [
        {**doc, "files": files.get(doc["order"], []), "errors": (upload_errors or {}).get(doc["order"], [])}
        for doc in documents
    ]


def _filing_documents(info) -> list[dict]:
    return [{"order": d.order, "name": d.name, "detail": "", "document": d} for d in info.documents]


def _store_uploads(request, draft: OnlineDraft, orders: list[int]) -> dict[int, list[str]]:
    errors: dict[int, list[str]] = {}
    for order in orders:
        uploads = request.FILES.getlist(f"files-{order}")
        if not uploads:
            continue
        result = services.add_draft_files(draft, order, uploads)
        if result.errors:
            errors[order] = result.errors
    return errors


def _remove_requested(draft: OnlineDraft, action: str) -> int | None:
    """Handle a "remove-<file id>" button of the no-JavaScript form; returns the document's order."""
    if not action.startswith("remove-"):
        return None
    try:
        file_id = int(action.removeprefix("remove-"))
    except ValueError:
        return None
    row = draft.files.filter(pk=file_id).first()
    if row is None:
        return None
    services.remove_draft_file(draft, file_id)
    return row.document_order


def _anchor(draft: OnlineDraft, action: str) -> str:
    """Where to land after a no-JavaScript upload or removal: the document's block."""
    if action.startswith("upload-"):
        return "#giay-to-" + action.removeprefix("upload-")[:5]
    return ""


def _form_values(request, draft: OnlineDraft | None, account) -> dict:
    if request.method == "POST":
        return {k: request.POST.get(k, "") for k in ("phone", "email", "address", "note", "centre")}
    data = draft.form_data if draft else {"phone": account.phone, "email": account.email, "address": account.address}
    return {
        "phone": data.get("phone", ""),
        "email": data.get("email", ""),
        "address": data.get("address", ""),
        "note": data.get("note", ""),
        "centre": str(draft.centre_id) if draft and draft.centre_id else "",
    }


@never_cache
@require_http_methods(["GET", "POST"])
def filing(request, code: str):
    """The filing form: identity pre-filled from VNeID, contact details, filing place, documents.

    One form for everything (works without JavaScript): every POST first keeps the typed details and
    stores every chosen file in the draft, then does what the pressed button asks (upload, remove a
    file, save, submit, discard). With JavaScript, files upload as soon as they are chosen
    (:func:`filing_upload`).
    """
    procedure, info, account, refusal = _filing_access(request, code)
    if refusal:
        return refusal
    draft = services.filing_draft_for(account, procedure)
    field_errors: dict[str, str] = {}
    upload_errors: dict[int, list[str]] = {}
    errors: list[str] = []
    centres = info.centres
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "discard":
            if draft:
                services.discard_draft(draft)
            messages.info(request, _("Đã xoá bản nháp."))
            return HttpResponseRedirect(reverse("portal:procedure", args=[procedure.code]))
        draft = draft or services.filing_draft_for(account, procedure, create=True)
        centre = next((c for c in centres if str(c.pk) == request.POST.get("centre", "")), None)
        try:
            services.save_draft_form(
                draft,
                phone=request.POST.get("phone", ""),
                email=request.POST.get("email", ""),
                address=request.POST.get("address", ""),
                note=request.POST.get("note", ""),
                centre=centre,
            )
        except services.PortalError as exc:
            field_errors[exc.field or "form"] = exc.message
        upload_errors = _store_uploads(request, draft, [d.order for d in info.documents])
        _remove_requested(draft, action)
        if _is_htmx(request) and action == "save":
            return HttpResponse(status=204)  # autosave
        if action == "submit" and not field_errors and not upload_errors:
            try:
                dossier = services.submit_filing(draft, account)
            except services.PortalError as exc:
                if exc.field:
                    field_errors[exc.field] = exc.message
                else:
                    errors.append(exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "Đã nộp hồ sơ trực tuyến. Cán bộ tiếp nhận sẽ kiểm tra và tiếp nhận hồ sơ; thời hạn giải quyết "
                        "được tính từ khi hồ sơ được tiếp nhận. Bạn sẽ nhận được thông báo."
                    ),
                )
                return HttpResponseRedirect(reverse("portal:my_dossier", args=[dossier.key]))
        if not (field_errors or upload_errors or errors):
            if action == "save":
                messages.success(request, _("Đã lưu bản nháp."))
            return HttpResponseRedirect(reverse("portal:filing", args=[procedure.code]) + _anchor(draft, action))
        draft.refresh_from_db()
    values = _form_values(request, draft, account)
    suggested = None
    if not values["centre"]:
        suggested = catalogue.suggest_centre(centres, values["address"] or account.address)
        if suggested:
            values["centre"] = str(suggested.pk)
    context = {
        "procedure": procedure,
        "info": info,
        "draft": draft,
        "account": account,
        "id_number": services.identity_number(account),
        "values": values,
        "centres": centres,
        "blocks": _document_blocks(draft, _filing_documents(info), upload_errors),
        "field_errors": field_errors,
        "errors": errors,
        "upload_url_name": "portal:filing_upload",
        "url_args": [procedure.code],
        "limits": _limits(),
    }
    status = 422 if (field_errors or upload_errors or errors) else 200
    return _private(page(request, "portal/filing.html", context, status=status))


def _limits() -> dict:
    return {
        "max_mb": services.upload_max_bytes() // 1_048_576,
        "max_files": services.max_files_per_document(),
        "total_mb": services.max_draft_bytes() // 1_048_576,
    }


REMOVE_URL_NAMES = {
    "portal:filing_upload": "portal:filing_remove_file",
    "portal:answer_upload": "portal:answer_remove_file",
}


def _block_response(
    request, draft, documents, order: int, errors: list[str], url_name: str, url_args: list, uploaded=()
):
    block = next(b for b in _document_blocks(draft, documents, {order: errors}) if b["order"] == order)
    block["uploaded"] = ", ".join(row.original_name for row in uploaded)  # announced to screen readers
    context = {
        "block": block,
        "upload_url_name": url_name,
        "remove_url_name": REMOVE_URL_NAMES[url_name],
        "url_args": url_args,
        "limits": _limits(),
        "editable": True,
    }
    return render(request, "portal/partials/document.html", context)


def _upload_answer(request, draft, order: int, documents, page_url_name: str, upload_url_name: str, url_args: list):
    """Store the posted files of checklist line ``order`` in ``draft``; answer with that line's block
    (htmx) or go back to the page (no JavaScript). ``documents`` gives the draft's checklist lines."""
    errors, stored = [], []
    try:
        result = services.add_draft_files(draft, order, request.FILES.getlist(f"files-{order}"))
        errors, stored = result.errors, result.stored
    except services.PortalError as exc:
        errors = [exc.message]
    if not _is_htmx(request):
        for error in errors:
            messages.error(request, error)
        return HttpResponseRedirect(reverse(page_url_name, args=url_args) + f"#giay-to-{order}")
    return _block_response(request, draft, documents(), order, errors, upload_url_name, url_args, stored)


def _remove_answer(request, draft, file_id: int, documents, page_url_name: str, upload_url_name: str, url_args: list):
    """Remove one file of ``draft`` (404 when the draft or the file is not the citizen's); answer as
    :func:`_upload_answer` does."""
    if draft is None or (row := draft.files.filter(pk=file_id).first()) is None:
        raise Http404
    order = row.document_order
    services.remove_draft_file(draft, file_id)
    if not _is_htmx(request):
        return HttpResponseRedirect(reverse(page_url_name, args=url_args) + f"#giay-to-{order}")
    return _block_response(request, draft, documents(), order, [], upload_url_name, url_args)


@never_cache
@require_POST
def filing_upload(request, code: str, order: int):
    """Upload the files of one document (JavaScript path; answers with that document's block)."""
    procedure, info, account, refusal = _filing_access(request, code)
    if refusal:
        return refusal
    draft = services.filing_draft_for(account, procedure, create=True)
    return _upload_answer(request, draft, order, lambda: _filing_documents(info), "portal:filing",
                          "portal:filing_upload", [procedure.code])


@never_cache
@require_POST
def filing_remove_file(request, code: str, file_id: int):
    procedure, info, account, refusal = _filing_access(request, code)
    if refusal:
        return refusal
    draft = services.filing_draft_for(account, procedure)
    return _remove_answer(request, draft, file_id, lambda: _filing_documents(info), "portal:filing",
                          "portal:filing_upload", [procedure.code])


# --- my dossiers -------------------------------------------------------------------------------------------


@citizen_page
@require_GET
def my_dossiers(request):
    dossiers = (
        visible_dossiers(request.principal)
        .select_related("procedure", "receiving_centre")
        .order_by("-submitted_at", "-id")
    )
    paginator = Paginator(dossiers, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("trang"))
    rows = [{"dossier": d, "deadline": deadline_status(d)} for d in page_obj]
    drafts = OnlineDraft.objects.filter(
        citizen=request.citizen, state=OnlineDraft.State.EDITING, purpose=OnlineDraft.Purpose.FILING
    ).select_related("procedure")
    return page(request, "portal/my_dossiers.html", {"rows": rows, "page_obj": page_obj, "drafts": drafts})


def _timeline(dossier) -> list[dict]:
    """Status changes in order (consecutive events with the same status are one line)."""
    lines: list[dict] = []
    for transition in dossier.transitions.all().order_by("seq"):
        label = Status(transition.to_status).label
        if lines and lines[-1]["status"] == transition.to_status and transition.action not in ("apologise",):
            lines[-1]["last_at"] = transition.at
            continue
        lines.append(
            {
                "status": transition.to_status,
                "label": label,
                "action": transition.get_action_display(),
                "at": transition.at,
                "last_at": transition.at,
            }
        )
    return lines


def _public_steps(dossier) -> list[dict]:
    """The internal steps (control sheet) without people's names: step, unit, started, finished."""
    steps = []
    for step in dossier.steps.select_related("department", "centre").order_by("started_at", "id"):
        unit = step.department.name if step.department_id else (step.centre.name if step.centre_id else "")
        steps.append({"name": step.name, "unit": unit, "started_at": step.started_at, "finished_at": step.finished_at})
    return steps


# DOMAIN §7 on-time classification, in the citizen's words (class = badge colour).
DEADLINE_LABELS = {
    OnTime.EARLY: (gettext_lazy("Có kết quả trước hạn"), "ok"),
    OnTime.ON_TIME: (gettext_lazy("Có kết quả đúng hạn"), "ok"),
    OnTime.LATE: (gettext_lazy("Trễ hạn"), "bad"),
    OnTime.IN_PROGRESS_WITHIN: (gettext_lazy("Đang giải quyết, còn trong hạn"), "ok"),
    OnTime.IN_PROGRESS_OVERDUE: (gettext_lazy("Đang giải quyết, đã quá hạn"), "bad"),
}


def _dossier_context(dossier) -> dict:
    status = deadline_status(dossier)
    label, css = DEADLINE_LABELS.get(status.classification, ("", ""))
    return {
        "dossier": dossier,
        "deadline": status,
        "deadline_label": label,
        "deadline_class": css,
        "timeline": _timeline(dossier),
        "steps": _public_steps(dossier),
        "late": css == "bad",
        "reappointed": dossier.reappointed_at is not None,
    }


@citizen_page
@require_GET
def my_dossier(request, key: str):
    dossier = get_dossier_for_user(request.principal, key)
    request_period = services.open_request(dossier)
    documents = dossier.documents.prefetch_related("files").order_by("id")
    rating = Rating.objects.filter(dossier=dossier).first()
    context = {
        **_dossier_context(dossier),
        "open_request": request_period,
        "documents": documents,
        "rating": rating,
        "rating_form": RatingForm() if feedback_services.can_rate(dossier) else None,
        "rating_action": reverse("portal:rate_own", args=[dossier.key]),
        "answer_draft": services.answer_draft_for(request.citizen, dossier) if request_period else None,
        "completion_requested": dossier.stage == Stage.COMPLETION_REQUESTED,
    }
    return page(request, "portal/my_dossier.html", context)


@citizen_page
@require_POST
def rate_own(request, key: str):
    dossier = get_dossier_for_user(request.principal, key)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            feedback_services.rate_dossier(
                dossier,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                via=Rating.Via.ACCOUNT,
            )
            messages.success(request, _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn."))
        except feedback_services.FeedbackError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Vui lòng chọn mức độ hài lòng."))
    return HttpResponseRedirect(reverse("portal:my_dossier", args=[dossier.key]) + "#danh-gia")


# --- answering a supplement / completion request ----------------------------------------------------------


def _answer_access(request, key: str):
    dossier = get_dossier_for_user(request.principal, key)
    period = services.open_request(dossier)
    if period is None:
        return dossier, None, None, HttpResponseRedirect(reverse("portal:my_dossier", args=[dossier.key]))
    required = dossier.procedure_version.required_eid_level or 1
    if not request.citizen.has_level(required):
        return dossier, None, None, level_required_response(request, request.citizen, required)
    return dossier, period, services.answer_draft_for(request.citizen, dossier), None


@citizen_page
@require_http_methods(["GET", "POST"])
def answer(request, key: str):
    dossier, period, draft, early = _answer_access(request, key)
    if early:
        return early
    errors: list[str] = []
    upload_errors: dict[int, list[str]] = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        draft = draft or services.answer_draft_for(request.citizen, dossier, create=True)
        services.save_answer_note(draft, request.POST.get("note", ""))
        upload_errors = _store_uploads(request, draft, [d["order"] for d in services.draft_documents(draft)])
        _remove_requested(draft, action)
        if action == "submit" and not upload_errors:
            try:
                services.submit_answer(draft, request.citizen)
            except services.PortalError as exc:
                errors.append(exc.message)
            else:
                messages.success(
                    request,
                    _("Đã gửi hồ sơ bổ sung. Cơ quan giải quyết tiếp tục xử lý hồ sơ của bạn."),
                )
                return HttpResponseRedirect(reverse("portal:my_dossier", args=[dossier.key]))
        if not (upload_errors or errors):
            return HttpResponseRedirect(reverse("portal:answer", args=[dossier.key]) + _anchor(draft, action))
    documents = (
        services.draft_documents(draft)
        if draft
        else [
            {"order": item["document"], "name": item.get("name", ""), "detail": item.get("detail", "")}
            for item in period.items
        ]
    )
    context = {
        **_dossier_context(dossier),
        "period": period,
        "draft": draft,
        "blocks": _document_blocks(draft, documents, upload_errors),
        "note": draft.form_data.get("note", "") if draft else "",
        "errors": errors,
        "upload_url_name": "portal:answer_upload",
        "url_args": [dossier.key],
        "limits": _limits(),
        "completion": dossier.stage == Stage.COMPLETION_REQUESTED,
    }
    status = 422 if (upload_errors or errors) else 200
    return page(request, "portal/answer.html", context, status=status)


@citizen_page
@require_POST
def answer_upload(request, key: str, order: int):
    dossier, _period, draft, early = _answer_access(request, key)
    if early:
        return early
    draft = draft or services.answer_draft_for(request.citizen, dossier, create=True)
    return _upload_answer(request, draft, order, lambda: services.draft_documents(draft), "portal:answer",
                          "portal:answer_upload", [dossier.key])


@citizen_page
@require_POST
def answer_remove_file(request, key: str, file_id: int):
    dossier, _period, draft, early = _answer_access(request, key)
    if early:
        return early
    return _remove_answer(request, draft, file_id, lambda: services.draft_documents(draft), "portal:answer",
                          "portal:answer_upload", [dossier.key])


# --- public tracking ------------------------------------------------------------------------------------------


@never_cache
@require_GET
def track_form(request):
    """The lookup form; a filled-in form goes to the tracking page (the QR's address)."""
    form = TrackForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"].strip()
        url = reverse("portal:track", args=[code]) + "?" + urlencode({"s": form.cleaned_data["s"].strip()})
        return HttpResponseRedirect(url)
    return _private(page(request, "portal/track_form.html", {"form": form}))


def _lookup(request, code: str, secret: str):
    """(dossier, None) or (None, the refusal page). Throttles failed attempts per client and code."""
    client = tracking.client_key(request)
    if tracking.is_throttled(client, code):
        response = page(
            request,
            "portal/track_form.html",
            {"form": TrackForm(initial={"code": code}), "throttled": True},
            status=429,
        )
        response["Retry-After"] = str(int(tracking._limits()[0].total_seconds()))
        return None, _private(response)
    dossier = dossier_services.find_for_public_tracking(code, secret)
    if dossier is None:
        tracking.record_failure(client, code)
        form = TrackForm(initial={"code": code})
        return None, _private(page(request, "portal/track_form.html", {"form": form, "not_found": True}, status=404))
    return dossier, None


@never_cache
@require_GET
def track(request, code: str):
    """Public tracking (the receipt's QR): status, steps, appointment, late or not — masked name only."""
    secret = request.GET.get("s", "")
    if not secret.strip():
        return _private(page(request, "portal/track_form.html", {"form": TrackForm(initial={"code": code})}))
    dossier, refusal = _lookup(request, code, secret)
    if refusal:
        return refusal
    context = {
        **_dossier_context(dossier),
        "masked_name": dossier.applicant.masked_name,
        "rating_form": RatingForm() if feedback_services.can_rate(dossier) else None,
        "rated": Rating.objects.filter(dossier=dossier).exists(),
        "rating_action": reverse("portal:rate_public", args=[dossier.code]),
        "secret": secret.strip().upper(),
        "return_centre": dossier.return_centre,
    }
    return _private(page(request, "portal/track.html", context))


@never_cache
@require_POST
def rate_public(request, code: str):
    """Rating with the receipt's code + secret (no account): private, tied to the dossier."""
    secret = request.POST.get("s", "")
    dossier, refusal = _lookup(request, code, secret)
    if refusal:
        return refusal
    form = RatingForm(request.POST)
    back = reverse("portal:track", args=[dossier.code]) + "?" + urlencode({"s": secret.strip()}) + "#danh-gia"
    if form.is_valid():
        try:
            feedback_services.rate_dossier(
                dossier, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"], via=Rating.Via.RECEIPT
            )
            messages.success(request, _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn."))
        except feedback_services.FeedbackError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Vui lòng chọn mức độ hài lòng."))
    return _private(HttpResponseRedirect(back))


# --- feedback (phản ánh, kiến nghị) ---------------------------------------------------------------------------


@require_GET
def feedback_list(request):
    published = Feedback.objects.filter(state=Feedback.State.PUBLISHED).order_by("-published_at")
    paginator = Paginator(published, PAGE_SIZE)
    return page(request, "portal/feedback_list.html", {"page_obj": paginator.get_page(request.GET.get("trang"))})


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_new(request):
    account = current_citizen(request)
    initial = {}
    if account:
        initial = {"name": account.display_name, "phone": account.phone, "email": account.email}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dossier = None
        if data["dossier_code"].strip():
            client = tracking.client_key(request)
            if tracking.is_throttled(client, data["dossier_code"]):
                form.add_error("dossier_code", _("Bạn đã nhập sai quá nhiều lần; vui lòng thử lại sau ít phút."))
            else:
                dossier = dossier_services.find_for_public_tracking(data["dossier_code"], data["dossier_secret"])
                if dossier is None and account is not None:
                    try:  # the signed-in owner needs no secret
                        dossier = get_dossier_for_user(services.principal_for(account), data["dossier_code"])
                    except Http404:
                        dossier = None
                if dossier is None:
                    tracking.record_failure(client, data["dossier_code"])
                    form.add_error("dossier_code", _("Mã số hồ sơ và mã tra cứu không khớp."))
        if not form.errors:
            try:
                feedback = feedback_services.submit_feedback(
                    kind=data["kind"],
                    subject=data["subject"],
                    content=data["content"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    citizen=account,
                    dossier=dossier,
                )
            except feedback_services.FeedbackError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                url = feedback_services.sender_path(feedback)
                messages.success(
                    request, _("Đã gửi phản ánh, kiến nghị. Hãy lưu lại đường dẫn này để theo dõi trả lời.")
                )
                return _private(HttpResponseRedirect(url))
    status = 422 if form.errors else 200
    return _private(page(request, "portal/feedback_form.html", {"form": form}, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_status(request, reference: str):
    secret = request.GET.get("s", "") or request.POST.get("s", "")
    client = tracking.client_key(request)
    if tracking.is_throttled(client, reference):
        return _private(page(request, "portal/feedback_status.html", {"throttled": True}, status=429))
    feedback = feedback_services.find_feedback(reference, secret)
    if feedback is None:
        tracking.record_failure(client, reference)
        raise Http404(_("Không tìm thấy phản ánh, kiến nghị."))
    form = FeedbackDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.add_feedback_details(feedback, details=form.cleaned_data["details"])
        except feedback_services.FeedbackError as exc:
            form.add_error("details", exc.message)
        else:
            messages.success(request, _("Đã gửi thông tin bổ sung."))
            return _private(HttpResponseRedirect(request.path + "?" + urlencode({"s": feedback.secret})))
    context = {
        "feedback": feedback,
        "form": form,
        "secret": feedback.secret,
        "timeliness": feedback_services.feedback_timeliness(feedback),
    }
    return _private(page(request, "portal/feedback_status.html", context))

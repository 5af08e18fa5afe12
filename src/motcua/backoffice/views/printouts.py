"""The official forms as PDF (Thông tư 03/2025, Mẫu 01–07) and the tracking book as a spreadsheet.

Every document is built by :mod:`motcua.dossiers.documents` from the dossier's audited record and
laid out by :mod:`motcua.printing` — nothing is typed at print time. ``?tai=1`` downloads the file
(attachment) instead of opening it in the browser's viewer.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.dossiers import access, documents
from motcua.lib import clock
from motcua.printing.render import render_pdf, render_tracking_book_xlsx

from ..forms import BookForm
from ..permissions import get_workplaces, pick, staff_view

BUILDERS = {
    "01": documents.receipt_form,
    "03": documents.refusal_form,
    "04": documents.apology_form,
    "05": documents.stop_notice_form,
    "06": documents.control_sheet_form,
}
NAMES = {
    "01": "giay-tiep-nhan",
    "02": "phieu-yeu-cau-bo-sung",
    "03": "phieu-tu-choi",
    "04": "phieu-xin-loi",
    "05": "thong-bao-dung",
    "06": "phieu-kiem-soat",
}
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, content_type: str, filename: str, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # personal data: never kept by a shared counter PC's cache
    return response


@staff_view()
def dossier_form(request, key: str, form: str):
    dossier = access.get_dossier_for_user(request.user, key, purpose=f"in mẫu {form}")
    try:
        if form == "02":
            period = None
            if request.GET.get("lan", "").isdigit():
                period = documents.supplement_periods(dossier).filter(pk=int(request.GET["lan"])).first()
                if period is None:
                    raise Http404
            built = documents.supplement_request_form(dossier, period)
        elif form in BUILDERS:
            built = BUILDERS[form](dossier)
        else:
            raise Http404
    except documents.FormNotAvailable as error:
        return render(request, "backoffice/form_unavailable.html", {"dossier": dossier, "message": error}, status=404)
    filename = f"{NAMES[form]}-{dossier.code or dossier.uid}.pdf"
    return _file(render_pdf(built), PDF, filename, request.GET.get("tai") == "1")


@staff_view("book")
def tracking_book(request):
    """Sổ theo dõi hồ sơ (Mẫu 07): the centre's dossiers received in a period, PDF or Excel."""
    places = get_workplaces(request)
    centre = pick(places.book_centres, request.GET.get("trung_tam"))
    today = clock.today()
    if "start" in request.GET:
        form = BookForm(request.GET)
    else:
        form = BookForm(initial={"start": today.replace(day=1), "end": today})
    output = request.GET.get("dinh_dang")
    if output in ("pdf", "xlsx") and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        since = dt.datetime.combine(start, dt.time(0), clock.BUSINESS_TZ)
        until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), clock.BUSINESS_TZ)
        rows = (
            access.visible_dossiers(request.user)
            .filter(receiving_centre=centre, accepted_at__gte=since, accepted_at__lt=until)
            .select_related("procedure", "applicant", "resolving_department")
        )
        book = documents.tracking_book_form(centre, start, end, rows)
        name = f"so-theo-doi-{centre.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        if output == "xlsx":
            return _file(render_tracking_book_xlsx(book), XLSX, f"{name}.xlsx", True)
        return _file(render_pdf(book), PDF, f"{name}.pdf", request.GET.get("tai") == "1")
    return render(
        request,
        "backoffice/tracking_book.html",
        {"form": form, "centre": centre, "centres": places.book_centres, "title": _("Sổ theo dõi hồ sơ")},
    )

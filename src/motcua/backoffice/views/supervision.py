"""Giám đốc trung tâm, giám sát cấp tỉnh: what is due today, in the next 2 working days, overdue —
by department and by procedure, who holds each dossier, and the red list of dossiers that must get
an apology letter (Mẫu 04) before their appointment (DOMAIN §6)."""

from __future__ import annotations

from django.shortcuts import render

from motcua.dossiers import deadlines
from motcua.org.models import ServiceCentre

from .. import queries
from ..permissions import get_workplaces, pick, staff_view


@staff_view("supervision")
def overview(request):
    places = get_workplaces(request)
    wanted = request.GET.get("trung_tam")
    if places.province_wide:
        centre = ServiceCentre.objects.filter(pk=wanted).first() if wanted and wanted.isdigit() else None
        choices = list(ServiceCentre.objects.filter(is_active=True).order_by("level", "name"))
    else:
        centre = pick(places.director_centres, wanted)
        choices = list(places.director_centres)
    data = queries.supervision(request.user, centre=centre)
    return render(
        request,
        "backoffice/supervision/overview.html",
        {
            "data": data,
            "centre": centre,
            "choices": choices,
            "province_wide": places.province_wide,
            "margin_days": deadlines.apology_margin_days(),
        },
    )

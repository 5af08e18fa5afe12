"""Report screens: the public transparency page, the directors' and the province's dashboards, report
tables with drill-down to the dossiers, exports (Excel in the periodic report's layout, PDF).

Every figure comes from :func:`motcua.reports.queries.figures` (aggregates only); drill-down lists
come from the per-dossier index (``DossierStat``) intersected with ``visible_dossiers(user)`` —
there is no unscoped path to a dossier (STYLE §4).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure, Sector
from motcua.dossiers.access import visible_dossiers
from motcua.org.models import Department, ServiceCentre

from . import charts, exports, periods, queries
from .labels import BREAKDOWNS, CHANNEL_LABELS, LEVEL_LABELS, METRICS, short_month
from .metrics import Figures
from .models import DossierStat, SimulationRun
from .scope import ReportScope, scope_for

# --- shared helpers ----------------------------------------------------------------------------------


class InputError(Exception):
    """What a report URL asked for cannot be shown: the page says why, in the reader's language, with
    ``status`` 400 (bad input) or 404 (a centre the reader may not know exists)."""

    def __init__(self, message, status: int = 400) -> None:
        self.message, self.status = str(message), status
        super().__init__(self.message)


def _answers(view):
    """Turn :class:`InputError` and a refused scope into the reports' own error page (never a bare
    server page in English): the message, the status, a way back."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except InputError as error:
            message, status = error.message, error.status
        except PermissionDenied as error:
            message, status = str(error) or _("Bạn không có quyền xem trang này."), 403
        return render(request, "reports/error.html", {"message": message, "status": status}, status=status)

    return wrapper


def _period(request) -> periods.Period:
    try:
        return periods.parse(request.GET.get("ky"), request.GET.get("tu"), request.GET.get("den"),
                             queries.reference_date())
    except ValueError as exc:
        raise InputError(_(str(exc))) from None  # periods' messages are constant, marked for translation


def _id(value: str) -> int | None:
    """An id typed in a URL: ASCII digits only (``isdigit`` also accepts "²" and "٣")."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def _filters(request, scope: ReportScope) -> tuple[dict, dict]:
    """Query filters from the URL (codes and ids), limited to the scope; and their labels."""
    filters: dict = {}
    labels: dict = {}
    code = request.GET.get("tt")
    if code:
        centre = ServiceCentre.objects.filter(code=code).first()
        if centre is None or not scope.allows(centre):
            raise InputError(_("Không tìm thấy trung tâm."), status=404)
        filters["centre"] = centre.pk
        labels["tt"] = centre.name
    elif not scope.province_wide:
        filters["centres"] = scope.centre_ids
    for param, name, model, unknown in (
        ("lv", "sector", Sector, _("Không tìm thấy lĩnh vực.")),
        ("th", "procedure", Procedure, _("Không tìm thấy thủ tục.")),
        ("cq", "department", Department, _("Không tìm thấy cơ quan giải quyết.")),
    ):
        value = request.GET.get(param)
        if value:
            pk = _id(value)
            obj = model.objects.filter(pk=pk).first() if pk is not None else None
            if obj is None:
                raise InputError(unknown)
            filters[name] = obj.pk
            labels[param] = str(obj)
    channel = request.GET.get("kenh")
    if channel:
        if channel not in CHANNEL_LABELS:
            raise InputError(_("Kênh tiếp nhận không hợp lệ."))
        filters["channel"] = channel
        labels["kenh"] = str(CHANNEL_LABELS[channel])
    level = request.GET.get("cap")
    if level:
        if level not in LEVEL_LABELS:
            raise InputError(_("Cấp giải quyết không hợp lệ."))
        filters["level"] = level
        labels["cap"] = str(LEVEL_LABELS[level])
    return filters, labels


def _names(group: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if group == "centre":
        return {c.pk: c for c in ServiceCentre.objects.filter(pk__in=keys)}
    if group == "department":
        return {d.pk: d for d in Department.objects.filter(pk__in=keys).select_related("centre")}
    if group == "sector":
        return {s.pk: s for s in Sector.objects.filter(pk__in=keys)}
    if group == "procedure":
        return {p.pk: p for p in Procedure.objects.filter(pk__in=keys)}
    if group == "channel":
        return {k: str(CHANNEL_LABELS.get(k, k)) for k in keys}
    if group == "level":
        return {k: str(LEVEL_LABELS.get(k, k)) for k in keys}
    return {}


def _param_for(group: str) -> str:
    return {"centre": "tt", "department": "cq", "sector": "lv", "procedure": "th", "channel": "kenh",
            "level": "cap"}[group]


def _param_value(group: str, key, obj) -> str:
    return obj.code if group == "centre" else str(key)


def rows_for(period, group: str, **filters) -> list[dict]:
    """One line per breakdown value, largest intake first, with the object and its drill-down value."""
    data = queries.figures(period, group, **filters)
    names = _names(group, data.keys())
    rows = []
    for key, figures in data.items():
        obj = names.get(key, key)
        rows.append({"key": key, "obj": obj, "label": str(obj), "figures": figures,
                     "param": _param_for(group), "value": _param_value(group, key, obj)})
    rows.sort(key=lambda r: (-r["figures"].received, -r["figures"].resolved, r["label"]))
    return rows


def _simulation():
    return SimulationRun.objects.order_by("-loaded_at").first()


# --- public transparency page (no login) -------------------------------------------------------------


@_answers
def transparency(request, code: str | None = None):
    """Công khai kết quả giải quyết TTHC — province-wide or one centre, this month and year to date."""
    today = queries.reference_date()
    centre = None
    filters: dict = {}
    if code:
        centre = ServiceCentre.objects.filter(code=code, is_active=True).first()
        if centre is None:
            raise InputError(_("Không tìm thấy trung tâm."), status=404)
        filters["centre"] = centre.pk
    month = periods.month_to_date(today)
    year = periods.year_to_date(today)
    this_month = queries.total(month, **filters)
    year_to_date = queries.total(year, **filters)
    procedures = [r for r in rows_for(year, "procedure", **filters) if r["figures"].received or r["figures"].resolved]
    centres = []
    if centre is None:
        centres = rows_for(year, "centre")
    trend = queries.trend(queries.last_months(today, 6), **filters)
    chart = charts.line_chart(
        [short_month(p) for p, _f in trend],
        [charts.Series(_("Tỷ lệ trước hạn và đúng hạn"), tuple(_float(f.on_time_rate) for _p, f in trend))],
        title=_("Tỷ lệ giải quyết trước hạn và đúng hạn theo tháng"),
        y_min=50.0, target=90.0,
    )
    return render(request, "reports/transparency.html", {
        "centre": centre, "today": today, "month": month, "year": year, "this_month": this_month,
        "year_to_date": year_to_date, "procedures": procedures, "centres": centres, "chart": chart,
        "simulation": _simulation(),
    })


def _float(value) -> float | None:
    return None if value is None else float(value)


# --- staff dashboard ----------------------------------------------------------------------------------


@login_required
@_answers
def dashboard(request):
    """The director's (his centre) or the province's dashboard for one period."""
    scope = scope_for(request.user)
    period = _period(request)
    filters, labels = _filters(request, scope)
    total, per_channel = queries.figures(period, by_channel=True, **filters).get(None, (Figures(), {}))
    trend = queries.trend(queries.last_months(period.end, 12), **filters)
    on_time = charts.line_chart(
        [short_month(p) for p, _f in trend],
        [
            charts.Series(_("Trước hạn và đúng hạn"), tuple(_float(f.on_time_rate) for _p, f in trend)),
            charts.Series(_("Tiến độ (QĐ 766)"), tuple(_float(f.progress_rate_766) for _p, f in trend)),
        ],
        title=_("Tỷ lệ đúng hạn theo tháng"), y_min=50.0, target=90.0,
    )
    by_sector = sorted(rows_for(period, "sector", **filters), key=lambda r: -r["figures"].late)[:10]
    late_chart = charts.bar_chart(
        [r["label"] for r in by_sector], [r["figures"].late for r in by_sector],
        title=_("Hồ sơ quá hạn theo lĩnh vực"), colour=charts.PALETTE[3],
    )
    centre_rows = rows_for(period, "centre", **filters)
    load_rows = centre_rows[:15]
    load_chart = charts.bar_chart(
        [r["label"].replace("Trung tâm Phục vụ hành chính công ", "") for r in load_rows],
        [r["figures"].received for r in load_rows], title=_("Hồ sơ tiếp nhận theo trung tâm"),
    )
    staffing_rows = [r for r in load_rows if r["obj"].staffing_filled]
    staffing_chart = charts.grouped_bar_chart(
        [r["label"].replace("Trung tâm Phục vụ hành chính công ", "") for r in staffing_rows],
        [
            charts.Series(_("Biên chế được giao"), tuple(float(r["obj"].staffing_quota or 0) for r in staffing_rows)),
            charts.Series(_("Đang làm việc"), tuple(float(r["obj"].staffing_filled or 0) for r in staffing_rows)),
            charts.Series(_("Hồ sơ/người/ngày làm việc"), tuple(
                _per_officer_day(r["figures"].received, r["obj"].staffing_filled, period) for r in staffing_rows)),
        ],
        title=_("Biên chế và khối lượng hồ sơ mỗi người"),
    )
    detail_group = "centre" if scope.province_wide and "centre" not in filters else "procedure"
    detail_rows = centre_rows if detail_group == "centre" else rows_for(period, "procedure", **filters)
    return render(request, "reports/dashboard.html", {
        "scope": scope, "period": period, "labels": labels, "total": total, "per_channel": per_channel,
        "channel_labels": CHANNEL_LABELS, "on_time_chart": on_time, "late_chart": late_chart,
        "load_chart": load_chart, "staffing_chart": staffing_chart, "staffing_rows": staffing_rows,
        "detail_group": detail_group, "detail_rows": detail_rows, "query": _query(request, **period.as_query()),
        "kinds": periods.KINDS, "simulation": _simulation(),
        "centres": scope.centres if not scope.province_wide else None,
    })


def _per_officer_day(received: int, filled: int | None, period) -> float | None:
    if not filled:
        return None
    working_days = sum(1 for i in range(period.days)
                       if (period.start + dt.timedelta(days=i)).weekday() < 5) or 1
    return round(received / filled / working_days, 1)


def _query(request, **changes) -> str:
    """The page's parameters with ``changes`` (None removes one). The report pages pass their period
    (``Period.as_query``): a number's link names the period it was counted for, so a list opened after
    midnight, or from a bookmark, is the list of that number — not of the new "this month"."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


# --- report table ----------------------------------------------------------------------------------------


@login_required
@_answers
def table(request):
    scope = scope_for(request.user)
    period = _period(request)
    filters, labels = _filters(request, scope)
    group = request.GET.get("nhom", "sector")
    if group not in BREAKDOWNS:
        raise InputError(_("Cách nhóm không hợp lệ."))
    rows = rows_for(period, group, **filters)
    total = queries.total(period, **filters)
    return render(request, "reports/table.html", {
        "scope": scope, "period": period, "labels": labels, "group": group, "breakdowns": BREAKDOWNS,
        "rows": rows, "total": total, "query": _query(request, **period.as_query()), "metrics": METRICS,
        "kinds": periods.KINDS, "simulation": _simulation(),
    })


# --- drill-down to the dossiers behind a number -------------------------------------------------------------


def drilldown_queryset(user, period, metric: str, filters: dict):
    """The dossiers behind one number, as they stand now (the per-dossier index, in the user's scope)."""
    stats = DossierStat.objects.all()
    lookups = {"centre": "centre_id", "centres": "centre_id__in", "sector": "procedure__sector_id",
               "procedure": "procedure_id", "department": "department_id", "channel": "channel",
               "level": "department__level"}
    for name, value in filters.items():
        stats = stats.filter(**{lookups[name]: value})
    start, end = period.start, period.end
    if metric == "received":
        stats = stats.filter(received_on__gte=start, received_on__lte=end)
    elif metric in ("resolved", "early", "on_time", "late"):
        ended = stats.filter(phase="ended", ended_on__gte=start, ended_on__lte=end)
        pending = stats.filter(phase="pending", pending_on__gte=start, pending_on__lte=end)
        if metric != "resolved":
            ended, pending = ended.filter(outcome=metric), pending.filter(outcome=metric)
        stats = ended | pending
    elif metric in ("in_progress", "within", "overdue"):
        stats = stats.filter(phase="open", received_on__lte=end)
        if metric == "overdue":
            stats = stats.filter(overdue_on__lte=end)
        elif metric == "within":
            stats = stats.exclude(overdue_on__lte=end)
    elif metric == "refused_intake":
        stats = stats.filter(phase="refused", ended_on__gte=start, ended_on__lte=end)
    else:
        raise InputError(_("Chỉ số không hợp lệ."))
    return (
        visible_dossiers(user)
        .filter(pk__in=stats.values("dossier_id"))
        .select_related("procedure", "receiving_centre", "resolving_department", "report_stat")
        .order_by("-accepted_at", "-pk")
    )


@login_required
@_answers
def drilldown(request):
    scope = scope_for(request.user)
    period = _period(request)
    filters, labels = _filters(request, scope)
    metric = request.GET.get("chi-so", "received")
    if metric not in METRICS:
        raise InputError(_("Chỉ số không hợp lệ."))
    dossiers = drilldown_queryset(request.user, period, metric, filters)
    page = Paginator(dossiers, 50).get_page(request.GET.get("trang"))
    return render(request, "reports/drilldown.html", {
        "scope": scope, "period": period, "labels": labels, "metric": metric, "metric_label": str(METRICS[metric]),
        "page": page, "query": _query(request, trang=None, **period.as_query()), "simulation": _simulation(),
        "as_of_now": period.end >= queries.reference_date(),
    })


# --- exports --------------------------------------------------------------------------------------------------


@login_required
@_answers
def export(request, fmt: str):
    """The report table as Excel (periodic-report layout) or PDF, with the page's period and filters."""
    scope = scope_for(request.user)
    period = _period(request)
    filters, labels = _filters(request, scope)
    group = request.GET.get("nhom", "sector")
    if group not in BREAKDOWNS or fmt not in ("xlsx", "pdf"):
        raise InputError(_("Cách nhóm hoặc định dạng không hợp lệ."))
    # The periodic report is an official Vietnamese form: the same file from the English pages too
    # (it mixed an English title with the form's Vietnamese columns). The input was checked above, in
    # the page's language.
    with translation.override("vi"):
        filters, labels = _filters(request, scope)
        current = queries.figures(period, group, **filters)
        names = {k: str(v.name if hasattr(v, "name") else v) for k, v in _names(group, current.keys()).items()}
        if scope.province_wide:
            unit = labels.get("tt") or _("Tỉnh Vĩnh Long (toàn tỉnh)")
        else:
            unit = labels.get("tt") or ", ".join(c.name for c in scope.centres)
        report = exports.build(period, group, names, unit=unit, group_label=str(BREAKDOWNS[group]), filters=filters,
                               labels=labels, simulated=_simulation() is not None)
        content = exports.to_xlsx(report) if fmt == "xlsx" else exports.to_pdf(report)
    stem = f"bao-cao-{period.start:%Y%m%d}-{period.end:%Y%m%d}-{group}"
    if fmt == "xlsx":
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response

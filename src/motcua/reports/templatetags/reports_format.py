"""Number formats of the report pages: Vietnamese separators (1.234 — 93,60 %); period and
classification labels in the page's language (the official exports keep Vietnamese, as filed)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from motcua.reports.periods import ROMAN, Period

register = template.Library()


@register.filter
def num(value) -> str:
    """An integer with "." between thousands; "—" for nothing."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".")


@register.filter
def pct(value) -> str:
    """A rate in percent with a decimal comma: 93,60 %; "—" when undefined."""
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}".replace(".", ",") + " %"


@register.filter
def raw(value) -> str:
    """The plain value for data attributes (tests and scripts read it)."""
    return "" if value is None else str(value)


@register.filter
def period_label(period: Period) -> str:
    """"Tháng 8/2025", "Quý III/2025", "Năm 2025"… in the page's language (``Period.label`` is the
    Vietnamese one the official exports print)."""
    start, end = period.start, period.end
    if period.kind == "day":
        return _("Ngày %(day)s") % {"day": f"{start:%d/%m/%Y}"}
    if period.kind == "month":
        return _("Tháng %(month)s/%(year)s") % {"month": start.month, "year": start.year}
    if period.kind == "quarter":
        return _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[(start.month - 1) // 3 + 1], "year": start.year}
    if period.kind == "year":
        return _("Năm %(year)s") % {"year": start.year}
    return _("Từ %(start)s đến %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}


def short_month(period: Period) -> str:
    """A month on a chart's axis: "T8/2025"."""
    return pgettext("chart axis", "T%(month)s/%(year)s") % {"month": period.start.month, "year": period.start.year}


CLASSES = {
    "early": gettext_lazy("Trước hạn"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Quá hạn"),
    "open": gettext_lazy("Đang giải quyết"),
    "pending": gettext_lazy("Chờ bổ sung"),
    "ended": gettext_lazy("Đã kết thúc"),
    "cancelled": gettext_lazy("Đã hủy"),
    "refused": gettext_lazy("Từ chối tiếp nhận"),
}


@register.filter
def class_label(value: str) -> str:
    """A dossier's classification in the drill-down (early, late, open…) as words, not codes."""
    return str(CLASSES.get(value, value or "—"))

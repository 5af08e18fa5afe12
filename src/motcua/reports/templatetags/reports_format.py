"""Number formats of the report pages: Vietnamese separators (1.234 — 93,60 %); period and
classification labels in the page's language (the official exports keep Vietnamese, as filed)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from motcua.reports import labels
from motcua.reports.periods import Period

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
    """The period in the page's language ("Tháng 8/2025", "Month 8/2025")."""
    return labels.period_label(period)


@register.filter
def class_label(value: str) -> str:
    """A dossier's classification in the drill-down (early, late, open…) as words, not codes."""
    return str(labels.CLASSES.get(value, value or "—"))

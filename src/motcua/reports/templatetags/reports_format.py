"""Number formats of the report pages: Vietnamese separators (1.234 — 93,60 %)."""

from __future__ import annotations

from decimal import Decimal

from django import template

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

"""Template filters of the form templates: the framework-free formatters of :mod:`motcua.printing.forms`
with their patterns translated in the active language, and the QR code as a data URI."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from motcua.printing import forms
from motcua.printing.qr import qr_png_data_uri

register = template.Library()

# Longest half (characters) that still fits the issuer column of an A5 header at 9 pt.
_HEADER_HALF_MAX = 26

_STEP_RESULTS = {
    forms.StepResult.EARLY: forms.gettext_noop("Trước hạn"),
    forms.StepResult.ON_TIME: forms.gettext_noop("Đúng hạn"),
    forms.StepResult.LATE: forms.gettext_noop("Quá hạn"),
}


@register.filter
def long_date(value: dt.date | dt.datetime) -> str:
    return forms.long_date(value, gettext(forms.LONG_DATE))


@register.filter
def short_date(value: dt.date | dt.datetime) -> str:
    return forms.short_date(value, gettext(forms.SHORT_DATE))


@register.filter
def moment(value: dt.datetime) -> str:
    """A moment ("16 giờ 20 phút, ngày 13/02/2026") whose date stays on one line with the word before it."""
    text = forms.moment_text(value, gettext(forms.MOMENT), gettext(forms.SHORT_DATE))
    head, _space, date = text.rpartition(" ")
    return f"{head}\u00a0{date}" if head else text


@register.filter
def clock_time(value: dt.datetime) -> str:
    """The time of day in business time, "16:20" (the tracking book's compact cells)."""
    return forms.local(value).strftime("%H:%M")


@register.filter
def money(value) -> str:
    return forms.money(value, gettext(forms.MONEY))


@register.filter
def step_result(value: forms.StepResult | None) -> str:
    return gettext(_STEP_RESULTS[value]) if value else ""


@register.filter
def qr_data_uri(value: str) -> str:
    return qr_png_data_uri(value)


@register.filter
def header_lines(value: str) -> str:
    """A header name as two unbreakable halves split near the middle: a column too narrow for the
    whole name breaks it the way clerks do ("ỦY BAN NHÂN DÂN / PHƯỜNG PHÚ KHƯƠNG"), never after a
    lone word; a wide column keeps it on one line. Names too long for halves wrap normally."""
    words = value.split()
    if len(words) < 4:
        return value
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    halves = " ".join(words[:cut]), " ".join(words[cut:])
    if max(len(half) for half in halves) > _HEADER_HALF_MAX:
        return value
    return format_html('<span class="nowrap">{}</span> <span class="nowrap">{}</span>', *halves)

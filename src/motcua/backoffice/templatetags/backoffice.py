"""Template helpers of the back office: Vietnamese dates, đồng, working time, the role navigation.

Dates are dd/mm/yyyy and times HH:MM in business time (Asia/Ho_Chi_Minh) whatever the UI language;
amounts are whole đồng with a dot as thousands separator ("8.000 đồng").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from motcua.dossiers.workflow import CITIZEN, Action, Stage, Status
from motcua.lib import clock
from motcua.org.models import Role

from ..permissions import get_workplaces

register = template.Library()

# DOMAIN §7 classification (motcua.dossiers.ontime keeps plain, framework-free labels).
ONTIME_LABELS = {
    "early": gettext_lazy("Trước hạn"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Quá hạn"),
    "in_progress_within": gettext_lazy("Đang giải quyết trong hạn"),
    "in_progress_overdue": gettext_lazy("Đang giải quyết quá hạn"),
}


@register.filter
def vn_date(value) -> str:
    """13/02/2026 (a date, or a moment in business time)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(clock.BUSINESS_TZ).date()
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


@register.filter
def vn_moment(value) -> str:
    """16:20 13/02/2026 (to the minute, business time)."""
    if not value:
        return ""
    local = value.astimezone(clock.BUSINESS_TZ)
    return f"{local:%H:%M} {vn_date(local)}"


@register.filter
def dong(value) -> str:
    """8.000 đồng; "" for no amount."""
    if value is None or value == "":
        return ""
    try:
        amount = int(Decimal(value))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    return _("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}


@register.filter
def working_time(minutes, minutes_per_day: int = 480) -> str:
    """Working time as people say it: "1 ngày 3 giờ 20 phút" (a day = the centre's working day)."""
    if minutes is None or minutes == "":
        return ""
    minutes = abs(int(minutes))
    per_day = int(minutes_per_day or 480)
    days, rest = divmod(minutes, per_day)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)s ngày", "%(n)s ngày", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)s giờ", "%(n)s giờ", hours) % {"n": hours})
    if mins or not parts:
        parts.append(ngettext("%(n)s phút", "%(n)s phút", mins) % {"n": mins})
    return " ".join(parts)


@register.filter
def status_label(value) -> str:
    return str(Status(value).label) if value in Status.values else ""


@register.filter
def stage_label(value) -> str:
    return str(Stage(value).label) if value in Stage.values else str(value)


@register.filter
def action_label(value) -> str:
    return str(Action(value).label) if value in Action.values else str(value)


@register.filter
def ontime_label(value) -> str:
    """The on-time classification of a dossier, translated."""
    return str(ONTIME_LABELS.get(str(getattr(value, "value", value)), value or ""))


@register.filter
def role_label(value) -> str:
    if value == CITIZEN:
        return _("Công dân, tổ chức")
    return str(Role(value).label) if value in Role.values else str(value)


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("backoffice/_nav.html", takes_context=True)
def backoffice_nav(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"places": None}
    return {"places": get_workplaces(request), "request": request}

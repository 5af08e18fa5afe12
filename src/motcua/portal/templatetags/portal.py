"""Template helpers of the citizen pages: dates in Vietnam time, status badges, small string filters."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.lib import clock
from motcua.portal.i18n import KHMER

register = template.Library()


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return bool(prefix) and str(value).startswith(str(prefix))


@register.filter
def no_secret(url: str) -> str:
    """``url`` without its tracking secret (``s=``): never carried into other links."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "s"]
    return urlunsplit(parts._replace(query=urlencode(query)))


@register.filter
def when(value: dt.datetime | None) -> str:
    """A moment to the minute in Vietnam time: "16:20, 13/02/2026"."""
    if not value:
        return ""
    local = value.astimezone(clock.BUSINESS_TZ)
    return _("%(time)s, %(date)s") % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y")}


@register.filter
def day(value: dt.datetime | None) -> str:
    if not value:
        return ""
    return value.astimezone(clock.BUSINESS_TZ).strftime("%d/%m/%Y")


@register.filter
def filesize(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


@register.filter
def status_class(status: int) -> str:
    """Badge colour of a national status code: waiting on the citizen = warn, refused/stopped = bad."""
    return {5: "warn", 6: "warn", 3: "bad", 8: "bad", 9: "ok", 10: "ok"}.get(int(status or 0), "")


@register.simple_tag(takes_context=True)
def staff_home_url(context) -> str:
    """The back office in the page's language, Vietnamese for Khmer (staff screens have no Khmer)."""
    language = translation.get_language()
    with translation.override(settings.LANGUAGE_CODE if language == KHMER else language):
        return reverse("backoffice:home")

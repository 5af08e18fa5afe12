"""Khmer for citizen pages only (issue 6 §7) — see :mod:`motcua.portal.i18n`.

Placed right after Django's ``LocaleMiddleware``, which does not know Khmer (it is not in
``settings.LANGUAGES``, so staff screens never offer it). For a path starting with ``/km/``:

1. activate Khmer, so the ``i18n_patterns`` prefix ``km/`` resolves and links on the page stay in
   Khmer (reverse() adds the prefix of the active language);
2. if the path is not a citizen page (``/km/backoffice/``, ``/km/admin/``…), fall back to Vietnamese:
   redirect to the same page without the prefix. Citizen pages are the portal's, plus the public
   transparency page of the reports app (``/minh-bach/``, no login: :data:`CITIZEN_VIEWS`).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils import translation

from .i18n import KHMER

PORTAL_NAMESPACE = "portal"
# Public pages of other apps that citizens read, offered in Khmer too (docs/i18n.md).
CITIZEN_VIEWS = frozenset({"reports:transparency", "reports:transparency_centre"})


def is_citizen_page(match) -> bool:
    return PORTAL_NAMESPACE in match.namespaces or match.view_name in CITIZEN_VIEWS


class PortalLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{KHMER}/"

    def __call__(self, request):
        path = request.path_info
        if path == f"/{KHMER}":
            return HttpResponseRedirect(self.prefix)
        if path.startswith(self.prefix):
            translation.activate(KHMER)
            request.LANGUAGE_CODE = KHMER
            try:
                match = resolve(path)
            except Resolver404:
                match = None
            if match is None or not is_citizen_page(match):
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = settings.LANGUAGE_CODE
                if match is not None:  # a staff page: the Vietnamese one
                    rest = path[len(self.prefix) - 1 :]
                    query = request.META.get("QUERY_STRING", "")
                    script = request.path[: len(request.path) - len(path)]
                    return HttpResponseRedirect(f"{script}{rest}" + (f"?{query}" if query else ""))
        return self.get_response(request)

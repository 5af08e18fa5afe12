"""Languages of the citizen pages (issue 6 §7): Vietnamese (default), English, and Khmer.

The province has a large Khmer community, so citizen pages are also offered in Khmer — only the
citizen pages: staff screens keep the project's languages (``settings.LANGUAGES``: vi, en). Khmer is
therefore not in ``settings.LANGUAGES``; :class:`motcua.portal.middleware.PortalLanguageMiddleware`
activates it for ``/km/…`` portal URLs (and the public transparency page) and sends any other
``/km/…`` URL to its Vietnamese page.

Fallback: Vietnamese is the source language of every message, so a string without a Khmer
translation shows in Vietnamese (Django's own strings fall back to the Vietnamese catalogue). The
Khmer catalogue (``src/motcua/locale/km``) is partial — the strings citizens see most — and a first
draft awaiting review (docs/i18n.md). Where a language has no compiled catalogue at all, the page
says so and declares ``lang="vi"`` for its content, so screen readers read it with a Vietnamese
voice; with the Khmer catalogue present, Khmer pages declare ``lang="km"``.
"""

from __future__ import annotations

import gettext as gettext_module
from functools import cache

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, to_locale

KHMER = "km"
EXTRA_LANGUAGES: tuple[tuple[str, str], ...] = ((KHMER, "ភាសាខ្មែរ"),)
NATIVE_NAMES = {"vi": "Tiếng Việt", "en": "English", KHMER: "ភាសាខ្មែរ"}


def portal_languages() -> list[tuple[str, str]]:
    """(code, name in its own language) of every language citizen pages are offered in."""
    codes = [code for code, _name in settings.LANGUAGES] + [code for code, _name in EXTRA_LANGUAGES]
    return [(code, NATIVE_NAMES.get(code, code)) for code in codes]


def portal_language_codes() -> set[str]:
    return {code for code, _name in portal_languages()}


@cache
def catalogue_available(language: str) -> bool:
    """Whether a compiled catalogue of the project's messages exists for ``language``."""
    if language == settings.LANGUAGE_CODE:
        return True
    locale = to_locale(language)
    return any(gettext_module.find("django", str(path), [locale]) for path in settings.LOCALE_PATHS)


def content_language(language: str | None = None) -> str:
    """The language the page's text is really in: the active one, or Vietnamese when it has no catalogue."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return language if catalogue_available(language) else settings.LANGUAGE_CODE


def language_links(path: str, query: str = "") -> list[dict]:
    """The current page in every portal language (the switcher: plain links, no JavaScript)."""
    current = get_language()
    links = []
    for code, name in portal_languages():
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": f"{url}?{query}" if query else url,
                "current": code == current,
                "available": catalogue_available(code),
            }
        )
    return links

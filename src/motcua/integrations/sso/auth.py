"""The citizen session, kept apart from staff login.

Staff sign in with Django's auth (``request.user``); citizens sign in through the portal's SSO and
are identified only by ``session[SESSION_KEY]`` — a :class:`CitizenAccount` id. The two never stand
for each other: ``request.user`` stays anonymous for a citizen, and :func:`current_citizen` ignores
staff logins. Signing a citizen out removes only the citizen keys (a counter PC's staff session is
untouched). The account is read fresh on each request, so a level change or a blocked account takes
effect at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from motcua.lib import clock

from .models import CitizenAccount

SESSION_KEY = "citizen_account_id"
LOGIN_AT_KEY = "citizen_login_at"
_CACHE_ATTR = "_motcua_citizen"


def login_citizen(request: HttpRequest, account: CitizenAccount) -> None:
    """Bind the session to this citizen (new session id: no fixation across the sign-in)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = account.pk
    request.session[LOGIN_AT_KEY] = clock.now().isoformat()
    setattr(request, _CACHE_ATTR, account)


def logout_citizen(request: HttpRequest) -> None:
    """Forget the citizen; anything else in the session (a staff login) stays."""
    request.session.pop(SESSION_KEY, None)
    request.session.pop(LOGIN_AT_KEY, None)
    request.session.cycle_key()
    setattr(request, _CACHE_ATTR, None)


def current_citizen(request: HttpRequest) -> CitizenAccount | None:
    """The signed-in citizen of this request, or None (also when the account was blocked)."""
    if hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    account_id = request.session.get(SESSION_KEY)
    account = CitizenAccount.objects.filter(pk=account_id, is_active=True).first() if account_id else None
    setattr(request, _CACHE_ATTR, account)
    return account


def login_url(next_url: str) -> str:
    return f"{reverse('sso:login')}?{urlencode({'next': next_url})}"


def level_required_response(request: HttpRequest, account: CitizenAccount, required_level: int) -> HttpResponse:
    """403 page explaining that this action needs a VNeID level-``required_level`` account and how to get one."""
    return render(
        request,
        "sso/level_required.html",
        {"citizen": account, "required_level": required_level},
        status=403,
    )


def citizen_required(view_func: Callable | None = None, *, min_level: int = 1):
    """Decorator: a signed-in citizen with at least ``min_level`` (1 or 2), as ``request.citizen``.

    Anonymous → redirect to the sign-in with ``next`` = this page. Signed in below the level →
    :func:`level_required_response` (online filing needs level 2; level 1 may track and rate).
    Usable bare (``@citizen_required``) or with arguments (``@citizen_required(min_level=2)``).
    """
    if min_level not in (1, 2):
        raise ValueError("min_level must be 1 or 2")

    def decorator(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            account = current_citizen(request)
            if account is None:
                return HttpResponseRedirect(login_url(request.get_full_path()))
            if not account.has_level(min_level):
                return level_required_response(request, account, min_level)
            request.citizen = account
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view_func) if view_func is not None else decorator

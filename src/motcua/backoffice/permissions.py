"""Which back-office screens a staff member may open, from their postings in force (DOMAIN §1).

The screens are grouped by work, not by role: the counter (cán bộ tiếp nhận), the department desk
(chuyên viên, lãnh đạo phê duyệt, văn thư), supervision (giám đốc trung tâm, giám sát cấp tỉnh,
quản trị). What a screen *shows* is always the scoped queryset of :mod:`motcua.dossiers.access`;
these helpers only decide which screens exist for the user and which centre or department a
screen works for. A page the user may not open answers 403, a dossier outside their scope 404
(:func:`staff_view`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from motcua.org import access as org_access
from motcua.org.models import Department, Role, ServiceCentre

DESK_ROLES = (Role.SPECIALIST, Role.APPROVER, Role.CLERK)
SUPERVISION_ROLES = (Role.CENTRE_DIRECTOR, Role.PROVINCE_SUPERVISOR, Role.SYSTEM_ADMIN)


@dataclass(frozen=True)
class Workplaces:
    """Where the user works today, by screen."""

    counter_centres: tuple[ServiceCentre, ...] = ()
    desk_departments: tuple[Department, ...] = ()
    desk_roles: frozenset[str] = frozenset()
    approver_departments: tuple[Department, ...] = ()
    director_centres: tuple[ServiceCentre, ...] = ()
    province_wide: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def counter(self) -> bool:
        return bool(self.counter_centres)

    @property
    def desk(self) -> bool:
        return bool(self.desk_departments)

    @property
    def supervision(self) -> bool:
        return bool(self.director_centres) or self.province_wide

    @property
    def book_centres(self) -> tuple[ServiceCentre, ...]:
        """Centres whose tracking book the user may print (its counter staff and director)."""
        seen: dict[int, ServiceCentre] = {}
        for centre in (*self.counter_centres, *self.director_centres):
            seen.setdefault(centre.pk, centre)
        return tuple(seen.values())

    @property
    def anything(self) -> bool:
        return bool(self.roles)


def workplaces(user) -> Workplaces:
    postings = list(org_access.active_postings(user).order_by("starts_on", "pk"))
    counter, desk, approver, director = {}, {}, {}, {}
    for posting in postings:
        if posting.role == Role.COUNTER_OFFICER and posting.centre_id:
            counter.setdefault(posting.centre_id, posting.centre)
        elif posting.role in DESK_ROLES and posting.department_id:
            desk.setdefault(posting.department_id, posting.department)
            if posting.role == Role.APPROVER:
                approver.setdefault(posting.department_id, posting.department)
        elif posting.role == Role.CENTRE_DIRECTOR and posting.centre_id:
            director.setdefault(posting.centre_id, posting.centre)
    roles = frozenset(p.role for p in postings)
    return Workplaces(
        counter_centres=tuple(counter.values()),
        desk_departments=tuple(desk.values()),
        desk_roles=frozenset(roles & set(DESK_ROLES)),
        approver_departments=tuple(approver.values()),
        director_centres=tuple(director.values()),
        province_wide=bool(roles & {Role.PROVINCE_SUPERVISOR, Role.SYSTEM_ADMIN}),
        roles=roles,
    )


def get_workplaces(request) -> Workplaces:
    """Computed once per request."""
    cached = getattr(request, "_motcua_workplaces", None)
    if cached is None:
        cached = request._motcua_workplaces = workplaces(request.user)
    return cached


def pick(items, pk) -> object | None:
    """The item with that primary key (from a query parameter), else the first one."""
    for item in items:
        if str(item.pk) == str(pk):
            return item
    return items[0] if items else None


def staff_view(screen: str | None = None):
    """Login required; ``screen`` ("counter", "desk", "supervision", "book") must be open to the user.

    Renders the back office's own Vietnamese 403/404 pages (a dossier outside the user's scope is
    indistinguishable from one that does not exist).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            places = get_workplaces(request)
            try:
                if screen == "counter" and not places.counter:
                    raise PermissionDenied
                if screen == "desk" and not places.desk:
                    raise PermissionDenied
                if screen == "supervision" and not places.supervision:
                    raise PermissionDenied
                if screen == "book" and not places.book_centres:
                    raise PermissionDenied
                if screen is None and not places.anything:
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            except Http404:
                return render(request, "backoffice/404.html", status=404)
            except PermissionDenied:
                return render(request, "backoffice/403.html", status=403)

        return wrapper

    return decorator

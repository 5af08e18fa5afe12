"""Who may act where: the postings in force for a staff member, as plain queries.

Every scoped query in higher apps starts here, so "access follows postings" (DOMAIN §1) is one
rule in one place. Helpers return querysets of ids, never widen scope silently, and treat a user
with no posting as having no access.
"""

from __future__ import annotations

import datetime as dt

from .models import ROLE_SCOPE, Posting, Role, Scope, User


def active_postings(user: User, on: dt.date | None = None):
    if not user.is_authenticated or not user.is_active:
        return Posting.objects.none()
    return Posting.objects.active(on).filter(user=user).select_related("centre", "department")


def roles(user: User, on: dt.date | None = None) -> set[str]:
    return set(active_postings(user, on).values_list("role", flat=True))


def has_role(user: User, role: str, *, centre=None, department=None, on: dt.date | None = None) -> bool:
    """True when a posting in force grants ``role`` at that centre/department (or province-wide)."""
    postings = active_postings(user, on).filter(role=role)
    scope = ROLE_SCOPE[role]
    if scope == Scope.PROVINCE:
        return postings.exists()
    if scope == Scope.CENTRE:
        return centre is not None and postings.filter(centre=centre).exists()
    return department is not None and postings.filter(department=department).exists()


def centre_ids(user: User, role: str, on: dt.date | None = None) -> set[int]:
    return set(active_postings(user, on).filter(role=role).values_list("centre_id", flat=True))


def department_ids(user: User, role: str, on: dt.date | None = None) -> set[int]:
    return set(active_postings(user, on).filter(role=role).values_list("department_id", flat=True))


def is_province_wide(user: User, on: dt.date | None = None) -> bool:
    return bool(roles(user, on) & {Role.PROVINCE_SUPERVISOR, Role.SYSTEM_ADMIN})

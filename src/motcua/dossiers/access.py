"""Who may see and act on which dossier — the only way staff and citizens reach dossiers.

Rules (issue 4 §5; access follows postings in force today, DOMAIN §1):

- counter officer / centre director: the dossiers received at their centre, returned there, and
  those of their centre's competence (its offices decide them — e.g. filed elsewhere in the
  province under boundary-free intake);
- specialist / approver / clerk: the dossiers their department resolves;
- province supervisor, system administrator: every dossier of the province (the supervisor is
  read-only: no transition lists that role);
- citizen (portal, VNeID login): only their own dossiers (applicant's ID number);
- anyone else (no posting in force, a posting that ended): nothing.

There is no unscoped path: views and the API call :func:`visible_dossiers` or
:func:`get_dossier_for_user` (object or 404), never ``Dossier.objects`` directly (STYLE §4).
Reading a dossier's personal data as staff leaves an audit entry (issue 4 §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.org import access as org_access
from motcua.org.models import Role

from . import audit
from .codes import looks_like_code
from .errors import DossierError
from .models import Dossier
from .workflow import CITIZEN, ROLE_LABELS, Edge

CENTRE_ROLES = {Role.COUNTER_OFFICER, Role.CENTRE_DIRECTOR}
DEPARTMENT_ROLES = {Role.SPECIALIST, Role.APPROVER, Role.CLERK}
PROVINCE_ROLES = {Role.PROVINCE_SUPERVISOR, Role.SYSTEM_ADMIN}


@dataclass(frozen=True)
class CitizenPrincipal:
    """A citizen or organisation logged in through the national portal (VNeID / SSO).

    Built by the portal from the identity provider's claims; never stored as a staff account.
    """

    kind: str  # Applicant.Kind
    id_number: str
    name: str = ""
    eid_level: int | None = None

    is_citizen = True
    is_authenticated = True
    is_active = True
    pk = None

    @property
    def audit_label(self) -> str:
        return f"công dân …{self.id_number[-4:]}"


def is_citizen(actor) -> bool:
    return bool(getattr(actor, "is_citizen", False))


@dataclass(frozen=True)
class StaffScope:
    centres: frozenset[int]
    departments: frozenset[int]
    province_wide: bool

    @property
    def empty(self) -> bool:
        return not (self.centres or self.departments or self.province_wide)


def staff_scope(user) -> StaffScope:
    centres, departments, province_wide = set(), set(), False
    for role, centre_id, department_id in org_access.active_postings(user).values_list(
        "role", "centre_id", "department_id"
    ):
        if role in CENTRE_ROLES and centre_id:
            centres.add(centre_id)
        elif role in DEPARTMENT_ROLES and department_id:
            departments.add(department_id)
        elif role in PROVINCE_ROLES:
            province_wide = True
    return StaffScope(frozenset(centres), frozenset(departments), province_wide)


def visible_dossiers(user) -> QuerySet[Dossier]:
    """Every dossier ``user`` may see (an empty queryset when none)."""
    base = Dossier.objects.all()
    if user is None or not getattr(user, "is_authenticated", False):
        return base.none()
    if is_citizen(user):
        return base.filter(applicant__kind=user.kind, applicant__id_number=user.id_number)
    scope = staff_scope(user)
    if scope.province_wide:
        return base
    condition = Q(pk__in=[])
    if scope.centres:
        condition |= (
            Q(receiving_centre_id__in=scope.centres)
            | Q(return_centre_id__in=scope.centres)
            | Q(resolving_department__centre_id__in=scope.centres)
        )
    if scope.departments:
        condition |= Q(resolving_department_id__in=scope.departments)
    return base.filter(condition)


def lookup(queryset: QuerySet[Dossier], key: str) -> Dossier | None:
    key = (key or "").strip()
    if looks_like_code(key):
        return queryset.filter(code=key).first()
    try:
        return queryset.filter(uid=UUID(key)).first()
    except ValueError:
        return None


def get_dossier_for_user(user, key: str, *, purpose: str = "xem hồ sơ", audit_read: bool = True) -> Dossier:
    """The dossier with that code (or reference) if ``user`` may see it, else :class:`Http404`.

    A dossier outside the user's scope is indistinguishable from one that does not exist.
    """
    dossier = lookup(
        visible_dossiers(user).select_related(
            "applicant",
            "proxy",
            "procedure",
            "procedure_version",
            "receiving_centre",
            "return_centre",
            "resolving_department",
            "resolving_department__centre",
        ),
        key,
    )
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if audit_read and not is_citizen(user):
        audit.record(
            "dossier.personal_data.read",
            actor=user,
            object_type="dossier",
            object_ref=dossier.key,
            data={"purpose": purpose},
        )
    return dossier


def acting_roles(actor, dossier: Dossier) -> set[str]:
    """The roles ``actor`` may exercise on this dossier (postings in force, scoped to it)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return set()
    if is_citizen(actor):
        owner = dossier.applicant
        return {CITIZEN} if (owner.kind, owner.id_number) == (actor.kind, actor.id_number) else set()
    roles: set[str] = set()
    for role, centre_id, department_id in org_access.active_postings(actor).values_list(
        "role", "centre_id", "department_id"
    ):
        if (
            (role in CENTRE_ROLES and centre_id in (dossier.receiving_centre_id, dossier.return_centre_id))
            or (role in DEPARTMENT_ROLES and department_id == dossier.resolving_department_id)
            or role in PROVINCE_ROLES
        ):
            roles.add(role)
    return roles


def check_role(actor, roles: set[str], edge: Edge, action_label: str) -> str:
    """The role under which ``actor`` performs the edge, or ``role_not_allowed``."""
    allowed = roles & edge.roles
    if not allowed:
        needed = ", ".join(sorted(ROLE_LABELS[r] for r in edge.roles))
        raise DossierError(
            "role_not_allowed",
            _("Bạn không có quyền «%(action)s» đối với hồ sơ này (cần vai trò: %(roles)s, được phân công đúng đơn vị).")
            % {"action": action_label, "roles": needed},
        )
    # Deterministic choice when several apply (e.g. an approver who is also a specialist).
    return sorted(allowed)[0]


def counter_roles_at(actor, centre) -> set[str]:
    """Roles usable for intake at ``centre`` (a counter officer posted there; a citizen online)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return set()
    if is_citizen(actor):
        return {CITIZEN}
    if org_access.has_role(actor, Role.COUNTER_OFFICER, centre=centre):
        return {Role.COUNTER_OFFICER}
    return set()

"""Who sees which figures (through ``motcua.org.access`` — access follows postings in force).

- a **province supervisor** or a **system administrator**: the whole province (and any centre);
- a **centre director**: the centres of their postings — the dossiers received there;
- anyone else: no staff report (the public transparency page is open to everybody).

Figures are scoped by the receiving centre, as the province's reports count them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from motcua.org import access
from motcua.org.models import Role, ServiceCentre


@dataclass(frozen=True)
class ReportScope:
    province_wide: bool
    centres: tuple[ServiceCentre, ...]  # the director's centres (empty when province-wide)

    @property
    def centre_ids(self) -> list[int] | None:
        """Filter for the queries: None = every centre."""
        return None if self.province_wide else [c.pk for c in self.centres]

    def allows(self, centre: ServiceCentre) -> bool:
        return self.province_wide or centre.pk in {c.pk for c in self.centres}


def scope_for(user) -> ReportScope:
    """The user's report scope, or PermissionDenied (403) when they have none."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if access.is_province_wide(user):
        return ReportScope(True, ())
    ids = access.centre_ids(user, Role.CENTRE_DIRECTOR)
    if not ids:
        raise PermissionDenied(_("Chỉ giám đốc trung tâm và giám sát cấp tỉnh xem được báo cáo."))
    return ReportScope(False, tuple(ServiceCentre.objects.filter(pk__in=ids).order_by("code")))

"""Counter facts that are not dossier state: help given with e-identity accounts (DOMAIN §3).

The province reports how many citizens the counters helped register or activate their VNeID
account. Written here, in one transaction with an entry in the audit log (the citizen's ID number
is personal data).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count

from motcua.dossiers import audit
from motcua.lib import clock
from motcua.org import access as org_access
from motcua.org.models import Role, ServiceCentre

from .models import EidAssistance


class NotAllowed(Exception):
    pass


def record_eid_assistance(
    actor, *, centre: ServiceCentre, kind: str, id_number: str, name: str, succeeded: bool = True, note: str = ""
) -> EidAssistance:
    if not org_access.has_role(actor, Role.COUNTER_OFFICER, centre=centre):
        raise NotAllowed
    with transaction.atomic():
        row = EidAssistance.objects.create(
            centre=centre,
            officer=actor,
            at=clock.now().replace(second=0, microsecond=0),
            kind=kind,
            id_number=id_number,
            name=" ".join(name.split())[:150],
            succeeded=succeeded,
            note=note.strip()[:255],
        )
        audit.record(
            "counter.eid.assisted",
            actor=actor,
            object_type="eid_assistance",
            object_ref=str(row.pk),
            data={"centre": centre.code, "kind": kind, "succeeded": succeeded},
        )
    return row


def eid_assistance_counts(centre: ServiceCentre, month: dt.date | None = None) -> dict[str, int]:
    """Completed help of each kind at ``centre`` in the month of ``month`` (default: this month)."""
    month = (month or clock.today()).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime.combine(month, dt.time(0), clock.BUSINESS_TZ)
    end = dt.datetime.combine(following, dt.time(0), clock.BUSINESS_TZ)
    rows = (
        EidAssistance.objects.filter(centre=centre, succeeded=True, at__gte=start, at__lt=end)
        .values("kind")
        .annotate(n=Count("id"))
    )
    counts = {kind: 0 for kind in EidAssistance.Kind.values}
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts

"""Read-only catalogue queries for citizens: search without diacritics, procedure pages, filing places.

Only the procedures the province handles (province or commune level) with a version in force are
shown. Search runs on the catalogue's folded ``search_text`` column (code, name, sector without
diacritics), so "dang ky khai sinh" finds "Đăng ký khai sinh" on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Channel,
    ChannelOption,
    OnlineServiceLevel,
    Procedure,
    ProcedureVersion,
    VersionStatus,
)
from motcua.catalog.services import current_version
from motcua.lib import clock
from motcua.lib.text import fold
from motcua.org.models import Level as CentreLevel
from motcua.org.models import ServiceCentre

LOCAL_LEVELS = ("province", "commune", "both")
LEVEL_FILTERS = {
    "xa": (_("Cấp xã"), Q(at_commune=True) | Q(level__in=("commune", "both"))),
    "tinh": (_("Cấp tỉnh"), Q(at_province=True) | Q(level__in=("province", "both"))),
}
MAX_QUERY_LENGTH = 200


def _in_force() -> Q:
    now = clock.now()
    versions = ProcedureVersion.objects.filter(
        procedure=OuterRef("pk"),
        status__in=(VersionStatus.PUBLISHED, VersionStatus.RETIRED),
        valid_from__lte=now,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
    return Q(Exists(versions))


def local_procedures() -> QuerySet[Procedure]:
    return Procedure.objects.filter(level__in=LOCAL_LEVELS).filter(_in_force()).select_related("sector")


def search(query: str = "", *, sector_id: int | None = None, level: str = "") -> QuerySet[Procedure]:
    """Procedures matching every word of ``query`` (code, name or sector; diacritics ignored)."""
    procedures = local_procedures()
    for word in fold(query[:MAX_QUERY_LENGTH]).split():
        procedures = procedures.filter(search_text__contains=word)
    if sector_id:
        procedures = procedures.filter(sector_id=sector_id)
    if level in LEVEL_FILTERS:
        procedures = procedures.filter(LEVEL_FILTERS[level][1])
    return procedures.order_by("name", "code")


def find_procedure(code: str) -> Procedure | None:
    return local_procedures().filter(code=code).first()


@dataclass
class ChannelInfo:
    channel: str
    label: str
    options: list[ChannelOption] = field(default_factory=list)


@dataclass
class ProcedureInfo:
    procedure: Procedure
    version: ProcedureVersion
    channels: list[ChannelInfo]
    documents: list
    results: list
    online: bool
    required_level: int
    centres: list[ServiceCentre]
    # The online channel's time limit is known: without it a dossier cannot be received (the source
    # lost the unit, several cases…); filing waits until staff publish the verified limit.
    online_ready: bool = True

    @property
    def document_groups(self) -> list[tuple[str, list]]:
        groups: list[tuple[str, list]] = []
        for document in self.documents:
            if not groups or groups[-1][0] != document.group:
                groups.append((document.group, []))
            groups[-1][1].append(document)
        return groups


def online_available(version: ProcedureVersion) -> bool:
    """The procedure may be filed online: an online channel is published and not declared offline."""
    has_channel = any(o.channel == Channel.ONLINE for o in version.channel_options.all())
    return has_channel and version.online_service_level != OnlineServiceLevel.OFFLINE


def filing_centres(procedure: Procedure) -> list[ServiceCentre]:
    """Centres where the procedure can be filed: commune centres and/or the provincial centre."""
    levels = []
    if procedure.at_commune or procedure.level in ("commune", "both"):
        levels.append(CentreLevel.COMMUNE)
    if procedure.at_province or procedure.level in ("province", "both"):
        levels.append(CentreLevel.PROVINCE)
    return list(
        ServiceCentre.objects.filter(level__in=levels, is_active=True, province_code=settings.MOTCUA["PROVINCE_CODE"])
        .select_related("admin_unit")
        .order_by("-level", "name")  # the provincial centre first, then communes A–Z
    )


def procedure_info(procedure: Procedure) -> ProcedureInfo | None:
    version = current_version(procedure)
    if version is None:
        return None
    channels: dict[str, ChannelInfo] = {}
    for option in version.channel_options.all().order_by("order"):
        info = channels.setdefault(option.channel, ChannelInfo(option.channel, option.get_channel_display()))
        info.options.append(option)
    ordered = [channels[c] for c in Channel.values if c in channels]
    return ProcedureInfo(
        procedure=procedure,
        version=version,
        channels=ordered,
        documents=list(version.required_documents.all().order_by("order")),
        results=list(version.result_documents.all().order_by("order")),
        online=online_available(version),
        required_level=version.required_eid_level or 1,
        centres=filing_centres(procedure),
        online_ready=version.duration_for_channel(Channel.ONLINE) is not None,
    )


def suggest_centre(centres: list[ServiceCentre], address: str) -> ServiceCentre | None:
    """The commune centre named in the applicant's address ("…, Phường Phú Khương, tỉnh …")."""
    folded = fold(address)
    if not folded:
        return None
    best = None
    for centre in centres:
        unit = centre.admin_unit.name if centre.admin_unit_id else ""
        if unit and fold(unit) in folded and (best is None or len(unit) > len(best[0])):
            best = (unit, centre)
    return best[1] if best else None

"""Load the national procedure catalogue (``data/``) into the database — idempotent upsert.

``load_catalog()`` is safe to run at every deployment:

1. Parse and cross-check every file first (:func:`motcua.catalog.parsing.read_reference_data`).
   A malformed file raises :class:`~motcua.lib.refdata.ReferenceDataError` (Vietnamese message
   naming file, row, column) **before anything is written**.
2. In one ``transaction.atomic()``, with bulk operations only (2,625 procedures, ~30,000 rows):

   - sectors: create the missing ones; a sector stored under a decomposed (NFD) name by an older
     load is renamed in place to the NFC form the files are now read in (same id, so procedures
     and departments' lookups keep working) instead of being duplicated;
   - procedures: create the missing ones, update only those whose fields differ;
   - versions: a procedure seen for the first time gets version 1, *published*, in force from
     :data:`REFERENCE_VALID_FROM`, with its channels, documents, results and the default internal
     process. When the source content of a procedure changes later (new data release), the
     published version is **not** touched (it is immutable and dossiers point at it): the new
     content goes into a reference *draft* for staff to review and publish. A fingerprint of the
     source content (``source_hash``) tells unchanged procedures apart, so a second load of the
     same files writes nothing at all.
3. Procedures that disappeared from the source are kept (dossiers may point at them) and counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from pathlib import Path
from typing import TextIO

from django.db import transaction

from motcua.core.db import refresh_planner_statistics
from motcua.lib import clock
from motcua.lib.refdata import nfc
from motcua.lib.text import fold

from . import parsing
from .models import (
    ChannelOption,
    Level,
    OnlineServiceLevel,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
    Sector,
    VersionOrigin,
    VersionStatus,
    procedure_search_text,
)
from .services import default_processing_steps

# The extract shows the catalogue as the portal published it in 2026-06 (crawl of 2026-06-10). The
# source gives no per-procedure effective date, so the reference versions are treated as in force
# since the two-tier local government started (Nghị định 118/2025/NĐ-CP in force from 1/7/2025).
# An assumption for demos and tests, documented in docs/catalog.md.
REFERENCE_VALID_FROM = dt.datetime(2025, 7, 1, 0, 0, tzinfo=clock.BUSINESS_TZ)
REFERENCE_RELEASE = "dvcqg-2026-06"
BATCH = 500

PROCEDURE_FIELDS = (
    "name",
    "sector_id",
    "level",
    "at_central",
    "at_province",
    "at_commune",
    "at_other",
    "levels_text",
    "procedure_type",
    "source_group",
    "detail_url",
    "in_demo_subset",
    "demo_tier",
    "time_unit_missing",
    "reference_release",
    "search_text",
)
VERSION_FIELDS = (
    "publishing_decision",
    "implementing_agency",
    "competent_agency",
    "audience",
    "online_service_level",
    "document_count",
    "steps_text",
    "legal_basis_text",
    "conditions_text",
    "result_text",
    "channels_source_text",
    "source_hash",
)


@dataclasses.dataclass
class LoadSummary:
    procedures: int = 0
    sectors_created: int = 0
    sectors_renamed: int = 0  # stored decomposed (NFD) by an older load, renamed to NFC
    procedures_created: int = 0
    procedures_updated: int = 0
    procedures_unchanged: int = 0
    versions_published: int = 0
    drafts_created: int = 0
    drafts_updated: int = 0
    not_in_source: int = 0
    demo_subset: int = 0
    time_unit_missing: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(
            self.sectors_created
            or self.sectors_renamed
            or self.procedures_created
            or self.procedures_updated
            or self.versions_published
            or self.drafts_created
            or self.drafts_updated
        )

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        sectors = f"  Lĩnh vực mới: {self.sectors_created}"
        if self.sectors_renamed:
            sectors += f"; lĩnh vực được chuẩn hóa tên (Unicode NFC): {self.sectors_renamed}"
        return [
            f"Danh mục thủ tục: {self.procedures} thủ tục trong dữ liệu nguồn ({REFERENCE_RELEASE}).",
            sectors + ".",
            f"  Thủ tục mới: {self.procedures_created}; cập nhật: {self.procedures_updated}; "
            f"không đổi: {self.procedures_unchanged}.",
            f"  Phiên bản công bố mới: {self.versions_published}; bản nháp mới từ dữ liệu nguồn: "
            f"{self.drafts_created}; bản nháp cập nhật: {self.drafts_updated}.",
            f"  Bộ demo: {self.demo_subset} thủ tục; thủ tục có thời hạn mất đơn vị trong nguồn: "
            f"{self.time_unit_missing}.",
            f"  Thủ tục có trong cơ sở dữ liệu nhưng không còn trong nguồn (giữ lại): {self.not_in_source}.",
            f"  Thời gian: {self.seconds:.1f} giây.",
        ]


def load_catalog(stdout: TextIO | None = None, data_dir: Path | None = None) -> LoadSummary:
    """Load or refresh the catalogue from ``data_dir`` (default: the app's ``data/``). See the module docstring."""
    started = time.monotonic()
    catalog = parsing.read_reference_data(data_dir or parsing.DATA_DIR)  # raises before anything is written
    summary = LoadSummary(procedures=len(catalog.procedures))
    with transaction.atomic():
        sectors = _upsert_sectors(catalog, summary)
        procedures = _upsert_procedures(catalog, sectors, summary)
        _upsert_versions(catalog, procedures, summary)
        refresh_planner_statistics(Sector, Procedure, ProcedureVersion, ChannelOption, RequiredDocument,
                                   ResultDocument, ProcessingStep)
    summary.demo_subset = sum(p.in_demo_subset for p in catalog.procedures)
    summary.time_unit_missing = sum(p.time_unit_missing for p in catalog.procedures)
    summary.seconds = time.monotonic() - started
    if stdout is not None:
        for line in summary.lines():
            stdout.write(line + "\n")
    return summary


def _upsert_sectors(catalog: parsing.Catalog, summary: LoadSummary) -> dict[str, Sector]:
    """Sectors by (NFC) name, creating the missing ones and repairing decomposed stored names.

    Existing sectors are matched by the NFC form of their name. One stored in another form (an
    older load read the files without normalising) is renamed in place, keeping its id. Should
    both forms exist already, the NFC row is used and the other is left untouched (the procedures
    of the source move to the NFC row through their ``sector_id``).
    """
    by_nfc: dict[str, Sector] = {}
    for sector in Sector.objects.order_by("pk"):
        key = nfc(sector.name)
        if key not in by_nfc or sector.name == key:  # the row already in NFC wins
            by_nfc[key] = sector
    renamed = [s for key, s in by_nfc.items() if s.name != key]
    for sector in renamed:
        sector.name = nfc(sector.name)
        sector.search_text = fold(sector.name)
    if renamed:
        Sector.objects.bulk_update(renamed, ["name", "search_text"], batch_size=BATCH)
    names = sorted({nfc(p.sector) for p in catalog.procedures} - by_nfc.keys())
    new = [Sector(name=name, search_text=fold(name)) for name in names]
    Sector.objects.bulk_create(new, batch_size=BATCH)
    summary.sectors_created = len(new)
    summary.sectors_renamed = len(renamed)
    sectors = {s.name: s for s in Sector.objects.all()}
    return sectors


def _level(levels: tuple[parsing.Level, ...]) -> str:
    province, commune = parsing.Level.PROVINCE in levels, parsing.Level.COMMUNE in levels
    if province and commune:
        return Level.BOTH
    if province:
        return Level.PROVINCE
    if commune:
        return Level.COMMUNE
    if parsing.Level.CENTRAL in levels:
        return Level.CENTRAL
    return Level.OTHER


def _procedure_values(rec: parsing.ProcedureRecord, sector: Sector) -> dict:
    return {
        "name": rec.name,
        "sector_id": sector.pk,
        "level": _level(rec.levels),
        "at_central": parsing.Level.CENTRAL in rec.levels,
        "at_province": parsing.Level.PROVINCE in rec.levels,
        "at_commune": parsing.Level.COMMUNE in rec.levels,
        "at_other": parsing.Level.OTHER in rec.levels,
        "levels_text": rec.levels_text,
        "procedure_type": rec.procedure_type,
        "source_group": rec.source_group,
        "detail_url": rec.detail_url,
        "in_demo_subset": rec.in_demo_subset,
        "demo_tier": rec.demo_tier,
        "time_unit_missing": rec.time_unit_missing,
        "reference_release": REFERENCE_RELEASE,
        "search_text": procedure_search_text(rec.code, rec.name, sector.name),
    }


def _upsert_procedures(
    catalog: parsing.Catalog, sectors: dict[str, Sector], summary: LoadSummary
) -> dict[str, Procedure]:
    existing = {p.code: p for p in Procedure.objects.all()}
    source_codes = set()
    to_create, to_update = [], []
    now = clock.now()
    for rec in catalog.procedures:
        source_codes.add(rec.code)
        values = _procedure_values(rec, sectors[nfc(rec.sector)])
        current = existing.get(rec.code)
        if current is None:
            to_create.append(Procedure(code=rec.code, created_at=now, updated_at=now, **values))
            continue
        changed = [f for f, v in values.items() if getattr(current, f) != v]
        if changed:
            for f in changed:
                setattr(current, f, values[f])
            current.updated_at = now
            to_update.append(current)
    Procedure.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        Procedure.objects.bulk_update(to_update, [*PROCEDURE_FIELDS, "updated_at"], batch_size=BATCH)
    summary.procedures_created = len(to_create)
    summary.procedures_updated = len(to_update)
    summary.procedures_unchanged = len(catalog.procedures) - len(to_create) - len(to_update)
    summary.not_in_source = len(existing.keys() - source_codes)
    return {p.code: p for p in Procedure.objects.filter(code__in=source_codes)}


def source_hash(rec: parsing.ProcedureRecord) -> str:
    """Fingerprint of everything a version is built from (stable across runs)."""
    content = {
        "decision": rec.decision,
        "implementing_agency": rec.implementing_agency,
        "competent_agency": rec.competent_agency,
        "audience": rec.audience,
        "document_count": rec.document_count,
        "steps": rec.steps_text,
        "legal": rec.legal_basis_text,
        "conditions": rec.conditions_text,
        "result": rec.result_text,
        "results": [dataclasses.asdict(r) for r in rec.results],
        "channels_raw": rec.channels_raw,
        "channels": [dataclasses.asdict(c) for c in rec.channels],
        "documents": [dataclasses.asdict(d) for d in rec.documents],
    }
    raw = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _version_values(rec: parsing.ProcedureRecord, digest: str) -> dict:
    online = any(c.channel == parsing.Channel.ONLINE for c in rec.channels)
    return {
        "publishing_decision": rec.decision,
        "implementing_agency": rec.implementing_agency,
        "competent_agency": rec.competent_agency,
        "audience": rec.audience,
        # the source does not say "toàn trình" or "một phần"; only its absence is a fact
        "online_service_level": OnlineServiceLevel.UNDECLARED if online else OnlineServiceLevel.OFFLINE,
        "document_count": rec.document_count,
        "steps_text": rec.steps_text,
        "legal_basis_text": rec.legal_basis_text,
        "conditions_text": rec.conditions_text,
        "result_text": rec.result_text,
        "channels_source_text": rec.channels_raw,
        "source_hash": digest,
    }


def _upsert_versions(catalog: parsing.Catalog, procedures: dict[str, Procedure], summary: LoadSummary) -> None:
    # Per procedure: highest number, and the newest reference-origin version (its hash and status).
    latest_number: dict[int, int] = {}
    latest_reference: dict[int, tuple[int, str, str]] = {}
    for pk, proc_id, number, origin, status, digest in ProcedureVersion.objects.values_list(
        "pk", "procedure_id", "number", "origin", "status", "source_hash"
    ).order_by("procedure_id", "number"):
        latest_number[proc_id] = number
        if origin == VersionOrigin.REFERENCE:
            latest_reference[proc_id] = (pk, status, digest)
    drafts = {
        v.procedure_id: v
        for v in ProcedureVersion.objects.filter(status=VersionStatus.DRAFT).only("pk", "procedure_id", "origin")
    }

    now = clock.now()
    new_versions: list[tuple[ProcedureVersion, parsing.ProcedureRecord]] = []
    refreshed: list[tuple[ProcedureVersion, parsing.ProcedureRecord]] = []
    for rec in catalog.procedures:
        proc = procedures[rec.code]
        digest = source_hash(rec)
        reference = latest_reference.get(proc.pk)
        if reference is not None and reference[2] == digest:
            continue  # unchanged since the last load
        values = _version_values(rec, digest)
        if proc.pk not in latest_number:
            version = ProcedureVersion(
                procedure=proc,
                number=1,
                status=VersionStatus.PUBLISHED,
                origin=VersionOrigin.REFERENCE,
                valid_from=REFERENCE_VALID_FROM,
                published_at=now,
                created_at=now,
                updated_at=now,
                **values,
            )
            new_versions.append((version, rec))
            summary.versions_published += 1
            continue
        draft = drafts.get(proc.pk)
        if draft is not None and draft.origin == VersionOrigin.REFERENCE:
            for field, value in values.items():
                setattr(draft, field, value)
            draft.updated_at = now
            refreshed.append((draft, rec))
            summary.drafts_updated += 1
        elif draft is None:
            version = ProcedureVersion(
                procedure=proc,
                number=latest_number[proc.pk] + 1,
                status=VersionStatus.DRAFT,
                origin=VersionOrigin.REFERENCE,
                created_at=now,
                updated_at=now,
                **values,
            )
            new_versions.append((version, rec))
            summary.drafts_created += 1
        # else: an officer's draft is open — leave it; the new source content waits for the next load

    ProcedureVersion.objects.bulk_create([v for v, _ in new_versions], batch_size=BATCH)
    if refreshed:
        ProcedureVersion.objects.bulk_update(
            [v for v, _ in refreshed], [*VERSION_FIELDS, "updated_at"], batch_size=BATCH
        )
        ids = [v.pk for v, _ in refreshed]
        for model in (ChannelOption, RequiredDocument, ResultDocument, ProcessingStep):
            model.objects.filter(version_id__in=ids).delete()
    _create_parts([*new_versions, *refreshed])


def _create_parts(items: list[tuple[ProcedureVersion, parsing.ProcedureRecord]]) -> None:
    channels, documents, results, steps = [], [], [], []
    for version, rec in items:
        options = [
            ChannelOption(
                version=version,
                order=c.order,
                channel=str(c.channel),
                time_value=c.time_value,
                time_unit=str(c.time_unit),
                unit_missing=c.unit_missing,
                time_fee_merged=c.time_fee_merged,
                time_raw=c.time_raw,
                time_note=c.time_note,
                unit_hint=str(c.unit_hint or ""),
                unit_hint_evidence=c.unit_hint_evidence,
                fee_text=c.fee_text,
                fee_amount=c.fee_amount,
                fee_currency=c.fee_currency,
                is_free=c.is_free,
                fee_amount_doubtful=c.fee_amount_doubtful,
                fee_note=c.fee_note,
                description=c.description,
            )
            for c in rec.channels
        ]
        channels.extend(options)
        documents.extend(
            RequiredDocument(
                version=version,
                order=d.order,
                name=d.name,
                originals=d.originals,
                copies=d.copies,
                group=d.group,
                quantity_raw=d.quantity_raw,
            )
            for d in rec.documents
        )
        results.extend(
            ResultDocument(version=version, order=i, name=r.name, code=r.code) for i, r in enumerate(rec.results, 1)
        )
        steps.extend(default_processing_steps(version, options))
    for model, rows in (
        (ChannelOption, channels),
        (RequiredDocument, documents),
        (ResultDocument, results),
        (ProcessingStep, steps),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)

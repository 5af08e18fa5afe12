"""From the dossier outbox to the national portal: every committed transition becomes a snapshot.

The dossier app writes an outbox event in the transaction of each state change (DOMAIN §10: every
status change is pushed in near real time). This module is the outbox handler: it reads the
dossier's committed state, maps it to ``DongBoHoSoMC`` (:class:`DossierSnapshot`) plus the
transition's ``CapNhatTienDoHoSoMC`` entry (:class:`ProgressEntry`) and hands both to
:func:`enqueue_snapshot`, which coalesces, orders by ``row_version`` and retries.

Why the mapping is here and not in ``dossiers``: integrations sit above the dossier app and may
import it; the dossier app knows nothing of external systems (docs/architecture.md).

Known gaps (docs/national-portal.md): the catalogue has no national sector code yet, so the local
sector identifier is sent as ``MaLinhVuc`` until codes are loaded from ``LayThuTuc``; dossiers that
never received a code (online submissions still at status 1, refusals at intake) are not sent —
``MaHoSo`` is required and the operator has to say what the portal expects for them.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from motcua.dossiers import outbox
from motcua.dossiers.models import Dossier, Transition

from .messages import DossierSnapshot, Fee, ProgressEntry
from .services import enqueue_snapshot

logger = logging.getLogger("motcua.integrations.nationalportal")

EVENT_KINDS = ("dossier.status_changed", "dossier.updated")
_APPLICANT_KIND = {"citizen": 1, "organisation": 2}


def snapshot_of(dossier: Dossier) -> DossierSnapshot:
    """The dossier's current state in the portal's field names (DOMAIN §10, dvcqg fields)."""
    procedure, applicant = dossier.procedure, dossier.applicant
    fees = ()
    if dossier.fee_amount:
        fees = (Fee(TenPhiLePhi=_("Phí, lệ phí"), Gia=int(dossier.fee_amount)),)
    return DossierSnapshot(
        sequence=dossier.row_version,
        MaHoSo=dossier.code,
        MaTTHC=procedure.code,
        TenTTHC=procedure.name,
        MaLinhVuc=str(procedure.sector_id),
        TenLinhVuc=procedure.sector.name,
        TrangThaiHoSo=dossier.status,
        NgayTiepNhan=dossier.accepted_at or dossier.submitted_at,
        # The original appointment is what statistics compare against (DOMAIN §6).
        NgayHenTra=dossier.original_due_at,
        DonViXuLy=dossier.resolving_department.name,
        LoaiDoiTuong=_APPLICANT_KIND.get(applicant.kind, 1),
        HinhThuc=1 if dossier.return_method == "post" else 0,
        ChuHoSo=applicant.name,
        MaDoiTuong=applicant.id_number,
        Email=applicant.email,
        SoDienThoai=applicant.phone,
        TrichYeuHoSo=procedure.name,
        NgayTra=dossier.returned_at,
        NgayKetThucXuLy=dossier.done_at or dossier.ended_at,
        DanhSachLePhi=fees,
        KenhThucHien=dossier.national_channel,
        NgayNopHoSo=dossier.submitted_at,
        HoSoCoThanhPhanSoHoa=dossier.documents.filter(files__isnull=False).exists(),
        TaiKhoanDuocXacThucVoiVNeID=bool(dossier.eid_level),
    )


def progress_of(dossier: Dossier, transition: Transition) -> ProgressEntry:
    return ProgressEntry(
        MaHoSo=dossier.code,
        NguoiXuLy=transition.actor_label,
        ThoiDiemXuLy=transition.at,
        NoiDungXuLy=transition.reason or transition.get_action_display(),
        TrangThai=transition.to_status,
        ChucDanh=transition.actor_role,
        PhongBanXuLy=dossier.resolving_department.name,
        NgayKetThucTheoQuyDinh=dossier.due_at,
    )


def handle_outbox_event(event) -> None:
    """Outbox handler: idempotent (the sync is an upsert keyed by the dossier code)."""
    dossier = (
        Dossier.objects.select_related("procedure__sector", "applicant", "resolving_department")
        .filter(pk=event.dossier_id)
        .first()
    )
    if dossier is None or not dossier.code:
        return  # nothing the portal can file yet (see the module docstring)
    transition = None
    seq = (event.payload or {}).get("transition")
    if seq is not None:
        transition = dossier.transitions.filter(seq=seq).first()
    entries = [progress_of(dossier, transition)] if transition else []
    enqueue_snapshot(snapshot_of(dossier), progress=entries)


def connect() -> None:
    for kind in EVENT_KINDS:
        outbox.register(kind, handle_outbox_event)

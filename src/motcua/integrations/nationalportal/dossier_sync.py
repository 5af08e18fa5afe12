"""From the dossier outbox to the national portal: every committed transition becomes a snapshot.

The dossier app writes an outbox event in the transaction of each state change (DOMAIN §10: every
status change is pushed in near real time). This module is the outbox handler: it reads the
dossier's committed state, maps it to ``DongBoHoSoMC`` (:class:`DossierSnapshot`) plus the
transition's ``CapNhatTienDoHoSoMC`` entry (:class:`ProgressEntry`) and hands both to
:func:`enqueue_snapshot`, which coalesces, orders by ``row_version`` and retries.

Why the mapping is here and not in ``dossiers``: integrations sit above the dossier app and may
import it; the dossier app knows nothing of external systems (docs/architecture.md).

It also lists the dossiers received in a period (:func:`received_codes`, :func:`reconcile`): the
reconciliation must compare the portal's acknowledgements with what the centres really received, not
with what happened to reach the queue — otherwise a dossier never handed over is invisible and the
sync rate of the 766 index is overstated.

Known limits (docs/national-portal.md): the catalogue has no national sector code yet, so the local
sector identifier is sent as ``MaLinhVuc`` until codes are loaded from ``LayThuTuc``. A dossier is
sent only once it has its code: ``MaHoSo`` is required and the national code is issued at acceptance
(DOMAIN §5), so an online submission still at status 1 waits, and a refusal at intake (status 3,
which never gets a code) is not sent at all — no code is invented for either. When an online
dossier is accepted, its push carries the moments it spent at status 1 (see :func:`_before_code`).
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from motcua.dossiers import outbox
from motcua.dossiers.models import Dossier, Transition
from motcua.dossiers.workflow import Status

from .messages import DossierSnapshot, Fee, ProgressEntry
from .services import Period, Reconciliation, enqueue_snapshot, reconciliation

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
    # Before acceptance no deadline exists (the clock starts at acceptance, DOMAIN §3): a status-1
    # moment carries none, which also keeps its entry identical however late it is built.
    due = None if transition.to_status == Status.SUBMITTED else dossier.due_at
    return ProgressEntry(
        MaHoSo=dossier.code,
        NguoiXuLy=transition.actor_label,
        ThoiDiemXuLy=transition.at,
        NoiDungXuLy=transition.reason or transition.get_action_display(),
        TrangThai=transition.to_status,
        ChucDanh=transition.actor_role,
        PhongBanXuLy=dossier.resolving_department.name,
        NgayKetThucTheoQuyDinh=due,
    )


def _before_code(dossier: Dossier, transition: Transition) -> list[ProgressEntry]:
    """The dossier's moments at status 1 (submitted, completion requested, completed), with its acceptance.

    Their own outbox events found no code and were skipped (the portal files nothing without
    ``MaHoSo``); the acceptance — the one transition out of status 1 that leaves a code — is the first
    moment they can be filed, so they go with it, under the code just issued. Entries are kept once
    by content, so a redelivered acceptance adds nothing.
    """
    if transition.from_status != Status.SUBMITTED:
        return []
    earlier = dossier.transitions.filter(seq__lt=transition.seq).order_by("seq")
    return [progress_of(dossier, t) for t in earlier]


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
    entries = [*_before_code(dossier, transition), progress_of(dossier, transition)] if transition else []
    enqueue_snapshot(snapshot_of(dossier), progress=entries)


def received_codes(period: Period) -> list[str]:
    """Codes of the dossiers received (accepted: they have a code) with a receipt date in ``period``.

    The same moment the snapshot sends as ``NgayTiepNhan`` (``accepted_at``), in Vietnam dates like
    :meth:`Period.bounds`. Dossiers without a code (status 1 waiting, refused at intake) are not
    counted: the portal cannot hold them (module docstring).
    """
    start, end = period.bounds()
    return list(
        Dossier.objects.filter(accepted_at__gte=start, accepted_at__lt=end, code__isnull=False)
        .order_by("code")
        .values_list("code", flat=True)
    )


def reconcile(period: Period) -> Reconciliation:
    """Reconciliation against the dossiers really received (the admin page; the 766 sync rate is its ``sync_rate``)."""
    return reconciliation(period, received_codes=received_codes(period))


def connect() -> None:
    for kind in EVENT_KINDS:
        outbox.register(kind, handle_outbox_event)

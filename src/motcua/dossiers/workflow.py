"""THE transition table of a dossier — the one place that says what may happen when, and by whom.

States are the national status codes 1–10 (DOMAIN §4, the codes synced to the national portal:
``data/integration`` of the research folder, "Mới đăng ký" … "Đã trả kết quả"). Where the work needs
finer steps a status has several **stages** (sub-states); every stage maps to exactly one status
(:data:`STAGE_STATUS`), so the national code is always derivable and stored beside the stage.

Each edge names the legal basis it implements. Sources (DOMAIN header): Nghị định 118/2025/NĐ-CP
(one-stop shop, as amended by NĐ 367/2025) for the lifecycle; Thông tư 03/2025/TT-VPCP for the forms
(Mẫu 01 receipt and appointment, 02 supplement/completion request, 03 refusal, 04 apology and new
appointment, 05 stop notice, 06 control sheet); Quyết định 766/QĐ-TTg for the statistics rules.
Article numbers inside NĐ 118/2025 are not quoted here until the province's legal reviewer confirms
them against the gazette text (docs/dossiers.md, "Legal references"); the DOMAIN section is named
instead so every edge is traceable.

Rules checked elsewhere (state-dependent business guards, in :mod:`motcua.dossiers.services`):
same-day only for 2 → 9; one completion request at intake; one re-appointment only and the apology
before the appointment; no withdrawal once a decision exists; step role for ``complete_step``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Role


class Status(models.IntegerChoices):
    """Trạng thái hồ sơ — national status codes (DOMAIN §4)."""

    SUBMITTED = 1, _("Mới đăng ký")
    ACCEPTED = 2, _("Được tiếp nhận")
    REFUSED_AT_INTAKE = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung")
    FINANCIAL_OBLIGATION = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWAL_REQUESTED = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    DONE = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


class Stage(models.TextChoices):
    """Bước công việc trong một trạng thái (sub-state)."""

    NEW = "new", _("Chưa có hồ sơ")  # virtual: the "from" of intake edges, never stored
    SUBMITTED = "submitted", _("Chờ tiếp nhận")
    COMPLETION_REQUESTED = "completion_requested", _("Đã hướng dẫn hoàn thiện hồ sơ, chờ công dân bổ sung")
    ACCEPTED = "accepted", _("Đã tiếp nhận, chờ chuyển xử lý")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan giải quyết, chờ phân công")
    IN_STEP = "in_step", _("Đang xử lý theo quy trình nội bộ")
    APPROVED = "approved", _("Lãnh đạo đã phê duyệt, chờ phát hành kết quả")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ công dân bổ sung hồ sơ")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân yêu cầu rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý theo yêu cầu của công dân")
    RESOLUTION_REFUSED = "resolution_refused", _("Từ chối giải quyết (có lý do)")
    CANCELLED = "cancelled", _("Huỷ bởi quản trị hệ thống")
    DONE = "done", _("Có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")


STAGE_STATUS: dict[str, int] = {
    Stage.SUBMITTED: Status.SUBMITTED,
    Stage.COMPLETION_REQUESTED: Status.SUBMITTED,
    Stage.ACCEPTED: Status.ACCEPTED,
    Stage.REFUSED: Status.REFUSED_AT_INTAKE,
    Stage.TRANSFERRED: Status.PROCESSING,
    Stage.IN_STEP: Status.PROCESSING,
    Stage.APPROVED: Status.PROCESSING,
    Stage.SUPPLEMENT_REQUESTED: Status.SUPPLEMENT_REQUESTED,
    Stage.FINANCIAL_OBLIGATION: Status.FINANCIAL_OBLIGATION,
    Stage.WITHDRAWAL_REQUESTED: Status.WITHDRAWAL_REQUESTED,
    Stage.STOPPED: Status.STOPPED,
    Stage.RESOLUTION_REFUSED: Status.STOPPED,
    Stage.CANCELLED: Status.STOPPED,
    Stage.DONE: Status.DONE,
    Stage.RETURNED: Status.RETURNED,
}

# Stages after which nothing happens any more.
TERMINAL_STAGES = frozenset({Stage.REFUSED, Stage.STOPPED, Stage.RESOLUTION_REFUSED, Stage.CANCELLED, Stage.RETURNED})
# Stages whose legal clock is stopped (DOMAIN §6: supplement and financial obligation pause it).
PAUSED_STAGES = frozenset({Stage.SUPPLEMENT_REQUESTED, Stage.FINANCIAL_OBLIGATION})
# Stages where the legal clock runs (accepted, not finished, not paused).
RUNNING_STAGES = frozenset(
    {Stage.ACCEPTED, Stage.TRANSFERRED, Stage.IN_STEP, Stage.APPROVED, Stage.WITHDRAWAL_REQUESTED}
)
# A decision exists from approval on: a stop request is no longer possible (DOMAIN §4 status 7).
DECISION_STAGES = frozenset({Stage.APPROVED, Stage.DONE, Stage.RETURNED})


class Action(models.TextChoices):
    """Thao tác — the URL name of each transition (``POST …/actions/<action>``)."""

    SUBMIT = "submit", _("Đăng ký hồ sơ trực tuyến / bưu chính")
    REQUEST_COMPLETION = "request_completion", _("Hướng dẫn hoàn thiện hồ sơ")
    COMPLETE_SUBMISSION = "complete_submission", _("Nộp hồ sơ đã hoàn thiện")
    RECEIVE = "receive", _("Tiếp nhận hồ sơ trực tiếp")
    ACCEPT = "accept", _("Tiếp nhận hồ sơ đã đăng ký")
    REFUSE_INTAKE = "refuse_intake", _("Từ chối tiếp nhận")
    TRANSFER = "transfer", _("Chuyển hồ sơ đến cơ quan giải quyết")
    ASSIGN = "assign", _("Phân công xử lý")
    COMPLETE_STEP = "complete_step", _("Hoàn thành bước xử lý")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung hồ sơ")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Nhận hồ sơ bổ sung")
    REQUEST_FINANCIAL_OBLIGATION = "request_financial_obligation", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    CONFIRM_FINANCIAL_OBLIGATION = "confirm_financial_obligation", _("Xác nhận đã thực hiện nghĩa vụ tài chính")
    EXTEND = "extend", _("Gia hạn giải quyết")
    APOLOGISE = "apologise", _("Xin lỗi và hẹn lại ngày trả kết quả")
    REFUSE_RESOLUTION = "refuse_resolution", _("Từ chối giải quyết")
    REQUEST_WITHDRAWAL = "request_withdrawal", _("Công dân yêu cầu rút hồ sơ")
    STOP = "stop", _("Dừng xử lý hồ sơ")
    APPROVE = "approve", _("Phê duyệt kết quả")
    ISSUE_RESULT = "issue_result", _("Phát hành kết quả")
    COMPLETE_SAME_DAY = "complete_same_day", _("Giải quyết ngay trong ngày")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    CANCEL = "cancel", _("Huỷ hồ sơ (quản trị)")


# Namespaced audit / event codes (STYLE §2).
AUDIT_CODES: dict[str, str] = {
    Action.SUBMIT: "dossier.submitted",
    Action.REQUEST_COMPLETION: "dossier.completion.requested",
    Action.COMPLETE_SUBMISSION: "dossier.completion.received",
    Action.RECEIVE: "dossier.received",
    Action.ACCEPT: "dossier.accepted",
    Action.REFUSE_INTAKE: "dossier.intake.refused",
    Action.TRANSFER: "dossier.transferred",
    Action.ASSIGN: "dossier.assigned",
    Action.COMPLETE_STEP: "dossier.step.completed",
    Action.REQUEST_SUPPLEMENT: "dossier.supplement.requested",
    Action.RECEIVE_SUPPLEMENT: "dossier.supplement.received",
    Action.REQUEST_FINANCIAL_OBLIGATION: "dossier.financial.requested",
    Action.CONFIRM_FINANCIAL_OBLIGATION: "dossier.financial.fulfilled",
    Action.EXTEND: "dossier.deadline.extended",
    Action.APOLOGISE: "dossier.apology.issued",
    Action.REFUSE_RESOLUTION: "dossier.resolution.refused",
    Action.REQUEST_WITHDRAWAL: "dossier.withdrawal.requested",
    Action.STOP: "dossier.stopped",
    Action.APPROVE: "dossier.approved",
    Action.ISSUE_RESULT: "dossier.result.issued",
    Action.COMPLETE_SAME_DAY: "dossier.result.issued_same_day",
    Action.RETURN_RESULT: "dossier.result.returned",
    Action.CANCEL: "dossier.cancelled",
}

CITIZEN = "citizen"  # the applicant acting through the portal (VNeID login), not a staff role
ROLE_LABELS: dict[str, str] = {**{r.value: str(r.label) for r in Role}, CITIZEN: "Công dân, tổ chức"}

CO, SP, AP, CL, SA = Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER, Role.CLERK, Role.SYSTEM_ADMIN
# Province supervisors and centre directors monitor: they appear in no edge (read-only).

PREVIOUS = "previous"  # resume edges go back to the stage the dossier was paused from
SAME = "same"  # self-loops: the stage does not change (extension, apology)


@dataclass(frozen=True)
class Edge:
    to: str  # a Stage, PREVIOUS or SAME
    roles: frozenset[str]
    article: str


def _e(to: str, roles: tuple[str, ...], article: str) -> Edge:
    return Edge(to, frozenset(roles), article)


S, A = Stage, Action
_CANCEL = _e(
    S.CANCELLED, (SA,), "Quản trị: huỷ hồ sơ nhập sai/trùng, có lý do; ghi nhật ký (không phải kết quả giải quyết)"
)
_WITHDRAW = _e(S.WITHDRAWAL_REQUESTED, (CITIZEN, CO), "DOMAIN §4 mã 7 — rút hồ sơ khi chưa có quyết định giải quyết")
_EXTEND = _e(
    SAME, (AP,), "Gia hạn theo pháp luật chuyên ngành (căn cứ ghi rõ); hẹn gốc giữ nguyên để thống kê (DOMAIN §6)"
)
_APOLOGISE = _e(
    SAME, (AP,), "NĐ 118/2025 — DOMAIN §6: xin lỗi, hẹn lại một lần, chậm nhất 1 ngày làm việc trước hẹn; Mẫu 04"
)

TRANSITIONS: dict[tuple[str, str], Edge] = {
    # --- intake (DOMAIN §3, §4 statuses 1–3) ---
    # Online filing through the portal (or a postal parcel registered on arrival): status 1, no
    # code yet, clock not started (DOMAIN §3 — "online dossiers enter as submitted").
    (S.NEW, A.SUBMIT): _e(S.SUBMITTED, (CITIZEN, CO), "NĐ 118/2025, NĐ 45/2020 — DOMAIN §3, §4 mã 1"),
    # At the counter: complete and valid → code issued, receipt and appointment (Mẫu 01).
    (S.NEW, A.RECEIVE): _e(S.ACCEPTED, (CO,), "NĐ 118/2025 — DOMAIN §4 mã 2, §5 mã số hồ sơ; TT 03/2025 Mẫu 01"),
    # Outside competence / not acceptable, reasons stated (Mẫu 03); no code.
    (S.NEW, A.REFUSE_INTAKE): _e(S.REFUSED, (CO,), "NĐ 118/2025 — DOMAIN §4 mã 3; TT 03/2025 Mẫu 03"),
    # Incomplete: ONE consolidated completion request listing everything (Mẫu 02), clock not started.
    (S.SUBMITTED, A.REQUEST_COMPLETION): _e(
        S.COMPLETION_REQUESTED,
        (CO,),
        "NĐ 118/2025 — DOMAIN §4 (chỉ yêu cầu một lần, liệt kê đầy đủ); TT 03/2025 Mẫu 02",
    ),
    (S.SUBMITTED, A.ACCEPT): _e(
        S.ACCEPTED, (CO,), "NĐ 118/2025 — DOMAIN §3 (tính hạn từ khi tiếp nhận), §4 mã 2; Mẫu 01"
    ),
    (S.SUBMITTED, A.REFUSE_INTAKE): _e(S.REFUSED, (CO,), "NĐ 118/2025 — DOMAIN §4 mã 3; TT 03/2025 Mẫu 03"),
    (S.SUBMITTED, A.REQUEST_WITHDRAWAL): _WITHDRAW,
    (S.SUBMITTED, A.CANCEL): _CANCEL,
    (S.COMPLETION_REQUESTED, A.COMPLETE_SUBMISSION): _e(
        S.SUBMITTED, (CITIZEN, CO), "NĐ 118/2025 — DOMAIN §4: hồ sơ hoàn thiện được xem xét tiếp nhận"
    ),
    (S.COMPLETION_REQUESTED, A.REFUSE_INTAKE): _e(S.REFUSED, (CO,), "NĐ 118/2025 — DOMAIN §4 mã 3; Mẫu 03"),
    (S.COMPLETION_REQUESTED, A.REQUEST_WITHDRAWAL): _WITHDRAW,
    (S.COMPLETION_REQUESTED, A.CANCEL): _CANCEL,
    # --- accepted, at the counter ---
    (S.ACCEPTED, A.TRANSFER): _e(
        S.TRANSFERRED, (CO,), "NĐ 118/2025 — DOMAIN §4 mã 4, §6 chuyển hồ sơ; TT 03/2025 Mẫu 06 (dòng bàn giao)"
    ),
    # Same-day procedures may go 2 → 9 at once (DOMAIN §4).
    (S.ACCEPTED, A.COMPLETE_SAME_DAY): _e(S.DONE, (CO, SP, AP), "NĐ 118/2025 — DOMAIN §4 (thủ tục trong ngày 2 → 9)"),
    (S.ACCEPTED, A.REQUEST_WITHDRAWAL): _WITHDRAW,
    (S.ACCEPTED, A.CANCEL): _CANCEL,
    # --- processing at the competent agency (status 4) ---
    (S.TRANSFERRED, A.ASSIGN): _e(
        S.IN_STEP, (AP, SP), "NĐ 118/2025 — DOMAIN §1 (chuyên viên thẩm định); quy trình nội bộ"
    ),
    (S.TRANSFERRED, A.REQUEST_SUPPLEMENT): _e(
        S.SUPPLEMENT_REQUESTED, (SP, AP), "NĐ 118/2025 — DOMAIN §4 mã 5, §6 (tạm dừng/tính lại); TT 03/2025 Mẫu 02"
    ),
    (S.TRANSFERRED, A.REFUSE_RESOLUTION): _e(
        S.RESOLUTION_REFUSED, (SP, AP), "NĐ 118/2025 — DOMAIN §4 mã 8 (cơ quan dừng, nêu lý do), §11"
    ),
    (S.TRANSFERRED, A.EXTEND): _EXTEND,
    (S.TRANSFERRED, A.APOLOGISE): _APOLOGISE,
    (S.TRANSFERRED, A.REQUEST_WITHDRAWAL): _WITHDRAW,
    (S.TRANSFERRED, A.CANCEL): _CANCEL,
    (S.IN_STEP, A.ASSIGN): _e(S.IN_STEP, (AP, SP), "Phân công lại chuyên viên; quy trình nội bộ (Mẫu 06)"),
    (S.IN_STEP, A.COMPLETE_STEP): _e(
        S.IN_STEP, (SP, AP, CL), "Quy trình nội bộ, thời gian từng bước; TT 03/2025 Mẫu 06 (kết quả từng bước)"
    ),
    (S.IN_STEP, A.APPROVE): _e(S.APPROVED, (AP,), "NĐ 118/2025 — DOMAIN §1 (lãnh đạo phê duyệt, ký số)"),
    (S.IN_STEP, A.REQUEST_SUPPLEMENT): _e(
        S.SUPPLEMENT_REQUESTED, (SP, AP), "NĐ 118/2025 — DOMAIN §4 mã 5, §6 (tạm dừng/tính lại); TT 03/2025 Mẫu 02"
    ),
    (S.IN_STEP, A.REQUEST_FINANCIAL_OBLIGATION): _e(
        S.FINANCIAL_OBLIGATION, (SP, AP), "NĐ 118/2025 — DOMAIN §4 mã 6, §6 (tạm dừng như bổ sung)"
    ),
    (S.IN_STEP, A.REFUSE_RESOLUTION): _e(
        S.RESOLUTION_REFUSED, (SP, AP), "NĐ 118/2025 — DOMAIN §4 mã 8 (cơ quan dừng, nêu lý do), §11"
    ),
    (S.IN_STEP, A.EXTEND): _EXTEND,
    (S.IN_STEP, A.APOLOGISE): _APOLOGISE,
    (S.IN_STEP, A.REQUEST_WITHDRAWAL): _WITHDRAW,
    (S.IN_STEP, A.CANCEL): _CANCEL,
    # Land procedures: the tax notice may come after approval (second appointment at resumption).
    (S.APPROVED, A.REQUEST_FINANCIAL_OBLIGATION): _e(
        S.FINANCIAL_OBLIGATION, (SP, AP), "NĐ 118/2025 — DOMAIN §4 mã 6 (đất đai: hai lần hẹn quanh bước thuế)"
    ),
    (S.APPROVED, A.ISSUE_RESULT): _e(
        S.DONE, (CL, AP, SP), "NĐ 118/2025 — DOMAIN §4 mã 9 (kết quả đã ký, số hoá, chuyển Bộ phận Một cửa)"
    ),
    (S.APPROVED, A.EXTEND): _EXTEND,
    (S.APPROVED, A.APOLOGISE): _APOLOGISE,
    (S.APPROVED, A.CANCEL): _CANCEL,
    # --- pauses (statuses 5, 6) ---
    (S.SUPPLEMENT_REQUESTED, A.RECEIVE_SUPPLEMENT): _e(
        PREVIOUS, (CO, SP, CITIZEN), "NĐ 118/2025 — DOMAIN §6 (tiếp tục: thời gian còn lại, hoặc tính lại từ đầu)"
    ),
    (S.SUPPLEMENT_REQUESTED, A.REFUSE_RESOLUTION): _e(
        S.RESOLUTION_REFUSED, (SP, AP), "NĐ 118/2025 — DOMAIN §4 mã 8 (không bổ sung: dừng, nêu lý do)"
    ),
    (S.SUPPLEMENT_REQUESTED, A.REQUEST_WITHDRAWAL): _WITHDRAW,
    (S.SUPPLEMENT_REQUESTED, A.CANCEL): _CANCEL,
    (S.FINANCIAL_OBLIGATION, A.CONFIRM_FINANCIAL_OBLIGATION): _e(
        PREVIOUS, (CO, SP), "NĐ 118/2025 — DOMAIN §4 mã 6, §6 (tiếp tục tính hạn; hẹn lần hai với thủ tục đất đai)"
    ),
    (S.FINANCIAL_OBLIGATION, A.REQUEST_WITHDRAWAL): _WITHDRAW,
    (S.FINANCIAL_OBLIGATION, A.CANCEL): _CANCEL,
    # --- withdrawal and stop (statuses 7, 8) ---
    (S.WITHDRAWAL_REQUESTED, A.STOP): _e(S.STOPPED, (SP, AP, CO), "NĐ 118/2025 — DOMAIN §4 mã 8; TT 03/2025 Mẫu 05"),
    (S.WITHDRAWAL_REQUESTED, A.CANCEL): _CANCEL,
    # --- result (statuses 9, 10): "done" and "returned" are different events (DOMAIN §4) ---
    (S.DONE, A.RETURN_RESULT): _e(
        S.RETURNED, (CO,), "NĐ 118/2025 — DOMAIN §4 mã 10 (tại quầy, bưu chính, trực tuyến); TT 03/2025 Mẫu 07"
    ),
}

# Actions whose edge creates the dossier (the "from" stage is NEW).
INTAKE_ACTIONS = frozenset({A.SUBMIT, A.RECEIVE, A.REFUSE_INTAKE})
STORED_STAGES = tuple(s for s in Stage if s is not Stage.NEW)


def edge_for(stage: str, action: str) -> Edge | None:
    return TRANSITIONS.get((stage, action))


def actions_from(stage: str) -> list[str]:
    return [action for (from_stage, action) in TRANSITIONS if from_stage == stage]


def status_of(stage: str) -> int:
    return STAGE_STATUS[stage]


def _check_table() -> None:
    """Import-time sanity: every stored stage has a status, every target is a stage or PREVIOUS."""
    for stage in STORED_STAGES:
        assert stage in STAGE_STATUS, stage
    for (from_stage, action), edge in TRANSITIONS.items():
        assert from_stage in Stage.values and action in Action.values, (from_stage, action)
        assert edge.to in (PREVIOUS, SAME) or edge.to in STAGE_STATUS, edge
        assert from_stage not in TERMINAL_STAGES, from_stage
        assert action in AUDIT_CODES, action


_check_table()

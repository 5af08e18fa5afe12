"""Typed request and response bodies of the dossier API (django-ninja / pydantic).

Every operation has a typed request (body, query or path) and a typed response, including the
error body :class:`ErrorOut` — the OpenAPI document is the contract for machine clients.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from .models import Channel, SuppliedAs


class ErrorDetail(Schema):
    code: str = Field(description="Mã lỗi ổn định (xem docs/dossiers.md).")
    message: str = Field(description="Thông báo tiếng Việt cho người dùng.")
    details: list[dict] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


# --- intake ------------------------------------------------------------------------------------------


class ApplicantIn(Schema):
    kind: Literal["citizen", "organisation"] = "citizen"
    id_number: str = Field(description="Số định danh cá nhân 12 chữ số, hoặc mã số thuế.", max_length=20)
    name: str = Field(max_length=255)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=500)


class DocumentIn(Schema):
    document: int = Field(description="Số thứ tự giấy tờ trong thành phần hồ sơ của phiên bản thủ tục.", ge=1)
    supplied_as: Literal[tuple(SuppliedAs.values)] = SuppliedAs.ORIGINAL  # type: ignore[valid-type]
    quantity: int = Field(1, ge=1, le=100)
    note: str = Field("", max_length=255)


class IntakeIn(Schema):
    decision: Literal["receive", "submit", "refuse"] = Field(
        "receive",
        description="receive: tiếp nhận ngay (mã 2); submit: đăng ký hồ sơ bưu chính chờ tiếp nhận (mã 1); "
        "refuse: từ chối tiếp nhận, nêu lý do (mã 3).",
    )
    centre: str = Field(description="Mã trung tâm tiếp nhận (ServiceCentre.code).", max_length=20)
    procedure: str = Field(description="Mã thủ tục, ví dụ 1.001193.", max_length=20)
    channel: Literal[tuple(Channel.values)] = Channel.DIRECT  # type: ignore[valid-type]
    applicant: ApplicantIn
    proxy: ApplicantIn | None = None
    documents: list[DocumentIn] = []
    competent_centre: str | None = Field(None, description="Trung tâm có thẩm quyền khi khác nơi tiếp nhận.")
    return_centre: str | None = Field(None, description="Nơi trả kết quả (mặc định: nơi tiếp nhận).")
    fee_amount: Decimal | None = Field(None, ge=0)
    reasons: list[str] = Field([], description="Lý do từ chối (bắt buộc khi decision=refuse).")


# --- actions -----------------------------------------------------------------------------------------


class ActionIn(Schema):
    expected_version: int | None = Field(
        None, description="row_version mà người dùng đang xem; khác phiên bản hiện tại → version_conflict."
    )


class NoteIn(ActionIn):
    note: str = Field("", max_length=2000)


class MissingItemIn(Schema):
    document: int = Field(ge=1, description="Số thứ tự giấy tờ trong thành phần hồ sơ.")
    detail: str = Field("", max_length=1000)


class ItemsIn(ActionIn):
    items: list[MissingItemIn] = Field(min_length=1)
    reason: str = Field("", max_length=2000)


class DocumentsIn(ActionIn):
    documents: list[DocumentIn] = []
    note: str = Field("", max_length=2000)


class ReasonsIn(ActionIn):
    reasons: list[str] = Field(min_length=1)


class ReasonIn(ActionIn):
    reason: str = Field(max_length=2000)


class OptionalReasonIn(ActionIn):
    reason: str = Field("", max_length=2000)


class AssignIn(ActionIn):
    assignee: str = Field(description="Tên đăng nhập của chuyên viên.", max_length=150)
    note: str = Field("", max_length=2000)


class FinancialIn(ActionIn):
    reason: str = Field(max_length=2000)
    amount: Decimal | None = Field(None, ge=0)


class ExtendIn(ActionIn):
    working_days: int = Field(ge=1, le=60)
    legal_basis: str = Field(max_length=500)
    reason: str = Field("", max_length=2000)


class ApologyIn(ActionIn):
    new_due_at: dt.datetime = Field(description="Ngày giờ hẹn mới (có múi giờ).")
    reason: str = Field(max_length=2000)


class StopIn(ActionIn):
    reason: str = Field("", max_length=2000)
    fee_handling: str = Field("", max_length=500)


class ResultIn(ActionIn):
    result_reference: str = Field("", max_length=200)
    note: str = Field("", max_length=2000)


class ReturnIn(ActionIn):
    method: Literal["counter", "post", "electronic"]
    recipient: str = Field("", max_length=150)
    note: str = Field("", max_length=2000)


# --- responses ---------------------------------------------------------------------------------------


class NamedRef(Schema):
    code: str
    name: str


class ApplicantOut(Schema):
    kind: str
    id_number: str
    name: str
    phone: str
    email: str
    address: str


class DeadlineOut(Schema):
    classification: str | None = Field(
        description="early | on_time | late | in_progress_within | in_progress_overdue (DOMAIN §7); null khi "
        "chưa tiếp nhận hoặc đã huỷ."
    )
    label: str | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    remaining_working_minutes: int | None
    paused: bool


class FileOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class DocumentOut(Schema):
    id: int
    document: int | None
    name: str
    supplied_as: str
    quantity: int
    files: list[FileOut]


class TransitionOut(Schema):
    seq: int
    action: str
    action_label: str
    from_status: int | None
    to_status: int
    to_stage: str
    at: dt.datetime
    actor: str
    role: str
    reason: str
    data: dict


class StepOut(Schema):
    order: int
    name: str
    role: str
    unit: str
    assignee: str | None
    started_at: dt.datetime
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    outcome: str


class WaitingOut(Schema):
    kind: str
    requested_at: dt.datetime
    items: list[dict]
    reason: str
    policy: str
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    excluded_working_minutes: int


class DossierSummary(Schema):
    key: str = Field(description="Mã số hồ sơ, hoặc số tham chiếu (UUID) khi chưa được tiếp nhận.")
    code: str | None
    uid: UUID
    status: int = Field(description="Mã trạng thái quốc gia 1–10 (DOMAIN §4).")
    status_label: str
    stage: str
    stage_label: str
    row_version: int
    channel: str
    national_channel: int
    procedure: NamedRef
    receiving_centre: NamedRef
    resolving_department: NamedRef
    applicant_name: str
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    ended_at: dt.datetime | None


class DossierOut(DossierSummary):
    procedure_version: int
    return_centre: NamedRef
    applicant: ApplicantOut
    proxy: ApplicantOut | None
    submitted_at: dt.datetime | None
    original_due_at: dt.datetime | None
    reappointed_due_at: dt.datetime | None
    done_at: dt.datetime | None
    returned_at: dt.datetime | None
    return_method: str
    duration: str
    fee_amount: Decimal | None
    fee_paid: bool
    supplement_count: int
    lookup_secret: str = Field(description="Mã tra cứu in trên phiếu tiếp nhận (yếu tố thứ hai để tra cứu công khai).")
    deadline: DeadlineOut
    documents: list[DocumentOut]
    steps: list[StepOut]
    waiting_periods: list[WaitingOut]
    timeline: list[TransitionOut]
    allowed_actions: list[str] = Field(description="Thao tác người dùng hiện tại được phép làm ở trạng thái này.")


class DossierPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[DossierSummary]


class PublicEvent(Schema):
    at: dt.datetime
    status: int
    status_label: str


class PublicTrackingOut(Schema):
    code: str
    procedure: str
    applicant: str = Field(description="Tên đã che (ví dụ: Nguyễn T. L.).")
    status: int
    status_label: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    deadline: str | None
    returned_at: dt.datetime | None
    events: list[PublicEvent]

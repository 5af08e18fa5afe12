"""Dossier data: applicants, dossiers, checklists and scans, waiting periods, steps, timeline, audit.

All writes go through :mod:`motcua.dossiers.services` (STYLE §2); the admin is read-only. Vocabulary
(STYLE §7): English identifiers, the legal Vietnamese term in ``verbose_name``.

Time fields (DOMAIN §6) — all aware datetimes recorded to the minute by the services:

- ``accepted_at`` — the receipt moment (status 2); ``clock_started_at`` — when counting starts
  (the receipt, or the next working session when received outside working time);
- ``original_due_at`` — the appointment printed on the receipt (Mẫu 01). Set once, never changed:
  statistics compare against it (DOMAIN §6, §7);
- ``due_at`` — the appointment in force, indexed: moved by pauses (supplement, financial
  obligation), extensions, the one re-appointment (Mẫu 04) and official-calendar changes;
- ``excluded_minutes`` — working minutes the on-time rule subtracts (closed waiting periods; for
  the restart policy, everything before the complete supplement);
- ``ended_at`` — the end moment of DOMAIN §7 (first of done → returned → stopped/refused).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import FoldedSearchModel, TimeStampedModel
from motcua.lib import clock

from .workflow import STAGE_STATUS, Action, Stage, Status


class Channel(models.TextChoices):
    """Kênh tiếp nhận (DOMAIN §3). National codes: 1 direct, 2 online, 3 postal."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính công ích")
    ON_BEHALF = "on_behalf", _("Cán bộ nộp thay (công dân chưa có tài khoản định danh điện tử)")


# A filing made by the counter officer for a person at the counter is a direct filing for the national
# statistics and for the catalogue's time limit and fee (the person came in person).
NATIONAL_CHANNEL_CODE = {Channel.DIRECT: 1, Channel.ONLINE: 2, Channel.POSTAL: 3, Channel.ON_BEHALF: 1}
CATALOG_CHANNEL = {
    Channel.DIRECT: "direct",
    Channel.ONLINE: "online",
    Channel.POSTAL: "postal",
    Channel.ON_BEHALF: "direct",
}


class Applicant(FoldedSearchModel, TimeStampedModel):
    """Người nộp hồ sơ: công dân hoặc tổ chức — stored once, reused by every later dossier."""

    SEARCH_FIELDS = ("name", "id_number", "phone")

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")

    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    id_number = models.CharField(
        _("số định danh cá nhân / mã số thuế"),
        max_length=14,
        help_text=_("Công dân: số định danh cá nhân 12 chữ số. Tổ chức: mã số thuế 10 số hoặc NNNNNNNNNN-NNN."),
    )
    name = models.CharField(_("họ và tên / tên tổ chức"), max_length=255)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")
        constraints = [models.UniqueConstraint(fields=["kind", "id_number"], name="dossiers_applicant_unique_id")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_name(self) -> str:
        """Public tracking shows only this (DOMAIN §5: no personal data): "Nguyễn T. L."."""
        words = self.name.split()
        if not words:
            return ""
        if self.kind == self.Kind.ORGANISATION:
            return words[0] + " " + " ".join(w[0] + "." for w in words[1:])
        return " ".join([words[0], *[w[0] + "." for w in words[1:]]])


class Dossier(TimeStampedModel):
    """Hồ sơ thủ tục hành chính."""

    uid = models.UUIDField(_("số tham chiếu nội bộ"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("mã số hồ sơ"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "<mã định danh cơ quan tiếp nhận>-<YYMMDD>-<số thứ tự>; cấp khi tiếp nhận, một mã cho cả đời hồ sơ."
        ),
    )
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=Status.choices, db_index=True)
    stage = models.CharField(_("bước công việc"), max_length=24, choices=Stage.choices)
    row_version = models.PositiveIntegerField(
        _("phiên bản bản ghi"), default=1, help_text=_("Tăng mỗi lần chuyển trạng thái (kiểm tra xung đột).")
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("thủ tục")
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("phiên bản thủ tục áp dụng"),
        help_text=_("Phiên bản có hiệu lực lúc nộp/tiếp nhận; hồ sơ giữ quy định của phiên bản này."),
    )
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    receiving_centre = models.ForeignKey(
        "org.ServiceCentre",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name=_("nơi tiếp nhận"),
    )
    return_centre = models.ForeignKey(
        "org.ServiceCentre",
        on_delete=models.PROTECT,
        related_name="returning_dossiers",
        verbose_name=_("nơi trả kết quả"),
    )
    resolving_department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("cơ quan giải quyết"),
    )
    applicant = models.ForeignKey(
        Applicant, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("người nộp (chủ hồ sơ)")
    )
    proxy = models.ForeignKey(
        Applicant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxied_dossiers",
        verbose_name=_("người được uỷ quyền nộp"),
    )
    eid_level = models.PositiveSmallIntegerField(_("mức tài khoản định danh điện tử"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm đăng ký"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True, db_index=True)
    clock_started_at = models.DateTimeField(_("thời điểm bắt đầu tính hạn"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("thời điểm chuyển cơ quan giải quyết"), null=True, blank=True)
    duration = models.CharField(
        _("thời hạn giải quyết"),
        max_length=20,
        blank=True,
        help_text=_("Ký hiệu của bộ tính hạn: 3d, 4h, sameday, 10cd."),
    )
    duration_overridden = models.BooleanField(_("thời hạn do quản trị nhập thay danh mục"), default=False)
    original_due_at = models.DateTimeField(_("thời gian hẹn trả kết quả (ghi trên phiếu)"), null=True, blank=True)
    due_at = models.DateTimeField(_("thời gian hẹn trả kết quả đang áp dụng"), null=True, blank=True, db_index=True)
    reappointed_due_at = models.DateTimeField(_("ngày hẹn lại (phiếu xin lỗi)"), null=True, blank=True)
    reappointed_at = models.DateTimeField(_("thời điểm xin lỗi, hẹn lại"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("số ngày làm việc gia hạn"), default=0)
    extended_at = models.DateTimeField(_("thời điểm gia hạn"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính hạn từ"), null=True, blank=True)
    resume_stage = models.CharField(_("bước trở lại sau tạm dừng"), max_length=24, blank=True)
    excluded_minutes = models.PositiveIntegerField(_("số phút làm việc không tính vào thời hạn"), default=0)
    supplement_count = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung trong quá trình giải quyết"), default=0
    )
    current_step = models.ForeignKey(
        "DossierStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bước hiện tại"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name=_("chuyên viên xử lý"),
    )
    decided_at = models.DateTimeField(_("thời điểm có quyết định"), null=True, blank=True)
    done_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    ended_at = models.DateTimeField(_("thời điểm kết thúc (tính đúng hạn)"), null=True, blank=True, db_index=True)
    return_method = models.CharField(_("hình thức trả kết quả"), max_length=12, blank=True)
    fee_amount = models.DecimalField(_("phí, lệ phí (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True)
    fee_paid = models.BooleanField(_("đã nộp phí, lệ phí"), default=False)
    lookup_secret = models.CharField(_("mã tra cứu"), max_length=16, editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_dossiers",
        verbose_name=_("cán bộ tiếp nhận"),
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            models.Index(fields=["receiving_centre", "status", "due_at"], name="dossier_centre_status"),
            models.Index(fields=["return_centre", "status"], name="dossier_return_centre"),
            models.Index(fields=["resolving_department", "status", "due_at"], name="dossier_dept_status"),
            models.Index(fields=["procedure", "status"], name="dossier_procedure_status"),
            models.Index(fields=["applicant", "status"], name="dossier_applicant_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[Q(stage=stage, status=status) for stage, status in STAGE_STATUS.items()], _connector=Q.OR
                ),
                name="dossier_stage_matches_status",
            ),
            # DOMAIN §5: the code is issued at acceptance, and every accepted dossier has one.
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, code__isnull=True)
                | Q(accepted_at__isnull=False, code__isnull=False),
                name="dossier_code_iff_accepted",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"({self.get_stage_display()}) {str(self.uid)[:8]}"

    @property
    def key(self) -> str:
        """How the API addresses the dossier: its code, or its reference before it has one."""
        return self.code or str(self.uid)

    @property
    def national_channel(self) -> int:
        return NATIONAL_CHANNEL_CODE[self.channel]

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class SuppliedAs(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
    ELECTRONIC = "electronic", _("Bản điện tử")
    SHOWN = "shown", _("Xuất trình (không nộp)")
    DATA_STORE = "data_store", _("Khai thác từ kho dữ liệu / CSDL quốc gia")


class DossierDocument(models.Model):
    """Thành phần hồ sơ: one line of the checklist (from the pinned version's list) and how it came."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents", verbose_name=_("hồ sơ"))
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("giấy tờ theo danh mục"),
    )
    name = models.TextField(_("tên giấy tờ"))
    supplied_as = models.CharField(_("hình thức"), max_length=16, choices=SuppliedAs.choices)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    waiting_period = models.ForeignKey(
        "WaitingPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("nộp kèm lần bổ sung"),
    )
    added_at = models.DateTimeField(_("thời điểm nhận"), default=clock.now)

    class Meta:
        verbose_name = _("thành phần hồ sơ đã nhận")
        verbose_name_plural = _("thành phần hồ sơ đã nhận")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name[:80]


class DossierFile(models.Model):
    """Bản quét / tệp điện tử của một thành phần hồ sơ; type and size checked, SHA-256 stored."""

    document = models.ForeignKey(
        DossierDocument, on_delete=models.CASCADE, related_name="files", verbose_name=_("thành phần hồ sơ")
    )
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=clock.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class WaitingPeriod(models.Model):
    """Một lần chờ người nộp: hoàn thiện hồ sơ khi tiếp nhận, bổ sung, hoặc nghĩa vụ tài chính.

    DOMAIN §6: "every episode is stored (requested at, by whom, what, answered at)". Supplement and
    financial-obligation episodes stop the legal clock; a completion request at intake happens
    before the clock starts.
    """

    class Kind(models.TextChoices):
        COMPLETION = "completion", _("Hướng dẫn hoàn thiện hồ sơ khi tiếp nhận")
        SUPPLEMENT = "supplement", _("Yêu cầu bổ sung trong quá trình giải quyết")
        FINANCIAL = "financial", _("Yêu cầu thực hiện nghĩa vụ tài chính")

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="waiting_periods", verbose_name=_("hồ sơ")
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("người yêu cầu")
    )
    items = models.JSONField(_("danh sách nội dung cần bổ sung"), default=list, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    policy = models.CharField(_("cách tính hạn"), max_length=10, blank=True)
    from_stage = models.CharField(_("bước trước khi tạm dừng"), max_length=24, blank=True)
    due_before = models.DateTimeField(_("hạn trước khi tạm dừng"), null=True, blank=True)
    notice_within_limit = models.BooleanField(
        _("thông báo trong hạn"),
        null=True,
        help_text=_("Yêu cầu bổ sung gửi trong 3 ngày làm việc kể từ khi nhận hồ sơ."),
    )
    answered_at = models.DateTimeField(_("thời điểm nhận đủ"), null=True, blank=True)
    answered_by = models.CharField(_("người xác nhận"), max_length=150, blank=True)
    closed_at = models.DateTimeField(
        _("kết thúc không được đáp ứng"), null=True, blank=True, help_text=_("Hồ sơ dừng/huỷ khi đang chờ.")
    )
    due_after = models.DateTimeField(_("hạn mới sau khi tiếp tục"), null=True, blank=True)
    excluded_minutes = models.PositiveIntegerField(_("số phút làm việc không tính"), default=0)

    class Meta:
        verbose_name = _("lần chờ bổ sung / nghĩa vụ tài chính")
        verbose_name_plural = _("các lần chờ bổ sung / nghĩa vụ tài chính")
        ordering = ["dossier", "requested_at", "id"]
        indexes = [models.Index(fields=["dossier", "kind"], name="waiting_dossier_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.requested_at:%d/%m/%Y %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.closed_at is None


class DossierStep(models.Model):
    """Một dòng của phiếu kiểm soát quá trình (Mẫu 06): a step of the internal process with its budget."""

    class Outcome(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps", verbose_name=_("hồ sơ"))
    order = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("tên bước"), max_length=255)
    role = models.CharField(_("vai trò thực hiện"), max_length=24)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị")
    )
    centre = models.ForeignKey(
        "org.ServiceCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trung tâm"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    budget_minutes = models.PositiveIntegerField(_("thời gian cho phép (phút làm việc)"), null=True, blank=True)
    started_at = models.DateTimeField(_("thời điểm nhận"))
    due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm giao"), null=True, blank=True)
    outcome = models.CharField(_("kết quả bước"), max_length=8, choices=Outcome.choices, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bước xử lý (phiếu kiểm soát)")
        verbose_name_plural = _("phiếu kiểm soát quá trình giải quyết")
        ordering = ["dossier", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Transition(models.Model):
    """Dòng thời gian: who did what, when and why (the dossier's timeline; never edited)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("hồ sơ"))
    seq = models.PositiveIntegerField(_("số thứ tự"))
    action = models.CharField(_("thao tác"), max_length=32, choices=Action.choices)
    from_status = models.PositiveSmallIntegerField(_("từ trạng thái"), null=True, blank=True)
    from_stage = models.CharField(_("từ bước"), max_length=24, blank=True)
    to_status = models.PositiveSmallIntegerField(_("sang trạng thái"), choices=Status.choices)
    to_stage = models.CharField(_("sang bước"), max_length=24, choices=Stage.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ thực hiện"),
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=150)
    actor_role = models.CharField(_("vai trò"), max_length=24)
    reason = models.TextField(_("lý do / nội dung"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện xử lý hồ sơ")
        verbose_name_plural = _("dòng thời gian xử lý hồ sơ")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_transition_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.seq} {self.action}"


class IdempotencyRecord(models.Model):
    """Khoá chống lặp: a retried request with the same key returns the first result."""

    key = models.CharField(_("khoá"), max_length=128, unique=True)
    actor_ref = models.CharField(_("người gửi"), max_length=64)
    action = models.CharField(_("thao tác"), max_length=32)
    fingerprint = models.CharField(_("dấu vân tay yêu cầu"), max_length=64)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+", verbose_name=_("hồ sơ"))
    transition = models.ForeignKey(
        Transition, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("sự kiện")
    )
    created_at = models.DateTimeField(_("thời điểm"), default=clock.now)

    class Meta:
        verbose_name = _("khoá chống lặp")
        verbose_name_plural = _("khoá chống lặp")

    def __str__(self) -> str:
        return f"{self.action} {self.key}"


class CodeCounter(models.Model):
    """Bộ đếm số thứ tự hồ sơ theo (cơ quan, ngày, nút cấp số) — see :mod:`motcua.dossiers.codes`."""

    agency_id = models.CharField(_("mã định danh cơ quan"), max_length=20)
    day = models.DateField(_("ngày"))
    node = models.PositiveSmallIntegerField(_("nút cấp số"))
    last_sequence = models.PositiveIntegerField(_("số đã cấp cuối cùng"))

    class Meta:
        verbose_name = _("bộ đếm mã số hồ sơ")
        verbose_name_plural = _("bộ đếm mã số hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency_id", "day", "node"], name="dossiers_code_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} nút {self.node}: {self.last_sequence}"


class AuditEntry(models.Model):
    """Nhật ký kiểm tra: append-only, each entry hashes the previous one (see :mod:`.audit`).

    ``actor_id`` is a plain integer, not a foreign key: deleting an account must never be able to
    rewrite or cascade into the log.
    """

    seq = models.PositiveBigIntegerField(_("số thứ tự"), unique=True)
    at = models.DateTimeField(_("thời điểm"))
    actor_id = models.BigIntegerField(_("mã cán bộ"), null=True, blank=True)
    actor_label = models.CharField(_("người thực hiện"), max_length=150)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=32)
    object_ref = models.CharField(_("đối tượng"), max_length=64, db_index=True)
    data = models.JSONField(_("dữ liệu"), default=dict)
    prev_hash = models.CharField(_("mã băm bản ghi trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64)

    class Meta:
        verbose_name = _("nhật ký kiểm tra")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_ref}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Nhật ký kiểm tra chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Nhật ký kiểm tra không được xoá.")


class AuditHead(models.Model):
    """The chain's head (one row): locked by every append so concurrent writers cannot fork the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}…"


class OutboxEvent(models.Model):
    """Sự kiện gửi đi (transactional outbox): written with the state change, dispatched after commit."""

    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now)
    kind = models.CharField(_("loại sự kiện"), max_length=64)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="outbox_events", verbose_name=_("hồ sơ")
    )
    status_code = models.PositiveSmallIntegerField(_("mã trạng thái quốc gia"))
    payload = models.JSONField(_("nội dung"), default=dict)
    dispatched_at = models.DateTimeField(_("thời điểm đã gửi"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("sự kiện gửi đi")
        verbose_name_plural = _("sự kiện gửi đi")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], condition=Q(dispatched_at__isnull=True), name="outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.dossier_id}"


class ApiToken(models.Model):
    """Khoá truy cập API cho hệ thống khác: only its SHA-256 is stored; the holder acts as ``user``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("tài khoản")
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=8, db_index=True)
    key_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now)
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("khoá truy cập API")
        verbose_name_plural = _("khoá truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

"""What the two sides of the replication keep.

Counter node: :class:`JournalEntry` (the journal, in commit order) and :class:`NodeState` (one row:
what the status indicator shows, the reference-data versions and the dossier-feed cursor).

Provincial server: :class:`NodeRegistration` (which account speaks for which node and centre),
:class:`ReceivedEntry` (every entry once; ``state`` says what became of it — the row committed with
the change is the durable acknowledgement), :class:`ConflictRecord` (an entry that may not be
applied, kept and flagged for a supervisor) and :class:`ReceivedFile` (scans, by content hash).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.lib import clock


class EntryKind(models.TextChoices):
    CREATE = "create", _("Hồ sơ mới (tiếp nhận tại máy trạm)")
    ACTION = "action", _("Thao tác trên hồ sơ")
    FILE = "file", _("Tệp đính kèm (bản quét)")


# --- counter node --------------------------------------------------------------------------------


class JournalEntry(models.Model):
    """Nhật ký máy trạm: one committed change made at this counter node, waiting to reach the province.

    Written in the same transaction as the change (``journal.py``), so a change and its entry
    commit together or not at all. ``seq`` is the commit order (SQLite serialises writers).
    """

    seq = models.BigAutoField(_("số thứ tự"), primary_key=True)
    entry_id = models.UUIDField(_("mã mục nhật ký"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=8, choices=EntryKind.choices)
    action = models.CharField(_("thao tác"), max_length=40)
    dossier_uid = models.UUIDField(_("số tham chiếu hồ sơ"), db_index=True)
    dossier_code = models.CharField(_("mã số hồ sơ"), max_length=40, blank=True)
    prev_entry_id = models.UUIDField(
        _("mục trước của cùng hồ sơ"), null=True, blank=True, help_text=_("Tỉnh chỉ áp dụng mục này sau mục trước.")
    )
    file_pk = models.BigIntegerField(_("tệp"), null=True, blank=True, unique=True)
    at = models.DateTimeField(_("thời điểm thực hiện"))
    actor = models.CharField(_("cán bộ"), max_length=150, blank=True)
    payload = models.JSONField(_("nội dung"), default=dict)
    created_at = models.DateTimeField(_("thời điểm ghi"), default=clock.now)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_sent_at = models.DateTimeField(_("lần gửi gần nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    acked_at = models.DateTimeField(_("tỉnh đã xác nhận lúc"), null=True, blank=True)
    ack_state = models.CharField(_("kết quả tại tỉnh"), max_length=10, blank=True)
    ack_detail = models.TextField(_("chi tiết"), blank=True)

    class Meta:
        verbose_name = _("mục nhật ký máy trạm")
        verbose_name_plural = _("nhật ký máy trạm")
        ordering = ["seq"]
        indexes = [models.Index(fields=["seq"], condition=Q(acked_at__isnull=True), name="countersync_journal_pending")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.dossier_code or self.dossier_uid}"


class NodeState(models.Model):
    """Trạng thái đồng bộ của máy trạm (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_attempt_at = models.DateTimeField(_("lần thử gần nhất"), null=True, blank=True)
    last_attempt_ok = models.BooleanField(_("lần thử gần nhất thành công"), default=False)
    last_contact_at = models.DateTimeField(_("liên lạc được với tỉnh lần cuối"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("đồng bộ thành công lần cuối"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    clock_offset = models.FloatField(
        _("độ lệch đồng hồ so với máy chủ tỉnh (giây)"),
        null=True,
        blank=True,
        help_text=_("Dương: đồng hồ máy trạm chạy nhanh. Mã số và giờ hẹn lấy theo đồng hồ máy trạm."),
    )
    bundle_hashes = models.JSONField(_("phiên bản dữ liệu tham chiếu"), default=dict)
    staff = models.JSONField(_("cán bộ nhận từ tỉnh"), default=list)
    dossier_cursor = models.BigIntegerField(_("vị trí đã nhận hồ sơ từ tỉnh"), default=0)
    refetch = models.JSONField(_("hồ sơ cần nhận lại"), default=list)

    class Meta:
        verbose_name = _("trạng thái đồng bộ")
        verbose_name_plural = _("trạng thái đồng bộ")

    def __str__(self) -> str:
        return f"{self.last_success_at or '—'}"

    @classmethod
    def load(cls) -> NodeState:
        cls.objects.bulk_create([cls(id=1)], ignore_conflicts=True)
        return cls.objects.get(id=1)


# --- provincial server ---------------------------------------------------------------------------


class NodeRegistration(TimeStampedModel):
    """Máy trạm đã đăng ký: the node's number (its code range), its centre, and its API account."""

    node_id = models.PositiveSmallIntegerField(_("số hiệu máy trạm (MOTCUA_NODE_ID)"), unique=True)
    centre = models.ForeignKey(
        "org.ServiceCentre", on_delete=models.PROTECT, related_name="counter_nodes", verbose_name=_("trung tâm")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="counter_node",
        verbose_name=_("tài khoản kết nối"),
        help_text=_("Tài khoản kỹ thuật của máy trạm; khoá API của nó chỉ dùng cho đồng bộ."),
    )
    name = models.CharField(_("tên"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    last_seen_at = models.DateTimeField(_("liên lạc lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("máy trạm")
        verbose_name_plural = _("máy trạm")
        ordering = ["node_id"]

    def __str__(self) -> str:
        return f"{self.node_id} — {self.name or self.centre}"


class EntryState(models.TextChoices):
    RECEIVED = "received", _("Đã nhận, chưa áp dụng")
    HELD = "held", _("Chờ mục trước")
    APPLIED = "applied", _("Đã áp dụng")
    CONFLICT = "conflict", _("Xung đột — giữ lại, chờ giám sát xử lý")


SETTLED = (EntryState.APPLIED, EntryState.CONFLICT)


class ReceivedEntry(models.Model):
    """Mục nhật ký đã nhận từ máy trạm: each entry exactly once (``entry_id`` is unique).

    Applying an entry and setting ``state`` happen in one transaction: once ``applied`` (or
    ``conflict``) is committed, a resend only returns this row's result.
    """

    entry_id = models.UUIDField(_("mã mục nhật ký"), unique=True)
    node = models.ForeignKey(
        NodeRegistration, on_delete=models.PROTECT, related_name="entries", verbose_name=_("máy trạm")
    )
    node_seq = models.BigIntegerField(_("số thứ tự tại máy trạm"))
    kind = models.CharField(_("loại"), max_length=8, choices=EntryKind.choices)
    action = models.CharField(_("thao tác"), max_length=40)
    dossier_uid = models.UUIDField(_("số tham chiếu hồ sơ"), db_index=True)
    dossier_code = models.CharField(_("mã số hồ sơ"), max_length=40, blank=True)
    prev_entry_id = models.UUIDField(_("mục trước của cùng hồ sơ"), null=True, blank=True)
    at = models.DateTimeField(_("thời điểm thực hiện tại máy trạm"))
    actor = models.CharField(_("cán bộ"), max_length=150, blank=True)
    payload = models.JSONField(_("nội dung"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=EntryState.choices, default=EntryState.RECEIVED)
    detail = models.TextField(_("chi tiết"), blank=True)
    transition_seq = models.PositiveIntegerField(_("sự kiện trên dòng thời gian"), null=True, blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), default=clock.now)
    applied_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần thử áp dụng"), default=0)
    last_error = models.TextField(_("lỗi kỹ thuật gần nhất"), blank=True)

    class Meta:
        verbose_name = _("mục nhật ký đã nhận")
        verbose_name_plural = _("nhật ký đã nhận từ máy trạm")
        ordering = ["node", "node_seq"]
        indexes = [
            models.Index(fields=["node", "node_seq"], name="countersync_entry_node_seq"),
            models.Index(fields=["dossier_uid", "state"], name="countersync_entry_dossier"),
        ]

    def __str__(self) -> str:
        return f"{self.node.node_id}#{self.node_seq} {self.action} {self.dossier_code}"


class ConflictRecord(models.Model):
    """Xung đột cần giám sát xử lý: an action made at a node that the province may no longer apply.

    Never dropped: the entry (with everything the officer entered) stays, the dossier stays as the
    province has it, and a supervisor decides — apply again once possible, or close with a note
    after handling it by hand (issue 8 §2).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa xử lý")
        APPLIED = "applied", _("Đã áp dụng lại")
        CLOSED = "closed", _("Đã xử lý thủ công")

    entry = models.OneToOneField(ReceivedEntry, on_delete=models.PROTECT, related_name="conflict")
    dossier_uid = models.UUIDField(_("số tham chiếu hồ sơ"))
    dossier_code = models.CharField(_("mã số hồ sơ"), max_length=40, blank=True)
    action = models.CharField(_("thao tác"), max_length=40)
    error_code = models.CharField(_("mã lỗi"), max_length=40)
    message = models.TextField(_("lý do không áp dụng được"))
    status = models.CharField(_("tình trạng"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(_("phát hiện lúc"), default=clock.now)
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    resolution_note = models.TextField(_("ghi chú xử lý"), blank=True)

    class Meta:
        verbose_name = _("xung đột đồng bộ")
        verbose_name_plural = _("xung đột đồng bộ (cần giám sát xử lý)")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier_code or self.dossier_uid} {self.action}: {self.error_code}"


class ReceivedFile(models.Model):
    """A scan uploaded by a node before the entry that attaches it (content-addressed)."""

    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    content = models.FileField(_("tệp"), upload_to="countersync/%Y/%m/")
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    node = models.ForeignKey(NodeRegistration, on_delete=models.PROTECT, related_name="+", verbose_name=_("máy trạm"))
    received_at = models.DateTimeField(_("nhận lúc"), default=clock.now)

    class Meta:
        verbose_name = _("tệp nhận từ máy trạm")
        verbose_name_plural = _("tệp nhận từ máy trạm")

    def __str__(self) -> str:
        return self.sha256[:16]

"""The notification outbox: one row per message and channel, with its sending state.

States: ``pending`` (waiting for its next attempt at ``next_attempt_at``), ``sent``, ``failed``
(the last attempt failed, or the recipient/gateway refused it for good — visible to operators, who
may resend). A dispatcher claims a pending row with a compare-and-swap on ``claimed_until`` (a
lease), so the task worker and the command can run side by side without sending twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.lib import clock


class NotificationMessage(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Xác nhận đã nhận hồ sơ trực tuyến")
        RECEIVED = "received", _("Tiếp nhận hồ sơ và hẹn trả kết quả")
        COMPLETION_REQUESTED = "completion_requested", _("Hướng dẫn hoàn thiện hồ sơ")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung hồ sơ")
        REAPPOINTED = "reappointed", _("Xin lỗi và hẹn lại ngày trả kết quả")
        RESULT_READY = "result_ready", _("Đã có kết quả giải quyết")
        REFUSED = "refused", _("Từ chối tiếp nhận hồ sơ")
        FEEDBACK_DETAILS = "feedback_details", _("Đề nghị người gửi bổ sung thông tin phản ánh, kiến nghị")
        FEEDBACK_ANSWERED = "feedback_answered", _("Trả lời phản ánh, kiến nghị")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now)
    kind = models.CharField(_("loại thông báo"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("người nhận (địa chỉ / số điện thoại)"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("hồ sơ"),
        help_text=_("Trống với thông báo về phản ánh, kiến nghị (xem mã tham chiếu)."),
    )
    reference = models.CharField(
        _("mã tham chiếu"), max_length=32, blank=True, help_text=_("Mã phản ánh, kiến nghị mà thông báo trả lời.")
    )
    event = models.ForeignKey(
        "dossiers.OutboxEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sự kiện của hồ sơ"),
    )
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần đã gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("đang được gửi đến"), null=True, blank=True)
    sent_at = models.DateTimeField(_("thời điểm gửi thành công"), null=True, blank=True)
    failed_at = models.DateTimeField(_("thời điểm chuyển sang gửi lỗi"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_reference = models.CharField(_("mã của nhà cung cấp"), max_length=255, blank=True)
    resend_count = models.PositiveSmallIntegerField(_("số lần gửi lại thủ công"), default=0)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi lại gần nhất"),
    )

    class Meta:
        verbose_name = _("thông báo gửi người nộp")
        verbose_name_plural = _("thông báo gửi người nộp")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The outbox may hand an event over twice (handlers must be idempotent): one message per
            # event and channel.
            models.UniqueConstraint(
                fields=["event", "channel"], condition=Q(event__isnull=False), name="notification_once_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["dossier", "created_at"], name="notification_dossier"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_state_display()})"

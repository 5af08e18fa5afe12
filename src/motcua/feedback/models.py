"""Phản ánh, kiến nghị and satisfaction ratings (DOMAIN §7): what citizens say about the service.

- :class:`Rating` — the applicant's satisfaction with a returned dossier. Private: tied to the dossier
  (its code + secret, or the owner's account), never shown publicly one by one.
- :class:`Feedback` — phản ánh, kiến nghị, with the handling time limits of DOMAIN §7 stored as due
  moments (reject ≤ 2 working days, request details ≤ 5, resolve ≤ 15, publish ≤ 2).

Citizens send them through the portal; centre staff handle feedback in the back office. Both UIs
call :mod:`motcua.feedback.services` — the one place these records change. The tables keep the
names the portal gave them when these models lived there (``portal_rating``, ``portal_feedback``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.lib import clock


class Rating(models.Model):
    """Đánh giá mức độ hài lòng về việc giải quyết một hồ sơ (DOMAIN §7), one per dossier."""

    class Score(models.IntegerChoices):
        VERY_SATISFIED = 3, _("Rất hài lòng")
        SATISFIED = 2, _("Hài lòng")
        DISSATISFIED = 1, _("Không hài lòng")

    class Via(models.TextChoices):
        ACCOUNT = "account", _("Tài khoản của chủ hồ sơ")
        RECEIPT = "receipt", _("Mã số hồ sơ và mã tra cứu (phiếu hẹn, mã QR)")

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="portal_rating", verbose_name=_("hồ sơ")
    )
    score = models.PositiveSmallIntegerField(_("mức độ hài lòng"), choices=Score.choices)
    comment = models.TextField(_("góp ý"), blank=True)
    via = models.CharField(_("đánh giá qua"), max_length=10, choices=Via.choices)
    rated_at = models.DateTimeField(_("thời điểm đánh giá"), default=clock.now)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-rated_at"]
        db_table = "portal_rating"  # made by the portal app before this app existed (migration 0001)

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_score_display()}"

    @property
    def is_dislike(self) -> bool:
        """The "dislike" of DOMAIN §7's satisfaction formula."""
        return self.score == self.Score.DISSATISFIED


class Feedback(TimeStampedModel):
    """Phản ánh, kiến nghị của người dân, doanh nghiệp — handled within DOMAIN §7's time limits."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Phản ánh")
        RECOMMENDATION = "recommendation", _("Kiến nghị")

    class State(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận, đang xử lý")
        DETAILS_REQUESTED = "details_requested", _("Đề nghị bổ sung thông tin")
        REJECTED = "rejected", _("Từ chối tiếp nhận")
        RESOLVED = "resolved", _("Đã có trả lời")
        PUBLISHED = "published", _("Đã công khai trả lời")

    reference = models.CharField(_("mã phản ánh"), max_length=16, unique=True)
    secret = models.CharField(_("mã tra cứu"), max_length=16, editable=False)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))
    name = models.CharField(_("họ và tên người gửi"), max_length=200)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    citizen = models.ForeignKey(
        "sso.CitizenAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản người gửi"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_feedback",
        verbose_name=_("hồ sơ liên quan"),
        help_text=_("Phản ánh về một hồ sơ được tính vào tỷ lệ hồ sơ bị phản ánh (chỉ số hài lòng)."),
    )
    centre = models.ForeignKey(
        "org.ServiceCentre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trung tâm liên quan"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), default=clock.now)
    reject_due_at = models.DateTimeField(_("hạn từ chối tiếp nhận (2 ngày làm việc)"), null=True, blank=True)
    details_due_at = models.DateTimeField(_("hạn đề nghị bổ sung thông tin (5 ngày làm việc)"), null=True, blank=True)
    resolve_due_at = models.DateTimeField(_("hạn trả lời (15 ngày làm việc)"), null=True, blank=True, db_index=True)
    publish_due_at = models.DateTimeField(_("hạn công khai trả lời (2 ngày làm việc)"), null=True, blank=True)
    details_request = models.TextField(_("nội dung đề nghị bổ sung"), blank=True)
    details_requested_at = models.DateTimeField(_("thời điểm đề nghị bổ sung"), null=True, blank=True)
    details_answer = models.TextField(_("thông tin người gửi bổ sung"), blank=True)
    details_answered_at = models.DateTimeField(_("thời điểm người gửi bổ sung"), null=True, blank=True)
    reject_reason = models.TextField(_("lý do từ chối"), blank=True)
    rejected_at = models.DateTimeField(_("thời điểm từ chối"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    resolved_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    public_summary = models.TextField(
        _("nội dung công khai"),
        blank=True,
        help_text=_("Tóm tắt phản ánh, kiến nghị để công khai — không ghi thông tin cá nhân."),
    )
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ xử lý"),
    )

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        db_table = "portal_feedback"  # made by the portal app before this app existed (migration 0001)

    def __str__(self) -> str:
        return f"{self.reference} — {self.subject}"

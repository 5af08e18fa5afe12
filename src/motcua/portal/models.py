"""The portal's own records: online drafts, satisfaction ratings, feedback, failed tracking attempts.

- :class:`OnlineDraft` / :class:`DraftFile` — an online filing (or a supplement / completion answer)
  being prepared. Every uploaded file is stored server-side at once with its SHA-256, so a failed or
  interrupted upload loses nothing that came before it; submitting turns the draft into a dossier
  (or a supplement) through one call of :mod:`motcua.dossiers.services`.
- :class:`Rating` — the applicant's satisfaction with a returned dossier (DOMAIN §7). Private: tied
  to the dossier (its code + secret, or the owner's account), never shown publicly one by one.
- :class:`Feedback` — phản ánh, kiến nghị, with the handling time limits of DOMAIN §7 stored as due
  moments (reject ≤ 2 working days, request details ≤ 5, resolve ≤ 15, publish ≤ 2).
- :class:`TrackingFailure` — failed public lookups, for throttling enumeration (per client and code).

All writes go through :mod:`motcua.portal.services`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.lib import clock


class OnlineDraft(TimeStampedModel):
    """Bản nháp hồ sơ trực tuyến: what the citizen has entered and uploaded so far."""

    class Purpose(models.TextChoices):
        FILING = "filing", _("Nộp hồ sơ mới")
        COMPLETION = "completion", _("Hoàn thiện hồ sơ theo hướng dẫn của cán bộ tiếp nhận")
        SUPPLEMENT = "supplement", _("Bổ sung hồ sơ theo yêu cầu của cơ quan giải quyết")

    class State(models.TextChoices):
        EDITING = "editing", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")

    uid = models.UUIDField(_("số tham chiếu"), default=uuid.uuid4, unique=True, editable=False)
    citizen = models.ForeignKey(
        "sso.CitizenAccount", on_delete=models.CASCADE, related_name="online_drafts", verbose_name=_("tài khoản")
    )
    purpose = models.CharField(_("mục đích"), max_length=12, choices=Purpose.choices, default=Purpose.FILING)
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name=_("thủ tục")
    )
    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phiên bản thủ tục đang soạn theo"),
        help_text=_("Danh sách thành phần hồ sơ của phiên bản này được hiển thị khi soạn."),
    )
    centre = models.ForeignKey(
        "org.ServiceCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nơi nộp hồ sơ"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hồ sơ"),
        help_text=_("Hồ sơ được bổ sung / hoàn thiện; với bản nháp nộp mới: hồ sơ được tạo khi nộp."),
    )
    form_data = models.JSONField(_("thông tin đã nhập"), default=dict, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.EDITING)
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản nháp hồ sơ trực tuyến")
        verbose_name_plural = _("bản nháp hồ sơ trực tuyến")
        ordering = ["-updated_at"]
        constraints = [
            # One draft being edited per procedure (filing) or per dossier (supplement, completion).
            models.UniqueConstraint(
                fields=["citizen", "procedure"],
                condition=Q(state="editing", purpose="filing"),
                name="portal_one_filing_draft_per_procedure",
            ),
            models.UniqueConstraint(
                fields=["citizen", "dossier", "purpose"],
                condition=Q(state="editing") & ~Q(purpose="filing"),
                name="portal_one_answer_draft_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.procedure.code} ({self.get_state_display()})"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.EDITING


def draft_file_path(instance: DraftFile, filename: str) -> str:
    # No personal data in the stored name: the draft's reference and the content hash.
    return f"portal/drafts/{instance.draft.uid}/{filename}"


class DraftFile(models.Model):
    """Một tệp đính kèm của bản nháp, gắn với một dòng trong thành phần hồ sơ."""

    draft = models.ForeignKey(OnlineDraft, on_delete=models.CASCADE, related_name="files", verbose_name=_("bản nháp"))
    document_order = models.PositiveSmallIntegerField(
        _("giấy tờ số"), help_text=_("Thứ tự của giấy tờ trong thành phần hồ sơ đã công bố.")
    )
    file = models.FileField(_("tệp"), upload_to=draft_file_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=clock.now)

    class Meta:
        verbose_name = _("tệp của bản nháp")
        verbose_name_plural = _("tệp của bản nháp")
        ordering = ["draft", "document_order", "uploaded_at", "id"]
        constraints = [
            # The same file twice for the same document is kept once (a retried upload).
            models.UniqueConstraint(fields=["draft", "document_order", "sha256"], name="portal_draft_file_once"),
        ]

    def __str__(self) -> str:
        return self.original_name


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

    def __str__(self) -> str:
        return f"{self.reference} — {self.subject}"


class TrackingFailure(models.Model):
    """Một lần tra cứu công khai sai mã: counted to throttle guessing (issue 6 §4)."""

    at = models.DateTimeField(_("thời điểm"), default=clock.now, db_index=True)
    client = models.CharField(_("máy tra cứu (mã hoá)"), max_length=64)
    code = models.CharField(_("mã hồ sơ đã nhập"), max_length=40)

    class Meta:
        verbose_name = _("lần tra cứu sai")
        verbose_name_plural = _("lần tra cứu sai")
        indexes = [
            models.Index(fields=["client", "at"], name="portal_trackfail_client"),
            models.Index(fields=["client", "code", "at"], name="portal_trackfail_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} @ {self.at:%Y-%m-%d %H:%M}"

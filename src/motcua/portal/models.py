"""The portal's own records: online drafts and failed tracking attempts (ratings and feedback: :mod:`motcua.feedback`).

- :class:`OnlineDraft` / :class:`DraftFile` — an online filing (or a supplement / completion answer)
  being prepared. Every uploaded file is stored server-side at once with its SHA-256, so a failed or
  interrupted upload loses nothing that came before it; submitting turns the draft into a dossier
  (or a supplement) through one call of :mod:`motcua.dossiers.services`.
- :class:`TrackingFailure` — failed public lookups, for throttling enumeration (per client and code).

All writes go through :mod:`motcua.portal.services`.
"""

from __future__ import annotations

import uuid

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

"""What the national-portal link remembers: one sync record per dossier, its timeline entries, every call.

* :class:`SyncRecord` — the **latest** state of one dossier to be held by the portal (coalesced: only
  the newest snapshot matters), whether the portal acknowledged it, and the retry bookkeeping. Its
  ``state`` moves pending → sent (a dispatcher holds it) → acknowledged, or → dead (an administrator
  must look; "Gửi lại" puts it back to pending). Changed only by :mod:`.services`.
* :class:`SyncProgress` — the processing timeline (``CapNhatTienDoHoSoMC``), kept in full: unlike the
  dossier state, every entry is a fact the portal must show.
* :class:`SyncAttempt` — one line per gateway call, for the administrator and the operator.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.lib import clock

from .messages import STATUS_NAMES

STATUS_CHOICES = [(code, f"{code} — {name}") for code, name in STATUS_NAMES.items()]


class SyncState(models.TextChoices):
    PENDING = "pending", _("chờ gửi")
    SENT = "sent", _("đang gửi")
    ACKNOWLEDGED = "acknowledged", _("Cổng đã xác nhận")
    DEAD = "dead", _("gửi lỗi — cần xử lý")


class SyncRecord(TimeStampedModel):
    """Bản ghi đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia (one per dossier code)."""

    dossier_code = models.CharField(_("mã hồ sơ (MaHoSo)"), max_length=60, unique=True)
    sequence = models.PositiveBigIntegerField(
        _("phiên bản trạng thái"),
        help_text=_("Số thứ tự tăng dần của ảnh chụp hồ sơ; ảnh chụp cũ hơn đến muộn không ghi đè ảnh chụp mới hơn."),
    )
    status_code = models.PositiveSmallIntegerField(_("trạng thái hồ sơ (TrangThaiHoSo)"), choices=STATUS_CHOICES)
    received_at = models.DateTimeField(_("ngày tiếp nhận (NgayTiepNhan)"), db_index=True)
    payload = models.JSONField(_("nội dung gửi (DongBoHoSoMC)"), default=dict)
    payload_hash = models.CharField(
        _("dấu vân tay nội dung"), max_length=64, blank=True, help_text=_("Trống khi ảnh chụp mới nhất không hợp lệ.")
    )
    state = models.CharField(_("tình trạng đồng bộ"), max_length=12, choices=SyncState.choices, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi lỗi liên tiếp"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("đang được gửi đến"), null=True, blank=True, editable=False)
    portal_has_record = models.BooleanField(
        _("Cổng đã có hồ sơ"), default=False, help_text=_("Lần gửi sau dùng isUpdating=True.")
    )
    maybe_on_portal = models.BooleanField(
        _("có thể Cổng đã nhận"),
        default=False,
        help_text=_("Một lần gửi trước không nhận được phản hồi: tra cứu (TraCuuHoSo) trước khi gửi lại."),
    )
    pushed_sequence = models.PositiveBigIntegerField(_("phiên bản đã gửi thành công"), null=True, blank=True)
    pushed_status = models.PositiveSmallIntegerField(
        _("trạng thái đã gửi thành công"), choices=STATUS_CHOICES, null=True, blank=True
    )
    pushed_hash = models.CharField(_("dấu vân tay nội dung đã gửi"), max_length=64, blank=True)
    first_acknowledged_at = models.DateTimeField(_("Cổng xác nhận lần đầu"), null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("Cổng xác nhận trạng thái mới nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    dead_at = models.DateTimeField(_("chuyển sang gửi lỗi lúc"), null=True, blank=True)
    resent_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi lại"),
    )

    class Meta:
        verbose_name = _("bản ghi đồng bộ Cổng DVCQG")
        verbose_name_plural = _("bản ghi đồng bộ Cổng DVCQG")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="np_record_due")]

    def __str__(self) -> str:
        return self.dossier_code


class DeadLetter(SyncRecord):
    """Hồ sơ gửi lỗi (dead letter): the admin's list of records an administrator must look at."""

    class Meta:
        proxy = True
        verbose_name = _("hồ sơ đồng bộ lỗi")
        verbose_name_plural = _("hồ sơ đồng bộ lỗi (cần gửi lại)")


class SyncProgress(models.Model):
    """Một dòng tiến độ xử lý (CapNhatTienDoHoSoMC) chờ gửi hoặc đã gửi."""

    record = models.ForeignKey(SyncRecord, on_delete=models.CASCADE, related_name="progress", verbose_name=_("hồ sơ"))
    payload = models.JSONField(_("nội dung"))
    payload_hash = models.CharField(_("dấu vân tay"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("trạng thái (TrangThai)"), choices=STATUS_CHOICES)
    occurred_at = models.DateTimeField(_("thời điểm xử lý (ThoiDiemXuLy)"))
    created_at = models.DateTimeField(_("thời điểm đưa vào hàng đợi"), default=clock.now, editable=False)
    sent_at = models.DateTimeField(_("Cổng xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiến độ xử lý gửi Cổng DVCQG")
        verbose_name_plural = _("tiến độ xử lý gửi Cổng DVCQG")
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "payload_hash"], name="np_progress_once")]

    def __str__(self) -> str:
        return f"{self.record_id} {self.status_code} {self.occurred_at:%Y-%m-%d %H:%M}"


class AttemptOutcome(models.TextChoices):
    OK = "ok", _("thành công")
    RETRYABLE = "retryable", _("lỗi tạm thời — sẽ thử lại")
    PERMANENT = "permanent", _("Cổng từ chối nội dung")
    CONFIG = "config", _("lỗi cấu hình kết nối")


class SyncAttempt(models.Model):
    """Nhật ký một lần gọi cổng kết nối."""

    record = models.ForeignKey(
        SyncRecord, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("hồ sơ")
    )
    started_at = models.DateTimeField(_("bắt đầu"), default=clock.now)
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)
    operation = models.CharField(_("dịch vụ"), max_length=32)
    sequence = models.PositiveBigIntegerField(_("phiên bản"))
    status_code = models.PositiveSmallIntegerField(_("trạng thái gửi"), choices=STATUS_CHOICES)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=AttemptOutcome.choices)
    http_status = models.PositiveSmallIntegerField(_("mã HTTP"), null=True, blank=True)
    error_code = models.IntegerField(_("error_code"), null=True, blank=True)
    message = models.TextField(_("thông báo"), blank=True)

    class Meta:
        verbose_name = _("lần gọi cổng kết nối")
        verbose_name_plural = _("nhật ký gọi cổng kết nối")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.operation} {self.outcome}"

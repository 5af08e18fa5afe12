"""What the stand-in gateway holds: sessions, one record per dossier (MaHoSo), timeline entries, procedures."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.lib import clock


class PortalSession(models.Model):
    token = models.CharField(_("phiên"), max_length=64, unique=True)
    username = models.CharField(_("tài khoản"), max_length=150)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))

    class Meta:
        verbose_name = _("phiên đăng nhập (giả lập)")
        verbose_name_plural = _("phiên đăng nhập (giả lập)")

    def __str__(self) -> str:
        return f"{self.username} {self.token[:8]}…"


class PortalDossier(models.Model):
    """The portal's copy of one dossier: exactly one per MaHoSo, overwritten by each update."""

    code = models.CharField(_("MaHoSo"), max_length=60, unique=True)
    unit_code = models.CharField(_("madonvi"), max_length=60)
    status = models.PositiveSmallIntegerField(_("TrangThaiHoSo"))
    data = models.JSONField(_("dữ liệu hồ sơ"))
    created_at = models.DateTimeField(_("nhận lần đầu"), default=clock.now)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), default=clock.now)
    update_count = models.PositiveIntegerField(_("số lần cập nhật"), default=0)

    class Meta:
        verbose_name = _("hồ sơ trên Cổng (giả lập)")
        verbose_name_plural = _("hồ sơ trên Cổng (giả lập)")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.code


class PortalProgress(models.Model):
    dossier = models.ForeignKey(PortalDossier, on_delete=models.CASCADE, related_name="progress")
    entry_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(_("TrangThai"))
    occurred_at = models.CharField(_("ThoiDiemXuLy"), max_length=14)
    data = models.JSONField(_("dữ liệu tiến độ"))
    received_at = models.DateTimeField(_("nhận lúc"), default=clock.now)

    class Meta:
        verbose_name = _("tiến độ trên Cổng (giả lập)")
        verbose_name_plural = _("tiến độ trên Cổng (giả lập)")
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "entry_hash"], name="devgateway_progress_once")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.status} {self.occurred_at}"


class PortalProcedure(models.Model):
    """A national procedure as ``LayThuTuc`` returns it (entered by hand for the demo)."""

    code = models.CharField(_("MATTHC"), max_length=40, unique=True)
    name = models.TextField(_("TENTTHC"))
    sector_code = models.CharField(_("MALINHVUC"), max_length=40)
    sector_name = models.CharField(_("TENLINHVUC"), max_length=255)

    class Meta:
        verbose_name = _("thủ tục trên Cổng (giả lập)")
        verbose_name_plural = _("thủ tục trên Cổng (giả lập)")

    def __str__(self) -> str:
        return self.code

"""Back-office bookkeeping: failed logins for the lockout rule; e-identity help given at the counter."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.lib import clock


class FailedLogin(models.Model):
    """One failed staff login attempt (đăng nhập sai), kept to lock an account after repeated failures."""

    username = models.CharField(_("tên đăng nhập"), max_length=150, db_index=True)
    at = models.DateTimeField(_("thời điểm"), default=clock.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng nhập sai")
        verbose_name_plural = _("đăng nhập sai")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%d/%m/%Y %H:%M}"


class EidAssistance(models.Model):
    """Hỗ trợ công dân đăng ký / kích hoạt tài khoản định danh điện tử tại quầy (DOMAIN §3).

    A figure the province reports: how many citizens the counter helped register (level 1 in the
    VNeID app) or activate their e-identity account. One row per help given; written by
    :func:`motcua.backoffice.records.record_eid_assistance` with an audit entry.
    """

    class Kind(models.TextChoices):
        REGISTER_LEVEL_1 = "register_1", _("Đăng ký tài khoản định danh điện tử mức 1")
        ACTIVATE = "activate", _("Kích hoạt tài khoản định danh điện tử")
        GUIDE_LEVEL_2 = "guide_2", _("Hướng dẫn thủ tục cấp tài khoản mức 2")

    centre = models.ForeignKey(
        "org.ServiceCentre", on_delete=models.PROTECT, related_name="+", verbose_name=_("trung tâm")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cán bộ hỗ trợ")
    )
    at = models.DateTimeField(_("thời điểm"), default=clock.now, db_index=True)
    kind = models.CharField(_("nội dung hỗ trợ"), max_length=12, choices=Kind.choices)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12)
    name = models.CharField(_("họ và tên công dân"), max_length=150)
    succeeded = models.BooleanField(_("hoàn thành"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hỗ trợ định danh điện tử")
        verbose_name_plural = _("hỗ trợ định danh điện tử")
        ordering = ["-at"]
        indexes = [models.Index(fields=["centre", "at"], name="eid_assist_centre_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.name} ({self.at:%d/%m/%Y})"

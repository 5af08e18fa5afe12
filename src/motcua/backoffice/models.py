"""Back-office bookkeeping that is not domain data: failed logins for the lockout rule."""

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

"""Staff login with lockout: after ``LOGIN_MAX_FAILURES`` wrong passwords within
``LOGIN_LOCK_MINUTES`` the account refuses logins (even with the right password) until the window
has passed. Counter PCs are shared; a lockout message must say when to try again, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from motcua.lib import clock

from .models import FailedLogin


def _policy() -> tuple[int, dt.timedelta]:
    config = settings.MOTCUA
    return config["LOGIN_MAX_FAILURES"], dt.timedelta(minutes=config["LOGIN_LOCK_MINUTES"])


def locked_until(username: str) -> dt.datetime | None:
    """The moment the account unlocks, or None when it is not locked."""
    max_failures, window = _policy()
    now = clock.now()
    recent = list(
        FailedLogin.objects.filter(username__iexact=username, at__gt=now - window)
        .order_by("-at")
        .values_list("at", flat=True)[:max_failures]
    )
    if len(recent) < max_failures:
        return None
    return recent[-1] + window  # the oldest of the last N failures leaves the window then


def record_failure(username: str, ip_address: str | None) -> None:
    FailedLogin.objects.create(username=username[:150], ip_address=ip_address, at=clock.now())


def clear_failures(username: str) -> None:
    FailedLogin.objects.filter(username__iexact=username).delete()


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản đã bị khóa. Liên hệ quản trị hệ thống."),
        "locked": _(
            "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau %(until)s "
            "hoặc liên hệ quản trị hệ thống."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username:
            until = locked_until(username)
            if until is not None:
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": date_format(until.astimezone(clock.BUSINESS_TZ), "H:i d/m/Y")},
                )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                record_failure(username, self.request.META.get("REMOTE_ADDR") if self.request else None)
            raise
        clear_failures(username)
        return cleaned

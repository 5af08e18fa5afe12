"""System check: the configured sender classes can be imported (a typo stops start-up, not the first notice)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def check_senders(app_configs, **kwargs):
    errors = []
    conf = getattr(settings, "NOTIFICATIONS", {})
    for key in ("EMAIL_SENDER", "SMS_SENDER"):
        path = conf.get(key, "")
        if not path:
            continue
        try:
            import_string(path)
        except ImportError as exc:
            errors.append(
                Error(
                    f"NOTIFICATIONS[{key!r}] = {path!r}: không nạp được lớp gửi thông báo ({exc}).",
                    id="notifications.E001",
                )
            )
    return errors

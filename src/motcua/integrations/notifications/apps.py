from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.integrations.notifications"
    label = "notifications"
    verbose_name = _("Thông báo cho người nộp hồ sơ")

    def ready(self):
        from motcua.dossiers import outbox

        from . import checks  # noqa: F401  (registers the configuration check)
        from .services import handle_outbox_event

        # Both kinds: an apology or a completion request does not change the national status code.
        outbox.register("dossier.status_changed", handle_outbox_event)
        outbox.register("dossier.updated", handle_outbox_event)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalPortalConfig(AppConfig):
    name = "motcua.integrations.nationalportal"
    label = "nationalportal"
    verbose_name = _("Đồng bộ Cổng Dịch vụ công quốc gia")

    def ready(self):
        from . import checks  # noqa: F401  (registers the configuration check)
        from .dossier_sync import connect

        connect()  # every committed dossier transition is queued for the national portal

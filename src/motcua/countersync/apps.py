from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounterSyncConfig(AppConfig):
    name = "motcua.countersync"
    label = "countersync"
    verbose_name = _("Máy trạm một cửa và đồng bộ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import journal

        journal.connect()  # on a counter node every committed dossier change is journaled

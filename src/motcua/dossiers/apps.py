from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        # Connect the receiver of the worktime calendar_changed signal (when worktime provides it).
        from . import deadlines

        deadlines.connect_calendar_signal()

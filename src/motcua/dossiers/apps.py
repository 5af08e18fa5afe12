from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self) -> None:
        # worktime may not import dossiers: it signals calendar and centre-hour changes, and
        # the receivers here recompute the due moments they govern (worktime/signals.py).
        from . import deadlines

        deadlines.connect_calendar_signal()

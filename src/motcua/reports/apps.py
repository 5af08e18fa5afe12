from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Báo cáo, thống kê")

    def ready(self) -> None:
        # Keep the aggregates in step with every dossier change, inside the service's transaction.
        from . import aggregates

        aggregates.connect()

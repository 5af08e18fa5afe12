from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = _("Cổng dịch vụ công của tỉnh")

    def ready(self) -> None:
        # The reports' 766 satisfaction reads which dossiers have a complaint or a dislike from here
        # (the reports never import the portal: docs/architecture.md).
        from motcua.reports.dislikes import register_dislike_source

        from .services import complained_or_disliked

        register_dislike_source(complained_or_disliked)

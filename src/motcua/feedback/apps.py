from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = _("Phản ánh, kiến nghị và đánh giá")

    def ready(self) -> None:
        # The reports' 766 satisfaction reads which dossiers have a complaint or a dislike from here
        # (the reports sit below this app and never import it: docs/architecture.md).
        from motcua.reports.dislikes import register_dislike_source

        from .services import complained_or_disliked

        register_dislike_source(complained_or_disliked)

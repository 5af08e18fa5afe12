from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevIdpConfig(AppConfig):
    name = "motcua.devidp"
    label = "devidp"
    verbose_name = _("Máy chủ định danh thử nghiệm")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the "not outside DEBUG" check)

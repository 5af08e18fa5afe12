from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevGatewayConfig(AppConfig):
    name = "motcua.devgateway"
    label = "devgateway"
    verbose_name = _("Cổng kết nối giả lập (phát triển, kiểm thử)")

"""System check: the development identity provider lets anyone sign in as a level-2 citizen.

A warning, not an error: commands run by the test suite in subprocesses inherit ``MOTCUA_DEV_IDP``
with DEBUG off and must still work. Production deployments see it on every management command and
in ``motcua check --deploy``.
"""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def dev_idp_only_in_debug(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    return [
        checks.Warning(
            "MOTCUA_DEV_IDP đang bật khi MOTCUA_DEBUG=false: máy chủ định danh thử nghiệm cho phép bất kỳ ai "
            "đăng nhập như một công dân mức 2. Không dùng trong môi trường thật.",
            hint="Đặt MOTCUA_DEV_IDP=false và cấu hình MOTCUA_OIDC_ISSUER trỏ tới Cổng Dịch vụ công quốc gia.",
            id="devidp.W001",
        )
    ]

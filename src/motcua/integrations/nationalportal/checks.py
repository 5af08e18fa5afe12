"""System check: a production instance without a gateway address keeps every dossier "pending"."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def gateway_configured(app_configs, **kwargs):
    conf = settings.NATIONAL_PORTAL
    if settings.DEBUG or conf["URL"]:
        return []
    return [
        checks.Warning(
            "Chưa cấu hình cổng kết nối Cổng DVCQG (MOTCUA_DVCQG_URL): hồ sơ sẽ chờ gửi, tỷ lệ đồng bộ bằng 0.",
            hint="Đặt MOTCUA_DVCQG_URL, MOTCUA_DVCQG_USERNAME, MOTCUA_DVCQG_PASSWORD(_FILE), "
            "MOTCUA_DVCQG_DSTCODE, MOTCUA_DVCQG_UNIT_CODE (docs/national-portal.md).",
            id="nationalportal.W001",
        )
    ]

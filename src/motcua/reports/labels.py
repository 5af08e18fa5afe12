"""Labels of the report screens, in the page's language (vi by default, en complete).

Module-level labels are lazy: translated when a page is rendered, in that page's language — not
once at import. The official exports (Excel, PDF) keep the Vietnamese of the forms they copy.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from motcua.org.models import Level

from .periods import LABEL_FORMATS, Period

BREAKDOWNS = {
    "centre": gettext_lazy("Trung tâm tiếp nhận"),
    "department": gettext_lazy("Cơ quan giải quyết"),
    "sector": gettext_lazy("Lĩnh vực"),
    "procedure": gettext_lazy("Thủ tục"),
    "channel": gettext_lazy("Kênh nộp"),
    "level": gettext_lazy("Cấp thẩm quyền"),
}
CHANNEL_LABELS = {
    "direct": gettext_lazy("Trực tiếp"),
    "online": gettext_lazy("Trực tuyến"),
    "postal": gettext_lazy("Bưu chính"),
}
LEVEL_LABELS = {Level.PROVINCE: gettext_lazy("Cấp tỉnh"), Level.COMMUNE: gettext_lazy("Cấp xã")}
METRICS = {
    "received": gettext_lazy("Tiếp nhận"),
    "resolved": gettext_lazy("Đã giải quyết"),
    "early": gettext_lazy("Trước hạn"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Quá hạn"),
    "in_progress": gettext_lazy("Đang giải quyết"),
    "within": gettext_lazy("Đang giải quyết trong hạn"),
    "overdue": gettext_lazy("Đang giải quyết quá hạn"),
    "refused_intake": gettext_lazy("Từ chối tiếp nhận"),
}

# A dossier's classification in the drill-down: its class once ended, else its phase (projection.py)
CLASSES = {
    "early": METRICS["early"],
    "on_time": METRICS["on_time"],
    "late": METRICS["late"],
    "open": METRICS["in_progress"],
    "pending": gettext_lazy("Chờ bổ sung"),
    "ended": gettext_lazy("Đã kết thúc"),
    "cancelled": gettext_lazy("Đã hủy"),
    "refused": METRICS["refused_intake"],
}


def period_label(period: Period) -> str:
    """"Tháng 8/2025", "Quý III/2025", "Năm 2025"… in the page's language."""
    return _(LABEL_FORMATS[period.kind]) % period.label_args


def short_month(period: Period) -> str:
    """A month on a chart's axis: "T8/2025"."""
    return pgettext("chart axis", "T%(month)s/%(year)s") % {"month": period.start.month, "year": period.start.year}

"""The province summary behind ``motcua report --format json`` (issue 7 §6 — a stable contract).

One JSON object::

    {
      "period": {"from": "2025-07-01", "to": "2025-08-31", "label": "…"},
      "total":            {<figures>, "by_channel": {"direct": {…}, "online": {…}, "postal": {…}}},
      "provincial_level": {…},   # dossiers of provincial competence, received anywhere
      "commune_level":    {…},   # the sum over the commune centres (what they received)
      "centres": [{"code": "29410", "name": "…", "level": "commune", <figures>, "by_channel": {…}}, …]
    }

``<figures>`` always holds ``received``, ``resolved``, ``early``, ``on_time``, ``late``,
``in_progress`` and ``on_time_rate`` ((early + on time) ÷ resolved, percent, 2 decimals, ``null``
when nothing was resolved), plus the other names of :meth:`metrics.Figures.as_dict`. Keys may be
added; existing keys keep their meaning.
"""

from __future__ import annotations

from motcua.org.models import Level, ServiceCentre

from . import queries
from .metrics import Figures
from .periods import Period
from .projection import CHANNELS


def _entry(total: Figures, per_channel: dict[str, Figures]) -> dict:
    return {
        **total.as_dict(),
        "by_channel": {channel: per_channel.get(channel, Figures()).as_dict() for channel in CHANNELS},
    }


def _line(period: Period, group_by: str = "total", **filters) -> dict:
    return queries.figures(period, group_by, by_channel=True, **filters)


def province_summary(period: Period) -> dict:
    empty = (Figures(), {})
    total = _line(period).get(None, empty)
    provincial = _line(period, level=Level.PROVINCE).get(None, empty)
    communes = _line(period, centre_level=Level.COMMUNE).get(None, empty)
    per_centre = _line(period, "centre")
    centres = []
    for centre in ServiceCentre.objects.filter(is_active=True).order_by("level", "code"):
        figures, channels = per_centre.get(centre.pk, empty)
        centres.append(
            {
                "code": centre.code,
                "name": centre.name,
                "level": centre.level,
                "staffing_quota": centre.staffing_quota,
                "staffing_filled": centre.staffing_filled,
                **_entry(figures, channels),
            }
        )
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label},
        "total": _entry(*total),
        "provincial_level": _entry(*provincial),
        "commune_level": _entry(*communes),
        "centres": centres,
    }

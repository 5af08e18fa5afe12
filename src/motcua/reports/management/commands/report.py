"""``motcua report --from 2025-07-01 --to 2025-08-31 --format json`` — the province summary.

A stable contract used by checks outside the test suite (issue 7 §6; the shape is documented in
:mod:`motcua.reports.summary`). ``--format text`` prints the same figures as a table for people.
Read from the aggregates only: instant at any volume.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from motcua.reports import periods
from motcua.reports.summary import province_summary


def _date(value: str) -> dt.date:
    try:
        return periods.parse_date(value)
    except ValueError as exc:
        raise CommandError(f"Ngày {value!r}: {exc}") from None


class Command(BaseCommand):
    help = "In số liệu giải quyết hồ sơ toàn tỉnh, cấp tỉnh, cấp xã và từng trung tâm trong một kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="ngày đầu kỳ, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="ngày cuối kỳ (tính cả ngày này), YYYY-MM-DD")
        parser.add_argument("--format", choices=("json", "text"), default="json")

    def handle(self, *args, start, end, format, **options):
        try:
            period = periods.checked_range(_date(start), _date(end))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        summary = province_summary(period)
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Kỳ báo cáo: {summary['period']['label']}")
        rows = [("Toàn tỉnh", summary["total"]), ("Cấp tỉnh (thẩm quyền)", summary["provincial_level"]),
                ("Cấp xã (124 trung tâm)", summary["commune_level"])]
        rows += [(f"{c['code']} {c['name']}", c) for c in summary["centres"]]
        header = (f"{'':60} {'tiếp nhận':>10} {'đã GQ':>9} {'trước':>8} {'đúng':>8} {'trễ':>7} {'đang GQ':>8} "
                  f"{'% đúng':>7}")
        self.stdout.write(header)
        for name, f in rows:
            rate = "—" if f["on_time_rate"] is None else f"{f['on_time_rate']:.2f}"
            self.stdout.write(
                f"{name[:60]:60} {f['received']:>10,} {f['resolved']:>9,} {f['early']:>8,} {f['on_time']:>8,} "
                f"{f['late']:>7,} {f['in_progress']:>8,} {rate:>7}"
            )

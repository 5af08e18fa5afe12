"""``motcua sync-national-portal [--once]``: push due dossiers to the national portal.

Without ``--once`` it keeps running (a small polling worker, Ctrl-C to stop); with it, one run and a
summary. Safe beside the task worker: records are claimed one by one with a compare-and-swap.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from motcua.integrations.nationalportal.services import dispatch_due


class Command(BaseCommand):
    help = "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia qua cổng kết nối của tỉnh (gửi các bản ghi đến hạn)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="chỉ chạy một lượt rồi dừng")
        parser.add_argument("--interval", type=float, default=10.0, help="số giây nghỉ giữa hai lượt (mặc định 10)")
        parser.add_argument("--limit", type=int, default=None, help="số hồ sơ tối đa mỗi lượt")

    def handle(self, *args, once, interval, limit, **options):
        while True:
            report = dispatch_due(limit=limit)
            if once or report.attempted or report.stopped:
                self.stdout.write(
                    f"Đã gửi {report.attempted} hồ sơ: {report.acknowledged} được xác nhận, "
                    f"{report.retrying} chờ thử lại, {report.dead} gửi lỗi."
                    + (f" Dừng lượt: {report.stopped}" if report.stopped else "")
                )
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return

"""``motcua send-notifications [--once]``: send the applicant notifications that are due.

Without ``--once`` it keeps running (a polling worker, Ctrl-C to stop): retries wait for their
backoff, so something must look again later. With ``--once``, one run and a summary. Safe beside
the task worker: each message is claimed with a compare-and-swap.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from motcua.integrations.notifications.services import send_due


class Command(BaseCommand):
    help = "Gửi các thông báo (thư điện tử, tin nhắn) đến hạn cho người nộp hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="chỉ chạy một lượt rồi dừng")
        parser.add_argument("--interval", type=float, default=30.0, help="số giây nghỉ giữa hai lượt (mặc định 30)")
        parser.add_argument("--limit", type=int, default=None, help="số thông báo tối đa mỗi lượt")

    def handle(self, *args, once, interval, limit, **options):
        while True:
            report = send_due(limit=limit)
            if once or report.attempted:
                self.stdout.write(
                    f"Đã thử gửi {report.attempted} thông báo: {report.sent} thành công, "
                    f"{report.retrying} chờ gửi lại, {report.failed} gửi lỗi."
                )
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return

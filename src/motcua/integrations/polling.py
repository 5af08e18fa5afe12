"""The small polling worker behind ``motcua send-notifications`` and ``motcua sync-national-portal``.

Outgoing work (messages, national-portal records) is queued in outbox tables and claimed one record
at a time with a compare-and-swap, so a polling command is safe beside the task worker. Retries wait
for their backoff, so something must look again later: without ``--once`` the command keeps
looking every ``--interval`` seconds (Ctrl-C to stop); with it, one pass and a summary.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class PollingCommand(BaseCommand):
    """Subclasses set ``default_interval`` and ``limit_help`` and implement :meth:`run_pass`."""

    default_interval: float = 30.0
    limit_help = "số bản ghi tối đa mỗi lượt"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="chỉ chạy một lượt rồi dừng")
        parser.add_argument(
            "--interval",
            type=float,
            default=self.default_interval,
            help=f"số giây nghỉ giữa hai lượt (mặc định {self.default_interval:g})",
        )
        parser.add_argument("--limit", type=int, default=None, help=self.limit_help)

    def run_pass(self, limit: int | None) -> tuple[str, bool]:
        """One pass: (summary line, whether it is worth printing when polling)."""
        raise NotImplementedError

    def handle(self, *args, once, interval, limit, **options):
        while True:
            summary, worth_printing = self.run_pass(limit)
            if once or worth_printing:
                self.stdout.write(summary)
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return

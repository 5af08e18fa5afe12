"""``motcua send-notifications [--once]``: send the applicant notifications that are due.

Without ``--once`` it keeps running (a polling worker, Ctrl-C to stop): retries wait for their
backoff, so something must look again later. With ``--once``, one run and a summary. Safe beside
the task worker: each message is claimed with a compare-and-swap.
"""

from __future__ import annotations

from motcua.integrations.notifications.services import send_due
from motcua.integrations.polling import PollingCommand


class Command(PollingCommand):
    help = "Gửi các thông báo (thư điện tử, tin nhắn) đến hạn cho người nộp hồ sơ."
    default_interval = 30.0
    limit_help = "số thông báo tối đa mỗi lượt"

    def run_pass(self, limit):
        report = send_due(limit=limit)
        summary = (
            f"Đã thử gửi {report.attempted} thông báo: {report.sent} thành công, "
            f"{report.retrying} chờ gửi lại, {report.failed} gửi lỗi."
        )
        return summary, bool(report.attempted)

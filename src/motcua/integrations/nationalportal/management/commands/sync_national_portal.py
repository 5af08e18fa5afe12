"""``motcua sync-national-portal [--once]``: push due dossiers to the national portal.

Without ``--once`` it keeps running (a small polling worker, Ctrl-C to stop); with it, one run and a
summary. Safe beside the task worker: records are claimed one by one with a compare-and-swap.
"""

from __future__ import annotations

from motcua.integrations.nationalportal.services import dispatch_due
from motcua.integrations.polling import PollingCommand


class Command(PollingCommand):
    help = "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia qua cổng kết nối của tỉnh (gửi các bản ghi đến hạn)."
    default_interval = 10.0
    limit_help = "số hồ sơ tối đa mỗi lượt"

    def run_pass(self, limit):
        report = dispatch_due(limit=limit)
        summary = (
            f"Đã gửi {report.attempted} hồ sơ: {report.acknowledged} được xác nhận, "
            f"{report.retrying} chờ thử lại, {report.dead} gửi lỗi."
            + (f" Dừng lượt: {report.stopped}" if report.stopped else "")
        )
        return summary, bool(report.attempted or report.stopped)

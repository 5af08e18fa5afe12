"""``motcua reports-rebuild`` (also ``reports_rebuild``): recompute the report aggregates from scratch.

Needed after restoring a backup taken without them, after an official-calendar correction of past
working days (docs/reports.md), or to check them: ``--check`` rebuilds inside a transaction that is
rolled back and says whether the stored aggregates were identical — compared in the database
(:func:`~motcua.reports.aggregates.compared_with_stored`), table by table, nothing changed.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from motcua.dossiers.models import Dossier
from motcua.reports.aggregates import compared_with_stored, rebuild


class Command(BaseCommand):
    help = "Tính lại toàn bộ số liệu tổng hợp báo cáo từ lịch sử hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="số hồ sơ đọc mỗi lượt")
        parser.add_argument(
            "--check", action="store_true", help="chỉ kiểm tra: tính lại rồi huỷ, báo số liệu đang lưu có khớp không"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, batch, check, no_progress, **options):
        if batch < 1:  # a batch of 0 would empty the tables and read nothing back
            raise CommandError("--batch phải là số nguyên dương (số hồ sơ đọc mỗi lượt).")
        total = Dossier.objects.count()
        started = time.perf_counter()
        bar = tqdm(total=total, unit="hồ sơ", disable=no_progress or not total, file=self.stderr)
        differences: dict[str, int] = {}
        with transaction.atomic():
            if check:
                with compared_with_stored() as differences:
                    summary = rebuild(batch=batch, progress=bar.update)
                transaction.set_rollback(True)
            else:
                summary = rebuild(batch=batch, progress=bar.update)
        bar.close()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Đã tính lại từ {summary['dossiers']} hồ sơ: {summary['daily_rows']} dòng số liệu ngày, "
            f"{summary['monthly_rows']} dòng số liệu tháng, {summary['pending_rows']} dòng chờ bổ sung "
            f"({elapsed:.1f} giây)."
        )
        if check:
            different = {name: n for name, n in differences.items() if n}
            if different:
                tables = ", ".join(f"{name} ({n} dòng)" for name, n in different.items())
                raise CommandError(
                    f"Số liệu tổng hợp đang lưu KHÁC kết quả tính lại ở {tables}: hãy chạy lại không có --check."
                )
            self.stdout.write(self.style.SUCCESS("Số liệu tổng hợp đang lưu khớp với kết quả tính lại."))

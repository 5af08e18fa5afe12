"""``motcua recompute-deadlines [--province 86] [--centre 28756]`` — recompute open dossiers' due moments.

What the ``calendar_changed`` receiver does in the background, run by hand (after a bulk calendar
import, or to check): idempotent — a second run moves nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.dossiers.deadlines import recompute_open_dossiers


class Command(BaseCommand):
    help = "Tính lại thời hạn của các hồ sơ đang giải quyết theo lịch làm việc hiện hành."

    def add_arguments(self, parser):
        parser.add_argument("--province", default=None, help="mã tỉnh (mặc định: mọi hồ sơ)")
        parser.add_argument("--centre", default=None, help="mã trung tâm tiếp nhận")

    def handle(self, *args, province=None, centre=None, **options):
        moved = recompute_open_dossiers(province, centre_code=centre, reason="motcua recompute-deadlines")
        self.stdout.write(f"Đã tính lại; {moved} hồ sơ thay đổi thời hạn.")

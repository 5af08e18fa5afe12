"""``motcua demo``: migrate, load reference data, create the demo accounts, load the calibrated province
(Vĩnh Long, July–August 2025: ``motcua simulate``, with a progress bar) and serve on 127.0.0.1:8000.

Idempotent: running it again reuses the database under ``MOTCUA_DATA_DIR`` (default ``./var``); the
simulation is loaded only into a database without dossiers. The report pages then take the last
day of the simulated period as "today" (``MOTCUA["REPORTS_AS_OF"]``), so they show its figures.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from motcua.org.personas import PERSONAS, ensure_personas
from motcua.provisioning.reference import load_reference_data

DEMO_PASSWORD = "motcua-demo-2026"


class Command(BaseCommand):
    help = "Khởi tạo và chạy bản trình diễn (SQLite, dữ liệu tỉnh Vĩnh Long) tại http://127.0.0.1:8000"

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="chỉ khởi tạo, không chạy máy chủ")
        parser.add_argument("--no-simulation", action="store_true", help="không nạp dữ liệu mô phỏng")
        parser.add_argument("--scale", type=float, default=1.0, help="tỉ lệ khối lượng mô phỏng, ví dụ 0.1")

    def handle(self, *args, addrport, no_serve, no_simulation, scale, **options):
        if not no_simulation:  # a bad scale is said before anything is set up, not after
            from motcua.reports.simulation import profile as profiles

            try:
                profiles.get("vinh-long-2025-07", scale)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Đã cập nhật cấu trúc cơ sở dữ liệu.")
        load_reference_data(write=self.stdout.write)
        ensure_personas(password=DEMO_PASSWORD)
        self._province(no_simulation, scale)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"\nmotcua demo: http://{addrport}/"))
        self.stdout.write(f"Quản trị: http://{addrport}/admin/  — mật khẩu mọi tài khoản: {DEMO_PASSWORD}")
        for username, full_name, role, (scope, code), ends_on, _superuser in PERSONAS:
            where = f"{scope} {code}" if scope else "toàn tỉnh"
            ended = f" (hết phân công {ends_on:%d/%m/%Y})" if ends_on else ""
            self.stdout.write(f"  {username:<6} {full_name:<18} {role:<20} {where}{ended}")
        self.stdout.write(f"Báo cáo: http://{addrport}/bao-cao/ (tuan, giang)  — công khai: http://{addrport}/minh-bach/")
        self.stdout.write(f"Phản ánh, kiến nghị: http://{addrport}/backoffice/phan-anh/ (tuan, giang)")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

    def _province(self, skip: bool, scale: float) -> None:
        """The calibrated province (docs/reports.md), once; its last day becomes the reports' "today"."""
        from motcua.dossiers.models import Dossier
        from motcua.reports.models import SimulationRun

        if not skip and not Dossier.objects.exists():
            self.stdout.write("→ Dữ liệu mô phỏng tỉnh Vĩnh Long tháng 7–8/2025…")
            call_command("simulate", profile="vinh-long-2025-07", scale=scale, stdout=self.stdout, stderr=self.stderr)
        run = SimulationRun.objects.order_by("-loaded_at").first()
        if run is not None:
            settings.MOTCUA["REPORTS_AS_OF"] = run.period_end

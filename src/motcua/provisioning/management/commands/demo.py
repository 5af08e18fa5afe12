"""``motcua demo``: migrate, load reference data, create the demo accounts and serve on 127.0.0.1:8000.

Idempotent: running it again reuses the database under ``MOTCUA_DATA_DIR`` (default ``./var``).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from motcua.org.personas import PERSONAS, ensure_personas
from motcua.provisioning.reference import load_reference_data

DEMO_PASSWORD = "motcua-demo-2026"


class Command(BaseCommand):
    help = "Khởi tạo và chạy bản trình diễn (SQLite, dữ liệu tỉnh Vĩnh Long) tại http://127.0.0.1:8000"

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="chỉ khởi tạo, không chạy máy chủ")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Đã cập nhật cấu trúc cơ sở dữ liệu.")
        load_reference_data(write=self.stdout.write)
        ensure_personas(password=DEMO_PASSWORD)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"\nmotcua demo: http://{addrport}/"))
        self.stdout.write(f"Quản trị: http://{addrport}/admin/  — mật khẩu mọi tài khoản: {DEMO_PASSWORD}")
        for username, full_name, role, (scope, code), ends_on, _superuser in PERSONAS:
            where = f"{scope} {code}" if scope else "toàn tỉnh"
            ended = f" (hết phân công {ends_on:%d/%m/%Y})" if ends_on else ""
            self.stdout.write(f"  {username:<6} {full_name:<18} {role:<20} {where}{ended}")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

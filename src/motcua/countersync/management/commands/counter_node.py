"""``motcua counter-node`` — the counter node of a commune centre (docs/operations.md).

On the node (``MOTCUA_ROLE=counter-node``):

- ``motcua counter-node [run] [--addrport 0.0.0.0:8000] [--no-sync]`` — serve the back office on
  the LAN and run the sync worker (every ``MOTCUA_SYNC_INTERVAL`` seconds) in the same process;
- ``motcua counter-node sync [--once] [--interval S]`` — the sync worker alone;
- ``motcua counter-node status`` — the indicator's facts as JSON (exit 1 when offline);
- ``motcua counter-node init`` — migrate, load the shipped reference data, collect static files,
  and a first sync (staff accounts come from the province).

On the provincial server: ``motcua counter-node register --node 3 --centre 29410 [--name …]`` prints
the node's key once (run again to replace a lost key: the old one is revoked).
"""

from __future__ import annotations

import json
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from motcua.countersync import central, conf, node


class Command(BaseCommand):
    help = "Máy trạm một cửa: chạy, đồng bộ, trạng thái, khởi tạo; `register` trên máy chủ tỉnh."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="địa chỉ phục vụ mạng nội bộ (run)")
        parser.add_argument("--no-sync", action="store_true", help="không chạy đồng bộ trong tiến trình này (run)")
        sub = parser.add_subparsers(dest="subcommand")
        run = sub.add_parser("run", help="phục vụ màn hình quầy và đồng bộ")
        run.add_argument("--addrport", default="127.0.0.1:8000")
        run.add_argument("--no-sync", action="store_true")
        sync = sub.add_parser("sync", help="chỉ chạy đồng bộ")
        sync.add_argument("--once", action="store_true")
        sync.add_argument("--interval", type=float, default=None)
        sub.add_parser("status", help="trạng thái đồng bộ (JSON)")
        sub.add_parser("init", help="khởi tạo cơ sở dữ liệu của máy trạm")
        register = sub.add_parser("register", help="(máy chủ tỉnh) đăng ký máy trạm, in khoá truy cập")
        register.add_argument("--node", type=int, required=True)
        register.add_argument("--centre", required=True)
        register.add_argument("--name", default="")

    def handle(self, *args, subcommand=None, **options):
        if subcommand == "register":
            return self._register(options)
        if not conf.is_node():
            raise CommandError("Lệnh này chạy trên máy trạm (MOTCUA_ROLE=counter-node).")
        if subcommand == "sync":
            return self._sync(options)
        if subcommand == "status":
            return self._status()
        if subcommand == "init":
            return self._init()
        return self._run(options)

    def _register(self, options):
        from motcua.org.models import ServiceCentre

        if conf.is_node():
            raise CommandError("Đăng ký máy trạm trên máy chủ tỉnh, không phải trên máy trạm.")
        centre = ServiceCentre.objects.filter(code=options["centre"]).first()
        if centre is None:
            raise CommandError(f"Không có trung tâm mã {options['centre']}.")
        try:
            registration, token = central.register_node(options["node"], centre, name=options["name"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Máy trạm {registration.node_id} — {centre.name}")
        self.stdout.write(f"Khoá truy cập (chỉ hiện một lần; đặt vào MOTCUA_CENTRAL_TOKEN_FILE): {token}")

    def _sync(self, options):
        if options["once"]:
            report = node.sync_once()
            self.stdout.write(json.dumps(report.__dict__, ensure_ascii=False, default=str))
            if not report.ok:
                raise CommandError(f"Đồng bộ không thành công: {report.error}")
            return
        stop = threading.Event()
        try:
            node.run_worker(stop, interval=options["interval"])
        except KeyboardInterrupt:
            stop.set()

    def _status(self):
        status = node.node_status()
        self.stdout.write(json.dumps(status.__dict__, ensure_ascii=False, default=str))
        if not status.online:
            raise CommandError("Máy trạm đang mất kết nối với máy chủ tỉnh.")

    def _init(self):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data", stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        report = node.sync_once()
        if report.ok:
            self.stdout.write(self.style.SUCCESS("Đã nhận dữ liệu từ máy chủ tỉnh (cán bộ, lịch, danh mục)."))
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Chưa liên lạc được máy chủ tỉnh ({report.error}). Máy trạm dùng dữ liệu tham chiếu kèm theo; "
                    "tài khoản cán bộ sẽ có sau lần đồng bộ đầu tiên."
                )
            )

    def _run(self, options):
        from django.core.servers.basehttp import get_internal_wsgi_application, run

        host, _, port = options["addrport"].rpartition(":")
        stop = threading.Event()
        if not options["no_sync"]:
            threading.Thread(target=node.run_worker, args=(stop,), name="countersync-worker", daemon=True).start()
        self.stdout.write(f"Máy trạm {conf.node_id()} ({conf.centre_code()}): http://{options['addrport']}/")
        try:
            run(host or "127.0.0.1", int(port), get_internal_wsgi_application(), threading=True)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()

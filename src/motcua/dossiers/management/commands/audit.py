"""``motcua audit verify`` — check the audit log's hash chain and name the first broken entry.

Exit status 0 when the chain is intact, 1 when it is broken (usable from cron/monitoring).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers import audit


class Command(BaseCommand):
    help = "Nhật ký kiểm tra: `verify` kiểm tra chuỗi mã băm và chỉ ra bản ghi hỏng đầu tiên."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="kiểm tra toàn bộ chuỗi")

    def handle(self, *args, **options):
        if options["subcommand"] != "verify":  # pragma: no cover - argparse enforces the choice
            raise CommandError("Lệnh con không hợp lệ.")
        verify(self)


def verify(command: BaseCommand) -> None:
    result = audit.verify()
    if result.ok:
        command.stdout.write(f"Chuỗi nhật ký toàn vẹn: {result.checked} bản ghi.")
        return
    command.stderr.write(
        f"Chuỗi nhật ký bị phá vỡ tại bản ghi số {result.broken_seq}"
        + (f" (id {result.broken_id})" if result.broken_id else "")
        + f": {result.reason}. Đã kiểm tra đúng {result.checked} bản ghi trước đó."
    )
    raise SystemExit(1)

"""``motcua api-token create <username> --name …`` / ``motcua api-token revoke <prefix>``.

Tokens let other systems call the API as a staff account (its postings decide what it may do).
The raw token is printed once; only its SHA-256 is stored.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.api import create_token, revoke_tokens
from motcua.org.models import User


class Command(BaseCommand):
    help = "Tạo hoặc thu hồi khoá truy cập API."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, **options):
        if options["subcommand"] == "create":
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"Không có tài khoản {options['username']}.")
            _token, raw = create_token(user, options["name"])
            self.stdout.write(f"Khoá mới (chỉ hiện một lần): {raw}")
            return
        if not revoke_tokens(options["prefix"], actor="motcua api-token"):
            raise CommandError("Không có khoá đang hiệu lực với tiền tố này.")
        self.stdout.write("Đã thu hồi.")

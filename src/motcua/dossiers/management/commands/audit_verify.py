"""``motcua audit-verify`` — the same check as ``motcua audit verify``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from .audit import verify


class Command(BaseCommand):
    help = "Kiểm tra chuỗi mã băm của nhật ký kiểm tra (giống `motcua audit verify`)."

    def handle(self, *args, **options):
        verify(self)

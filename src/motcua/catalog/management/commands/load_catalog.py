"""``motcua load_catalog``: load or refresh the national procedure catalogue. Running it twice changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.loading import load_catalog
from motcua.lib.refdata import ReferenceDataError


class Command(BaseCommand):
    help = "Nạp danh mục thủ tục hành chính quốc gia (2.625 thủ tục, đánh dấu bộ demo 66 thủ tục)."

    def handle(self, *args, **options):
        try:
            load_catalog(stdout=self.stdout)
        except ReferenceDataError as exc:
            raise CommandError(f"Dừng nạp dữ liệu, cơ sở dữ liệu giữ nguyên: {exc}") from exc

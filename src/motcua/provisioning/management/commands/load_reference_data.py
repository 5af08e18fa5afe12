"""``motcua load-reference-data``: load/refresh the reference data shipped with the product."""

from django.core.management.base import BaseCommand, CommandError

from motcua.lib.refdata import ReferenceDataError
from motcua.provisioning.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu tham chiếu (đơn vị hành chính, trung tâm, danh mục TTHC, lịch làm việc). "
        "Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        try:
            load_reference_data(write=self.stdout.write)
        except ReferenceDataError as exc:
            raise CommandError(f"Dừng nạp dữ liệu, cơ sở dữ liệu giữ nguyên: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu tham chiếu."))

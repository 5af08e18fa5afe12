"""``motcua load-reference-data``: load/refresh the reference data shipped with the product.

All or nothing (``provisioning/reference.py``): a malformed file in any app rolls back what the
loaders before it wrote, so the message below is true.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.lib.refdata import ReferenceDataError
from motcua.provisioning.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu tham chiếu (đơn vị hành chính, trung tâm, danh mục TTHC, lịch làm việc). "
        "Chạy lại không thay đổi gì. Một tệp sai thì không nạp phần nào."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="thư mục chứa tệp dữ liệu của mọi phân hệ (mặc định: dữ liệu kèm theo sản phẩm)",
        )

    def handle(self, *args, data_dir=None, **options):
        if data_dir is not None and not data_dir.is_dir():
            raise CommandError(f"Không có thư mục dữ liệu {data_dir}.")
        try:
            load_reference_data(write=self.stdout.write, data_dir=data_dir)
        except ReferenceDataError as exc:
            raise CommandError(
                f"Dừng nạp dữ liệu, cơ sở dữ liệu giữ nguyên (không lưu phần nào đã nạp trước đó): {exc}"
            ) from exc
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu tham chiếu."))

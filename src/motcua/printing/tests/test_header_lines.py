"""Long names in the header break where clerks break them, never after a lone word."""

from __future__ import annotations

import pytest

from motcua.printing.templatetags.printing import header_lines


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
            '<span class="nowrap">TRUNG TÂM PHỤC VỤ</span> <span class="nowrap">HÀNH CHÍNH CÔNG</span>',
        ),
        (
            "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ KHƯƠNG",
            '<span class="nowrap">ỦY BAN NHÂN DÂN</span> <span class="nowrap">PHƯỜNG PHÚ KHƯƠNG</span>',
        ),
        ("SỞ TƯ PHÁP", "SỞ TƯ PHÁP"),  # too short to split
        # halves longer than the issuer column: left to normal wrapping
        (
            "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ KHU KINH TẾ TỈNH VĨNH LONG",
            "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP VÀ KHU KINH TẾ TỈNH VĨNH LONG",
        ),
        ("A <B> C D", '<span class="nowrap">A &lt;B&gt;</span> <span class="nowrap">C D</span>'),  # escaped
    ],
)
def test_header_lines(name, expected):
    assert str(header_lines(name)) == expected

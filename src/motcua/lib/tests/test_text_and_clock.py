import datetime as dt

import pytest

from motcua.lib import clock
from motcua.lib.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hộ tịch", "ho tich"),
        ("Đất đai", "dat dai"),
        ("  Thủ tục   đăng ký khai sinh ", "thu tuc dang ky khai sinh"),
        ("PHƯỜNG Phú Khương", "phuong phu khuong"),
        (None, ""),
    ],
)
def test_fold_strips_vietnamese_diacritics(text, folded):
    assert fold(text) == folded


def test_frozen_clock_is_seen_everywhere_and_can_advance():
    moment = dt.datetime(2026, 2, 13, 16, 20, tzinfo=clock.BUSINESS_TZ)
    with clock.frozen(moment) as advance:
        assert clock.now() == moment
        assert clock.today() == dt.date(2026, 2, 13)
        advance(dt.timedelta(hours=8))
        assert clock.today() == dt.date(2026, 2, 14)
    assert clock.now() != moment


def test_frozen_clock_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="múi giờ"), clock.frozen(dt.datetime(2026, 1, 1)):
        pass

"""The QR code encodes the tracking URL (with its lookup secret) and reads back with a real decoder."""

from __future__ import annotations

import base64
import io

import pytest
import zxingcpp
from PIL import Image

from motcua.printing.qr import make_qr, qr_png_data_uri
from motcua.printing.tests.samples import TRACKING_URL


def _decode_png(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_the_qr_decodes_to_the_tracking_url():
    buffer = io.BytesIO()
    make_qr(TRACKING_URL).save(buffer, kind="png", scale=4, border=4)
    assert _decode_png(buffer.getvalue()) == [TRACKING_URL]


def test_the_data_uri_embedded_in_the_forms_decodes_too():
    prefix, payload = qr_png_data_uri(TRACKING_URL).split(",", 1)
    assert prefix == "data:image/png;base64"
    assert _decode_png(base64.b64decode(payload)) == [TRACKING_URL]


def test_the_qr_stays_small_enough_to_print_at_two_centimetres():
    # Version ≤ 6 (41 modules): at 21 mm a module is ≥ 0.5 mm, readable by any phone camera.
    assert make_qr(TRACKING_URL).version <= 6


def test_a_form_without_a_url_gets_no_qr():
    with pytest.raises(ValueError):
        make_qr("")

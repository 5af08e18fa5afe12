"""QR codes printed on the forms (DOMAIN §8: a QR code to the dossier's tracking and rating page).

A PNG with whole-pixel modules and the standard 4-module quiet zone, embedded as a data URI: the
PDF carries the exact bitmap (printed without smoothing, see ``image-rendering`` in the CSS), and a
test can pull it back out of the PDF and decode it.
"""

from __future__ import annotations

import segno

# M (15 %) survives a folded or stamped A5 sheet; the tracking URL (~80 characters) stays a small
# version (≈ 5), so modules remain large at 24 mm.
ERROR_LEVEL = "m"
MODULE_PIXELS = 4
QUIET_ZONE = 4


def make_qr(data: str) -> segno.QRCode:
    if not data:
        raise ValueError("printing: mã QR cần một địa chỉ tra cứu.")
    return segno.make_qr(data, error=ERROR_LEVEL, boost_error=False)


def qr_png_data_uri(data: str) -> str:
    return make_qr(data).png_data_uri(scale=MODULE_PIXELS, border=QUIET_ZONE)

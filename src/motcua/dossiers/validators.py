"""Checks on what people type and upload at intake: ID numbers, phones, e-mails, scanned files.

Framework-free except for the gettext markers; each check returns the normalised value or raises
:class:`ValueError` with a Vietnamese message the counter officer can read aloud.

- Số định danh cá nhân / căn cước: exactly 12 digits (Luật Căn cước 2023: the personal
  identification number is the number printed on the ID card). No further structure is checked:
  rejecting a real person's number at the counter is worse than accepting a typo the data-store
  lookup will catch.
- Mã số thuế (tổ chức): 10 digits, or 13 written ``NNNNNNNNNN-NNN`` for a dependent unit (13 digits
  without the hyphen are accepted and normalised).
- Vietnamese phone numbers: mobile ``0[35789]x xxx xxxx`` (10 digits) or landline ``02xx xxx xxxx``
  (11 digits); ``+84``/``84`` prefixes are normalised to ``0``.
- Scans: PDF, JPEG, PNG or TIFF, recognised by their first bytes (not by the name or the browser's
  content type), at most ``MOTCUA["UPLOAD_MAX_BYTES"]``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_CITIZEN_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def citizen_id(value: str) -> str:
    cleaned = re.sub(r"\s", "", value or "")
    if not _CITIZEN_ID.match(cleaned):
        raise ValueError(_("Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số."))
    return cleaned


def tax_code(value: str) -> str:
    cleaned = re.sub(r"\s", "", value or "")
    match = _TAX_CODE.match(cleaned)
    if not match:
        raise ValueError(_("Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN."))
    return f"{match[1]}-{match[2]}" if match[2] else match[1]


def phone(value: str) -> str:
    cleaned = re.sub(r"[\s.\-()]", "", value or "")
    if cleaned.startswith("+84"):
        cleaned = "0" + cleaned[3:]
    elif cleaned.startswith("84") and len(cleaned) in (11, 12):
        cleaned = "0" + cleaned[2:]
    if not (_MOBILE.match(cleaned) or _LANDLINE.match(cleaned)):
        raise ValueError(
            _(
                "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; "
                "cố định 11 số bắt đầu bằng 02."
            )
        )
    return cleaned


def email(value: str) -> str:
    cleaned = (value or "").strip()
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise ValueError(_("Địa chỉ thư điện tử không hợp lệ."))
    return cleaned


# --- uploads --------------------------------------------------------------------------------------

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
ALLOWED_CONTENT_TYPES = tuple(sorted({kind for _sig, kind in _SIGNATURES}))


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def check_upload(content: bytes, *, max_bytes: int) -> CheckedUpload:
    """Type by magic bytes, size limit, SHA-256 of the content (stored to detect later changes)."""
    size = len(content)
    if size == 0:
        raise ValueError(_("Tệp tải lên rỗng."))
    if size > max_bytes:
        raise ValueError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(max)s MB.")
            % {"size": f"{size / 1_048_576:.1f}", "max": f"{max_bytes / 1_048_576:.0f}"}
        )
    for signature, content_type in _SIGNATURES:
        if content.startswith(signature):
            return CheckedUpload(content_type, size, hashlib.sha256(content).hexdigest())
    raise ValueError(_("Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF (bản quét giấy tờ)."))

"""Reading the reference-data files shipped in the apps' ``data/`` folders.

A malformed file must stop a load with a message an operator can act on (file, line, column) and
before anything is written, so loaders first parse everything through these helpers, then write in
one transaction.

Text is returned in Unicode NFC (precomposed), the form the rest of the system stores and compares:
some source files carry cells in decomposed form (NFD, base letter + combining marks), which would
otherwise never equal the same name typed by a user or written in another file.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from pathlib import Path


class ReferenceDataError(ValueError):
    """A reference-data file is missing, malformed or inconsistent. Message in Vietnamese."""


def read_csv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` for a UTF-8 CSV with a header, checking required columns.

    Header names and cells are NFC-normalised (see the module docstring).
    """
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ReferenceDataError(f"Không mở được tệp dữ liệu {path.name}: {exc.strerror}.") from exc
    with handle:
        reader = csv.DictReader(handle)
        header = [nfc(name) for name in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [name for name in required if name not in header]
        if missing:
            raise ReferenceDataError(f"Tệp {path.name} thiếu cột: {', '.join(missing)}.")
        try:
            for row in reader:
                if None in row or any(row[name] is None for name in required):
                    raise ReferenceDataError(
                        f"Tệp {path.name}, dòng {reader.line_num}: số cột không khớp với dòng tiêu đề."
                    )
                # a short row leaves its optional cells None: only text is normalised
                yield reader.line_num, {
                    name: nfc(value) if isinstance(value, str) else value for name, value in row.items()
                }
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ReferenceDataError(f"Tệp {path.name}, dòng {reader.line_num}: không đọc được ({exc}).") from exc


def nfc(text: str) -> str:
    """``text`` in Unicode NFC: "ấ" written as "a" + U+0302 + U+0301 (NFD) becomes the single "ấ" (U+1EA5)."""
    return unicodedata.normalize("NFC", text)


def require(value: str, *, path: Path, line: int, column: str) -> str:
    """A non-blank cell, or a :class:`ReferenceDataError` naming where it is missing."""
    value = (value or "").strip()
    if not value:
        raise ReferenceDataError(f"Tệp {path.name}, dòng {line}: cột {column} bị trống.")
    return value

"""The dossier code (mã số hồ sơ): format, parsing, and race-free reservation per issuing node.

Format (Thông tư 03/2025/TT-VPCP; DOMAIN §5): ``<agency electronic ID>-<YYMMDD>-<NNNN>`` — the
receiving agency's electronic identifier, the business date of acceptance (Asia/Ho_Chi_Minh), and
the sequence within that day, at least 4 digits. Example: ``000.17.22.H56-210531-0001``.

Partition per issuing node, so an offline counter PC can later mint codes for its centre without a
central round trip and without ever colliding with the server:

- node 0 (the central server) issues 0001 … 9999;
- node k ≥ 1 issues k·10000 + 1 … (k+1)·10000 − 1, e.g. node 3: 30001 … 39999 (still "at least 4
  digits"; the first digits name the node).

The format helpers at the top are framework-free; :func:`reserve_sequence` uses the database: one
``CodeCounter`` row per (agency, day, node), locked with ``SELECT … FOR UPDATE`` inside the caller's
transaction, so two counters accepting at the same instant get consecutive numbers and a rolled
back acceptance gives its number back (no gaps from failures, no duplicates ever — the dossier's
``code`` column is also unique).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

SEQUENCE_SPAN = 10_000  # numbers per node and day: node k owns [k·SPAN + 1, (k+1)·SPAN − 1]
MAX_NODE = 99
_AGENCY_RE = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")
_CODE_RE = re.compile(r"^(?P<agency>[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)-(?P<date>\d{6})-(?P<seq>\d{4,7})$")


@dataclass(frozen=True, slots=True)
class DossierCode:
    agency_id: str
    day: dt.date
    sequence: int

    @property
    def node(self) -> int:
        return self.sequence // SEQUENCE_SPAN

    def __str__(self) -> str:
        return format_code(self.agency_id, self.day, self.sequence)


def node_range(node: int) -> tuple[int, int]:
    """First and last sequence number node ``node`` may issue on one day."""
    if isinstance(node, bool) or not isinstance(node, int) or not 0 <= node <= MAX_NODE:
        raise ValueError(f"Mã nút cấp số phải là số nguyên 0–{MAX_NODE}, nhận được {node!r}.")
    return node * SEQUENCE_SPAN + 1, (node + 1) * SEQUENCE_SPAN - 1


def format_code(agency_id: str, day: dt.date, sequence: int) -> str:
    if not _AGENCY_RE.match(agency_id or ""):
        raise ValueError(f"Mã định danh cơ quan không hợp lệ: {agency_id!r}.")
    if sequence < 1 or sequence % SEQUENCE_SPAN == 0 or sequence > (MAX_NODE + 1) * SEQUENCE_SPAN:
        raise ValueError(f"Số thứ tự hồ sơ không hợp lệ: {sequence!r}.")
    return f"{agency_id}-{day:%y%m%d}-{sequence:04d}"


def parse_code(code: str) -> DossierCode:
    """Inverse of :func:`format_code`; ValueError with a Vietnamese message when malformed."""
    match = _CODE_RE.match((code or "").strip())
    if not match:
        raise ValueError(f"Mã số hồ sơ {code!r} không đúng định dạng <mã cơ quan>-<YYMMDD>-<số thứ tự>.")
    try:
        day = dt.datetime.strptime(match["date"], "%y%m%d").date()
    except ValueError:
        raise ValueError(f"Mã số hồ sơ {code!r} có ngày không hợp lệ.") from None
    sequence = int(match["seq"])
    if sequence % SEQUENCE_SPAN == 0:
        raise ValueError(f"Mã số hồ sơ {code!r} có số thứ tự không hợp lệ.")
    return DossierCode(match["agency"], day, sequence)


def looks_like_code(text: str) -> bool:
    return bool(_CODE_RE.match((text or "").strip()))


def reserve_sequence(agency_id: str, day: dt.date, node: int) -> int:
    """Take the next number for (agency, day, node). Must run inside ``transaction.atomic()``.

    1. Make sure the counter row exists (``INSERT … ON CONFLICT DO NOTHING`` — two first-of-the-day
       acceptances cannot both create it).
    2. Lock it (``SELECT … FOR UPDATE``; SQLite serialises writers with BEGIN IMMEDIATE instead).
    3. Increment; refuse when the node's range for the day is used up.
    """
    from django.db import transaction  # the format helpers above stay usable without Django

    from .errors import DossierError
    from .models import CodeCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserve_sequence phải chạy trong transaction.atomic().")
    first, last = node_range(node)
    CodeCounter.objects.bulk_create(
        [CodeCounter(agency_id=agency_id, day=day, node=node, last_sequence=first - 1)], ignore_conflicts=True
    )
    counter = CodeCounter.objects.select_for_update().get(agency_id=agency_id, day=day, node=node)
    if counter.last_sequence >= last:
        raise DossierError(
            "code_range_exhausted",
            f"Đã hết số thứ tự hồ sơ của nút {node} trong ngày {day:%d/%m/%Y} cho cơ quan {agency_id}.",
        )
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence

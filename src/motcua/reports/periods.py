"""Report periods — day, month, quarter, year, custom range — framework-free.

A period is a closed range of business dates [start, end] (Asia/Ho_Chi_Minh). Flows (received,
resolved…) count what happened on those days; stocks (in progress) are taken at the end of ``end``.
:func:`plan` splits a period into whole calendar months (read from the monthly aggregate) and the
remaining days (read from the daily one), so a year costs twelve monthly rows per breakdown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

KINDS = ("day", "month", "quarter", "year", "custom")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def gettext_noop(message: str) -> str:
    """Marks a message for ``makemessages`` (which looks for this name) without importing Django."""
    return message


LABEL_FORMATS = {
    "day": gettext_noop("Ngày %(day)s"),
    "month": gettext_noop("Tháng %(month)s/%(year)s"),
    "quarter": gettext_noop("Quý %(quarter)s/%(year)s"),
    "year": gettext_noop("Năm %(year)s"),
    "custom": gettext_noop("Từ %(start)s đến %(end)s"),
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Kỳ báo cáo không hợp lệ: {self.start:%d/%m/%Y} sau {self.end:%d/%m/%Y}.")
        if self.kind not in KINDS:
            raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {self.kind!r}.")

    @property
    def label_args(self) -> dict[str, object]:
        """What the label format of this kind of period (``LABEL_FORMATS``) is filled with."""
        start = self.start
        return {"day": f"{start:%d/%m/%Y}", "month": start.month, "year": start.year,
                "quarter": ROMAN[(start.month - 1) // 3 + 1], "start": f"{start:%d/%m/%Y}",
                "end": f"{self.end:%d/%m/%Y}"}

    @property
    def label(self) -> str:
        """Vietnamese label as printed on reports: "Tháng 8/2025", "Quý III/2025", "Năm 2025"…
        (pages translate the same format: ``reports.labels.period_label``)."""
        return LABEL_FORMATS[self.kind] % self.label_args

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_query(self) -> dict[str, str]:
        """URL parameters that give this period back through :func:`from_query`."""
        return {"ky": self.kind, "tu": self.start.isoformat(), "den": self.end.isoformat()}


def day(value: dt.date) -> Period:
    return Period(value, value, "day")


def month(year: int, month_number: int) -> Period:
    last = calendar.monthrange(year, month_number)[1]
    return Period(dt.date(year, month_number, 1), dt.date(year, month_number, last), "month")


def quarter(year: int, number: int) -> Period:
    if number not in ROMAN:
        raise ValueError(f"Quý phải từ 1 đến 4, nhận được {number!r}.")
    first = 3 * (number - 1) + 1
    return Period(dt.date(year, first, 1), month(year, first + 2).end, "quarter")


def year(value: int) -> Period:
    return Period(dt.date(value, 1, 1), dt.date(value, 12, 31), "year")


def custom(start: dt.date, end: dt.date) -> Period:
    return Period(start, end, "custom")


def containing(kind: str, value: dt.date) -> Period:
    """The day / month / quarter / year that contains ``value``."""
    if kind == "day":
        return day(value)
    if kind == "month":
        return month(value.year, value.month)
    if kind == "quarter":
        return quarter(value.year, (value.month - 1) // 3 + 1)
    if kind == "year":
        return year(value.year)
    raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {kind!r}.")


def to_date(period: Period, today: dt.date) -> Period:
    """The part of ``period`` up to ``today`` (this month so far, year to date)."""
    if today < period.start:
        return period
    return Period(period.start, min(period.end, today), period.kind)


def month_to_date(today: dt.date) -> Period:
    return to_date(month(today.year, today.month), today)


def year_to_date(today: dt.date) -> Period:
    return Period(dt.date(today.year, 1, 1), today, "custom")


def previous(period: Period) -> Period:
    """The period of the same kind just before (custom: same length)."""
    if period.kind == "month":
        before = period.start - dt.timedelta(days=1)
        return month(before.year, before.month)
    if period.kind == "quarter":
        before = period.start - dt.timedelta(days=1)
        return containing("quarter", before)
    if period.kind == "year":
        return year(period.start.year - 1)
    return Period(period.start - dt.timedelta(days=period.days), period.start - dt.timedelta(days=1), period.kind)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the months that intersect [start, end]."""
    result, current = [], start.replace(day=1)
    while current <= end:
        result.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return result


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass(frozen=True)
class Plan:
    """Which rows a period reads: whole months from the monthly table, the rest from the daily one."""

    months: tuple[dt.date, ...]  # first days of whole months inside the range
    day_ranges: tuple[tuple[dt.date, dt.date], ...]  # remaining [from, to] day ranges


def plan(start: dt.date, end: dt.date) -> Plan:
    months, ranges = [], []
    for first in months_between(start, end):
        last = month_end(first)
        if start <= first and last <= end:
            months.append(first)
        else:
            ranges.append((max(first, start), min(last, end)))
    return Plan(tuple(months), tuple(ranges))


def up_to_plan(end: dt.date) -> tuple[dt.date | None, tuple[dt.date, dt.date] | None]:
    """For a stock at the end of ``end``: every month before ``end``'s month (``months < first``,
    or up to and including it when ``end`` is its last day) plus the days of its month up to ``end``.

    Returns (month bound — monthly rows with ``month < bound``; days range or None).
    """
    first = end.replace(day=1)
    if end == month_end(first):
        return end + dt.timedelta(days=1), None  # the first day of the next month
    return first, (first, end)


# Years a report may ask for: the system's reports start in 2025; the bound keeps the date arithmetic
# around a period (the day before it, the month after it) inside what ``datetime.date`` can hold.
FIRST_YEAR, LAST_YEAR = 2000, 2099
# The messages of bad input, constant so that a page can translate them (``gettext(str(error))``).
BAD_KIND = gettext_noop("Loại kỳ báo cáo không hợp lệ.")
BAD_DATE = gettext_noop("Ngày phải theo dạng YYYY-MM-DD, ví dụ 2025-08-31.")
BAD_YEAR = gettext_noop("Năm báo cáo phải từ 2000 đến 2099.")
CUSTOM_NEEDS_BOTH = gettext_noop("Kỳ tuỳ chọn cần cả ngày bắt đầu và ngày kết thúc.")
END_BEFORE_START = gettext_noop("Ngày kết thúc phải trùng hoặc sau ngày bắt đầu.")
TOO_LONG = gettext_noop("Kỳ báo cáo dài nhất 10 năm.")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> dt.date:
    """A date as a user types it: exactly YYYY-MM-DD (not the other forms ``fromisoformat`` accepts),
    in :data:`FIRST_YEAR`–:data:`LAST_YEAR`; otherwise ValueError with a Vietnamese message."""
    if not _ISO_DATE.fullmatch(value.strip()):
        raise ValueError(BAD_DATE)
    try:
        value = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(BAD_DATE) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(BAD_YEAR)
    return value


def parse(kind: str | None, start: str | None, end: str | None, today: dt.date) -> Period:
    """A period from URL parameters (``ky``, ``tu``, ``den``): bad input gives ValueError with one of
    the constant Vietnamese messages above."""
    kind = kind or "month"
    if kind not in KINDS:
        raise ValueError(BAD_KIND)
    first = parse_date(start) if start else None
    last = parse_date(end) if end else None
    if kind == "custom":
        if first is None or last is None:
            raise ValueError(CUSTOM_NEEDS_BOTH)
        return checked_range(first, last)
    return containing(kind, first or today)


def checked_range(first: dt.date, last: dt.date) -> Period:
    """A custom period a user asked for (dates already parsed): in order and at most ten years."""
    if last < first:
        raise ValueError(END_BEFORE_START)
    if (last - first).days > 3660:
        raise ValueError(TOO_LONG)
    return custom(first, last)

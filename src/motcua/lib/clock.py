"""The one time seam: every piece of business logic asks ``clock.now()`` for "now".

Why: deadlines, overdue scans and reports must be testable at any moment (the eve of Tết, 16:59 on
a Friday) without monkeypatching datetime all over the code. Tests use :func:`frozen` (or
:func:`set_now`); production uses the real UTC clock. All values are timezone-aware; business
rules convert to Asia/Ho_Chi_Minh (:data:`BUSINESS_TZ`) where the calendar matters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


# One process-wide override: a test server thread (browser tests) must see the same frozen time.
_global_override: list[Callable[[], dt.datetime] | None] = [None]


def _real_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def now() -> dt.datetime:
    """Current moment, timezone-aware (UTC unless a test froze it)."""
    override = _global_override[0]
    return override() if override else _real_now()


def local_now() -> dt.datetime:
    """Current moment in business time (Asia/Ho_Chi_Minh)."""
    return now().astimezone(BUSINESS_TZ)


def today() -> dt.date:
    """Today's date in business time (a dossier received at 06:30 +07 is received "today")."""
    return local_now().date()


def _check_aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("clock: thời điểm phải có múi giờ (timezone-aware).")
    return moment


@contextlib.contextmanager
def frozen(moment: dt.datetime, *, tick: dt.timedelta | None = None) -> Iterator[Callable[[dt.timedelta], None]]:
    """Freeze ``now()`` (process-wide, so server threads in browser tests see it too).

    Yields ``advance(delta)`` to move the frozen clock forward. With ``tick`` every call to
    ``now()`` advances the clock by that much, so successive events stay ordered.
    """
    state = {"at": _check_aware(moment)}

    def _now() -> dt.datetime:
        current = state["at"]
        if tick:
            state["at"] = current + tick
        return current

    def advance(delta: dt.timedelta) -> None:
        state["at"] = state["at"] + delta

    previous = _global_override[0]
    _global_override[0] = _now
    try:
        yield advance
    finally:
        _global_override[0] = previous

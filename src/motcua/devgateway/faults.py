"""Fault injection for the stand-in (``DEV_GATEWAY_FAULTS`` settings), for tests and the demo.

* ``FAIL_EVERY`` = N > 0: every N-th service call (``/service``; logins are not counted) is answered
  ``503`` before any work is done — a gateway that is down for a moment.
* ``DELAY_MS`` = D > 0: every service call is answered D ms **after** its work is committed — a slow
  gateway whose reply may arrive after the client gave up (the dossier is stored anyway).

The call counter lives in the process (the test server is a thread of the test process);
:func:`reset` sets it back to zero.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

_lock = threading.Lock()
_calls = [0]


def reset() -> None:
    with _lock:
        _calls[0] = 0


def calls() -> int:
    return _calls[0]


def this_call_fails() -> bool:
    every = settings.DEV_GATEWAY_FAULTS["FAIL_EVERY"]
    with _lock:
        _calls[0] += 1
        return bool(every) and _calls[0] % every == 0


def delay_reply() -> None:
    delay_ms = settings.DEV_GATEWAY_FAULTS["DELAY_MS"]
    if delay_ms:
        time.sleep(delay_ms / 1000)

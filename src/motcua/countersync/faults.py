"""Crash points for the fault tests: ``MOTCUA_COUNTERSYNC_CRASH="central.after_apply:0.2,node.before_ack:0.3"``.

The fault tests kill processes with SIGKILL at random moments; these named points make the narrow
windows that matter (after the province committed, before the node heard of it; mid-mirror) happen
in a few iterations instead of thousands. Each point kills its own process with SIGKILL with the
given probability, from a generator seeded by ``MOTCUA_COUNTERSYNC_CRASH_SEED``. Unset (production):
nothing happens.
"""

from __future__ import annotations

import os
import random
import signal

_points: dict[str, float] | None = None
_random = random.Random()


def _load() -> dict[str, float]:
    global _points
    if _points is None:
        points = {}
        for item in filter(None, (os.environ.get("MOTCUA_COUNTERSYNC_CRASH") or "").split(",")):
            name, _, probability = item.partition(":")
            points[name.strip()] = float(probability or 1)
        _random.seed(os.environ.get("MOTCUA_COUNTERSYNC_CRASH_SEED", str(os.getpid())))
        _points = points
    return _points


def point(name: str) -> None:
    probability = _load().get(name)
    if probability and _random.random() < probability:
        os.kill(os.getpid(), signal.SIGKILL)

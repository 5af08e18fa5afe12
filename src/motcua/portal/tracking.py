"""Public tracking by dossier code + secret, throttled against enumeration (issue 6 §4).

DOMAIN §5: dossier codes are sequential, so the secret printed on the receipt (and in its QR) is the
authorisation. Guessing is throttled with a database-backed count of **failed** lookups — shared by
every process of a deployment, on SQLite and PostgreSQL alike:

1. per client and code: at most ``PER_CODE_LIMIT`` failures within ``WINDOW`` (guessing the
   secret of a known code);
2. per client: at most ``PER_CLIENT_LIMIT`` failures within ``WINDOW`` (walking through codes).

A client is the HMAC (keyed with SECRET_KEY) of its IP address: no address is stored. Successful
lookups are not counted (a citizen reloading the page is never throttled), but a throttled client
is refused even with the right secret until the window has passed — otherwise the throttle would
still answer "right"/"wrong". Behind a reverse proxy, the proxy must pass the client's address as
REMOTE_ADDR (docs/portal.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest

from motcua.lib import clock

from .models import TrackingFailure

WINDOW = dt.timedelta(minutes=15)
PER_CODE_LIMIT = 5
PER_CLIENT_LIMIT = 20
MAX_CODE_LENGTH = 40


def _limits() -> tuple[dt.timedelta, int, int]:
    conf = settings.MOTCUA
    return (
        dt.timedelta(minutes=int(conf.get("TRACKING_WINDOW_MINUTES", WINDOW.total_seconds() // 60))),
        int(conf.get("TRACKING_MAX_FAILURES_PER_CODE", PER_CODE_LIMIT)),
        int(conf.get("TRACKING_MAX_FAILURES_PER_CLIENT", PER_CLIENT_LIMIT)),
    )


def client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), f"tracking:{address}".encode(), hashlib.sha256).hexdigest()


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()[:MAX_CODE_LENGTH]


def is_throttled(client: str, code: str) -> bool:
    window, per_code, per_client = _limits()
    since = clock.now() - window
    recent = TrackingFailure.objects.filter(client=client, at__gte=since)
    if recent.filter(code=normalise_code(code)).count() >= per_code:
        return True
    return recent.count() >= per_client


def record_failure(client: str, code: str) -> None:
    now = clock.now()
    window, _per_code, _per_client = _limits()
    # Old rows are useless once outside the window: prune opportunistically (indexed on ``at``).
    TrackingFailure.objects.filter(at__lt=now - 2 * window).delete()
    TrackingFailure.objects.create(at=now, client=client, code=normalise_code(code))

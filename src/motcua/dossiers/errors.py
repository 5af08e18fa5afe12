"""The one exception of the dossiers app: a stable machine code plus a Vietnamese message.

Services raise :class:`DossierError`; the API maps it to ``{"error": {"code", "message"}}`` with the
HTTP status of :data:`HTTP_STATUS`. Codes are part of the API contract: never rename one.
"""

from __future__ import annotations

from typing import Any

# Stable error codes → HTTP status (documented in docs/dossiers.md).
HTTP_STATUS: dict[str, int] = {
    "validation_error": 422,
    "not_found": 404,
    "unauthenticated": 401,
    "csrf_failed": 403,
    "rate_limited": 429,
    "no_posting": 403,
    "role_not_allowed": 403,
    "transition_not_allowed": 409,
    "version_conflict": 409,
    "idempotency_key_reused": 422,
    "not_competent": 422,
    "not_boundary_free": 422,
    "no_competent_department": 422,
    "duration_unknown": 422,
    "no_version_in_force": 422,
    "completion_already_requested": 409,
    "apology_too_late": 409,
    "reappointment_exists": 409,
    "extension_exists": 409,
    "decision_exists": 409,
    "code_range_exhausted": 503,
    "calendar_missing": 503,
    "upload_rejected": 422,
}


class DossierError(Exception):
    """A refused request: ``code`` is stable (see :data:`HTTP_STATUS`), ``message`` is for people."""

    def __init__(self, code: str, message: Any, **details: Any) -> None:
        if code not in HTTP_STATUS:
            raise ValueError(f"unknown DossierError code {code!r}")
        self.code = code
        self.message = str(message)
        self.details = details
        super().__init__(f"{code}: {self.message}")

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]

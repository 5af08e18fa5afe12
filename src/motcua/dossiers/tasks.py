"""Background tasks of the dossiers app (django-tasks): outbox dispatch, deadline recomputation."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def dispatch_outbox_task() -> int:
    from .outbox import dispatch_pending

    return dispatch_pending()


@task()
def recompute_deadlines_task(
    province_code: str | None = None,
    centre_code: str | None = None,
    dates: list[str] | None = None,
    accepted_from: str | None = None,
    reason: str = "",
) -> int:
    from .deadlines import recompute_open_dossiers

    return recompute_open_dossiers(
        province_code,
        centre_code=centre_code,
        dates=[dt.date.fromisoformat(d) for d in dates or ()],
        accepted_from=dt.date.fromisoformat(accepted_from) if accepted_from else None,
        reason=reason,
    )

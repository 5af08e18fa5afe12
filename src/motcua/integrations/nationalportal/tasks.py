"""Background task (django-tasks): one dispatch run. Enqueued after every queued snapshot commits.

The database backend's worker (``motcua db_worker``) runs it; ``motcua sync-national-portal`` is the
alternative for deployments that prefer a polling loop. Both call :func:`services.dispatch_due`,
which is safe to run concurrently (records are claimed with a compare-and-swap).
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from .services import dispatch_due


@task()
def dispatch_national_portal(limit: int | None = None) -> dict[str, Any]:
    return dispatch_due(limit=limit).as_dict()

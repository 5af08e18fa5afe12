"""Background task (django-tasks): one sending run, enqueued after new messages commit.

The database backend's worker (``motcua db_worker``) runs it; ``motcua send-notifications`` is the
polling alternative (also what retries rely on when no new message arrives to trigger a run).
"""

from __future__ import annotations

from django_tasks import task

from .services import send_due


@task()
def send_notifications_task(limit: int | None = None) -> dict:
    return send_due(limit=limit).as_dict()

"""The task worker's heartbeat: a tiny task that stamps the time and queues its next run.

django-tasks-db's worker records no heartbeat of its own, so ``/healthz`` judges the worker
by this stamp. Like the overdue check, each run first makes sure the next one is waiting
(``HEARTBEAT_SECONDS`` later), so the chain survives a failed run; ``manage.py heartbeat
--schedule`` (at every deploy, or from a timer) starts it or puts it back after a worker was
killed mid-run.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lianxin.ops.models import Heartbeat

WORKER = "worker"


@task()
def heartbeat() -> str:
    """Stamp the worker's heartbeat; returns the time stamped."""
    heartbeat_schedule()
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"at": now})
    # Keep the queue small: finished heartbeats older than a day go.
    DBTaskResult.objects.filter(
        task_path=heartbeat.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=now - dt.timedelta(days=1),
    ).delete()
    return now.isoformat()


def heartbeat_waiting() -> DBTaskResult | None:
    return (
        DBTaskResult.objects.filter(task_path=heartbeat.module_path, status=TaskResultStatus.READY)
        .order_by("run_after")
        .first()
    )


def heartbeat_schedule(*, now: dt.datetime | None = None) -> bool:
    """Make sure the next heartbeat is waiting in the queue; True if this put one in."""
    if heartbeat_waiting() is not None:
        return False
    run_after = (now or timezone.now()) + dt.timedelta(seconds=settings.HEARTBEAT_SECONDS)
    heartbeat.using(run_after=run_after).enqueue()
    return True

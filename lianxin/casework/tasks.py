"""Background work of casework, on Django's task API with the database worker.

The overdue check keeps one run waiting in the queue: each run first puts the next one in
(``OVERDUE_CHECK_MINUTES`` later) unless one is already waiting, then escalates. Running it
twice, or two workers taking runs at once, escalates nothing twice (the escalation itself
locks each case and skips those already under supervision).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lianxin.casework.overdue import cases_escalate_overdue


@task()
def escalate_overdue_cases() -> int:
    """Put newly overdue cases under supervision; returns how many."""
    overdue_check_schedule()
    return cases_escalate_overdue()


def overdue_check_waiting() -> DBTaskResult | None:
    return (
        DBTaskResult.objects.filter(
            task_path=escalate_overdue_cases.module_path, status=TaskResultStatus.READY
        )
        .order_by("run_after")
        .first()
    )


def overdue_check_schedule(*, now: dt.datetime | None = None) -> bool:
    """Make sure the next overdue check is waiting in the queue; True if this put one in."""
    if overdue_check_waiting() is not None:
        return False
    run_after = (now or timezone.now()) + dt.timedelta(minutes=settings.OVERDUE_CHECK_MINUTES)
    escalate_overdue_cases.using(run_after=run_after).enqueue()
    return True

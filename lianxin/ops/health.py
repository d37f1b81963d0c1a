"""The checks behind ``/healthz``: the database answers, and the task worker's heartbeat is fresh."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from lianxin.ops.models import Heartbeat
from lianxin.ops.tasks import WORKER

logger = logging.getLogger(__name__)


@dataclass
class Health:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or why not
    worker_heartbeat_age: float | None = None

    @property
    def ok(self) -> bool:
        return all(result == "ok" for result in self.checks.values())

    def as_json(self) -> dict[str, Any]:
        failed = sorted(name for name, result in self.checks.items() if result != "ok")
        return {
            "status": "ok" if self.ok else "fail",
            "checks": self.checks,
            "failed": failed,
            "worker_heartbeat_age_seconds": (
                None if self.worker_heartbeat_age is None else round(self.worker_heartbeat_age, 1)
            ),
        }


def check_health() -> Health:
    """Never raises: a failing check is reported by name (the details go to the log only)."""
    health = Health()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        health.checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: the database does not answer")
        health.checks["database"] = "unavailable"
        health.checks["worker"] = "unknown"
        return health
    try:
        stamp = Heartbeat.objects.filter(name=WORKER).values_list("at", flat=True).first()
    except Exception:
        logger.exception("Health check: cannot read the worker's heartbeat")
        health.checks["worker"] = "unknown"
        return health
    if stamp is None:
        health.checks["worker"] = "no heartbeat yet"
        return health
    health.worker_heartbeat_age = max(0.0, (timezone.now() - stamp).total_seconds())
    fresh = health.worker_heartbeat_age <= settings.HEARTBEAT_MAX_AGE_SECONDS
    health.checks["worker"] = "ok" if fresh else "stale heartbeat"
    return health

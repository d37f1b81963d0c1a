"""/healthz: 200 when the database answers and the worker's heartbeat is fresh, else 503 naming
what failed; no log-in needed, nothing secret in the body."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lianxin.ops.models import Heartbeat
from lianxin.ops.tasks import heartbeat, heartbeat_waiting


def test_fresh_heartbeat_is_healthy_without_logging_in(client: Any, db: None) -> None:
    heartbeat.call()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"] == {"database": "ok", "worker": "ok"}
    assert body["worker_heartbeat_age_seconds"] < 60  # a slow first request may take seconds
    assert response["Cache-Control"].startswith("max-age=0")
    # Each run keeps the next one waiting in the queue for the worker.
    waiting = heartbeat_waiting()
    assert waiting is not None and waiting.run_after > timezone.now()


def test_stale_or_missing_heartbeat_is_503_naming_the_worker(client: Any, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["checks"]["worker"] == "no heartbeat yet"
    old = timezone.now() - dt.timedelta(seconds=settings.HEARTBEAT_MAX_AGE_SECONDS + 1)
    Heartbeat.objects.create(name="worker", at=old)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "worker": "stale heartbeat"}


def test_database_down_is_503_and_tells_no_secrets(client: Any) -> None:
    # No `db` fixture: every query fails, as with the database gone.
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database", "worker"]
    assert body["checks"]["database"] == "unavailable"
    text = response.content.decode()
    assert settings.DATABASES["default"]["NAME"] not in text and "Error" not in text


@pytest.mark.django_db
def test_schedule_command_keeps_exactly_one_heartbeat_waiting() -> None:
    call_command("heartbeat", "--schedule")
    call_command("heartbeat", "--schedule")
    ready = DBTaskResult.objects.filter(task_path=heartbeat.module_path, status=TaskResultStatus.READY)
    assert ready.count() == 1
    call_command("heartbeat")
    assert Heartbeat.objects.get(name="worker").at > timezone.now() - dt.timedelta(seconds=60)


def test_only_get_and_head(client: Any, db: None) -> None:
    assert client.post("/healthz").status_code == 405

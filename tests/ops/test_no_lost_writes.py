"""Killing the processes mid-run loses no acknowledged write and leaves nothing half-made.

A real gunicorn (with deploy/gunicorn.conf.py) takes requests from several threads and is
killed with SIGKILL in the middle; every submission not acknowledged is retried with its
Idempotency-Key after a restart. Then the task worker is killed in the middle of the overdue
check and restarted. Each runs against a PostgreSQL database of its own (a copy of the test
database made after the test's data), so it needs PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import queue
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.utils import timezone

from lianxin.casework.models import Case, CaseEvent, IdempotencyKey
from lianxin.casework.tasks import escalate_overdue_cases
from lianxin.core.models import AuditLog
from tests.conftest import seed_defaults
from tests.ops.helpers import extra_database, resident, submitted_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="kills real server and worker processes sharing one database: needs PostgreSQL "
        "(DATABASE_URL=postgres://…)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = 60
THREADS = 6


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def env_for(database: str) -> dict[str, str]:
    url = f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:"
    url += f"{connection.settings_dict['PORT']}/{database}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": url,
        "OVERDUE_CHECK_MINUTES": "0",  # the worker's chain of checks runs back to back
        "LOG_LEVEL": "WARNING",
        "RATE_LIMIT_INTAKE": "100000",  # one resident sends them all here
    }


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A child in its own process group (so SIGKILL takes the master and its workers)."""
    with log.open("ab") as out:
        child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True)  # noqa: S603
    try:
        yield child
    finally:
        kill(child)


def kill(child: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    if child.poll() is None:
        os.killpg(child.pid, sig)
        child.wait(timeout=30)


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@dataclass
class Submission:
    key: str
    body: bytes
    case_id: int | None = None  # set once the server acknowledged it


class Server:
    def __init__(self, database: str, log: Path, session: str) -> None:
        self.port = free_port()
        self.env = env_for(database)
        self.log = log
        self.csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"

    def start(self) -> Any:
        args = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
        args += ["--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "3"]
        return process(args, self.env, self.log)

    def post(self, submission: Submission) -> int | None:
        """The case id when acknowledged (201 or 200), None when the answer was lost."""
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": submission.key,
            "Cookie": self.cookie,
            "X-CSRFToken": self.csrf,
        }
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request("POST", "/api/v1/cases", body=submission.body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except OSError:
            return None
        finally:
            conn.close()
        assert response.status in (200, 201, 502, 503), (response.status, data[:300])
        return int(json.loads(data)["id"]) if response.status in (200, 201) else None

    def ready(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            conn.request("GET", "/healthz")
            return conn.getresponse().status in (200, 503)
        except OSError:
            return False


def test_no_acknowledged_submission_is_lost_when_the_server_is_killed(tree: Any, tmp_path: Path) -> None:
    seed_defaults()
    user = resident(tree)
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    submissions = [
        Submission(
            key=str(uuid.uuid4()),
            body=json.dumps(
                {"case_type": "complaint", "category": "safety-ebike", "text": f"楼道飞线充电 第{n}件"}
            ).encode(),
        )
        for n in range(SUBMISSIONS)
    ]
    with extra_database("served", template=connection.settings_dict["NAME"]) as database:
        server = Server(database, tmp_path / "gunicorn.log", session)
        todo: queue.Queue[Submission] = queue.Queue()
        for submission in submissions:
            todo.put(submission)
        acknowledged = threading.Semaphore(0)

        def send() -> None:
            while True:
                try:
                    submission = todo.get_nowait()
                except queue.Empty:
                    return
                submission.case_id = server.post(submission)
                if submission.case_id is not None:
                    acknowledged.release()

        with server.start() as first:
            wait_until(server.ready, 60, "gunicorn to start")
            threads = [threading.Thread(target=send) for _ in range(THREADS)]
            for thread in threads:
                thread.start()
            for _ in range(SUBMISSIONS // 3):  # a third in: kill it mid-run
                assert acknowledged.acquire(timeout=60)
            kill(first)
            for thread in threads:
                thread.join(timeout=60)
        before_restart = {s.key: s.case_id for s in submissions if s.case_id is not None}
        lost = [s for s in submissions if s.case_id is None]
        assert SUBMISSIONS // 3 <= len(before_restart) < SUBMISSIONS and lost

        with server.start():
            wait_until(server.ready, 60, "gunicorn to restart")
            for submission in lost:  # the client retries with the same key
                for _attempt in range(5):
                    if (case_id := server.post(submission)) is not None:
                        submission.case_id = case_id
                        break
                    time.sleep(0.5)
                assert submission.case_id is not None, f"{submission.key} never acknowledged"

        keys = dict(
            IdempotencyKey.objects.using("served").filter(user_id=user.pk).values_list("key", "case_id")
        )
        # Every submission made exactly one case, and an acknowledgement named that case.
        assert keys == {s.key: s.case_id for s in submissions}
        assert all(keys[key] == case_id for key, case_id in before_restart.items())
        cases = Case.objects.using("served").filter(reporter_user_id=user.pk)
        assert cases.count() == SUBMISSIONS
        assert sorted(cases.values_list("text", flat=True)) == sorted(
            json.loads(s.body)["text"] for s in submissions
        )
        # Whole: each case has its number, its deadline, its one submit event and its audit row.
        whole = cases.annotate(submits=Count("events", filter=Q(events__action="submit")))
        assert [c.submits for c in whole] == [1] * SUBMISSIONS
        assert not cases.filter(Q(accept_due__isnull=True) | Q(number="")).exists()
        assert len(set(cases.values_list("number", flat=True))) == SUBMISSIONS
        audited = AuditLog.objects.using("served").filter(action="casework.case.submit")
        assert sorted(int(i) for i in audited.values_list("object_id", flat=True)) == sorted(keys.values())


def test_the_overdue_check_escalates_each_case_once_when_the_worker_is_killed(
    tree: Any, tmp_path: Path
) -> None:
    seed_defaults()
    user = resident(tree)
    first = submitted_case(user)
    total = 160
    clones = []
    for n in range(1, total):
        clone = Case.objects.get(pk=first.pk)
        clone.pk = None
        clone.number = f"{first.number}-{n:03d}"
        clones.append(clone)
    Case.objects.bulk_create(clones)
    others = Case.objects.exclude(pk=first.pk)
    CaseEvent.objects.bulk_create(CaseEvent(case=c, action="submit", to_state=c.state) for c in others)
    Case.objects.update(accept_due=timezone.now() - dt.timedelta(hours=1))  # all overdue for acceptance
    escalate_overdue_cases.enqueue()

    with extra_database("worked", template=connection.settings_dict["NAME"]) as database:
        env = env_for(database)
        args = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"]
        args.append("--no-startup-delay")
        cases = Case.objects.using("worked")

        def supervised() -> int:
            return cases.filter(is_supervised=True).count()

        log = tmp_path / "worker.log"
        with process(args, env, log) as worker:
            wait_until(lambda: supervised() > 0, 60, "the worker to start escalating")
            kill(worker)
        done_before = supervised()
        assert 0 < done_before < total, f"the worker was not killed mid-run ({done_before}/{total})"

        with process(args, env, log) as worker:
            wait_until(lambda: supervised() == total, 60, "the rerun to finish the check")
            # Let the chain of checks run a few more times: they must find nothing to do.
            time.sleep(1.5)
            kill(worker, signal.SIGTERM)

        overdue = CaseEvent.objects.using("worked").filter(action="overdue")
        per_case = overdue.values("case_id").annotate(n=Count("id"))
        assert len(per_case) == total and {row["n"] for row in per_case} == {1}
        audited = AuditLog.objects.using("worked").filter(action="casework.case.overdue")
        assert audited.count() == total

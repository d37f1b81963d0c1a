"""Lock-outs after repeated failed log-ins: per account and per client address, with a clear
message, an unlock by the security administrator (page and command), and audit rows."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianxin.core.models import AuditOutcome
from lianxin.core.security.models import Lockout, LockoutKind
from lianxin.people.models import User
from tests.factories import PASSWORD
from tests.security.conftest import actions, log_in

WRONG = "Wrong-pass-9999"


def fail(client: Client, username: str, times: int, **extra: object) -> None:
    for _ in range(times):
        response = log_in(client, username, WRONG, **extra)
        assert response.status_code == 200


def test_five_failures_lock_the_account_even_for_the_right_password(client: Client, worker: User) -> None:
    fail(client, "worker", 4)
    assert not Lockout.objects.exists()
    fail(client, "worker", 1)
    lockout = Lockout.objects.get()
    assert (lockout.kind, lockout.key, lockout.failures) == (LockoutKind.ACCOUNT, "worker", 5)

    client.cookies["django_language"] = "en"
    response = log_in(client, "worker", PASSWORD)
    assert response.status_code == 200  # the form again, not a redirect: not logged in
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "locked for 30 more minutes" in text and "ask your security administrator" in text
    assert actions("auth.lockout", outcome=AuditOutcome.DENIED)
    refused = actions("auth.locked_out")
    assert refused and refused[0].actor_label == "worker" and refused[0].outcome == AuditOutcome.DENIED
    # The user name is matched whatever its case.
    assert log_in(client, "WORKER", PASSWORD).status_code == 200


def test_the_lockout_ends_by_itself_after_30_minutes(client: Client, worker: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "worker", 5)
        assert log_in(client, "worker", PASSWORD).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert log_in(client, "worker", PASSWORD).status_code == 302


def test_a_success_clears_the_count(client: Client, worker: User) -> None:
    fail(client, "worker", 4)
    assert log_in(client, "worker", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    fail(client, "worker", 4)
    assert not Lockout.objects.exists()


def test_many_failures_from_one_address_lock_the_address(client: Client, worker: User, settings: Any) -> None:
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    for n in range(6):
        log_in(client, f"guess{n}", WRONG)
    lockout = Lockout.objects.get(kind=LockoutKind.ADDRESS)
    assert lockout.key == "127.0.0.1"
    # Even a right password of an unlocked account is refused from that address ...
    assert log_in(client, "worker", PASSWORD).status_code == 200
    # ... but not from another one.
    assert log_in(Client(), "worker", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_admin_log_in_counts_too(client: Client, worker: User) -> None:
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "worker", "password": WRONG})
    assert Lockout.objects.filter(kind=LockoutKind.ACCOUNT, key="worker").exists()
    response = client.post(reverse("admin:login"), {"username": "worker", "password": PASSWORD})
    assert response.status_code == 200


def test_the_security_administrator_unlocks(client: Client, worker: User, security_admin: User) -> None:
    fail(Client(), "worker", 5)
    lockout = Lockout.objects.get()
    client.force_login(security_admin)
    page = client.get(reverse("security-admin"))
    assert page.status_code == 200 and "worker" in page.content.decode()
    response = client.post(reverse("security-unlock", args=[lockout.pk]))
    assert response.status_code == 302
    lockout.refresh_from_db()
    assert lockout.unlocked_by == security_admin and not lockout.active
    unlocked = actions("auth.unlock")
    assert unlocked and unlocked[0].actor == security_admin
    assert log_in(Client(), "worker", PASSWORD).status_code == 302


def test_the_unlock_command(worker: User) -> None:
    fail(Client(), "worker", 5)
    out = StringIO()
    call_command("unlock", "Worker", stdout=out)
    assert "unlocked account worker" in out.getvalue()
    assert not Lockout.objects.get().active
    assert actions("auth.unlock")[0].actor_label.startswith("manage.py unlock")
    assert log_in(Client(), "worker", PASSWORD).status_code == 302


def test_others_may_not_unlock(client: Client, worker: User) -> None:
    fail(Client(), "worker", 5)
    lockout = Lockout.objects.get()
    client.force_login(worker)  # a community worker: workbench, but no security duty
    assert client.get(reverse("security-admin")).status_code == 404
    assert client.post(reverse("security-unlock", args=[lockout.pk])).status_code == 404
    lockout.refresh_from_db()
    assert lockout.active


@pytest.fixture(autouse=True)
def _db(db: None) -> None:
    return None

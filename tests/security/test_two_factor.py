"""The optional TOTP second factor: set-up, the second step of a log-in, and its reset."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.core.models import AuditOutcome
from lianxin.people.models import User
from tests.security.conftest import actions, code_of, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(settings: Any) -> None:
    """django-otp makes one wait 1 s, 2 s, 4 s ... after a wrong code; tests do not wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def set_up(client: Client, user: User) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("two-factor-setup"), {"token": "000000"}).status_code == 200
    assert client.post(reverse("two-factor-setup"), {"token": code_of(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_set_up_then_log_in_with_a_code(client: Client, worker: User) -> None:
    device = set_up(client, worker)
    assert actions("auth.2fa.setup", outcome=AuditOutcome.SUCCESS)

    fresh = Client()
    response = log_in(fresh, "worker")
    assert response.status_code == 302
    # Logged in with the password, but nothing opens before the code.
    page = fresh.get(reverse("workbench"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login-verify"))
    api = fresh.get("/api/v1/cases/")
    assert api.status_code == 401 and api.json()["code"] == "second_factor_required"

    assert fresh.post(reverse("login-verify"), {"token": "123456"}).status_code == 200
    assert actions("auth.2fa", outcome=AuditOutcome.FAILED)
    response = fresh.post(reverse("login-verify"), {"token": code_of(device, drift=1), "next": "/workbench/"})
    assert response.status_code == 302 and response["Location"] == "/workbench/"
    assert fresh.get(reverse("workbench")).status_code == 200
    assert actions("auth.2fa", outcome=AuditOutcome.SUCCESS)


def test_wrong_codes_count_toward_the_lockout(client: Client, worker: User) -> None:
    set_up(client, worker)
    fresh = Client()
    log_in(fresh, "worker")
    for _ in range(4):
        assert fresh.post(reverse("login-verify"), {"token": "000001"}).status_code == 200
    response = fresh.post(reverse("login-verify"), {"token": "000001"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in fresh.session


def test_the_security_administrator_resets_a_lost_phone(
    client: Client, worker: User, security_admin: User
) -> None:
    set_up(Client(), worker)
    client.force_login(security_admin)
    assert "worker" in client.get(reverse("security-admin")).content.decode()
    assert client.post(reverse("security-2fa-reset", args=[worker.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=worker).exists()
    reset = actions("auth.2fa.reset")
    assert reset and reset[0].actor == security_admin and reset[0].object_id == str(worker.pk)
    fresh = Client()
    log_in(fresh, "worker")
    assert fresh.get(reverse("workbench")).status_code == 200


def test_a_worker_may_not_reset_anyone(client: Client, worker: User, security_admin: User) -> None:
    set_up(Client(), security_admin)
    client.force_login(worker)
    assert client.post(reverse("security-2fa-reset", args=[security_admin.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=security_admin, confirmed=True).exists()


def test_mandatory_for_staff_when_the_setting_says_so(client: Client, worker: User, settings: Any) -> None:
    settings.OTP_REQUIRED_FOR_STAFF = True
    log_in(client, "worker")
    response = client.get(reverse("workbench"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))
    device = TOTPDevice.objects.filter(user=worker).first()
    assert device is None
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=worker)
    assert client.post(reverse("two-factor-setup"), {"token": code_of(device)}).status_code == 302
    assert client.get(reverse("workbench")).status_code == 200

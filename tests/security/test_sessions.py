"""Idle sessions end after 30 minutes, any session after 8 hours."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianxin.people.models import User
from tests.factories import PASSWORD
from tests.security.conftest import log_in

pytestmark = pytest.mark.django_db


def test_idle_page_request_goes_to_the_log_in_with_a_message(client: Client, worker: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert log_in(client, "worker").status_code == 302
        assert client.get(reverse("workbench")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert client.get(reverse("workbench")).status_code == 200  # activity keeps it alive
    with time_machine.travel(start + dt.timedelta(minutes=45), tick=False):
        assert client.get(reverse("workbench")).status_code == 200  # 25 minutes since the last request
    with time_machine.travel(start + dt.timedelta(minutes=76), tick=False):
        client.cookies["django_language"] = "en"
        response = client.get(reverse("workbench"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
        page = client.get(response["Location"])
        assert "without activity" in page.content.decode()
        assert "_auth_user_id" not in client.session


def test_idle_api_and_htmx_requests_answer_401_json(client: Client, worker: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, "worker")
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        response = client.get("/api/v1/cases/")
        assert response.status_code == 401
        assert response.json()["code"] == "session_expired"
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        log_in(client, "worker")
    with time_machine.travel(start + dt.timedelta(minutes=62), tick=False):
        response = client.get(reverse("workbench"), headers={"HX-Request": "true"})
        assert response.status_code == 401
        assert response["HX-Redirect"].startswith(reverse("login"))


def test_eight_hours_at_most_even_when_active(client: Client, worker: User) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, "worker", PASSWORD)
    for minutes in range(20, 8 * 60, 20):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("workbench")).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=5), tick=False):
        assert client.get(reverse("workbench")).status_code == 302

"""The demo's system administrator (log-in "system_admin") at work on the account pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lianxin.demo.logins import DEMO_PASSWORD
from lianxin.people.models import User


@pytest.fixture(scope="module")
def demo(built_demo: Any) -> Any:
    return built_demo


@pytest.mark.django_db
def test_the_demo_system_administrator_manages_the_districts_accounts(demo: Any, client: Client) -> None:
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "system_admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    listing = client.get(reverse("people:accounts"), {"q": "worker"}).content.decode()
    assert "grid_worker" in listing and "community_worker" in listing

    resident = User.objects.get(username="resident")
    assert client.post(reverse("people:account-disable", args=[resident.pk])).status_code == 302
    resident.refresh_from_db()
    assert not resident.is_active

    auditor = User.objects.get(username="auditor")  # 三员分立: the auditor's account is the superuser's
    page = client.post(reverse("people:account-disable", args=[auditor.pk]), follow=True).content.decode()
    assert "Only a superuser may change the account of an administrator." in page
    auditor.refresh_from_db()
    assert auditor.is_active

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.core.models import AuditLog
from lianxin.core.roles import Role
from lianxin.people.models import User
from tests.conftest import Tree
from tests.factories import PASSWORD, UserFactory, grant


def log_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def actions(action: str, **filters: Any) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=action, **filters).order_by("pk"))


@pytest.fixture
def worker(tree: Tree) -> User:
    user = UserFactory.create(username="worker")
    grant(user, Role.COMMUNITY_WORKER, tree.community)
    return user


@pytest.fixture
def security_admin(tree: Tree) -> User:
    user = UserFactory.create(username="secadmin")
    grant(user, Role.SECURITY_ADMIN, tree.district)
    return user

"""A small world for the fuzz tests: a resident, a community worker and a subdistrict staff
member, each logged in through a session cookie with a CSRF token (django-ninja's
``django_auth`` checks CSRF on unsafe methods)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]
from django.test import Client

from lianxin.core.roles import Role
from lianxin.people.models import User
from tests.conftest import Tree
from tests.factories import PersonFactory, UserFactory, grant


@dataclass(frozen=True)
class Login:
    user: User
    cookies: dict[str, str]  # sessionid + csrftoken
    headers: dict[str, str]  # X-CSRFToken


def login(user: User) -> Login:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    token = _get_new_csrf_string()
    return Login(
        user=user,
        cookies={"sessionid": session, "csrftoken": token},
        headers={"X-CSRFToken": token},
    )


def raised(limits: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rate limits with room for a fuzz run's requests."""
    return {name: {**rule, "limit": 1_000_000} for name, rule in limits.items()}


@contextmanager
def sharing_the_test_connection() -> Iterator[None]:
    """Calls straight into the WSGI application share the test's connection and transaction,
    as Django's own test client does: the request signals must not close the connection (on
    PostgreSQL closing it would end the test's transaction). Entered after any test-client
    request, since the test client connects the closing receiver again when it is done."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def roles(tree: Tree) -> dict[str, Login]:
    resident_user = UserFactory.create()
    PersonFactory.create(node=tree.building, user=resident_user)
    grant(resident_user, Role.RESIDENT, tree.building)
    PersonFactory.create(node=tree.building)
    worker = UserFactory.create()
    grant(worker, Role.COMMUNITY_WORKER, tree.community)
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    return {"resident": login(resident_user), "worker": login(worker), "staff": login(staff)}

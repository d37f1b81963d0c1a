"""Every account page × every role granted on 东一社区: only the system administrator (and
superusers) reach them; accounts outside the subtree answer 404; a refused call changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lianxin.core.models import RoleGrant
from lianxin.core.roles import Cap, Role
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person, User
from tests.conftest import Tree
from tests.factories import PersonFactory, UserFactory, grant
from tests.matrix import Endpoint, Outside, endpoint_problems, outside_problems

NEEDS = ((Cap.WORKBENCH, Cap.ACCOUNTS_MANAGE),)
PASSWORD = "Matrix-Pass-2026!"


def _account(node: OrgNode, *, active: bool = True) -> User:
    user = UserFactory.create(is_active=active)
    PersonFactory.create(node=node, user=user)
    grant(user, Role.VOLUNTEER, node)
    return user


def world(tree: Tree) -> dict[str, Any]:
    """Fresh records for each call: what one endpoint changes, the next does not see."""
    target = _account(tree.building)
    far = _account(tree.other_grid)
    return {
        "tree": tree,
        "target": target,
        "grant": RoleGrant.objects.get(user=target),
        "disabled": _account(tree.grid, active=False),
        "newcomer": PersonFactory.create(node=tree.building),
        "far": far,
        "far_grant": RoleGrant.objects.get(user=far),
        "far_disabled": _account(tree.other_grid, active=False),
        "far_newcomer": PersonFactory.create(node=tree.other_grid),
    }


def _url(name: str, key: str) -> Any:
    return lambda w: reverse(name, args=[w[key].pk])


def _new_login(w: dict[str, Any]) -> dict[str, str]:
    return {"username": f"login-{w['newcomer'].pk}", "password": PASSWORD, "password_again": PASSWORD}


ENDPOINTS = [
    Endpoint("accounts", "GET", lambda w: reverse("people:accounts"), NEEDS),
    Endpoint("account", "GET", _url("people:account-detail", "target"), NEEDS),
    Endpoint(
        "grant",
        "POST",
        _url("people:account-grant", "target"),
        NEEDS,
        body=lambda w: {"role": Role.GRID_WORKER, "node": w["tree"].grid.pk},
        writes=True,
        ok=302,
    ),
    Endpoint("revoke", "POST", _url("people:account-revoke", "grant"), NEEDS, writes=True, ok=302),
    Endpoint(
        "password",
        "POST",
        _url("people:account-password", "target"),
        NEEDS,
        body=lambda w: {"password": PASSWORD, "password_again": PASSWORD},
        writes=True,
        ok=302,
    ),
    Endpoint("disable", "POST", _url("people:account-disable", "target"), NEEDS, writes=True, ok=302),
    Endpoint("enable", "POST", _url("people:account-enable", "disabled"), NEEDS, writes=True, ok=302),
    Endpoint("person search", "GET", lambda w: reverse("people:account-new") + "?q=居民", NEEDS),
    Endpoint("log-in form", "GET", _url("people:account-new-for", "newcomer"), NEEDS),
    Endpoint(
        "log-in create",
        "POST",
        _url("people:account-new-for", "newcomer"),
        NEEDS,
        body=_new_login,
        writes=True,
        ok=302,
    ),
]

GOOD_PASSWORD = {"password": PASSWORD, "password_again": PASSWORD}
OUTSIDE: list[Outside] = [
    ("account", _url("people:account-detail", "far"), "GET", None),
    ("grant", _url("people:account-grant", "far"), "POST", {"role": Role.GRID_WORKER, "node": 0}),
    ("revoke", _url("people:account-revoke", "far_grant"), "POST", None),
    ("password", _url("people:account-password", "far"), "POST", GOOD_PASSWORD),
    ("disable", _url("people:account-disable", "far"), "POST", None),
    ("enable", _url("people:account-enable", "far_disabled"), "POST", None),
    ("log-in form", _url("people:account-new-for", "far_newcomer"), "GET", None),
    (
        "log-in create",
        _url("people:account-new-for", "far_newcomer"),
        "POST",
        {"username": "far-login", **GOOD_PASSWORD},
    ),
]


def snapshot() -> tuple[Any, ...]:
    users = tuple(User.objects.order_by("pk").values_list("pk", "username", "is_active", "password"))
    grants = tuple(RoleGrant.objects.order_by("pk").values_list("pk", "role", "node_id"))
    people = tuple(Person.objects.order_by("pk").values_list("pk", "user_id"))
    return users, grants, people


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_account_page_for_a_role_granted_on_a_community(tree: Tree, role: str) -> None:
    user = UserFactory.create()
    grant(user, role, tree.community)
    wrong = []
    for endpoint in ENDPOINTS:
        wrong += endpoint_problems(_client(user), world(tree), role, [endpoint], snapshot)
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_accounts_outside_the_subtree_answer_404_and_change_nothing(tree: Tree, role: str) -> None:
    user = UserFactory.create()
    grant(user, role, tree.community)
    wrong = []
    for outside in OUTSIDE:
        wrong += outside_problems(_client(user), world(tree), [outside], snapshot)
    assert wrong == []


@pytest.mark.django_db
def test_a_superuser_reaches_every_account_page(tree: Tree) -> None:
    admin = UserFactory.create(is_superuser=True)
    wrong = []
    for endpoint in ENDPOINTS:
        w = world(tree)
        before = snapshot()
        response = endpoint.call(_client(admin), w)
        if response.status_code != endpoint.ok:
            wrong.append(f"{endpoint.name}: got {response.status_code}")
        if endpoint.writes and snapshot() == before:
            wrong.append(f"{endpoint.name}: changed nothing")
    assert wrong == []


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client: Client, tree: Tree) -> None:
    w = world(tree)
    for endpoint in ENDPOINTS:
        before = snapshot()
        response = endpoint.call(client, w)
        assert response.status_code == 302 and reverse("login") in response["Location"], endpoint.name
        assert snapshot() == before, endpoint.name

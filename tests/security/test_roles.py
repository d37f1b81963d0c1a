"""三员分立: the system, security and audit administrators are separate roles with least
privilege; the security pages answer by the capability table (404 otherwise), and a refused
call changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianxin.core.roles import ADMIN_ROLES, CAPABILITIES, SEPARATED_DUTIES, Cap, Role
from lianxin.core.security.models import Lockout, LockoutKind
from lianxin.core.security.separation import check_separation
from lianxin.people.models import User
from tests.conftest import Tree
from tests.factories import UserFactory, grant
from tests.matrix import Endpoint

BUSINESS = {
    cap
    for cap in vars(Cap).values()
    if isinstance(cap, str)
    and "." in cap
    and cap.split(".")[0] not in {"orgs", "accounts", "security", "audit"}
}


def test_no_role_holds_two_of_the_three_duties() -> None:
    for role, caps in CAPABILITIES.items():
        assert len(caps & set(SEPARATED_DUTIES)) <= 1, role


def test_each_administrator_has_its_own_duty_and_no_business_data() -> None:
    assert Cap.ACCOUNTS_MANAGE in CAPABILITIES[Role.SYSTEM_ADMIN]
    assert Cap.SECURITY_MANAGE in CAPABILITIES[Role.SECURITY_ADMIN]
    assert Cap.AUDIT_VIEW in CAPABILITIES[Role.AUDITOR]
    for role in ADMIN_ROLES:
        assert not CAPABILITIES[role] & BUSINESS, role
    # Each duty belongs to exactly one role.
    for duty in SEPARATED_DUTIES:
        assert [role for role, caps in CAPABILITIES.items() if duty in caps] != []
        assert len([role for role, caps in CAPABILITIES.items() if duty in caps]) == 1, duty


@pytest.mark.django_db
def test_an_account_may_not_take_a_second_duty(tree: Tree) -> None:
    user = UserFactory.create()
    grant(user, Role.SECURITY_ADMIN, tree.district)
    check_separation(user=user, role=Role.SECURITY_ADMIN)  # the same duty again: fine
    check_separation(user=user, role=Role.COMMUNITY_WORKER)  # not an administrator duty
    for other in (Role.AUDITOR, Role.SYSTEM_ADMIN):
        with pytest.raises(ValidationError):
            check_separation(user=user, role=other)


WB, SEC = Cap.WORKBENCH, Cap.SECURITY_MANAGE
ENDPOINTS = [
    Endpoint("security page", "GET", lambda w: reverse("security-admin"), ((WB, SEC),)),
    Endpoint(
        "unlock",
        "POST",
        lambda w: reverse("security-unlock", args=[w["lockout"].pk]),
        ((WB, SEC),),
        writes=True,
        ok=302,
    ),
    Endpoint(
        "second factor reset",
        "POST",
        lambda w: reverse("security-2fa-reset", args=[w["victim"].pk]),
        ((WB, SEC),),
        writes=True,
        ok=302,
    ),
    Endpoint("audit log", "GET", lambda w: reverse("audit-log"), ((WB, Cap.AUDIT_VIEW),)),
]


def world() -> dict[str, Any]:
    from django.utils import timezone

    victim = UserFactory.create(username="victim")
    TOTPDevice.objects.create(user=victim, name="phone", confirmed=True)
    lockout = Lockout.objects.create(
        kind=LockoutKind.ACCOUNT,
        key="victim",
        until=timezone.now() + dt.timedelta(minutes=30),
        failures=5,
    )
    return {"victim": victim, "lockout": lockout}


def snapshot() -> tuple[Any, ...]:
    return (
        tuple(Lockout.objects.values_list("pk", "unlocked_at")),
        tuple(TOTPDevice.objects.values_list("pk", flat=True)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role.values))
def test_role_matrix(role: str, tree: Tree) -> None:
    user: User = UserFactory.create(username=f"r-{role}")
    grant(user, role, tree.district)
    for endpoint in ENDPOINTS:
        w = world()
        client = Client()
        client.force_login(user)
        before = snapshot()
        response = endpoint.call(client, w)
        if endpoint.allowed(role):
            assert response.status_code == endpoint.ok, (role, endpoint.name)
        else:
            assert response.status_code == 404, (role, endpoint.name, response.status_code)
            assert snapshot() == before, (role, endpoint.name)
        Lockout.objects.all().delete()
        TOTPDevice.objects.all().delete()
        User.objects.filter(username="victim").delete()


@pytest.mark.django_db
def test_security_duty_on_a_subdistrict_only_is_not_enough(tree: Tree) -> None:
    user = UserFactory.create()
    grant(user, Role.SECURITY_ADMIN, tree.east)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("security-admin")).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client: Client) -> None:
    response = client.get(reverse("security-admin"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

"""Reads of the account pages (账号管理), scoped to where the actor manages accounts.

An account is in scope when its person is registered inside the actor's subtree; accounts
without a person are seen by superusers only. Only the person's name and node are read:
the system administrator sees no personal data (phone and ID numbers are never loaded).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from lianxin.core import scope
from lianxin.core.models import RoleGrant
from lianxin.core.roles import ADMIN_ROLES, Cap, Role
from lianxin.people.models import Person, User

ACTIVE, DISABLED = "active", "disabled"
PERSON_FIELDS = ("person__id", "person__name", "person__node__name", "person__node__path")
SEARCH_LIMIT = 20


def account_list(*, actor: Any, search: str = "", role: str = "", state: str = "") -> QuerySet[User]:
    """Accounts in the actor's scope, by user name or the person's name, role held, state;
    each with ``active_grants`` (in force today, with their nodes)."""
    qs = User.objects.filter(scope.scope_q(actor, Cap.ACCOUNTS_MANAGE, field="person__node__path"))
    search = search.strip()
    if search:
        qs = qs.filter(
            Q(username__icontains=search)
            | Q(person__name__contains=search)
            | Q(person__name_pinyin__startswith=search.lower())
        )
    if role in Role.values:
        qs = qs.filter(pk__in=RoleGrant.objects.in_force().filter(role=role).values("user_id"))
    if state == ACTIVE:
        qs = qs.filter(is_active=True)
    elif state == DISABLED:
        qs = qs.filter(is_active=False)
    grants = (
        RoleGrant.objects.in_force().select_related("node").only("user", "role", "node__name", "node__path")
    )
    return (
        qs.select_related("person__node")
        .only("username", "is_active", "is_superuser", "last_login", *PERSON_FIELDS)
        .prefetch_related(
            Prefetch("role_grants", queryset=grants.order_by("node__path"), to_attr="active_grants")
        )
        .order_by("username", "pk")
    )


def account_get(*, actor: Any, pk: int | str) -> User:
    """One account in the actor's scope, else 404."""
    try:
        return (
            User.objects.filter(scope.scope_q(actor, Cap.ACCOUNTS_MANAGE, field="person__node__path"))
            .select_related("person__node")
            .only("username", "is_active", "is_superuser", "last_login", "date_joined", *PERSON_FIELDS)
            .get(pk=pk)
        )
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def is_admin_account(user: User) -> bool:
    """A superuser, or a holder of the system, security or audit administrator role: such
    accounts are changed by superusers only (三员分立)."""
    if user.is_superuser:
        return True
    return RoleGrant.objects.in_force().filter(user_id=user.pk, role__in=ADMIN_ROLES).exists()


def account_grants(*, user: User) -> QuerySet[RoleGrant]:
    """Every grant of the account, in force or not, with its node."""
    return RoleGrant.objects.filter(user_id=user.pk).select_related("node").order_by("node__path", "role")


def grant_get(*, actor: Any, pk: int | str) -> RoleGrant:
    """A grant held by an account in the actor's scope, else 404."""
    try:
        return (
            RoleGrant.objects.filter(
                scope.scope_q(actor, Cap.ACCOUNTS_MANAGE, field="user__person__node__path")
            )
            .select_related("node", "user")
            .get(pk=pk)
        )
    except (RoleGrant.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _persons(actor: Any) -> QuerySet[Person]:
    return (
        Person.objects.filter(scope.scope_q(actor, Cap.ACCOUNTS_MANAGE, field="node__path"))
        .select_related("node")
        .only("name", "user", "node__name", "node__path")
    )


def persons_without_account(*, actor: Any, search: str) -> list[Person]:
    """At most ``SEARCH_LIMIT`` people in scope without a log-in, found by name or initials."""
    search = search.strip()
    if not search:
        return []
    found = (
        _persons(actor)
        .filter(user__isnull=True)
        .filter(Q(name__contains=search) | Q(name_pinyin__startswith=search.lower()))
    )
    return list(found.order_by("name", "pk")[:SEARCH_LIMIT])


def person_for_account(*, actor: Any, pk: int | str) -> Person:
    """A person in the actor's scope (name and node only), else 404."""
    try:
        return _persons(actor).get(pk=pk)
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404 from exc

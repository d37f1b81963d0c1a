"""The account writes and rules as services: who may, where, and what each leaves behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSessionStore
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404

from lianxin.core.models import AuditLog, AuditOutcome, RoleGrant
from lianxin.core.roles import Role
from lianxin.people.account_selectors import account_list, persons_without_account
from lianxin.people.account_services import (
    account_disable,
    account_enable,
    account_password_reset,
    account_role_grant,
    account_role_revoke,
    sessions_end,
)
from lianxin.people.models import Person, User
from lianxin.people.services import account_create, role_grant, role_revoke
from tests.conftest import Tree
from tests.factories import PASSWORD, PersonFactory, UserFactory, grant

NEW_PASSWORD = "Temp-Pass-2026!"


@pytest.fixture
def sysadmin(tree: Tree) -> User:
    """Here a system administrator of 东一社区 only, with no person (unlike the folder's one)."""
    user = UserFactory.create()
    grant(user, Role.SYSTEM_ADMIN, tree.community)
    return user


def account_at(node: Any) -> User:
    user = UserFactory.create()
    PersonFactory.create(node=node, user=user)
    return user


def test_the_rules(tree: Tree, sysadmin: User, staff: User, worker: User) -> None:
    inside, outside = account_at(tree.building), account_at(tree.village_grid)
    bare = UserFactory.create()
    assert sysadmin.has_perm("people.grant_role") and sysadmin.has_perm("people.grant_role", tree.grid)
    assert not sysadmin.has_perm("people.grant_role", tree.other_grid)
    assert sysadmin.has_perm("people.manage_account", inside)
    assert not sysadmin.has_perm("people.manage_account", outside)
    assert not sysadmin.has_perm("people.manage_account", bare)
    assert sysadmin.has_perm("people.view_account", inside)
    # The organisation staff keep granting roles and manage accounts, without the pages.
    assert staff.has_perm("people.grant_role", tree.grid) and staff.has_perm("people.manage_account", inside)
    assert not staff.has_perm("people.view_account")
    # A community worker creates log-ins (people.change_person), nothing more.
    person = Person.objects.get(user=inside)
    assert worker.has_perm("people.create_account", person)
    assert not worker.has_perm("people.manage_account", inside) and not worker.has_perm("people.grant_role")
    # The system administrator sees no person.
    assert not sysadmin.has_perm("people.view_person", person)


def test_the_system_administrator_creates_a_log_in(tree: Tree, sysadmin: User) -> None:
    person = PersonFactory.create(node=tree.building)
    user = account_create(actor=sysadmin, person=person, username="newcomer", password=NEW_PASSWORD)
    assert Person.objects.get(pk=person.pk).user == user
    far = PersonFactory.create(node=tree.other_grid)
    with pytest.raises(Http404):
        account_create(actor=sysadmin, person=far, username="far", password=NEW_PASSWORD)
    assert not User.objects.filter(username="far").exists()


def test_disable_and_enable_are_audited_and_idempotent(tree: Tree, sysadmin: User) -> None:
    user = account_at(tree.grid)
    account_disable(actor=sysadmin, user=user)
    account_disable(actor=sysadmin, user=user)
    assert not User.objects.get(pk=user.pk).is_active
    account_enable(actor=sysadmin, user=user)
    assert User.objects.get(pk=user.pk).is_active
    actions = list(AuditLog.objects.filter(actor=sysadmin).values_list("action", flat=True).order_by("pk"))
    assert actions == ["people.account.disable", "people.account.enable"]


def test_out_of_scope_writes_are_404_audited_and_change_nothing(tree: Tree, sysadmin: User) -> None:
    far = account_at(tree.other_grid)
    far_grant = grant(far, Role.VOLUNTEER, tree.other_grid)
    calls = [
        lambda: account_disable(actor=sysadmin, user=far),
        lambda: account_password_reset(actor=sysadmin, user=far, password=NEW_PASSWORD),
        lambda: account_role_grant(actor=sysadmin, user=far, role=Role.VOLUNTEER, node=tree.grid),
        lambda: account_role_revoke(actor=sysadmin, grant=far_grant),
    ]
    for call in calls:
        with pytest.raises(Http404):
            call()
    far.refresh_from_db()
    assert far.is_active and far.check_password(PASSWORD)
    assert list(RoleGrant.objects.filter(user=far)) == [far_grant]
    assert AuditLog.objects.filter(outcome=AuditOutcome.DENIED).count() == 4
    assert not AuditLog.objects.filter(outcome=AuditOutcome.SUCCESS).exists()


def test_a_node_outside_the_scope_is_refused_for_an_account_inside(tree: Tree, sysadmin: User) -> None:
    user = account_at(tree.grid)
    with pytest.raises(Http404):
        account_role_grant(actor=sysadmin, user=user, role=Role.VOLUNTEER, node=tree.east)
    assert not RoleGrant.objects.filter(user=user).exists()


def test_administrator_roles_are_refused_with_a_message(tree: Tree, sysadmin: User, admin: User) -> None:
    user = account_at(tree.grid)
    with pytest.raises(ValidationError) as excinfo:
        account_role_grant(actor=sysadmin, user=user, role=Role.AUDITOR, node=tree.community)
    assert "role" in excinfo.value.message_dict
    assert not RoleGrant.objects.filter(user=user).exists()
    assert AuditLog.objects.get(action="core.role.grant").outcome == AuditOutcome.DENIED
    account_role_grant(actor=admin, user=user, role=Role.AUDITOR, node=tree.community)
    assert RoleGrant.objects.filter(user=user, role=Role.AUDITOR).exists()


def test_only_superusers_withdraw_an_administrator_role(tree: Tree, staff: User, admin: User) -> None:
    user = account_at(tree.grid)
    held = role_grant(actor=admin, user=user, role=Role.AUDITOR, node=tree.community)
    with pytest.raises(Http404):
        role_revoke(actor=staff, grant=held)
    assert RoleGrant.objects.filter(pk=held.pk).exists()
    role_revoke(actor=admin, grant=held)
    assert not RoleGrant.objects.filter(pk=held.pk).exists()


def test_sessions_end_ends_only_that_accounts_sessions(tree: Tree) -> None:
    mine, theirs = UserFactory.create(), UserFactory.create()
    for user in (mine, theirs, mine):
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session.create()
    assert sessions_end(user=mine) == 2
    assert Session.objects.count() == 1
    assert sessions_end(user=mine) == 0


def test_sessions_end_also_empties_the_session_cache(tree: Tree, settings: Any) -> None:
    # With Redis the sessions are read from the cache first (cached_db): an ended session must
    # not live on there.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    mine = UserFactory.create()
    session = CachedSessionStore()
    session["_auth_user_id"] = str(mine.pk)
    session.create()
    key = session.session_key
    assert CachedSessionStore(session_key=key).load() == {"_auth_user_id": str(mine.pk)}
    assert sessions_end(user=mine) == 1
    assert cache.get(CachedSessionStore(session_key=key).cache_key) is None
    assert CachedSessionStore(session_key=key).load() == {}
    assert not Session.objects.exists()


def test_sessions_end_does_nothing_for_a_store_it_cannot_list(tree: Tree, settings: Any) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    assert sessions_end(user=UserFactory.create()) == 0


def test_the_password_reset_validates_and_never_logs_the_password(tree: Tree, sysadmin: User) -> None:
    user = account_at(tree.grid)
    with pytest.raises(ValidationError) as excinfo:
        account_password_reset(actor=sysadmin, user=user, password="short")
    assert "password" in excinfo.value.message_dict
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    account_password_reset(actor=sysadmin, user=user, password=NEW_PASSWORD)
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    row = AuditLog.objects.get(action="people.account.password_reset")
    assert NEW_PASSWORD not in repr(row.detail) + row.object_repr


def test_the_selectors_never_load_personal_data(tree: Tree, sysadmin: User) -> None:
    account_at(tree.building)
    PersonFactory.create(node=tree.building, name="张无号")
    [account] = account_list(actor=sysadmin)
    [person] = persons_without_account(actor=sysadmin, search="张")
    for loaded in (account.person, person):
        assert {"phone", "id_number", "address"} <= loaded.get_deferred_fields()

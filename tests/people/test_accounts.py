"""The account pages (账号管理) as the system administrator of 城东路街道 uses them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from lianxin.core.models import AuditLog, AuditOutcome, RoleGrant
from lianxin.core.roles import Role
from lianxin.people.models import Person, User
from tests.conftest import Tree
from tests.factories import PASSWORD, PersonFactory, UserFactory, grant
from tests.people.conftest import registered

NEW_PASSWORD = "Temp-Pass-2026!"


@pytest.fixture
def as_sysadmin(client: Client, sysadmin: User) -> User:
    client.cookies["django_language"] = "en"
    client.force_login(sysadmin)
    return sysadmin


@pytest.fixture
def inside(tree: Tree) -> User:
    user = registered(tree.building, "张三", "zhangsan")
    grant(user, Role.VOLUNTEER, tree.community)
    return user


@pytest.fixture
def outside(tree: Tree) -> User:
    return registered(tree.village_grid, "李四", "lisi")


def detail(pk: int) -> str:
    return reverse("people:account-detail", args=[pk])


def page_of(client: Client, url: str, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# the list


def test_the_list_shows_the_accounts_of_the_subtree_with_names_but_no_personal_data(
    client: Client, tree: Tree, as_sysadmin: User, inside: User, outside: User
) -> None:
    UserFactory.create(username="nobody-behind")  # no person: superusers only
    page = page_of(client, reverse("people:accounts"))
    assert "zhangsan" in page and "张三" in page and "1号楼" in page
    assert "Volunteer · 东一社区" in page
    assert "lisi" not in page and "李四" not in page and "nobody-behind" not in page
    person = Person.objects.get(user=inside)
    assert person.phone not in page and person.phone_masked not in page
    assert person.id_number not in page and person.id_number_masked not in page


def test_a_superuser_sees_every_account(client: Client, admin: User, inside: User, outside: User) -> None:
    UserFactory.create(username="nobody-behind")
    client.force_login(admin)
    page = page_of(client, reverse("people:accounts"))
    assert "zhangsan" in page and "lisi" in page and "nobody-behind" in page


def test_search_and_filters(client: Client, tree: Tree, as_sysadmin: User, inside: User) -> None:
    other = registered(tree.grid, "王五", "wangwu")
    other.is_active = False
    other.save()
    url = reverse("people:accounts")
    assert "wangwu" not in (page := page_of(client, url, q="zhang")) and "zhangsan" in page
    assert "zhangsan" not in (page := page_of(client, url, q="王")) and "wangwu" in page
    assert "zhangsan" in page_of(client, url, q="zs")  # the name's initials
    assert "wangwu" not in (page := page_of(client, url, role=Role.VOLUNTEER)) and "zhangsan" in page
    assert "zhangsan" not in (page := page_of(client, url, state="disabled")) and "wangwu" in page
    assert "wangwu" not in (page := page_of(client, url, state="active")) and "zhangsan" in page
    rows = client.get(url, {"q": "zhang"}, headers={"HX-Request": "true"}).content.decode()
    assert "zhangsan" in rows and "<html" not in rows


def test_accounts_outside_the_subtree_answer_404(client: Client, as_sysadmin: User, outside: User) -> None:
    nobody = UserFactory.create(username="nobody-behind")
    for account in (outside, nobody):
        assert client.get(detail(account.pk)).status_code == 404
        assert client.post(reverse("people:account-disable", args=[account.pk])).status_code == 404
    outside.refresh_from_db()
    assert outside.is_active


def test_the_list_query_count_is_flat(
    client: Client, tree: Tree, as_sysadmin: User, django_assert_num_queries: Any
) -> None:
    def add(count: int) -> None:
        for n in range(count):
            user = registered(tree.building if n % 2 else tree.grid, f"居民{n}", f"u{User.objects.count()}")
            grant(user, Role.VOLUNTEER, tree.community)
            grant(user, Role.GRID_WORKER, tree.grid)

    url = reverse("people:accounts")
    add(2)
    # session, user, grants, count, unread notifications, the shell's own person and scope node,
    # the rows, their grants
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    add(20)
    with django_assert_num_queries(9):
        assert "u20" in client.get(url).content.decode()


# ---------------------------------------------------------------------------------------------
# roles


def test_the_system_administrator_grants_and_withdraws_a_role(
    client: Client, tree: Tree, as_sysadmin: User, inside: User
) -> None:
    response = client.post(
        reverse("people:account-grant", args=[inside.pk]), {"role": Role.GRID_WORKER, "node": tree.grid.pk}
    )
    assert response.status_code == 302 and response["Location"] == detail(inside.pk)
    held = RoleGrant.objects.get(user=inside, role=Role.GRID_WORKER)
    assert held.node == tree.grid
    granted = AuditLog.objects.get(action="core.role.grant", outcome=AuditOutcome.SUCCESS)
    assert granted.actor == as_sysadmin and granted.object_id == str(held.pk)
    page = page_of(client, detail(inside.pk))
    assert "Grid worker" in page and reverse("people:account-revoke", args=[held.pk]) in page

    response = client.post(reverse("people:account-revoke", args=[held.pk]))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=held.pk).exists()
    assert AuditLog.objects.get(action="core.role.revoke").actor == as_sysadmin


def test_an_administrator_role_is_refused_with_a_message_and_a_superuser_may_grant_it(
    client: Client, tree: Tree, as_sysadmin: User, inside: User, admin: User
) -> None:
    url = reverse("people:account-grant", args=[inside.pk])
    for role in (Role.AUDITOR, Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN):
        response = client.post(url, {"role": role, "node": tree.community.pk})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Only a superuser may grant the system, security and audit administrator roles." in page
        assert 'aria-invalid="true"' in page
    assert not RoleGrant.objects.filter(user=inside, role__in=[Role.AUDITOR, Role.SECURITY_ADMIN]).exists()
    denied = AuditLog.objects.filter(action="core.role.grant", outcome=AuditOutcome.DENIED)
    assert denied.count() == 3 and {row.actor for row in denied} == {as_sysadmin}

    client.force_login(admin)
    assert client.post(url, {"role": Role.AUDITOR, "node": tree.community.pk}).status_code == 302
    assert RoleGrant.objects.filter(user=inside, role=Role.AUDITOR).exists()


def test_bad_grants_change_nothing(client: Client, tree: Tree, as_sysadmin: User, inside: User) -> None:
    before = list(RoleGrant.objects.values_list("pk", "role", "node_id"))
    url = reverse("people:account-grant", args=[inside.pk])
    for data in (
        {"role": Role.GRID_WORKER, "node": tree.village_grid.pk},  # outside the scope
        {"role": "mayor", "node": tree.grid.pk},
        {"role": Role.GRID_WORKER},
        {"role": Role.GRID_WORKER, "node": "x"},
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert list(RoleGrant.objects.values_list("pk", "role", "node_id")) == before


def test_the_node_choices_are_the_administrators_subtree(
    client: Client, tree: Tree, as_sysadmin: User, inside: User
) -> None:
    page = page_of(client, detail(inside.pk))
    assert f'value="{tree.grid.pk}"' in page and f'value="{tree.east.pk}"' in page
    assert f'value="{tree.village.pk}"' not in page and f'value="{tree.district.pk}"' not in page


def test_a_grant_on_a_node_outside_the_scope_has_no_withdraw_button(
    client: Client, tree: Tree, as_sysadmin: User, inside: User
) -> None:
    wide = grant(inside, Role.DISTRICT_LEADER, tree.district)
    page = page_of(client, detail(inside.pk))
    assert "District leader" in page
    assert reverse("people:account-revoke", args=[wide.pk]) not in page
    assert client.post(reverse("people:account-revoke", args=[wide.pk])).status_code == 404
    assert RoleGrant.objects.filter(pk=wide.pk).exists()


# ---------------------------------------------------------------------------------------------
# disable and enable


def test_disabling_refuses_log_ins_and_ends_the_sessions(
    client: Client, tree: Tree, as_sysadmin: User, inside: User
) -> None:
    grant(inside, Role.COMMUNITY_WORKER, tree.community)
    theirs = Client()
    assert theirs.post(reverse("login"), {"username": "zhangsan", "password": PASSWORD}).status_code == 302
    assert theirs.get(reverse("workbench")).status_code == 200
    assert Session.objects.count() == 2

    response = client.post(reverse("people:account-disable", args=[inside.pk]))
    assert response.status_code == 302
    inside.refresh_from_db()
    assert not inside.is_active
    assert Session.objects.count() == 1  # only the administrator's is left
    assert theirs.get(reverse("workbench")).status_code == 302  # to the log-in
    again = theirs.post(reverse("login"), {"username": "zhangsan", "password": PASSWORD})
    assert again.status_code == 200 and "_auth_user_id" not in theirs.session
    row = AuditLog.objects.get(action="people.account.disable")
    assert (
        row.actor == as_sysadmin and row.object_id == str(inside.pk) and row.detail == {"sessions_ended": 1}
    )
    page = page_of(client, detail(inside.pk))
    assert "The account is disabled and its sessions ended." in page
    assert reverse("people:account-enable", args=[inside.pk]) in page

    # Disabling again changes nothing and writes no second row.
    client.post(reverse("people:account-disable", args=[inside.pk]))
    assert AuditLog.objects.filter(action="people.account.disable").count() == 1


def test_enabling_lets_the_account_log_in_again(client: Client, as_sysadmin: User, inside: User) -> None:
    inside.is_active = False
    inside.save()
    assert client.post(reverse("people:account-enable", args=[inside.pk])).status_code == 302
    inside.refresh_from_db()
    assert inside.is_active
    assert Client().post(reverse("login"), {"username": "zhangsan", "password": PASSWORD}).status_code == 302
    assert AuditLog.objects.get(action="people.account.enable").actor == as_sysadmin


def test_the_administrator_cannot_disable_or_demote_their_own_account(
    client: Client, tree: Tree, as_sysadmin: User
) -> None:
    own = RoleGrant.objects.get(user=as_sysadmin)
    page = page_of(client, detail(as_sysadmin.pk))
    assert "This is your own account" in page
    assert reverse("people:account-disable", args=[as_sysadmin.pk]) not in page
    assert reverse("people:account-revoke", args=[own.pk]) not in page

    response = client.post(reverse("people:account-disable", args=[as_sysadmin.pk]), follow=True)
    assert "You cannot disable your own account." in response.content.decode()
    response = client.post(reverse("people:account-revoke", args=[own.pk]), follow=True)
    assert "You cannot change your own roles." in response.content.decode()
    response = client.post(
        reverse("people:account-grant", args=[as_sysadmin.pk]),
        {"role": Role.COMMUNITY_WORKER, "node": tree.community.pk},
    )
    assert "You cannot change your own roles." in response.content.decode()
    response = client.post(
        reverse("people:account-password", args=[as_sysadmin.pk]),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert "Change your own password on the password page." in response.content.decode()

    as_sysadmin.refresh_from_db()
    assert as_sysadmin.is_active and as_sysadmin.check_password(PASSWORD)
    assert list(RoleGrant.objects.filter(user=as_sysadmin)) == [own]
    assert not AuditLog.objects.filter(outcome=AuditOutcome.SUCCESS).exclude(action="auth.login").exists()


def test_administrator_accounts_are_left_to_superusers(
    client: Client, tree: Tree, as_sysadmin: User, admin: User
) -> None:
    auditor = registered(tree.grid, "审计员", "auditor1")
    grant(auditor, Role.AUDITOR, tree.east)
    page = page_of(client, detail(auditor.pk))
    assert "Only a superuser may change the account of an administrator." in page
    assert reverse("people:account-disable", args=[auditor.pk]) not in page
    for name, data in (
        ("people:account-disable", {}),
        ("people:account-password", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}),
    ):
        response = client.post(reverse(name, args=[auditor.pk]), data, follow=True)
        assert "Only a superuser may change the account of an administrator." in response.content.decode()
    auditor.refresh_from_db()
    assert auditor.is_active and auditor.check_password(PASSWORD)
    assert AuditLog.objects.filter(outcome=AuditOutcome.DENIED, object_id=str(auditor.pk)).count() == 2

    client.force_login(admin)
    client.post(reverse("people:account-disable", args=[auditor.pk]))
    auditor.refresh_from_db()
    assert not auditor.is_active


# ---------------------------------------------------------------------------------------------
# passwords


def test_a_weak_temporary_password_shows_the_error_and_changes_nothing(
    client: Client, as_sysadmin: User, inside: User
) -> None:
    url = reverse("people:account-password", args=[inside.pk])
    for data in (
        {"password": "123", "password_again": "123"},
        {"password": "zhangsan-2026", "password_again": "zhangsan-2026"},  # has the user name
        {"password": PASSWORD, "password_again": PASSWORD},  # the password in force
        {"password": NEW_PASSWORD, "password_again": "Other-Pass-2026!"},
        {"password": "", "password_again": ""},
    ):
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 200 and 'aria-invalid="true"' in page, data
    inside.refresh_from_db()
    assert inside.check_password(PASSWORD)
    assert not AuditLog.objects.filter(action="people.account.password_reset").exists()


def test_resetting_the_password_sets_it_and_ends_the_sessions(
    client: Client, as_sysadmin: User, inside: User
) -> None:
    theirs = Client()
    theirs.force_login(inside)
    response = client.post(
        reverse("people:account-password", args=[inside.pk]),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302
    inside.refresh_from_db()
    assert inside.check_password(NEW_PASSWORD) and not inside.check_password(PASSWORD)
    assert "_auth_user_id" not in theirs.session
    row = AuditLog.objects.get(action="people.account.password_reset")
    assert row.actor == as_sysadmin and row.detail == {"sessions_ended": 1}
    assert NEW_PASSWORD not in str(row.detail) + row.object_repr


# ---------------------------------------------------------------------------------------------
# creating a log-in


def test_the_person_search_shows_name_and_node_only(
    client: Client, tree: Tree, as_sysadmin: User, inside: User
) -> None:
    person = PersonFactory.create(node=tree.building, name="张小明")
    PersonFactory.create(node=tree.village_grid, name="张远方")  # outside the scope
    page = page_of(client, reverse("people:account-new"), q="张")
    assert "张小明" in page and "1号楼" in page
    assert "张远方" not in page and "张三" not in page  # 张三 has a log-in already
    assert person.phone not in page and person.phone_masked not in page and person.id_number not in page
    assert reverse("people:account-new-for", args=[person.pk]) in page
    assert "张小明" in page_of(client, reverse("people:account-new"), q="zxm")


def test_the_system_administrator_creates_a_log_in(client: Client, tree: Tree, as_sysadmin: User) -> None:
    person = PersonFactory.create(node=tree.building, name="张小明")
    url = reverse("people:account-new-for", args=[person.pk])
    assert "张小明" in page_of(client, url)
    weak = client.post(url, {"username": "zxm", "password": "123", "password_again": "123"})
    assert weak.status_code == 200 and 'aria-invalid="true"' in weak.content.decode()
    taken = client.post(
        url, {"username": "SYSADMIN", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert taken.status_code == 200 and "This user name is taken." in taken.content.decode()
    assert not User.objects.filter(username="zxm").exists()
    assert Person.objects.get(pk=person.pk).user is None

    response = client.post(url, {"username": "zxm", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    account = User.objects.get(username="zxm")
    assert response.status_code == 302 and response["Location"] == detail(account.pk)
    assert Person.objects.get(pk=person.pk).user == account and account.check_password(NEW_PASSWORD)
    row = AuditLog.objects.get(action="people.account.create")
    assert row.actor == as_sysadmin and row.detail == {"person": person.pk}
    # A second time: the person has a log-in, so the page leads to it.
    assert client.get(url)["Location"] == detail(account.pk)


def test_a_person_outside_the_scope_answers_404(client: Client, tree: Tree, as_sysadmin: User) -> None:
    person = PersonFactory.create(node=tree.village_grid, name="李远方")
    url = reverse("people:account-new-for", args=[person.pk])
    assert client.get(url).status_code == 404
    data = {"username": "lyf", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    assert client.post(url, data).status_code == 404
    assert not User.objects.filter(username="lyf").exists()


# ---------------------------------------------------------------------------------------------
# what the system administrator does not see


def test_the_system_administrator_sees_no_personal_or_business_data(
    client: Client, as_sysadmin: User, inside: User
) -> None:
    person = Person.objects.get(user=inside)
    for url in (
        reverse("people:list"),
        reverse("people:detail", args=[person.pk]),
        reverse("people:edit", args=[person.pk]),
        reverse("people:grant", args=[person.pk]),
        reverse("cases"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("people:reveal", args=[person.pk, "phone"])).status_code == 404
    assert not AuditLog.objects.filter(action="people.person.reveal", outcome=AuditOutcome.SUCCESS).exists()


def test_the_navigation_shows_accounts_to_the_system_administrator_only(
    client: Client, as_sysadmin: User, worker: User
) -> None:
    assert reverse("people:accounts") in page_of(client, reverse("workbench"))
    client.force_login(worker)
    assert reverse("people:accounts") not in page_of(client, reverse("workbench"))
    assert client.get(reverse("people:accounts")).status_code == 404

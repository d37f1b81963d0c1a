"""A password someone else chose (a new account, an administrator's reset) is changed at the
next log-in: until then every page leads to the password-change page (等保 2.0)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lianxin.core.roles import Role
from lianxin.demo.logins import DEMO_PASSWORD
from lianxin.people.account_services import account_password_reset
from lianxin.people.models import User
from lianxin.people.services import account_create, account_password_set
from tests.conftest import Tree
from tests.factories import PASSWORD, PersonFactory, UserFactory, grant

TEMPORARY = "Temp-Pass-2026!"
OWN = "Own-Choice-2026#"
WHY = "Your password was chosen by someone else. Choose a new password of your own before you go on."


@pytest.fixture
def holder(tree: Tree) -> User:
    """A community worker of 东一社区 whose person is registered in a building there."""
    user = UserFactory.create(username="zhangsan")
    PersonFactory.create(node=tree.building, user=user)
    grant(user, Role.COMMUNITY_WORKER, tree.community)
    return user


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def flagged(user: User) -> bool:
    return User.objects.get(pk=user.pk).must_change_password


def change_page() -> str:
    return reverse("password-change")


@pytest.fixture
def reset_holder(sysadmin: User, holder: User) -> Client:
    """The administrator resets the holder's password on the account page; the holder's client."""
    admin = english()
    admin.force_login(sysadmin)
    response = admin.post(
        reverse("people:account-password", args=[holder.pk]),
        {"password": TEMPORARY, "password_again": TEMPORARY},
    )
    assert response.status_code == 302
    assert flagged(holder)
    theirs = english()
    theirs.force_login(User.objects.get(pk=holder.pk))
    return theirs


# ---------------------------------------------------------------------------------------------
# the demand and who sets or clears it


def test_the_reset_page_says_the_user_will_choose_a_new_password(sysadmin: User, holder: User) -> None:
    admin = english()
    admin.force_login(sysadmin)
    page = admin.get(reverse("people:account-detail", args=[holder.pk])).content.decode()
    assert "they will be asked to choose a new password at the next log-in" in page
    assert "should change it at once" not in page


def test_an_administrators_reset_sets_the_demand(tree: Tree, sysadmin: User, holder: User) -> None:
    assert not flagged(holder)
    account_password_reset(actor=sysadmin, user=holder, password=TEMPORARY)
    assert flagged(holder)


def test_a_refused_reset_leaves_the_account_alone(tree: Tree, sysadmin: User, holder: User) -> None:
    with pytest.raises(ValidationError):
        account_password_reset(actor=sysadmin, user=holder, password="short")
    assert not flagged(holder) and User.objects.get(pk=holder.pk).check_password(PASSWORD)


def test_a_new_log_in_must_change_its_first_password(tree: Tree, sysadmin: User) -> None:
    person = PersonFactory.create(node=tree.building)
    user = account_create(actor=sysadmin, person=person, username="newcomer", password=TEMPORARY)
    assert flagged(user)


def test_the_users_own_change_clears_the_demand_and_anyone_elses_sets_it(
    tree: Tree, holder: User, worker: User
) -> None:
    account_password_set(actor=holder, user=holder, password=OWN)
    assert not flagged(holder)
    # Someone who may change the person sets a password: the holder changes it again.
    account_password_set(actor=worker, user=holder, password=TEMPORARY)
    assert flagged(holder)
    account_password_set(actor=holder, user=holder, password="Another-Own-2026%")
    assert not flagged(holder)


# ---------------------------------------------------------------------------------------------
# what the flagged user meets


def test_the_log_in_works_and_the_next_page_is_the_password_page(sysadmin: User, holder: User) -> None:
    account_password_reset(actor=sysadmin, user=holder, password=TEMPORARY)
    theirs = english()
    response = theirs.post(reverse("login"), {"username": "zhangsan", "password": TEMPORARY})
    assert response.status_code == 302 and "_auth_user_id" in theirs.session
    for url in (reverse("workbench"), reverse("app-home"), reverse("people:list"), reverse("notifications")):
        response = theirs.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == change_page()
    page = theirs.get(reverse("workbench"), follow=True)
    assert page.redirect_chain == [(change_page(), 302)]
    assert WHY in page.content.decode()
    # A write is refused the same way and changes nothing.
    response = theirs.post(reverse("people:account-password", args=[sysadmin.pk]), {"password": OWN})
    assert response.status_code == 302 and response["Location"] == change_page()


def test_the_api_answers_403_with_a_code(reset_holder: Client) -> None:
    for url in ("/api/v1/me", "/open311/v2/services.json"):
        response = reset_holder.get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert body["code"] == "password_change_required" and body["message"] == WHY
    response = reset_holder.post("/api/v1/cases", {}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "password_change_required"


def test_htmx_requests_are_sent_to_the_password_page(reset_holder: Client) -> None:
    response = reset_holder.get(reverse("workbench"), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response["HX-Redirect"] == change_page()
    assert response.json()["code"] == "password_change_required"


def test_the_open_pages_stay_open(reset_holder: Client) -> None:
    assert reset_holder.get(change_page()).status_code == 200
    assert reset_holder.get(reverse("healthz")).status_code != 302
    response = reset_holder.post(reverse("set_language"), {"language": "en", "next": change_page()})
    assert response.status_code == 302 and response["Location"] == change_page()
    for url in ("/static/lianxin.css", "/media/nothing.png"):
        response = reset_holder.get(url)
        assert response.get("Location") != change_page(), url
    # The second-factor pages are reached before the password page.
    assert reset_holder.get(reverse("two-factor-setup")).status_code == 200
    response = reset_holder.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] != change_page()
    assert "_auth_user_id" not in reset_holder.session


def test_the_second_factor_comes_before_the_new_password(sysadmin: User, holder: User, settings: Any) -> None:
    settings.OTP_REQUIRED_FOR_STAFF = True
    account_password_reset(actor=sysadmin, user=holder, password=TEMPORARY)
    theirs = english()
    theirs.post(reverse("login"), {"username": "zhangsan", "password": TEMPORARY})
    response = theirs.get(reverse("workbench"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))
    assert theirs.get(response["Location"]).status_code == 200


# ---------------------------------------------------------------------------------------------
# choosing a new password


def test_the_new_password_must_differ_from_the_temporary_one(reset_holder: Client, holder: User) -> None:
    response = reset_holder.post(
        change_page(),
        {"old_password": TEMPORARY, "new_password1": TEMPORARY, "new_password2": TEMPORARY},
    )
    assert response.status_code == 200
    assert "The password may not be one of your last 5 passwords." in response.content.decode()
    assert flagged(holder)
    assert reset_holder.get(reverse("workbench")).status_code == 302


def test_changing_the_password_clears_the_demand_and_the_pages_work_again(
    reset_holder: Client, holder: User
) -> None:
    response = reset_holder.post(
        change_page(), {"old_password": TEMPORARY, "new_password1": OWN, "new_password2": OWN}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not flagged(holder)
    assert User.objects.get(pk=holder.pk).check_password(OWN)
    # Still logged in (the session survives its own password change), and nothing is blocked.
    assert reset_holder.get(reverse("workbench")).status_code == 200
    assert reset_holder.get("/api/v1/me").status_code == 200
    assert reset_holder.get(reverse("workbench"), headers={"HX-Request": "true"}).status_code == 200


def test_an_account_nobody_reset_is_never_sent_to_the_password_page(holder: User) -> None:
    theirs = english()
    assert theirs.post(reverse("login"), {"username": "zhangsan", "password": PASSWORD}).status_code == 302
    assert theirs.get(reverse("workbench")).status_code == 200
    assert theirs.get("/api/v1/me").status_code == 200


# ---------------------------------------------------------------------------------------------
# the demo


@pytest.mark.django_db
def test_the_demo_log_ins_are_not_asked_for_a_new_password(built_demo: Any) -> None:
    assert User.objects.filter(username="system_admin").exists()
    assert not User.objects.filter(must_change_password=True).exists()
    client = english()
    assert (
        client.post(reverse("login"), {"username": "grid_worker", "password": DEMO_PASSWORD}).status_code
        == 302
    )
    assert client.get(reverse("workbench")).status_code == 200

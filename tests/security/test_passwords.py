"""Password rules: complexity, not the user name, and none of the last five passwords."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lianxin.people.models import User
from lianxin.people.services import account_create
from tests.conftest import Tree
from tests.factories import PASSWORD, PersonFactory, UserFactory


def problems(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [error.code or "" for error in exc.error_list]
    return []


@pytest.mark.django_db
def test_complexity_rules() -> None:
    user = User(username="zhangsan")
    assert problems("Short-1a", user) == ["password_too_short"]
    assert "password_too_simple" in problems("onlylowercase2026", user)  # two kinds
    assert problems("lowercase-2026", user) == []  # small letters, symbol, digits
    assert problems("Lianxin@2026", user) == []
    assert "password_has_username" in problems("ZhangSan-2026!", user)


@pytest.mark.django_db
def test_messages_say_what_is_wrong() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password("abc", User(username="lisi"))
    text = " ".join(caught.value.messages)
    assert "at least 10 characters" in text and "three of" in text


def change(client: Client, old: str, new: str) -> int:
    response = client.post(
        reverse("password-change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )
    return response.status_code


@pytest.mark.django_db
def test_the_last_five_passwords_may_not_be_used_again(client: Client) -> None:
    user = UserFactory.create(username="wangwu")
    client.force_login(user)
    with pytest.raises(ValidationError, match="last 5 passwords"):
        validate_password(PASSWORD, user)
    passwords = [PASSWORD] + [f"New-pass-20{n}x" for n in range(5)]
    for old, new in itertools.pairwise(passwords):
        assert change(client, old, new) == 302
    current = passwords[-1]
    # The current one and the four before it are refused; the page shows why.
    for reused in passwords[1:]:
        response = client.post(
            reverse("password-change"),
            {"old_password": current, "new_password1": reused, "new_password2": reused},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"]
    # The first password is six changes ago: allowed again.
    assert change(client, current, PASSWORD) == 302
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_account_creation_applies_the_rules(tree: Tree) -> None:
    admin = UserFactory.create(is_superuser=True)
    person = PersonFactory.create(node=tree.grid)
    with pytest.raises(ValidationError) as caught:
        account_create(actor=admin, person=person, username="liuliu", password="liuliu2026")
    assert "password" in caught.value.message_dict
    assert not User.objects.filter(username="liuliu").exists()
    user = account_create(actor=admin, person=person, username="liuliu", password="Grid@Work-2026")
    assert user.check_password("Grid@Work-2026")

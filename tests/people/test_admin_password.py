"""A password set through Django's admin follows the account pages' rules."""

from __future__ import annotations

import pytest
from django.test import Client

from lianxin.core.models import AuditLog
from lianxin.people.models import User
from tests.factories import UserFactory

NEW = "Lianxin-admin-2026!"


@pytest.fixture
def admin(db: None) -> User:
    """A superuser who may use Django's admin."""
    return UserFactory.create(is_superuser=True, is_staff=True)


def change_password(client: Client, user: User, password: str, again: str | None = None) -> int:
    url = f"/admin/people/user/{user.pk}/password/"
    response = client.post(
        url, {"password1": password, "password2": again or password, "usable_password": "true"}
    )
    return response.status_code


def test_a_password_set_for_someone_else_must_be_changed_and_is_audited(client: Client, admin: User) -> None:
    client.force_login(admin)
    user = UserFactory.create(username="lisi")
    assert change_password(client, user, NEW) == 302
    user.refresh_from_db()
    assert user.check_password(NEW) and user.must_change_password
    row = AuditLog.objects.get(action="auth.password_change")
    assert row.actor == admin and row.object_id == str(user.pk) and row.detail == {"via": "admin"}
    assert NEW not in str(row.detail)


def test_ones_own_password_set_there_needs_no_change(client: Client, admin: User) -> None:
    client.force_login(admin)
    assert change_password(client, admin, NEW) == 302
    admin.refresh_from_db()
    assert admin.check_password(NEW) and not admin.must_change_password
    assert AuditLog.objects.filter(action="auth.password_change", actor=admin).count() == 1


def test_a_refused_password_changes_nothing(client: Client, admin: User) -> None:
    client.force_login(admin)
    user = UserFactory.create(username="wangwu")
    assert change_password(client, user, NEW, again="Something-else-2026!") == 200
    assert change_password(client, user, "123") == 200  # too weak for the password rules
    user.refresh_from_db()
    assert not user.check_password(NEW) and not user.must_change_password
    assert not AuditLog.objects.filter(action="auth.password_change").exists()

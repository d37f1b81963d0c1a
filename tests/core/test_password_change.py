"""Anyone logged in changes their own password; the change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.urls import reverse

from lianxin.core.models import AuditLog
from tests.factories import PASSWORD, UserFactory

OLD = PASSWORD


def test_a_wrong_old_password_is_refused_in_chinese_and_changes_nothing(client: Any, db: None) -> None:
    user = UserFactory.create(username="zhang")
    client.force_login(user)
    response = client.post(
        reverse("password-change"),
        {"old_password": "wrong", "new_password1": "Xin-mima-2027", "new_password2": "Xin-mima-2027"},
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert "旧密码" in response.content.decode()
    assert authenticate(username="zhang", password=OLD) is not None
    assert not AuditLog.objects.filter(action="auth.password_change").exists()


def test_the_new_password_works_and_the_session_stays(client: Any, db: None) -> None:
    user = UserFactory.create(username="li")
    client.force_login(user)
    response = client.post(
        reverse("password-change"),
        {"old_password": OLD, "new_password1": "Xin-mima-2027", "new_password2": "Xin-mima-2027"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert authenticate(username="li", password="Xin-mima-2027") == user
    assert client.get(reverse("app-me")).status_code == 200  # still logged in
    assert AuditLog.objects.filter(action="auth.password_change", actor=user).count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client: Any, db: None) -> None:
    response = client.get(reverse("password-change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lianxin.core.middleware import client_ip
from lianxin.core.security import lockout


class LockoutMixin:
    """Refuses a locked account or address before its password is checked; counts failures."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        ip = client_ip(self.request) if self.request is not None else None
        locked = lockout.active_lockout(username=username, ip=ip)
        if locked is not None:
            lockout.refused_record(lockout=locked, username=username, ip=ip)
            raise ValidationError(lockout.lockout_message(locked), code="locked")
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except ValidationError as exc:
            if username and getattr(exc, "code", None) == "invalid_login":
                new = lockout.failure_record(username=username, ip=ip)
                if new is not None:
                    raise ValidationError(lockout.lockout_message(new), code="locked") from exc
            raise
        lockout.failures_clear(username=username)
        return cleaned


class LoginForm(LockoutMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    pass


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

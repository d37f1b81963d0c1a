"""Forms of the account pages (账号管理)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.core.roles import Cap
from lianxin.people.forms import RoleGrantForm


class AccountGrantForm(RoleGrantForm):
    """A role on a node of the actor's scope. Every role is listed: the service explains why an
    administrator role is refused to anyone but a superuser."""

    capability = Cap.ACCOUNTS_MANAGE
    lists_admin_roles = True


class PasswordResetForm(StyledForm):
    password = forms.CharField(
        label=_("Temporary password"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Tell it to the account holder in person; they will be asked to choose a new password "
            "at the next log-in."
        ),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data

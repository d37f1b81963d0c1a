"""Password rules (GB/T 22239-2019 level 3): complexity and no reuse of recent passwords.

Both are ``AUTH_PASSWORD_VALIDATORS``, so every place that calls ``validate_password`` (the
password-change page, account creation, the admin) applies them.
"""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lianxin.core.security.models import PasswordHistory


def _classes(password: str) -> int:
    kinds = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or c in string.punctuation for c in password),
    ]
    return sum(kinds)


class ComplexityValidator:
    """At least ``min_length`` characters, three of four kinds, and not the user name."""

    def __init__(self, min_length: int = 10, min_classes: int = 3) -> None:
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    ngettext(
                        "The password must have at least %(n)d character.",
                        "The password must have at least %(n)d characters.",
                        self.min_length,
                    )
                    % {"n": self.min_length},
                    code="password_too_short",
                )
            )
        if _classes(password) < self.min_classes:
            errors.append(
                ValidationError(
                    _(
                        "The password must mix at least three of: capital letters, small letters, "
                        "digits and symbols."
                    ),
                    code="password_too_simple",
                )
            )
        username = (getattr(user, "username", "") or "").strip().lower() if user is not None else ""
        if len(username) >= 3 and username in password.lower():
            errors.append(
                ValidationError(
                    _("The password may not contain the user name."), code="password_has_username"
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _(
            "At least %(n)d characters, mixing three of: capital letters, small letters, digits and "
            "symbols; not the user name."
        ) % {"n": self.min_length}


class HistoryValidator:
    """None of the user's last ``keep`` passwords may be used again."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def _recent(self, user: Any) -> list[str]:
        if user is None or getattr(user, "pk", None) is None:
            return []
        return list(
            PasswordHistory.objects.filter(user=user)
            .order_by("-at", "-pk")
            .values_list("password", flat=True)[: self.keep]
        )

    def validate(self, password: str, user: Any = None) -> None:
        hashes = self._recent(user)
        if user is not None and getattr(user, "pk", None) is not None:
            # The password in force now, for accounts made before the history was kept.
            stored = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
            if stored:
                hashes.append(stored)
        if any(check_password(password, encoded) for encoded in hashes if encoded):
            raise ValidationError(
                ngettext(
                    "The password may not be one of your last %(n)d password.",
                    "The password may not be one of your last %(n)d passwords.",
                    self.keep,
                )
                % {"n": self.keep},
                code="password_reused",
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        """Called by Django after a password is saved: keep its hash, drop the oldest."""
        if user is None or getattr(user, "pk", None) is None or not user.password:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        old = (
            PasswordHistory.objects.filter(user=user)
            .order_by("-at", "-pk")
            .values_list("pk", flat=True)[self.keep :]
        )
        PasswordHistory.objects.filter(pk__in=list(old)).delete()

    def get_help_text(self) -> str:
        return ngettext(
            "Not one of your last %(n)d password.", "Not one of your last %(n)d passwords.", self.keep
        ) % {"n": self.keep}

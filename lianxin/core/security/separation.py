"""三员分立: one account holds at most one of the system, security and audit administrator duties."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lianxin.core import scope
from lianxin.core.roles import CAPABILITIES, SEPARATED_DUTIES


def duties_of(role: str) -> set[str]:
    return {cap for cap in SEPARATED_DUTIES if cap in CAPABILITIES.get(role, ())}


def check_separation(*, user: Any, role: str) -> None:
    """Refuse a grant that would give ``user`` a second administrator duty."""
    new = duties_of(role)
    if not new:
        return
    held: set[str] = set()
    for other in scope.user_roles(user):
        if other != role:
            held |= duties_of(other)
    if held - new:
        raise ValidationError(
            {
                "role": [
                    _(
                        "The system, security and audit administrator duties must be held by different "
                        "people; this account already holds another one."
                    )
                ]
            }
        )

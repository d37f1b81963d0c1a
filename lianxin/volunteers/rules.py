"""Who may do what with volunteer service. Staff act by capability on the area of the brand or
team (a record's area is its team's node); a volunteer acts on their own sign-ups and record."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap
from lianxin.people.models import Person
from lianxin.volunteers.models import (
    Activity,
    Brand,
    Certificate,
    Correction,
    Membership,
    RecordEntry,
    SignUp,
    Team,
)


def area_path(obj: Any) -> str | None:
    """The path of the node that decides who sees ``obj``."""
    if hasattr(obj, "path"):
        return str(obj.path)
    if isinstance(obj, Brand | Team | RecordEntry | Person):
        return obj.node.path
    if isinstance(obj, Membership | Activity):
        return obj.team.node.path
    if isinstance(obj, SignUp):
        return obj.activity.team.node.path
    if isinstance(obj, Correction):
        return obj.signup.activity.team.node.path
    if isinstance(obj, Certificate):
        return obj.issuer.path
    return None


def owner_id(obj: Any) -> int | None:
    """The person a volunteer's own record belongs to."""
    if isinstance(obj, Person):
        return obj.pk
    if isinstance(obj, SignUp | Membership | Certificate | RecordEntry):
        return obj.person_id
    if isinstance(obj, Correction):
        return obj.signup.person_id
    return None


@rules.predicate
def is_own(user: Any, obj: Any = None) -> bool:
    """``obj`` belongs to the person whose log-in ``user`` is."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    pid = owner_id(obj)
    if pid is None:
        return False
    return Person.objects.filter(pk=pid, user_id=user.pk).exists()


can_view = scoped_predicate(Cap.VOLUNTEERS_VIEW, area_path)
can_manage = scoped_predicate(Cap.VOLUNTEERS_MANAGE, area_path)

rules.add_perm("volunteers.view", can_view)  # obj: a node or any volunteer record
rules.add_perm("volunteers.manage", can_manage)  # obj: a node (for a new brand) or any record
rules.add_perm("volunteers.own", can_manage | is_own)  # obj: a sign-up, correction, certificate, person

"""Who is who on a case. Parties are decided per case, from capabilities and scope."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.casework.workflow import Party
from lianxin.core import scope
from lianxin.core.roles import Cap


def parties(actor: Any, case: Any) -> set[Party]:
    """The parties the actor is on this case (may be several, or none)."""
    found: set[Party] = set()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return found
    area = case.node.path
    if scope.in_scope(actor, Cap.CASES_DISPATCH, area):
        found.add(Party.DISPATCHER)
    if case.unit_id is not None and scope.in_scope(actor, Cap.CASES_HANDLE, case.unit.path):
        found.add(Party.UNIT)
    if case.reporter_user_id is not None and case.reporter_user_id == actor.pk:
        found.add(Party.REPORTER)
    if scope.in_scope(actor, Cap.CASES_SUPERVISE, area):
        found.add(Party.SUPERVISOR)
    return found


@rules.predicate
def can_take_intake(user: Any, node: Any = None) -> bool:
    if node is None:
        return scope.has_capability(user, Cap.CASES_INTAKE)
    return scope.in_scope(user, Cap.CASES_INTAKE, node.path)


@rules.predicate
def can_dispatch_to(user: Any, node: Any = None) -> bool:
    if node is None:
        return scope.has_capability(user, Cap.CASES_DISPATCH)
    return scope.in_scope(user, Cap.CASES_DISPATCH, node.path)


rules.add_perm("casework.intake_case", can_take_intake)  # obj: the case's area
rules.add_perm("casework.dispatch_to", can_dispatch_to)  # obj: the unit a case goes to

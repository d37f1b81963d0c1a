"""Who may do what with notices and events. Staff act by capability on the record's area; a
unit liaison signs up the staff of their unit. Residents and members act on what is addressed
to them (the selectors decide that)."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap


def area_path(obj: Any) -> str | None:
    """A node's own path, or the path of the area a notice or event sits at."""
    if hasattr(obj, "path"):
        return obj.path
    node = getattr(obj, "node", None)
    return node.path if node is not None else None


rules.add_perm("events.manage_notices", scoped_predicate(Cap.NOTICES_MANAGE, area_path))
rules.add_perm("events.view", scoped_predicate(Cap.EVENTS_VIEW, area_path))
rules.add_perm("events.manage", scoped_predicate(Cap.EVENTS_MANAGE, area_path))
rules.add_perm("events.unit_signup", scoped_predicate(Cap.EVENTS_UNIT_SIGNUP, area_path))  # obj: a unit

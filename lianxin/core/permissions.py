"""The one permission vocabulary: django-rules predicates built from capabilities and scope.

``scoped_predicate(cap, path_of)`` answers "does the user hold ``cap`` on the subtree that
contains this object?"; with no object it answers "anywhere?". Apps register their perms in
their own ``rules.py`` with it; services call ``require``; templates use ``{% has_perm %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.http import Http404

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome


class NotInScope(Http404):
    """The object is outside the actor's scope: answered as 404, never 403."""


def scoped_predicate(capability: str, path_of: Callable[[Any], str | None]) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return scope.has_capability(user, capability)
        return scope.in_scope(user, capability, path_of(obj))

    return rules.predicate(check, name=f"scoped:{capability}")


def node_path(obj: Any) -> str | None:
    return getattr(obj, "path", None)


def require(actor: Any, perm: str, obj: Any = None, *, action: str) -> None:
    """Raise NotInScope (404) unless ``actor`` has ``perm`` on ``obj``; a denial is audited.

    Call it before opening the write transaction, so the audit row of a denial survives and
    nothing else is written.
    """
    if actor is not None and actor.has_perm(perm, obj):
        return
    audit_record(
        actor=actor,
        action=action,
        obj=obj if getattr(obj, "pk", None) is not None else None,
        outcome=AuditOutcome.DENIED,
        detail={"perm": perm},
    )
    raise NotInScope

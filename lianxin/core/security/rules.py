"""Security administration acts district-wide: lock-outs are keyed by user name and client
address, not by org node, so the capability counts only when granted on a root node."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import STEPLEN


def holds_at_root(capability: str) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        if scope.is_superuser(user):
            return True
        return any(len(path) == STEPLEN for path in scope.scope_paths(user, capability))

    return rules.predicate(check, name=f"root:{capability}")


rules.add_perm("security.manage", holds_at_root(Cap.SECURITY_MANAGE))

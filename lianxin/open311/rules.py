"""Who may manage Open311 clients: whoever manages the org tree where the client's service
account takes in requests."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.open311.models import Client


@rules.predicate
def can_manage_client(user: Any, obj: Any = None) -> bool:
    """``obj``: a client, or the service account a client would act as."""
    if obj is None:
        return scope.has_capability(user, Cap.ORGS_MANAGE)
    account = obj.user if isinstance(obj, Client) else obj
    return any(
        scope.in_scope(user, Cap.ORGS_MANAGE, path) for path in scope.scope_paths(account, Cap.CASES_INTAKE)
    )


rules.add_perm("open311.manage_client", can_manage_client)

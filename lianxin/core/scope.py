"""Who may do what where: a user's capabilities resolved to org subtrees.

Every selector filters with ``scope_q``; every object check uses ``in_scope``. A user's
grants are read once per user object (one query) and kept on it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lianxin.core.roles import CAPABILITIES
from lianxin.core.tree import ancestor_paths, any_subtree_q, collapse_paths

NOTHING = Q(pk__in=[])


def _grants(user: Any) -> list[tuple[str, str]]:
    """(role, node path) of the user's grants valid today."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_lianxin_grants", None)
    if cached is None:
        from lianxin.core.models import RoleGrant

        cached = list(RoleGrant.objects.filter(user_id=user.pk).in_force().values_list("role", "node__path"))
        user._lianxin_grants = cached
    return cached


def forget(user: Any) -> None:
    """Drop the cached grants (after a grant changes)."""
    if hasattr(user, "_lianxin_grants"):
        del user._lianxin_grants


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def user_roles(user: Any) -> set[str]:
    return {role for role, _path in _grants(user)}


def scope_paths(user: Any, capability: str) -> list[str]:
    """Top node paths of the subtrees where ``user`` has ``capability``."""
    return collapse_paths(path for role, path in _grants(user) if capability in CAPABILITIES.get(role, ()))


def has_capability(user: Any, capability: str) -> bool:
    """True if the user may do ``capability`` somewhere."""
    return is_superuser(user) or bool(scope_paths(user, capability))


def scope_q(user: Any, capability: str, field: str = "path") -> Q:
    """Q limiting a query to the user's subtrees for ``capability``; ``field`` names the path."""
    if is_superuser(user):
        return Q()
    return any_subtree_q(scope_paths(user, capability), field) or NOTHING


def in_scope(user: Any, capability: str, path: str | None) -> bool:
    """True if the node at ``path`` lies in one of the user's subtrees for ``capability``."""
    if is_superuser(user):
        return True
    if not path:
        return False
    return any(path.startswith(top) for top in scope_paths(user, capability))


def holders(capability: str, path: str) -> Any:
    """Active users holding ``capability`` on ``path`` (through a grant on it or above it)."""
    from lianxin.core.models import RoleGrant
    from lianxin.people.models import User

    grants = RoleGrant.objects.in_force().filter(
        role__in=[role for role, caps in CAPABILITIES.items() if capability in caps],
        node__path__in=ancestor_paths(path),
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id"))

"""Who may do what with studios. Staff act by capability on the studio's area; a representative
acts on their own duty (their sessions, links and what was raised with them)."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core import scope
from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap
from lianxin.liaison.models import Concern, Contact, Link, Representative, Session, Studio


def studio_of(obj: Any) -> Studio | None:
    """The studio a liaison record belongs to (a studio stands for itself)."""
    if isinstance(obj, Studio):
        return obj
    if isinstance(obj, Representative | Session):
        return obj.studio
    if isinstance(obj, Link | Concern):
        return obj.representative.studio
    if isinstance(obj, Contact):
        return obj.link.representative.studio
    return None


def area_path(obj: Any) -> str | None:
    """The path of the node that decides who sees ``obj``: a node itself, or its studio's node."""
    if hasattr(obj, "path"):
        return obj.path
    studio = studio_of(obj)
    return studio.node.path if studio is not None else None


def is_serving(user: Any, representative: Any) -> bool:
    """``user`` is this representative, still on duty, with the representative role there."""
    return (
        representative is not None
        and representative.ended_on is None
        and representative.person.user_id is not None
        and representative.person.user_id == getattr(user, "pk", None)
        and scope.in_scope(user, Cap.LIAISON_SERVE, representative.studio.node.path)
    )


def serves_in(user: Any, studio: Any) -> bool:
    """``user`` is a representative on duty in ``studio``."""
    if not scope.in_scope(user, Cap.LIAISON_SERVE, studio.node.path):
        return False
    return studio.representatives.filter(person__user_id=user.pk, ended_on__isnull=True).exists()


can_view = scoped_predicate(Cap.LIAISON_VIEW, area_path)
can_manage = scoped_predicate(Cap.LIAISON_MANAGE, area_path)


@rules.predicate
def is_the_representative(user: Any, obj: Any = None) -> bool:
    """obj: a Representative, or a Link, Concern or Contact of one."""
    if obj is None:
        return scope.has_capability(user, Cap.LIAISON_SERVE)
    if isinstance(obj, Representative):
        return is_serving(user, obj)
    if isinstance(obj, Link | Concern):
        return is_serving(user, obj.representative)
    if isinstance(obj, Contact):
        return is_serving(user, obj.link.representative)
    return False


@rules.predicate
def serves_in_studio(user: Any, obj: Any = None) -> bool:
    """obj: a Session or a Studio."""
    if obj is None:
        return scope.has_capability(user, Cap.LIAISON_SERVE)
    studio = studio_of(obj)
    return studio is not None and serves_in(user, studio)


rules.add_perm("liaison.view", can_view)  # obj: a node or any liaison record
rules.add_perm("liaison.manage", can_manage)  # obj: a node (for a new studio) or any liaison record
rules.add_perm("liaison.work_session", can_manage | serves_in_studio)  # obj: a Session or Studio
rules.add_perm("liaison.record_contact", can_manage | is_the_representative)  # obj: a Link
rules.add_perm("liaison.raise_case", is_the_representative)  # obj: a Concern

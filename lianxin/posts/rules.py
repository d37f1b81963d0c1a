"""Who may do what with posts and in-service members. Staff act by capability on the community's
area; an employer unit's party organisation on reports of its own members (``employer`` in its
subtree); a member on their own report, claims and services."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core import scope
from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap
from lianxin.core.tree import STEPLEN
from lianxin.posts.models import (
    Claim,
    DutyServed,
    ListVersion,
    Need,
    Post,
    QuarterComment,
    Report,
    ServiceRecord,
    Shift,
)

SUBDISTRICT_DEPTH = 2  # district 1, subdistrict 2


def report_of(obj: Any) -> Report | None:
    if isinstance(obj, Report):
        return obj
    if isinstance(obj, Claim | ServiceRecord | QuarterComment):
        return obj.report
    return None


def area_path(obj: Any) -> str | None:
    """The path of the node that decides who sees ``obj``: a node itself, or its community."""
    if hasattr(obj, "path"):
        return str(obj.path)
    if isinstance(obj, Post | Need | ListVersion):
        return obj.community.path
    if isinstance(obj, Shift | DutyServed):
        return obj.post.community.path
    report = report_of(obj)
    return report.community.path if report is not None else None


def is_own(user: Any, obj: Any) -> bool:
    report = report_of(obj)
    return (
        report is not None
        and getattr(user, "is_authenticated", False)
        and report.person.user_id is not None
        and report.person.user_id == user.pk
    )


@rules.predicate
def is_the_member(user: Any, obj: Any = None) -> bool:
    """obj: the member's own report, claim or service."""
    return obj is not None and is_own(user, obj)


@rules.predicate
def is_the_employer(user: Any, obj: Any = None) -> bool:
    """obj: a report (or its claim, service) of a member employed in the user's units."""
    if obj is None:
        return scope.has_capability(user, Cap.POSTS_EMPLOYER)
    report = report_of(obj)
    return report is not None and scope.in_scope(user, Cap.POSTS_EMPLOYER, report.employer.path)


def keeps_rules(user: Any) -> bool:
    """Points rules are kept at subdistrict level or above: a superuser, or POSTS_MANAGE granted
    on a subdistrict or the district."""
    if scope.is_superuser(user):
        return True
    return any(len(path) <= SUBDISTRICT_DEPTH * STEPLEN for path in scope.scope_paths(user, Cap.POSTS_MANAGE))


can_view = scoped_predicate(Cap.POSTS_VIEW, area_path)
can_manage = scoped_predicate(Cap.POSTS_MANAGE, area_path)

rules.add_perm("posts.view", can_view)  # obj: a node or any posts record
rules.add_perm("posts.manage", can_manage)  # obj: a node or any posts record
rules.add_perm("posts.see_report", can_view | is_the_employer | is_the_member)  # obj: report, claim, service
rules.add_perm("posts.employer", is_the_employer)  # obj: a report
rules.add_perm("posts.member", is_the_member)  # obj: the member's own report, claim or service
rules.add_perm("posts.keep_rules", rules.predicate(lambda user: keeps_rules(user)))

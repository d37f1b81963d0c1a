"""Who may see and do what in a campaign.

Two ways in. A role's capabilities on the node that runs the campaign (or above it) open the
whole campaign: ``campaigns.view`` to read everything, ``campaigns.manage`` to set it up and
``campaigns.inspect`` to score and inspect. A command post's own people — its commander and
members, through their log-ins, holding ``campaigns.work`` somewhere — see and work on their
own post only: its tasks, figures, findings and scores. Whoever a task names as responsible
sees that task too (人人知任务).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lianxin.core import scope
from lianxin.core.roles import Cap

_CACHE = "_lianxin_campaign_posts"


def _memberships(user: Any) -> dict[int, int]:
    """Command post id → campaign id, for the posts the user leads or is a member of (read
    once per user object; nothing without ``campaigns.work`` somewhere)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is None:
        from lianxin.campaigns.models import CommandPost

        cached = {}
        if scope.has_capability(user, Cap.CAMPAIGNS_WORK):
            people = Q(leader__user_id=user.pk) | Q(members__person__user_id=user.pk)
            cached = dict(
                CommandPost.objects.filter(people).order_by().values_list("pk", "campaign_id").distinct()
            )
        setattr(user, _CACHE, cached)
    return cached


def post_ids(user: Any) -> frozenset[int]:
    """Ids of the command posts the user leads or is a member of."""
    return frozenset(_memberships(user))


def campaign_ids(user: Any) -> frozenset[int]:
    """Ids of the campaigns the user has a command post in."""
    return frozenset(_memberships(user).values())


def forget(user: Any) -> None:
    """Drop the cached posts (after a membership changes)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def sees_all(user: Any, campaign: Any) -> bool:
    return scope.in_scope(user, Cap.CAMPAIGNS_VIEW, campaign.node.path)


def manages(user: Any, campaign: Any) -> bool:
    return scope.in_scope(user, Cap.CAMPAIGNS_MANAGE, campaign.node.path)


def inspects(user: Any, campaign: Any) -> bool:
    return scope.in_scope(user, Cap.CAMPAIGNS_INSPECT, campaign.node.path)


def works_in(user: Any, post: Any) -> bool:
    return post.pk in post_ids(user)


def is_responsible(user: Any, task: Any) -> bool:
    person = task.responsible_person
    return (
        person is not None
        and person.user_id is not None
        and person.user_id == getattr(user, "pk", None)
        and scope.has_capability(user, Cap.CAMPAIGNS_WORK)
    )


def campaign_q(user: Any) -> Q:
    """Campaigns the user sees in full, or has a command post in."""
    q = scope.scope_q(user, Cap.CAMPAIGNS_VIEW, field="node__path")
    campaigns = campaign_ids(user)
    if campaigns:
        q |= Q(pk__in=sorted(campaigns))
    return q


def task_q(user: Any) -> Q:
    """Tasks the user may see: all of the campaigns they see in full, their posts' tasks, and
    tasks that name them as responsible."""
    q = scope.scope_q(user, Cap.CAMPAIGNS_VIEW, field="campaign__node__path")
    mine = post_ids(user)
    if mine:
        q |= Q(post_id__in=mine)
    if scope.has_capability(user, Cap.CAMPAIGNS_WORK):
        q |= Q(responsible_person__user_id=user.pk)
    return q


def post_users(post: Any) -> list[Any]:
    """The log-ins of a command post's commander and members (for notifications)."""
    people = [post.leader] if post.leader_id else []
    people += [member.person for member in post.members.select_related("person__user")]
    return [person.user for person in people if person is not None and person.user_id is not None]

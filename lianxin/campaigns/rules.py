"""Permissions of the campaign app, from the capability table and command-post membership."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.campaigns import access
from lianxin.core import scope
from lianxin.core.roles import Cap


@rules.predicate
def can_start_campaign(user: Any, node: Any = None) -> bool:
    """obj: the node that will run it."""
    if node is None:
        return scope.has_capability(user, Cap.CAMPAIGNS_MANAGE)
    return scope.in_scope(user, Cap.CAMPAIGNS_MANAGE, node.path)


@rules.predicate
def can_view_campaign(user: Any, campaign: Any = None) -> bool:
    """The campaign in full, or one's own command post in it."""
    if campaign is None:
        return scope.has_capability(user, Cap.CAMPAIGNS_VIEW) or bool(access.post_ids(user))
    return access.sees_all(user, campaign) or campaign.pk in access.campaign_ids(user)


@rules.predicate
def can_view_whole_campaign(user: Any, campaign: Any = None) -> bool:
    if campaign is None:
        return scope.has_capability(user, Cap.CAMPAIGNS_VIEW)
    return access.sees_all(user, campaign)


@rules.predicate
def can_manage_campaign(user: Any, campaign: Any = None) -> bool:
    if campaign is None:
        return scope.has_capability(user, Cap.CAMPAIGNS_MANAGE)
    return access.manages(user, campaign)


@rules.predicate
def can_inspect_campaign(user: Any, campaign: Any = None) -> bool:
    if campaign is None:
        return scope.has_capability(user, Cap.CAMPAIGNS_INSPECT)
    return access.inspects(user, campaign)


@rules.predicate
def can_view_post(user: Any, post: Any = None) -> bool:
    if post is None:
        return False
    return access.sees_all(user, post.campaign) or access.works_in(user, post)


@rules.predicate
def can_report_figures(user: Any, post: Any = None) -> bool:
    """A command post's own people report its figures; the campaign's managers may correct them."""
    if post is None:
        return False
    return access.works_in(user, post) or access.manages(user, post.campaign)


@rules.predicate
def can_view_task(user: Any, task: Any = None) -> bool:
    if task is None:
        return False
    return (
        access.sees_all(user, task.campaign)
        or (task.post_id is not None and task.post_id in access.post_ids(user))
        or access.is_responsible(user, task)
    )


@rules.predicate
def can_work_on_task(user: Any, task: Any = None) -> bool:
    """Move a task on, add evidence, break it down further."""
    if task is None:
        return False
    return (
        access.manages(user, task.campaign)
        or (task.post_id is not None and task.post_id in access.post_ids(user))
        or access.is_responsible(user, task)
    )


rules.add_perm("campaigns.add_campaign", can_start_campaign)
rules.add_perm("campaigns.view_campaign", can_view_campaign)
rules.add_perm("campaigns.view_whole_campaign", can_view_whole_campaign)
rules.add_perm("campaigns.manage_campaign", can_manage_campaign)
rules.add_perm("campaigns.inspect_campaign", can_inspect_campaign)
rules.add_perm("campaigns.view_post", can_view_post)
rules.add_perm("campaigns.report_figures", can_report_figures)
rules.add_perm("campaigns.view_task", can_view_task)
rules.add_perm("campaigns.work_on_task", can_work_on_task)

"""Reads of campaigns, always scoped to the acting user (see ``access`` for who sees what)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404

from lianxin.campaigns import access
from lianxin.campaigns.models import (
    Campaign,
    CommandPost,
    FigureReport,
    Finding,
    FlagAward,
    ScoreSheet,
    Task,
    TaskSource,
    TaskStatus,
    WeeklyMeeting,
)
from lianxin.core import scope
from lianxin.core.roles import Cap


def campaign_list(*, actor: Any) -> QuerySet[Campaign]:
    """Campaigns the actor sees in full or has a command post in, the newest first."""
    return (
        Campaign.objects.filter(access.campaign_q(actor)).select_related("node").order_by("-starts_on", "-id")
    )


def campaign_get(*, actor: Any, pk: int | str, whole: bool = False) -> Campaign:
    """One campaign the actor may see (``whole``: in full, not just their own post), else 404."""
    try:
        campaign = campaign_list(actor=actor).get(pk=pk)
    except (Campaign.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if whole and not access.sees_all(actor, campaign):
        raise Http404
    return campaign


def require_whole(actor: Any, campaign: Campaign, perm: str = "campaigns.view_whole_campaign") -> None:
    """404 unless the actor has ``perm`` on the campaign (a read check; writes use ``require``)."""
    if not actor.has_perm(perm, campaign):
        raise Http404


def post_list(*, actor: Any, campaign: Campaign) -> QuerySet[CommandPost]:
    """The campaign's command posts the actor may see: all of them, or their own."""
    posts = campaign.posts.select_related("leader").order_by("sort", "id")
    if access.sees_all(actor, campaign):
        return posts
    return posts.filter(pk__in=access.post_ids(actor))


def post_get(*, actor: Any, pk: int | str) -> CommandPost:
    try:
        post = CommandPost.objects.select_related("campaign__node", "leader").get(pk=pk)
    except (CommandPost.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not actor.has_perm("campaigns.view_post", post):
        raise Http404
    return post


def task_list(*, actor: Any, campaign: Campaign | None = None) -> QuerySet[Task]:
    tasks = Task.objects.filter(access.task_q(actor))
    if campaign is not None:
        tasks = tasks.filter(campaign=campaign)
    # The breakdown first, then what the meetings assigned, then what inspections found.
    rank = Case(When(source=TaskSource.PLAN, then=0), When(source=TaskSource.MEETING, then=1), default=2)
    return (
        tasks.select_related("post", "responsible_unit", "responsible_person")
        .annotate(source_rank=rank)
        .order_by("source_rank", "sort", "id")
    )


def task_get(*, actor: Any, pk: int | str) -> Task:
    try:
        return (
            task_list(actor=actor).select_related("campaign__node", "parent", "meeting", "finding").get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def my_tasks(*, actor: Any) -> QuerySet[Task]:
    """Tasks that are the actor's: theirs by name, or of their command posts (人人知任务)."""
    mine = Q(post_id__in=access.post_ids(actor))
    if scope.has_capability(actor, Cap.CAMPAIGNS_WORK):
        mine |= Q(responsible_person__user_id=actor.pk)
    return (
        task_list(actor=actor)
        .filter(mine)
        .filter(children__isnull=True)
        .select_related("campaign")
        .annotate(finished=Case(When(status=TaskStatus.DONE, then=1), default=0))
        .order_by("finished", "due_at", "id")
    )


def finding_list(*, actor: Any, campaign: Campaign) -> QuerySet[Finding]:
    findings = campaign.findings.select_related("post", "node", "case", "task", "inspector")
    if access.sees_all(actor, campaign):
        return findings.order_by("-found_at", "-id")
    return findings.filter(post_id__in=access.post_ids(actor)).order_by("-found_at", "-id")


def finding_get(*, actor: Any, pk: int | str) -> Finding:
    try:
        finding = Finding.objects.select_related(
            "campaign__node", "post__leader", "node", "task", "case", "inspector"
        ).get(pk=pk)
    except (Finding.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    campaign = finding.campaign
    if not (access.sees_all(actor, campaign) or access.works_in(actor, finding.post)):
        raise Http404
    return finding


def post_reports(*, post: CommandPost, limit: int = 30) -> QuerySet[FigureReport]:
    return post.figures.select_related("metric", "reported_by").order_by(
        "-ends_on", "metric__sort", "metric_id"
    )[:limit]


def post_sheets(*, post: CommandPost) -> QuerySet[ScoreSheet]:
    """The post's own score sheets, with their lines (a post sees its own scores only)."""
    return (
        post.sheets.select_related("inspector").prefetch_related("lines__criterion").order_by("-month", "id")
    )


def meeting_list(*, campaign: Campaign) -> QuerySet[WeeklyMeeting]:
    return campaign.meetings.annotate(task_count=Count("tasks")).order_by("-week_starts_on")


def meeting_get(*, actor: Any, pk: int | str) -> WeeklyMeeting:
    try:
        meeting = WeeklyMeeting.objects.select_related("campaign__node").get(pk=pk)
    except (WeeklyMeeting.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    require_whole(actor, meeting.campaign)
    return meeting


def flag_history(*, campaign: Campaign) -> QuerySet[FlagAward]:
    """The flags awarded, the latest month first; in a month red before black, posts first."""
    red_first = Case(When(colour="red", then=0), default=1)
    return (
        campaign.flags.select_related("post", "village")
        .annotate(red_first=red_first)
        .order_by("-month", "red_first", "subject")
    )

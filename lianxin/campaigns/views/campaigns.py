"""Campaign list, start and edit a campaign, the leaders' board."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.campaigns import access, selectors
from lianxin.campaigns.coverage import coverage
from lianxin.campaigns.forms.setup import CampaignForm
from lianxin.campaigns.models import FindingStatus, TaskStatus
from lianxin.campaigns.periods import week_start
from lianxin.campaigns.ranking import flag_picks, month_results
from lianxin.campaigns.rollup import build_tree, summarise
from lianxin.campaigns.services.setup import campaign_create, campaign_update
from lianxin.campaigns.totals import figure_table
from lianxin.campaigns.views.common import campaign_context, flags_by_month, month_choices, picked_month
from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required


@workbench_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("campaigns.view_campaign"):
        raise Http404
    campaigns = list(selectors.campaign_list(actor=user))
    mine = access.campaign_ids(user)
    rows = [(c, access.sees_all(user, c), c.pk in mine) for c in campaigns]
    context = {
        "rows": rows,
        "may_start": scope.has_capability(user, Cap.CAMPAIGNS_MANAGE),
        "today": timezone.localdate(),
    }
    return render(request, "campaigns/list.html", context)


@workbench_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not scope.has_capability(user, Cap.CAMPAIGNS_MANAGE):
        raise Http404
    form = CampaignForm(request.POST or None, actor=user)
    campaign = submit(
        request, form, lambda data: campaign_create(actor=user, node=data["node"], data=form.to_input())
    )
    if campaign is not None:
        messages.success(request, _("The campaign was started. Now set up its command posts."))
        return redirect("campaigns:setup", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "title": _("Start a campaign")})


@workbench_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    selectors.require_whole(user, campaign, "campaigns.manage_campaign")
    form = CampaignForm(request.POST or None, actor=user, campaign=campaign)
    if submit(
        request, form, lambda data: campaign_update(actor=user, campaign=campaign, data=form.to_input())
    ):
        messages.success(request, _("Saved."))
        return redirect("campaigns:board", campaign.pk)
    context = campaign_context(
        request, campaign, "campaigns:board", form=form, title=_("Change the campaign")
    )
    return render(request, "campaigns/form.html", context)


def _post_progress(roots: list[Any], posts: list[Any]) -> list[dict[str, Any]]:
    """Per command post: leaf tasks, done, overdue and mean progress."""
    leaves: dict[int | None, list[Any]] = defaultdict(list)
    for root in roots:
        for node in root.walk():
            if node.is_leaf:
                leaves[node.task.post_id].append(node)
    rows = []
    for post in posts:
        mine = leaves.get(post.pk, [])
        rows.append(
            {
                "post": post,
                "tasks": len(mine),
                "done": sum(1 for n in mine if n.status == TaskStatus.DONE),
                "overdue": sum(1 for n in mine if n.overdue),
                "progress": sum(n.progress for n in mine) / len(mine) if mine else 0,
            }
        )
    return rows


@workbench_required
def campaign_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The leaders' board: figures against targets, task progress, the month's ranking and
    flags (provisional until awarded), the flags' history, coverage and open findings."""
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk)
    if not access.sees_all(user, campaign):
        mine = selectors.post_list(actor=user, campaign=campaign).first()
        if mine is None:
            raise Http404
        return redirect("campaigns:post", mine.pk)
    now = timezone.now()
    today = timezone.localdate(now)
    posts = list(campaign.posts.select_related("leader").order_by("sort", "id"))
    month = picked_month(request, campaign)
    results = month_results(campaign=campaign, month=month, posts=posts)
    awarded = list(selectors.flag_history(campaign=campaign).filter(month=month))
    roots = build_tree(campaign.tasks.all(), now)
    totals = figure_table(campaign=campaign, posts=posts)
    monday = week_start(today)
    week = figure_table(campaign=campaign, start=monday, end=monday + dt.timedelta(days=6), posts=posts)
    findings = campaign.findings.filter(status=FindingStatus.RECTIFYING)
    context = campaign_context(
        request,
        campaign,
        "campaigns:board",
        month=month,
        months=month_choices(campaign),
        results=results,
        awarded=awarded,
        picks=[] if awarded else flag_picks(results),
        history=flags_by_month(selectors.flag_history(campaign=campaign).exclude(month=month)[:24]),
        summary=summarise(roots),
        post_rows=_post_progress(roots, posts),
        figures=[
            (metric, totals.total(metric), week.total(metric), totals.share_of_target(metric))
            for metric in totals.metrics
        ],
        coverage=coverage(campaign=campaign),
        open_findings=findings.count(),
        overdue_findings=findings.filter(due_at__lt=now).count(),
    )
    return render(request, "campaigns/board.html", context)

"""Set-up pages: the leading group, command posts, the areas they cover (with the coverage
check) and their people."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.campaigns import selectors
from lianxin.campaigns.coverage import coverage
from lianxin.campaigns.forms.setup import AreaForm, GroupSeatForm, MemberForm, PostForm
from lianxin.campaigns.models import Campaign, CommandPost, GroupDuty
from lianxin.campaigns.services import setup as services
from lianxin.campaigns.views.common import campaign_context
from lianxin.core.forms import submit
from lianxin.core.views import workbench_required

DUTY_ORDER = {duty: index for index, duty in enumerate(GroupDuty.values)}


def _setup_page(request: HttpRequest, campaign: Campaign, status: int = 200, **forms: Any) -> HttpResponse:
    user: Any = request.user
    manage = user.has_perm("campaigns.manage_campaign", campaign)
    posts = list(
        campaign.posts.select_related("leader__node").prefetch_related("areas__node", "members__person__node")
    )
    context = campaign_context(
        request,
        campaign,
        "campaigns:setup",
        group=sorted(
            campaign.leading_group.select_related("person__node"),
            key=lambda seat: (DUTY_ORDER[seat.duty], seat.pk),
        ),
        posts=posts,
        coverage=coverage(campaign=campaign),
        seat_form=forms.get("seat_form")
        or (GroupSeatForm(actor=user, campaign=campaign) if manage else None),
        area_form=AreaForm(campaign=campaign, prefix="area") if manage else None,
        member_form=MemberForm(actor=user, campaign=campaign, prefix="member") if manage else None,
        area_bound=forms.get("area_form"),
        member_bound=forms.get("member_form"),
        open_post=forms.get("open_post"),
    )
    return render(request, "campaigns/setup.html", context, status=status)


@workbench_required
def campaign_setup(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    return _setup_page(request, campaign)


def _managed(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    selectors.require_whole(request.user, campaign, "campaigns.manage_campaign")
    return campaign


@require_POST
@workbench_required
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    form = GroupSeatForm(request.POST, actor=request.user, campaign=campaign)
    if submit(
        request, form, lambda data: services.leading_group_add(actor=request.user, campaign=campaign, **data)
    ):
        messages.success(request, _("Added to the leading group."))
        return redirect("campaigns:setup", campaign.pk)
    return _setup_page(request, campaign, status=400, seat_form=form)


@require_POST
@workbench_required
def seat_remove(request: HttpRequest, pk: int, seat: int) -> HttpResponse:
    campaign = _managed(request, pk)
    found = campaign.leading_group.filter(pk=seat).first()
    if found is None:
        raise Http404
    services.leading_group_remove(actor=request.user, seat=found)
    messages.success(request, _("Removed from the leading group."))
    return redirect("campaigns:setup", campaign.pk)


def _post_of(request: HttpRequest, post_pk: int) -> CommandPost:
    post = selectors.post_get(actor=request.user, pk=post_pk)
    selectors.require_whole(request.user, post.campaign, "campaigns.manage_campaign")
    return post


@workbench_required
def post_form(request: HttpRequest, pk: int, post_pk: int | None = None) -> HttpResponse:
    """Add a command post, or change one."""
    campaign = _managed(request, pk)
    post = _post_of(request, post_pk) if post_pk is not None else None
    if post is not None and post.campaign_id != campaign.pk:
        raise Http404
    form = PostForm(request.POST or None, actor=request.user, campaign=campaign, post=post)

    def save(data: dict[str, Any]) -> CommandPost:
        return services.post_save(actor=request.user, campaign=campaign, post=post, **data)

    if submit(request, form, save):
        messages.success(request, _("Saved."))
        return redirect("campaigns:setup", campaign.pk)
    title = _("Change the command post") if post else _("Add a command post")
    context = campaign_context(request, campaign, "campaigns:setup", form=form, title=title)
    return render(request, "campaigns/form.html", context)


@require_POST
@workbench_required
def area_add(request: HttpRequest, post_pk: int) -> HttpResponse:
    post = _post_of(request, post_pk)
    form = AreaForm(request.POST, campaign=post.campaign, prefix="area")
    if submit(
        request, form, lambda data: services.post_area_add(actor=request.user, post=post, node=data["node"])
    ):
        messages.success(request, _("The command post covers it now."))
        return redirect("campaigns:setup", post.campaign_id)
    return _setup_page(request, post.campaign, status=400, area_form=form, open_post=post.pk)


@require_POST
@workbench_required
def area_remove(request: HttpRequest, post_pk: int, area: int) -> HttpResponse:
    post = _post_of(request, post_pk)
    found = post.areas.filter(pk=area).first()
    if found is None:
        raise Http404
    services.post_area_remove(actor=request.user, area=found)
    messages.success(request, _("The command post no longer covers it."))
    return redirect("campaigns:setup", post.campaign_id)


@require_POST
@workbench_required
def member_add(request: HttpRequest, post_pk: int) -> HttpResponse:
    post = _post_of(request, post_pk)
    form = MemberForm(request.POST, actor=request.user, campaign=post.campaign, prefix="member")
    if submit(request, form, lambda data: services.post_member_add(actor=request.user, post=post, **data)):
        messages.success(request, _("Added to the command post."))
        return redirect("campaigns:setup", post.campaign_id)
    return _setup_page(request, post.campaign, status=400, member_form=form, open_post=post.pk)


@require_POST
@workbench_required
def member_remove(request: HttpRequest, post_pk: int, member: int) -> HttpResponse:
    post = _post_of(request, post_pk)
    found = post.members.filter(pk=member).first()
    if found is None:
        raise Http404
    services.post_member_remove(actor=request.user, member=found)
    messages.success(request, _("Removed from the command post."))
    return redirect("campaigns:setup", post.campaign_id)

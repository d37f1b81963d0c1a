"""Monthly evaluation (scores, ranks, the scoring sheet), the red and black flags (award and
history), the quarterly assessment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.campaigns import selectors
from lianxin.campaigns.forms.inspect import FlagAwardForm
from lianxin.campaigns.forms.setup import CriterionForm
from lianxin.campaigns.models import Campaign, Criterion, Subject
from lianxin.campaigns.periods import months_between, parse_month, quarter_of
from lianxin.campaigns.quarter import quarter_results
from lianxin.campaigns.ranking import flag_picks, month_results
from lianxin.campaigns.services.scoring import criteria_for, flags_award, month_is_closed
from lianxin.campaigns.services.setup import criterion_save
from lianxin.campaigns.views.common import (
    campaign_context,
    flags_by_month,
    month_choices,
    month_is_over,
    picked_month,
)
from lianxin.core.forms import submit
from lianxin.core.views import workbench_required


def _scores_page(request: HttpRequest, campaign: Campaign, status: int = 200, **forms: Any) -> HttpResponse:
    user: Any = request.user
    month = picked_month(request, campaign)
    manage = user.has_perm("campaigns.manage_campaign", campaign)
    context = campaign_context(
        request,
        campaign,
        "campaigns:scores",
        month=month,
        months=month_choices(campaign),
        results=month_results(campaign=campaign, month=month),
        closed=month_is_closed(campaign, month),
        criteria=campaign.criteria.order_by("sort", "id"),
        post_criteria=criteria_for(campaign, Subject.POST),
        village_criteria=criteria_for(campaign, Subject.VILLAGE),
        criterion_form=forms.get("criterion_form") or (CriterionForm() if manage else None),
        edit=forms.get("edit"),
    )
    return render(request, "campaigns/scores.html", context, status=status)


@workbench_required
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    return _scores_page(request, campaign)


@workbench_required
def criterion_form(request: HttpRequest, pk: int, criterion_pk: int | None = None) -> HttpResponse:
    """Add a criterion to the scoring sheet (POST), or change one."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    selectors.require_whole(request.user, campaign, "campaigns.manage_campaign")
    criterion: Criterion | None = None
    if criterion_pk is not None:
        criterion = campaign.criteria.filter(pk=criterion_pk).first()
        if criterion is None:
            raise Http404
    initial = (
        {
            f: getattr(criterion, f)
            for f in ("name", "description", "weight", "applies_to", "is_active", "sort")
        }
        if criterion
        else None
    )
    if request.method != "POST" and criterion is None:
        return redirect("campaigns:scores", campaign.pk)
    form = CriterionForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Criterion:
        return criterion_save(actor=request.user, campaign=campaign, criterion=criterion, **data)

    if submit(request, form, save):
        messages.success(request, _("The scoring sheet was saved."))
        return redirect("campaigns:scores", campaign.pk)
    if criterion is None:
        return _scores_page(request, campaign, status=400, criterion_form=form)
    context = campaign_context(
        request,
        campaign,
        "campaigns:scores",
        form=form,
        title=_("Change the criterion: %(name)s") % {"name": criterion.name},
    )
    return render(request, "campaigns/form.html", context, status=400 if form.errors else 200)


def _flags_page(
    request: HttpRequest, campaign: Campaign, status: int = 200, form: Any = None, month: Any = None
) -> HttpResponse:
    user: Any = request.user
    month = month or picked_month(request, campaign)
    closed = month_is_closed(campaign, month)
    picks = [] if closed else flag_picks(month_results(campaign=campaign, month=month))
    may_award = user.has_perm("campaigns.manage_campaign", campaign) and not closed and month_is_over(month)
    history = list(selectors.flag_history(campaign=campaign))
    context = campaign_context(
        request,
        campaign,
        "campaigns:flags",
        month=month,
        months=month_choices(campaign),
        closed=closed,
        picks=picks,
        may_award=may_award,
        form=form or (FlagAwardForm(picks=picks) if may_award else None),
        history=flags_by_month(history),
        awarded=[a for a in history if a.month == month],
    )
    return render(request, "campaigns/flags.html", context, status=status)


@workbench_required
def flags(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    return _flags_page(request, campaign)


@require_POST
@workbench_required
def flags_award_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    selectors.require_whole(request.user, campaign, "campaigns.manage_campaign")
    month = parse_month(request.POST.get("month"))
    if month is None:
        raise Http404
    picks = flag_picks(month_results(campaign=campaign, month=month))
    form = FlagAwardForm(request.POST, picks=picks)
    awards = submit(
        request,
        form,
        lambda data: flags_award(actor=request.user, campaign=campaign, month=month, choices=form.choices()),
    )
    if awards:
        messages.success(request, _("The flags of %(month)s were awarded.") % {"month": f"{month:%Y-%m}"})
        return redirect(f"{reverse('campaigns:flags', args=[campaign.pk])}?month={month:%Y-%m}")
    return _flags_page(request, campaign, status=400, form=form, month=month)


@workbench_required
def quarter(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    today = timezone.localdate()
    quarters = sorted(
        {quarter_of(month) for month in months_between(campaign.starts_on, min(campaign.ends_on, today))},
        reverse=True,
    )
    try:
        wanted = tuple(int(part) for part in request.GET.get("q", "").split("-"))
    except ValueError:
        wanted = ()
    year, number = (
        wanted if wanted in quarters else (quarters[0] if quarters else quarter_of(campaign.starts_on))
    )  # type: ignore[misc]
    context = campaign_context(
        request,
        campaign,
        "campaigns:quarter",
        results=quarter_results(campaign=campaign, year=year, quarter=number),
        quarters=quarters,
        picked=(year, number),
    )
    return render(request, "campaigns/quarter.html", context)

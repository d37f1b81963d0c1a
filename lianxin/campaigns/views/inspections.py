"""Inspections on the workbench (findings and their re-inspections) and the inspector's phone
pages: who is still to be scored this month, the score sheet, a new finding, a re-inspection."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lianxin.campaigns import selectors
from lianxin.campaigns.forms.inspect import FindingForm, ReinspectionForm, ScoreForm
from lianxin.campaigns.models import Campaign, CommandPost, Finding, FindingStatus, ScoreSheet, Subject
from lianxin.campaigns.periods import parse_month, this_month
from lianxin.campaigns.ranking import villages
from lianxin.campaigns.services.inspections import finding_record, reinspection_record
from lianxin.campaigns.services.scoring import criteria_for, month_is_closed, sheet_submit
from lianxin.campaigns.views.common import campaign_context, campaign_months
from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required

PAGE_SIZE = 25
STATUSES = {"open": FindingStatus.RECTIFYING, "passed": FindingStatus.PASSED}


@workbench_required
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk)
    show = request.GET.get("show", "open")
    found = selectors.finding_list(actor=user, campaign=campaign)
    if show in STATUSES:
        found = found.filter(status=STATUSES[show])
    context = campaign_context(
        request,
        campaign,
        "campaigns:findings",
        page=Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
        show=show,
        query=urlencode({"show": show}),
        now=timezone.now(),
    )
    return render(request, "campaigns/findings.html", context)


def _finding_page(
    request: HttpRequest, finding: Finding, status: int = 200, form: Any = None
) -> HttpResponse:
    user: Any = request.user
    campaign = finding.campaign
    may_recheck = (
        user.has_perm("campaigns.inspect_campaign", campaign) and finding.status == FindingStatus.RECTIFYING
    )
    context = campaign_context(
        request,
        campaign,
        "campaigns:findings",
        finding=finding,
        photos=finding.photos.filter(reinspection__isnull=True),
        visits=finding.reinspections.select_related("inspector").prefetch_related("photos"),
        form=form or (ReinspectionForm() if may_recheck else None),
        now=timezone.now(),
    )
    return render(request, "campaigns/finding.html", context, status=status)


@workbench_required
def finding_page(request: HttpRequest, finding_pk: int) -> HttpResponse:
    return _finding_page(request, selectors.finding_get(actor=request.user, pk=finding_pk))


@login_required
def finding_photo(request: HttpRequest, finding_pk: int, photo: int) -> FileResponse:
    finding = selectors.finding_get(actor=request.user, pk=finding_pk)
    found = finding.photos.filter(pk=photo).first()
    if found is None:
        raise Http404
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the inspector's phone --------------------------------------------------------------------


def scoring_month(request: HttpRequest, campaign: Campaign) -> Any:
    """This month, or last month while its evaluation is still open (``?month=YYYY-MM``)."""
    open_months = campaign_months(campaign)[:2]
    wanted = parse_month(request.GET.get("month"))
    if wanted in open_months:
        return wanted
    return open_months[0] if open_months else this_month()


def _inspectable(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    selectors.require_whole(request.user, campaign, "campaigns.inspect_campaign")
    return campaign


@login_required
def inspect_home(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The inspector's phone page: this month's sheets to fill in, findings to re-inspect."""
    user: Any = request.user
    if not scope.has_capability(user, Cap.CAMPAIGNS_INSPECT):
        raise Http404
    campaigns = [
        c for c in selectors.campaign_list(actor=user) if user.has_perm("campaigns.inspect_campaign", c)
    ]
    if pk is None and len(campaigns) != 1:
        return render(request, "campaigns/inspect_pick.html", {"campaigns": campaigns})
    campaign = _inspectable(request, pk) if pk is not None else campaigns[0]
    month = scoring_month(request, campaign)
    mine = set(
        ScoreSheet.objects.filter(campaign=campaign, month=month, inspector=user).values_list(
            "subject", "post_id", "village_id"
        )
    )
    done = {(subject, post or village) for subject, post, village in mine}
    posts = [(post, (Subject.POST, post.pk) in done) for post in campaign.posts.order_by("sort", "id")]
    places = [(place, (Subject.VILLAGE, place.pk) in done) for place in villages(campaign)]
    recheck = (
        campaign.findings.filter(status=FindingStatus.RECTIFYING).select_related("post").order_by("due_at")
    )
    context = {
        "campaign": campaign,
        "month": month,
        "months": campaign_months(campaign)[:2],
        "closed": month_is_closed(campaign, month),
        "posts": posts,
        "places": places,
        "recheck": recheck,
        "now": timezone.now(),
    }
    return render(request, "campaigns/inspect.html", context)


def _holder(campaign: Campaign, subject: str, holder_pk: int) -> CommandPost | Any:
    if subject == Subject.POST:
        found = campaign.posts.filter(pk=holder_pk).first()
    elif subject == Subject.VILLAGE:
        found = next((v for v in villages(campaign) if v.pk == holder_pk), None)
    else:
        found = None
    if found is None:
        raise Http404
    return found


@login_required
def inspect_score(request: HttpRequest, pk: int, subject: str, holder_pk: int) -> HttpResponse:
    """Score one command post or village for this month, on the phone."""
    user: Any = request.user
    campaign = _inspectable(request, pk)
    holder = _holder(campaign, subject, holder_pk)
    month = scoring_month(request, campaign)
    holder_field = {"post": holder} if subject == Subject.POST else {"village": holder}
    sheet = (
        ScoreSheet.objects.filter(
            campaign=campaign, month=month, subject=subject, inspector=user, **holder_field
        )
        .prefetch_related("lines")
        .first()
    )
    form = ScoreForm(request.POST or None, criteria=criteria_for(campaign, subject), sheet=sheet)

    def score(data: dict[str, Any]) -> ScoreSheet:
        return sheet_submit(
            actor=user,
            campaign=campaign,
            month=month,
            holder=holder,
            lines=form.lines(),
            comment=data["comment"],
        )

    saved = submit(request, form, score)
    if saved is not None:
        messages.success(
            request,
            _("%(name)s scored %(total)s for %(month)s.")
            % {"name": holder.name, "total": saved.total, "month": f"{month:%Y-%m}"},
        )
        return redirect(f"{reverse('campaigns:inspect-campaign', args=[campaign.pk])}?month={month:%Y-%m}")
    context = {
        "campaign": campaign,
        "holder": holder,
        "subject": subject,
        "month": month,
        "form": form,
        "sheet": sheet,
    }
    return render(request, "campaigns/inspect_score.html", context, status=400 if form.errors else 200)


@login_required
def inspect_finding(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a finding on the spot, with photos, on the phone."""
    user: Any = request.user
    campaign = _inspectable(request, pk)
    form = FindingForm(request.POST or None, request.FILES or None, campaign=campaign)
    finding = submit(
        request, form, lambda data: finding_record(actor=user, campaign=campaign, data=form.to_input())
    )
    if finding is not None:
        what = (
            _("a residents' request %(number)s") % {"number": finding.case.number}
            if finding.case
            else _("a task")
        )
        messages.success(request, _("The finding was recorded and became %(what)s.") % {"what": what})
        return redirect("campaigns:inspect-campaign", campaign.pk)
    context = {"campaign": campaign, "form": form, "post_of_place": form.post_of_place()}
    return render(request, "campaigns/inspect_finding.html", context, status=400 if form.errors else 200)


@login_required
def inspect_recheck(request: HttpRequest, finding_pk: int) -> HttpResponse:
    """Re-inspect a finding on the phone."""
    user: Any = request.user
    finding = selectors.finding_get(actor=user, pk=finding_pk)
    campaign = _inspectable(request, finding.campaign_id)
    if finding.status != FindingStatus.RECTIFYING:
        return redirect("campaigns:finding", finding.pk)
    form = ReinspectionForm(request.POST or None, request.FILES or None)

    def recheck(data: dict[str, Any]) -> Any:
        return reinspection_record(actor=user, finding=finding, **data)

    if submit(request, form, recheck) is not None:
        messages.success(request, _("The re-inspection was recorded."))
        return redirect("campaigns:inspect-campaign", campaign.pk)
    context = {
        "campaign": campaign,
        "finding": finding,
        "photos": finding.photos.filter(reinspection__isnull=True),
        "form": form,
    }
    return render(request, "campaigns/inspect_recheck.html", context, status=400 if form.errors else 200)


@workbench_required
def finding_recheck(request: HttpRequest, finding_pk: int) -> HttpResponse:
    """The same re-inspection from the workbench's finding page."""
    user: Any = request.user
    finding = selectors.finding_get(actor=user, pk=finding_pk)
    if request.method != "POST" or not user.has_perm("campaigns.inspect_campaign", finding.campaign):
        raise Http404
    form = ReinspectionForm(request.POST, request.FILES)
    if (
        submit(request, form, lambda data: reinspection_record(actor=user, finding=finding, **data))
        is not None
    ):
        messages.success(request, _("The re-inspection was recorded."))
        return redirect("campaigns:finding", finding.pk)
    return _finding_page(request, finding, status=400, form=form)

"""Progress figures (totals over any period, the figures counted), a command post's own page
(where it reports its figures), and the weekly scheduling meetings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.campaigns import access, selectors
from lianxin.campaigns.forms.setup import MetricForm
from lianxin.campaigns.forms.work import FiguresForm, MeetingForm, TaskForm
from lianxin.campaigns.models import CommandPost, Metric
from lianxin.campaigns.rollup import build_tree, flatten, summarise
from lianxin.campaigns.services.figures import figures_report, meeting_record
from lianxin.campaigns.services.setup import metric_save
from lianxin.campaigns.services.tasks import task_create
from lianxin.campaigns.totals import figure_table
from lianxin.campaigns.views.common import campaign_context, period_from_query
from lianxin.core.forms import submit
from lianxin.core.views import workbench_required


def _figures_page(request: HttpRequest, pk: int, status: int = 200, metric_form: Any = None) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    start, end = period_from_query(request, campaign)
    table = figure_table(campaign=campaign, start=start, end=end)
    manage = user.has_perm("campaigns.manage_campaign", campaign)
    context = campaign_context(
        request,
        campaign,
        "campaigns:figures",
        table=table,
        start=start,
        end=end,
        metric_form=metric_form or (MetricForm() if manage else None),
    )
    return render(request, "campaigns/figures.html", context, status=status)


@workbench_required
def figures(request: HttpRequest, pk: int) -> HttpResponse:
    return _figures_page(request, pk)


@require_POST
@workbench_required
def metric_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    selectors.require_whole(request.user, campaign, "campaigns.manage_campaign")
    form = MetricForm(request.POST)
    if submit(request, form, lambda data: metric_save(actor=request.user, campaign=campaign, **data)):
        messages.success(request, _("The figure is counted now."))
        return redirect("campaigns:figures", campaign.pk)
    return _figures_page(request, pk, status=400, metric_form=form)


@workbench_required
def metric_edit(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    """Change a figure the campaign counts (its name, unit, target, order)."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk, whole=True)
    selectors.require_whole(request.user, campaign, "campaigns.manage_campaign")
    metric = campaign.metrics.filter(pk=metric_pk).first()
    if metric is None:
        raise Http404
    initial = {"name": metric.name, "unit": metric.unit, "target": metric.target, "sort": metric.sort}
    form = MetricForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Metric:
        return metric_save(actor=request.user, campaign=campaign, metric=metric, **data)

    if submit(request, form, save):
        messages.success(request, _("Saved."))
        return redirect("campaigns:figures", campaign.pk)
    title = _("Change the figure: %(name)s") % {"name": metric.name}
    context = campaign_context(request, campaign, "campaigns:figures", form=form, title=title)
    return render(request, "campaigns/form.html", context, status=400 if form.errors else 200)


def _periods(reports: Any, metrics: list[Metric]) -> list[tuple[Any, list[Any]]]:
    """The latest reports as rows: (a report standing for its period, a value per metric)."""
    rows: dict[tuple[Any, str], dict[int, Any]] = {}
    first: dict[tuple[Any, str], Any] = {}
    for report in reports:
        key = (report.starts_on, report.span)
        rows.setdefault(key, {})[report.metric_id] = report.value
        first.setdefault(key, report)
    return [(first[key], [values.get(metric.pk) for metric in metrics]) for key, values in rows.items()][:10]


def _post_page(
    request: HttpRequest, post: CommandPost, status: int = 200, figures_form: Any = None
) -> HttpResponse:
    user: Any = request.user
    campaign = post.campaign
    metrics = list(campaign.metrics.order_by("sort", "id"))
    may_report = user.has_perm("campaigns.report_figures", post)
    now = timezone.now()
    roots = build_tree(post.tasks.select_related("responsible_person", "responsible_unit", "post"), now)
    context = campaign_context(
        request,
        campaign,
        "",
        post=post,
        members=post.members.select_related("person__node"),
        areas=post.areas.select_related("node"),
        figures_form=figures_form or (FiguresForm(metrics=metrics) if may_report and metrics else None),
        totals=figure_table(campaign=campaign, posts=[post]),
        periods=_periods(selectors.post_reports(post=post, limit=10 * max(len(metrics), 1)), metrics),
        rows=flatten(roots),
        summary=summarise(roots),
        findings=post.findings.select_related("node", "case").order_by("status", "due_at"),
        sheets=selectors.post_sheets(post=post),
        flags=post.flags.order_by("-month"),
        now=now,
    )
    return render(request, "campaigns/post.html", context, status=status)


@workbench_required
def post_page(request: HttpRequest, post_pk: int) -> HttpResponse:
    """A command post's own page: its tasks, the figures it reports, its findings and scores."""
    return _post_page(request, selectors.post_get(actor=request.user, pk=post_pk))


@require_POST
@workbench_required
def post_figures(request: HttpRequest, post_pk: int) -> HttpResponse:
    post = selectors.post_get(actor=request.user, pk=post_pk)
    if not request.user.has_perm("campaigns.report_figures", post):
        raise Http404
    metrics: list[Metric] = list(post.campaign.metrics.order_by("sort", "id"))
    form = FiguresForm(request.POST, metrics=metrics)

    def report(data: dict[str, Any]) -> int:
        return figures_report(
            actor=request.user,
            post=post,
            span=data["span"],
            starts_on=data["starts_on"],
            values=form.values(),
            note=data["note"],
        )

    written = submit(request, form, report)
    if written:
        messages.success(request, _("%(n)d figures saved.") % {"n": written})
        return redirect("campaigns:post", post.pk)
    return _post_page(request, post, status=400, figures_form=form)


@workbench_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    manage = user.has_perm("campaigns.manage_campaign", campaign)
    form = MeetingForm(request.POST or None) if manage else None
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None:
        meeting = submit(request, form, lambda data: meeting_record(actor=user, campaign=campaign, **data))
        if meeting is not None:
            messages.success(request, _("The meeting was recorded with the week's figures."))
            return redirect("campaigns:meeting", meeting.pk)
    context = campaign_context(
        request, campaign, "campaigns:meetings", meetings=selectors.meeting_list(campaign=campaign), form=form
    )
    return render(
        request, "campaigns/meetings.html", context, status=400 if form is not None and form.errors else 200
    )


@workbench_required
def meeting_page(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """One meeting: the week's figures, problems, decisions, and the tasks it assigned."""
    user: Any = request.user
    meeting = selectors.meeting_get(actor=user, pk=meeting_pk)
    campaign = meeting.campaign
    manage = user.has_perm("campaigns.manage_campaign", campaign)
    form = TaskForm(request.POST or None, actor=user, campaign=campaign) if manage else None
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None:

        def assign(data: dict[str, Any]) -> Any:
            return task_create(actor=user, campaign=campaign, data=form.to_input(), meeting=meeting)

        if submit(request, form, assign):
            messages.success(request, _("The task was assigned."))
            return redirect("campaigns:meeting", meeting.pk)
    now = timezone.now()
    context = campaign_context(
        request,
        campaign,
        "campaigns:meetings",
        meeting=meeting,
        tasks=meeting.tasks.select_related("post", "responsible_person").order_by("id"),
        form=form,
        now=now,
        posts_seen=access.sees_all(user, campaign),
    )
    return render(
        request, "campaigns/meeting.html", context, status=400 if form is not None and form.errors else 200
    )

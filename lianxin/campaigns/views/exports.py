"""Excel downloads of tasks, figures and scores; every download is audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lianxin.campaigns import exports, selectors
from lianxin.campaigns.periods import quarter_of
from lianxin.campaigns.quarter import quarter_results
from lianxin.campaigns.ranking import month_results
from lianxin.campaigns.rollup import build_tree, flatten
from lianxin.campaigns.totals import figure_reports, figure_table
from lianxin.campaigns.views.common import period_from_query, picked_month, xlsx_response
from lianxin.core.audit import audit_record
from lianxin.core.views import workbench_required


@workbench_required
def tasks_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    rows = flatten(build_tree(selectors.task_list(actor=user, campaign=campaign), timezone.now()))
    audit_record(actor=user, action="campaigns.export.tasks", obj=campaign, detail={"rows": len(rows)})
    return xlsx_response(exports.tasks_workbook(campaign, rows), f"campaign-{campaign.pk}-tasks")


@workbench_required
def figures_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    start, end = period_from_query(request, campaign)
    table = figure_table(campaign=campaign, start=start, end=end)
    reports = (
        figure_reports(campaign=campaign, start=start, end=end)
        .select_related("post", "metric")
        .order_by("ends_on", "post__sort", "post_id", "metric__sort", "metric_id")
    )
    audit_record(
        actor=user,
        action="campaigns.export.figures",
        obj=campaign,
        detail={"start": start.isoformat(), "end": end.isoformat()},
    )
    return xlsx_response(
        exports.figures_workbook(campaign, table, reports), f"campaign-{campaign.pk}-figures"
    )


@workbench_required
def scores_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    month = picked_month(request, campaign)
    year, quarter = quarter_of(month)
    sheets = (
        campaign.sheets.filter(month=month)
        .select_related("post", "village", "inspector")
        .prefetch_related("lines__criterion")
        .order_by("subject", "post__sort", "village__path", "id")
    )
    content = exports.scores_workbook(
        campaign,
        month_results(campaign=campaign, month=month),
        sheets,
        quarter_results(campaign=campaign, year=year, quarter=quarter),
    )
    audit_record(
        actor=user, action="campaigns.export.scores", obj=campaign, detail={"month": f"{month:%Y-%m}"}
    )
    return xlsx_response(content, f"campaign-{campaign.pk}-scores-{month:%Y%m}")

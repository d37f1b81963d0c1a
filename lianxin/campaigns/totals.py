"""Progress figure totals per command post and for the campaign, over any period.

A report counts in a period when the day it ends on lies in the period: a daily figure on
its day, a weekly figure on its Sunday. Totals over months therefore never count a week twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from lianxin.campaigns.models import Campaign, CommandPost, FigureReport, Metric


@dataclass
class FigureTable:
    metrics: list[Metric]
    posts: list[CommandPost]
    cells: dict[tuple[int, int], Decimal]  # (post id, metric id) → total
    start: dt.date | None
    end: dt.date | None

    def total(self, metric: Metric) -> Decimal:
        return sum((v for (post, m), v in self.cells.items() if m == metric.pk), Decimal(0))

    def cell(self, post: CommandPost, metric: Metric) -> Decimal:
        return self.cells.get((post.pk, metric.pk), Decimal(0))

    def rows(self) -> list[tuple[CommandPost, list[Decimal]]]:
        return [(post, [self.cell(post, metric) for metric in self.metrics]) for post in self.posts]

    def totals(self) -> list[tuple[Metric, Decimal]]:
        return [(metric, self.total(metric)) for metric in self.metrics]

    def share_of_target(self, metric: Metric) -> float | None:
        if not metric.target:
            return None
        return float(self.total(metric) / metric.target * 100)


def figure_reports(
    *, campaign: Campaign, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[FigureReport]:
    reports = FigureReport.objects.filter(post__campaign=campaign)
    if start is not None:
        reports = reports.filter(ends_on__gte=start)
    if end is not None:
        reports = reports.filter(ends_on__lte=end)
    return reports


def figure_table(
    *,
    campaign: Campaign,
    start: dt.date | None = None,
    end: dt.date | None = None,
    posts: list[CommandPost] | None = None,
) -> FigureTable:
    """Totals per post and metric over [start, end] (open ends allowed): three queries."""
    metrics = list(campaign.metrics.order_by("sort", "id"))
    if posts is None:
        posts = list(campaign.posts.order_by("sort", "id"))
    sums = (
        figure_reports(campaign=campaign, start=start, end=end)
        .filter(post__in=[post.pk for post in posts])
        .order_by()
        .values_list("post_id", "metric_id")
        .annotate(total=Sum("value"))
    )
    cells = {(post, metric): total for post, metric, total in sums}
    return FigureTable(metrics=metrics, posts=posts, cells=cells, start=start, end=end)

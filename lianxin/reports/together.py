"""How count figures are made together with others on the same rows, in one query: the
records of a shared ``base``, or the rows an app keeps day by day and month by month (see
``registry.Daily``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum

from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period, next_month
from lianxin.reports.registry import Daily, Figure

Parts = list[tuple[QuerySet[Any], str]]  # rows, and the field giving each row's date


@dataclass(frozen=True)
class Shared:
    key: Any  # figures with the same key are counted on the same rows
    parts: Callable[[OrgNode, Period], Parts]  # the rows of a node's subtree and a period
    path_field: str  # each row's place in the tree, for rankings by area
    dated: bool  # whether rows have a date, for trends by month
    measure: Any  # the aggregate giving the figure from those rows


def kept_parts(daily: Daily, node: OrgNode, period: Period) -> Parts:
    """The kept rows covering the period: the whole months in it from the month rows, the days
    at either end from the day rows."""
    within = subtree_q(node.path, field="node__path")

    def days(first: dt.date, last: dt.date) -> tuple[QuerySet[Any], str]:
        return daily.model.objects.filter(within, day__gte=first, day__lte=last).order_by(), "day"

    first = period.start if period.start.day == 1 else next_month(period.start)
    # The day after the last whole month in the period.
    after = (
        next_month(period.end)
        if next_month(period.end) - dt.timedelta(days=1) == period.end
        else period.end.replace(day=1)
    )
    if daily.months is None or first >= after:
        return [days(period.start, period.end)]
    parts: Parts = [
        (daily.months.objects.filter(within, month__gte=first, month__lt=after).order_by(), "month")
    ]
    if period.start < first:
        parts.append(days(period.start, first - dt.timedelta(days=1)))
    if after <= period.end:
        parts.append(days(after, period.end))
    return parts


def shared(figure: Figure) -> Shared | None:
    """How ``figure`` is counted together with others; None for one counted on its own."""
    if figure.daily is not None:
        daily = figure.daily
        return Shared(
            daily.model,
            lambda node, period: kept_parts(daily, node, period),
            "node__path",
            True,
            Sum(daily.column, default=0),
        )
    if figure.base is not None and not figure.sum_field and figure.rate_of is None:
        base, date_field = figure.base, figure.date_field
        measure = Count("pk", filter=figure.where) if figure.where else Count("pk")
        return Shared(
            base,
            lambda node, period: [(base(node, period), date_field)],
            figure.path_field,
            bool(date_field),
            measure,
        )
    return None

"""The figures campaigns give the dashboards and briefings: what the command posts reported
(组织人力、车辆机械、清除垃圾、覆盖防尘网、硬化绿化), summed over the campaigns an area runs.

A campaign counts its own figures with names and units of its choosing; these figures take
the reports by unit of measure (and, for square metres, by what the figure's name says), and a
report counts in the period its last day falls in, as on the campaign board.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.campaigns.models import FigureReport
from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period
from lianxin.reports.registry import Column, Figure, Sentence, register, say

COLUMNS = (
    Column(_("Command post"), lambda report: report.post.name),
    Column(_("Figure"), lambda report: report.metric.name),
    Column(_("Value"), lambda report: report.value),
    Column(_("Until"), lambda report: f"{report.ends_on:%Y-%m-%d}"),
)


def _reported(where: Q) -> Any:
    def records(node: OrgNode, period: Period) -> QuerySet[FigureReport]:
        rows = FigureReport.objects.filter(
            subtree_q(node.path, field="post__campaign__node__path"),
            ends_on__gte=period.start,
            ends_on__lte=period.end,
        ).filter(where)
        return rows.select_related("post__campaign", "metric").order_by("-ends_on", "post_id", "id")

    return records


SQUARE_METRES = Q(metric__unit__in=["平方米", "m²", "㎡"])
for key, title, unit, where, wording, order in [
    ("campaigns.person_times", _("People turned out"), _("person-times"), Q(metric__unit="人次"), "about", 1),
    ("campaigns.machine_shifts", _("Vehicles and machines"), _("shifts"), Q(metric__unit="台次"), "about", 2),
    (
        "campaigns.waste_cleared",
        _("Waste cleared"),
        _("cubic metres"),
        Q(metric__unit__in=["立方米", "m³"]),
        "measure",
        3,
    ),
    (
        "campaigns.dust_nets",
        _("Dust nets laid"),
        _("square metres"),
        SQUARE_METRES & (Q(metric__name__contains="防尘") | Q(metric__name__contains="苫盖")),
        "measure",
        4,
    ),
    (
        "campaigns.hardened_greened",
        _("Ground hardened or greened"),
        _("square metres"),
        SQUARE_METRES & (Q(metric__name__contains="硬化") | Q(metric__name__contains="绿化")),
        "measure",
        5,
    ),
]:
    register(
        Figure(
            key=key,
            title=title,
            unit=unit,
            capability=Cap.CAMPAIGNS_VIEW,
            section="campaigns",
            records=_reported(where),
            path_field="post__campaign__node__path",
            sum_field="value",
            wording=wording,
            columns=COLUMNS,
            link=lambda report: reverse("campaigns:post", args=[report.post_id]),
            order=order,
        )
    )

say(
    Sentence(
        section="campaigns",
        lead="campaigns.person_times",
        text=_(
            "The command posts turned out {campaigns.person_times} and {campaigns.machine_shifts} of "
            "vehicles and machines, cleared {campaigns.waste_cleared} of waste, laid {campaigns.dust_nets} "
            "of dust nets and hardened or greened {campaigns.hardened_greened}."
        ),
    )
)

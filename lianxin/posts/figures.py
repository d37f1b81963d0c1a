"""The in-service party members' figures for the dashboards and briefings (在职党员进社区)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.posts.models import Post, Report, ServiceRecord, State
from lianxin.reports.periods import Period, day_start
from lianxin.reports.registry import Column, Figure, Sentence, register, say


def _reported(node: OrgNode, period: Period) -> QuerySet[Report]:
    """Members reported to a community of the area and confirmed by the end of the period."""
    rows = Report.objects.filter(
        subtree_q(node.path, field="community__path"),
        state=State.CONFIRMED,
        decided_at__lt=day_start(period.end + dt.timedelta(days=1)),
    )
    return rows.select_related("person", "community", "employer").order_by("community__path", "number")


def _services(node: OrgNode, period: Period) -> QuerySet[ServiceRecord]:
    """Confirmed services of reported members done in the period (one per person-time)."""
    rows = ServiceRecord.objects.filter(
        subtree_q(node.path, field="report__community__path"),
        state=State.CONFIRMED,
        on__gte=period.start,
        on__lte=period.end,
    )
    return rows.select_related("report__person", "report__community").order_by("-on", "-id")


def _posts(node: OrgNode, period: Period) -> QuerySet[Post]:
    """Active service posts of the area set up by the end of the period."""
    rows = Post.objects.filter(
        subtree_q(node.path, field="community__path"),
        is_active=True,
        created_at__lt=day_start(period.end + dt.timedelta(days=1)),
    )
    return rows.select_related("community").order_by("community__path", "kind", "name")


SERVICE_COLUMNS = (
    Column(_("Member"), lambda s: s.report.person.name),
    Column(_("Community"), lambda s: s.report.community.name),
    Column(_("Date"), lambda s: f"{s.on:%Y-%m-%d}"),
    Column(_("Hours"), lambda s: s.hours),
)

register(
    Figure(
        key="posts.reported_members",
        title=_("In-service party members reported to communities"),
        unit=pgettext_lazy("unit of count", "people"),
        capability=Cap.POSTS_VIEW,
        section="in_service",
        records=_reported,
        path_field="community__path",
        date_field="decided_at",
        wording="exact",
        columns=(
            Column(_("Member"), lambda r: r.person.name),
            Column(_("Community"), lambda r: r.community.name),
            Column(_("Employer unit"), lambda r: r.employer.name),
            Column(_("Receipt number"), lambda r: r.number),
        ),
        link=lambda r: reverse("posts:report", args=[r.pk]),
        order=1,
    )
)
register(
    Figure(
        key="posts.services",
        title=_("Services by in-service party members"),
        unit=_("person-times"),
        capability=Cap.POSTS_VIEW,
        section="in_service",
        records=_services,
        path_field="report__community__path",
        date_field="on",
        columns=SERVICE_COLUMNS,
        link=lambda s: reverse("posts:service", args=[s.pk]),
        order=2,
        chart=True,
    )
)
register(
    Figure(
        key="posts.service_hours",
        title=_("Service hours of in-service party members"),
        unit=_("hours"),
        capability=Cap.POSTS_VIEW,
        section="in_service",
        records=_services,
        path_field="report__community__path",
        date_field="on",
        sum_field="hours",
        wording="measure",
        columns=SERVICE_COLUMNS,
        link=lambda s: reverse("posts:service", args=[s.pk]),
        order=3,
    )
)
register(
    Figure(
        key="posts.posts",
        title=_("Service posts"),
        unit=_("posts"),
        capability=Cap.POSTS_VIEW,
        section="in_service",
        records=_posts,
        path_field="community__path",
        date_field="created_at",
        wording="exact",
        columns=(
            Column(_("Community"), lambda p: p.community.name),
            Column(_("Kind"), lambda p: p.get_kind_display()),
        ),
        link=lambda p: reverse("posts:post", args=[p.pk]),
        order=4,
    )
)

say(
    Sentence(
        section="in_service",
        lead="posts.reported_members",
        text=_(
            "Through {posts.posts} set up in the communities, {posts.reported_members} in-service party "
            "members have reported to the communities where they live, and served residents "
            "{posts.services} ({posts.service_hours})."
        ),
    )
)

"""The figures of volunteer service for the dashboards and briefings (台账).

- volunteers: people registered in the area (home node in the subtree) who, in the period,
  gave a confirmed service or were an active member of a team (anywhere);
- teams and brands: active ones in the area;
- confirmed service hours and services (person-times) of activities of the area's teams in the
  period; activities held;
- people served: the sum of the counts of the activities held (person-times; the known people
  are inside an activity's count, never added on top), and the known people served, each once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person
from lianxin.reports.periods import Period, within
from lianxin.reports.registry import Column, Figure, Sentence, register, say
from lianxin.volunteers.models import (
    Activity,
    ActivityState,
    Brand,
    Membership,
    MembershipState,
    SignUp,
    Team,
)

TEAM_PATH = "activity__team__node__path"


def _services(node: OrgNode, period: Period) -> QuerySet[SignUp]:
    rows = SignUp.objects.filter(
        subtree_q(node.path, field=TEAM_PATH),
        within("activity__starts_at", period),
        hours_final__isnull=False,
    )
    return rows.select_related("person", "activity__team").order_by("-activity__starts_at", "-id")


def _held(node: OrgNode, period: Period) -> QuerySet[Activity]:
    rows = Activity.objects.filter(
        subtree_q(node.path, field="team__node__path"), within("starts_at", period), state=ActivityState.HELD
    )
    return rows.select_related("team").order_by("-starts_at", "-id")


def _volunteers(node: OrgNode, period: Period) -> QuerySet[Person]:
    served = SignUp.objects.filter(within("activity__starts_at", period), hours_final__isnull=False)
    members = Membership.objects.filter(
        Q(state=MembershipState.ACTIVE) | Q(state=MembershipState.LEFT, left_on__gte=period.start),
        joined_on__lte=period.end,
    )
    return (
        Person.objects.filter(subtree_q(node.path, field="node__path"))
        .filter(Q(pk__in=served.values("person_id")) | Q(pk__in=members.values("person_id")))
        .select_related("node")
        .order_by("name", "id")
    )


def _teams(node: OrgNode, period: Period) -> QuerySet[Team]:
    rows = Team.objects.filter(subtree_q(node.path, field="node__path"), is_active=True)
    return rows.select_related("brand", "node").order_by("node__path", "name")


def _brands(node: OrgNode, period: Period) -> QuerySet[Brand]:
    return Brand.objects.filter(subtree_q(node.path, field="node__path"), is_active=True).select_related(
        "node"
    )


def _known_served(node: OrgNode, period: Period) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=_held(node, period).values("served_people")).order_by("name", "id")


def _activity_link(a: Activity) -> str:
    return reverse("volunteers:activity", args=[a.pk])


VOLUNTEER_COLUMNS = (Column(_("Area"), lambda p: p.node.name),)
SERVICE_COLUMNS = (
    Column(_("Volunteer"), lambda s: s.person.name),
    Column(_("Activity"), lambda s: s.activity.title),
    Column(_("Starts"), lambda s: f"{s.activity.starts_at:%Y-%m-%d}"),
    Column(_("Hours"), lambda s: s.hours_final),
)
ACTIVITY_COLUMNS = (
    Column(_("Team"), lambda a: a.team.name),
    Column(_("Starts"), lambda a: f"{a.starts_at:%Y-%m-%d %H:%M}"),
    Column(_("People served"), lambda a: a.served_count),
)


def _register(**fields: Any) -> None:
    register(Figure(capability=Cap.VOLUNTEERS_VIEW, section="volunteers", **fields))


_register(
    key="volunteers.volunteers",
    title=_("Volunteers"),
    unit=pgettext_lazy("unit of count", "people"),
    records=_volunteers,
    columns=VOLUNTEER_COLUMNS,
    wording="about",
    order=1,
)
_register(
    key="volunteers.teams",
    title=_("Volunteer teams"),
    unit=_("teams"),
    records=_teams,
    columns=(Column(_("Brand"), lambda t: t.brand.name), Column(_("Area"), lambda t: t.node.name)),
    link=lambda t: reverse("volunteers:team", args=[t.pk]),
    wording="exact",
    order=2,
)
_register(
    key="volunteers.brands",
    title=_("Service brands"),
    unit=_("brands"),
    records=_brands,
    columns=(Column(_("Area"), lambda b: b.node.name),),
    wording="exact",
    order=3,
)
_register(
    key="volunteers.hours",
    title=_("Confirmed service hours"),
    unit=_("hours"),
    records=_services,
    sum_field="hours_final",
    path_field=TEAM_PATH,
    date_field="activity__starts_at",
    columns=SERVICE_COLUMNS,
    wording="measure",
    order=4,
    chart=True,
)
_register(
    key="volunteers.services",
    title=_("Volunteer services"),
    unit=_("person-times"),
    records=_services,
    path_field=TEAM_PATH,
    date_field="activity__starts_at",
    columns=SERVICE_COLUMNS,
    order=5,
)
_register(
    key="volunteers.activities_held",
    title=_("Volunteer activities held"),
    unit=_("activities"),
    records=_held,
    path_field="team__node__path",
    date_field="starts_at",
    columns=ACTIVITY_COLUMNS,
    link=_activity_link,
    wording="exact",
    order=6,
)
_register(
    key="volunteers.people_served",
    title=_("People served by volunteers"),
    unit=_("person-times"),
    records=_held,
    sum_field="served_count",
    path_field="team__node__path",
    date_field="starts_at",
    columns=ACTIVITY_COLUMNS,
    link=_activity_link,
    order=7,
)
_register(
    key="volunteers.known_served",
    title=_("Registered people served"),
    unit=pgettext_lazy("unit of count", "people"),
    records=_known_served,
    wording="exact",
    order=8,
)

say(
    Sentence(
        section="volunteers",
        lead="volunteers.activities_held",
        text=_(
            "{volunteers.teams} of volunteer teams under {volunteers.brands} of service brands held "
            "{volunteers.activities_held}; {volunteers.volunteers} of volunteers gave {volunteers.hours} of "
            "service and served {volunteers.people_served}."
        ),
    )
)

"""The figures of the people register for the dashboards and briefings: how many people of
each kind are registered in an area at the end of the period."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person
from lianxin.reports.periods import Period, day_start
from lianxin.reports.registry import Column, Figure, Sentence, register, say

COLUMNS = (
    Column(_("Registered at"), lambda person: person.node.name),
    Column(_("Phone"), lambda person: person.phone_masked),
)


def _registered(node: OrgNode, period: Period) -> QuerySet[Person]:
    """Everyone registered in the node's subtree by the end of the period."""
    return (
        Person.objects.filter(
            subtree_q(node.path, field="node__path"),
            created_at__lt=day_start(period.end + dt.timedelta(days=1)),  # an index range, not a cast
        )
        .select_related("node")
        .order_by("name", "id")
    )


for key, title, flag, order in [
    ("people.registered", _("People registered"), "", 10),
    ("people.party_members", _("Party members"), "is_party_member", 20),
    ("people.in_service_members", _("In-service party members"), "is_in_service_member", 30),
    ("people.volunteers", _("Volunteers registered"), "is_volunteer", 40),
    ("people.party_reps", _("Party representatives"), "is_party_rep", 50),
]:
    register(  # on the same records: counted together, in one query
        Figure(
            key=key,
            title=title,
            unit=pgettext_lazy("unit of count", "people"),
            capability=Cap.PEOPLE_VIEW,
            section="organisation",
            base=_registered,
            where=Q(**{flag: True}) if flag else None,
            wording="exact",
            columns=COLUMNS,
            link=lambda person: reverse("people:detail", args=[person.pk]),
            order=order,
        )
    )

say(
    Sentence(
        section="organisation",
        lead="people.party_members",
        text=_(
            "The area has {people.party_members} of party members on its register, "
            "{people.in_service_members} of them serving in units, and {people.volunteers} of volunteers."
        ),
    )
)

"""The figures of purchased social-work services for the dashboards and briefings: confirmed
services, their hours and the people they served, counted for the buying node's subtree."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period, within
from lianxin.reports.registry import Column, Figure, Sentence, register, say
from lianxin.socialwork.models import LogState, ServiceLog

PATH = "deliverable__contract__buyer__path"


def _confirmed(node: OrgNode, period: Period) -> QuerySet[ServiceLog]:
    rows = ServiceLog.objects.filter(
        subtree_q(node.path, field=PATH), within("on", period), state=LogState.CONFIRMED
    )
    return rows.select_related("deliverable__contract__organisation").order_by("-on", "-id")


COLUMNS = (
    Column(_("Social-work organisation"), lambda log: log.deliverable.contract.organisation.name),
    Column(_("Service item"), lambda log: log.deliverable.name),
    Column(_("Date"), lambda log: f"{log.on:%Y-%m-%d}"),
    Column(_("Hours"), lambda log: log.hours),
    Column(_("People served"), lambda log: log.people_served),
)

for key, title, unit, total, order in [
    (
        "socialwork.services",
        _("Social-work services delivered"),
        pgettext_lazy("unit of count", "services"),
        "",
        1,
    ),
    ("socialwork.hours", _("Social-work service hours"), _("hours"), "hours", 2),
    ("socialwork.people_served", _("People served by social workers"), _("person-times"), "people_served", 3),
]:
    register(
        Figure(
            key=key,
            title=title,
            unit=unit,
            capability=Cap.SOCIALWORK_VIEW,
            section="teams",
            records=_confirmed,
            path_field=PATH,
            date_field="on",
            sum_field=total,
            wording="exact" if not total else "about",
            columns=COLUMNS,
            link=lambda log: reverse("socialwork:contract", args=[log.deliverable.contract_id]),
            order=50 + order,
        )
    )

say(
    Sentence(
        section="teams",
        lead="socialwork.services",
        text=_(
            "Contracted social workers delivered {socialwork.services} in {socialwork.hours}, "
            "serving {socialwork.people_served}."
        ),
        order=50,
    )
)

"""The figures of the party representative studios for the dashboards and briefings."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.liaison.models import Concern, Session, SessionState
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period, within
from lianxin.reports.registry import Column, Figure, Sentence, register, say


def _sessions(node: OrgNode, period: Period) -> QuerySet[Session]:
    rows = Session.objects.filter(
        subtree_q(node.path, field="studio__node__path"),
        within("starts_at", period),
        state=SessionState.HELD,
    )
    return rows.select_related("studio").order_by("-starts_at", "-id")


def _concerns(node: OrgNode, period: Period) -> QuerySet[Concern]:
    rows = Concern.objects.filter(
        subtree_q(node.path, field="representative__studio__node__path"), within("created_at", period)
    )
    return rows.select_related("representative__studio").order_by("-created_at", "-id")


register(
    Figure(
        key="liaison.sessions_held",
        title=_("Studio and mobile sessions held"),
        unit=_("sessions"),
        capability=Cap.LIAISON_VIEW,
        section="liaison",
        records=_sessions,
        path_field="studio__node__path",
        date_field="starts_at",
        wording="exact",
        columns=(
            Column(_("Studio"), lambda s: s.studio.name),
            Column(_("Kind"), lambda s: s.get_kind_display()),
            Column(_("Starts"), lambda s: f"{s.starts_at:%Y-%m-%d %H:%M}"),
        ),
        link=lambda s: reverse("liaison:session", args=[s.pk]),
        order=1,
    )
)
for key, title, where, order in [
    ("liaison.concerns", _("Concerns raised with representatives"), None, 2),
    ("liaison.concerns_to_requests", _("Concerns turned into requests"), Q(case__isnull=False), 3),
]:
    register(
        Figure(
            key=key,
            title=title,
            unit=_("items"),
            capability=Cap.LIAISON_VIEW,
            section="liaison",
            base=_concerns,
            where=where,
            path_field="representative__studio__node__path",
            date_field="created_at",
            wording="exact",
            columns=(
                Column(_("Studio"), lambda c: c.representative.studio.name),
                Column(_("What they raised"), lambda c: c.text[:60]),
            ),
            order=order,
        )
    )

say(
    Sentence(
        section="liaison",
        lead="liaison.sessions_held",
        text=_(
            "The party representative studios held {liaison.sessions_held} in the studio and out in the "
            "communities; residents raised {liaison.concerns} with their representatives, "
            "{liaison.concerns_to_requests} of which went on as residents' requests."
        ),
    )
)

"""The figures of the working mechanism (meetings and their follow-up) for dashboards and briefings."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.meetings.models import Action, ActionState, Meeting, MeetingKind, MeetingState
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period, within
from lianxin.reports.registry import Column, Figure, Sentence, register, say


def _meetings(node: OrgNode, period: Period) -> QuerySet[Meeting]:
    rows = Meeting.objects.filter(
        subtree_q(node.path, field="node__path"), within("starts_at", period), state=MeetingState.HELD
    )
    return rows.select_related("node").order_by("-starts_at", "-id")


def _actions(node: OrgNode, period: Period) -> QuerySet[Action]:
    rows = Action.objects.filter(subtree_q(node.path, field="meeting__node__path"), within("due_at", period))
    return rows.select_related("meeting", "owner_node").order_by("-due_at", "-id")


MEETING_COLUMNS = (
    Column(_("Held by"), lambda m: m.node.name),
    Column(_("Kind"), lambda m: m.get_kind_display()),
    Column(_("When"), lambda m: f"{m.starts_at:%Y-%m-%d}"),
)
ACTION_COLUMNS = (
    Column(_("Meeting"), lambda a: a.meeting.title),
    Column(_("Owner unit"), lambda a: a.owner_node.name),
    Column(_("State"), lambda a: a.get_state_display()),
    Column(_("Due"), lambda a: f"{a.due_at:%Y-%m-%d}"),
)

for key, title, where, order in [
    ("meetings.held", _("Meetings held"), None, 1),
    ("meetings.reviews_held", _("Party-building review meetings held"), Q(kind=MeetingKind.REVIEW), 2),
]:
    register(
        Figure(
            key=key,
            title=title,
            unit=pgettext_lazy("unit of count", "meetings"),
            capability=Cap.MEETINGS_VIEW,
            section="meetings",
            base=_meetings,
            where=where,
            date_field="starts_at",
            wording="exact",
            columns=MEETING_COLUMNS,
            link=lambda m: reverse("meetings:meeting", args=[m.pk]),
            order=order,
        )
    )
for key, title, where, order in [
    ("meetings.actions_due", _("Follow-up actions due"), None, 3),
    ("meetings.actions_done", _("Follow-up actions done"), Q(state=ActionState.DONE), 4),
]:
    register(
        Figure(
            key=key,
            title=title,
            unit=_("items"),
            capability=Cap.MEETINGS_VIEW,
            section="meetings",
            base=_actions,
            where=where,
            path_field="meeting__node__path",
            date_field="due_at",
            wording="exact",
            columns=ACTION_COLUMNS,
            link=lambda a: reverse("meetings:action", args=[a.pk]),
            order=order,
        )
    )

say(
    Sentence(
        section="meetings",
        lead="meetings.held",
        text=_(
            "{meetings.held} were held, {meetings.reviews_held} of them party-building review "
            "meetings; of the {meetings.actions_due} of follow-up actions falling due, "
            "{meetings.actions_done} were done."
        ),
    )
)

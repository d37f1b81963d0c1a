"""The figures of events and trainings for the dashboards and briefings."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.events.models import Event, EventKind, EventState, Registration, RegState, TrainingHazard
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period, within
from lianxin.reports.registry import Column, Figure, Sentence, register, say


def _held(node: OrgNode, period: Period) -> QuerySet[Event]:
    rows = Event.objects.filter(
        subtree_q(node.path, field="node__path"),
        within("starts_at", period),
        state=EventState.PUBLISHED,
        starts_at__lte=timezone.now(),
    )
    return rows.select_related("node").order_by("-starts_at", "-id")


def _attendance(node: OrgNode, period: Period) -> QuerySet[Registration]:
    rows = Registration.objects.filter(
        subtree_q(node.path, field="event__node__path"),
        within("event__starts_at", period),
        state=RegState.REGISTERED,
        checked_in_at__isnull=False,
    )
    return rows.select_related("event", "person").order_by("-event__starts_at", "-id")


def _hazards(node: OrgNode, period: Period) -> QuerySet[TrainingHazard]:
    rows = TrainingHazard.objects.filter(
        subtree_q(node.path, field="event__node__path"), within("created_at", period)
    )
    return rows.select_related("event", "case").order_by("-created_at", "-id")


EVENT_COLUMNS = (
    Column(_("Event"), lambda e: e.title),
    Column(_("Kind"), lambda e: e.get_kind_display()),
    Column(_("Starts"), lambda e: f"{timezone.localtime(e.starts_at):%Y-%m-%d %H:%M}"),
)

register(
    Figure(
        key="events.held",
        title=_("Events held"),
        unit=_("events"),
        capability=Cap.EVENTS_VIEW,
        section="engagement",
        records=_held,
        date_field="starts_at",
        wording="exact",
        columns=EVENT_COLUMNS,
        link=lambda e: reverse("events:event", args=[e.pk]),
        order=10,
    )
)
register(
    Figure(
        key="events.trainings_held",
        title=_("Trainings held"),
        unit=_("trainings"),
        capability=Cap.EVENTS_VIEW,
        section="engagement",
        records=lambda node, period: _held(node, period).filter(kind=EventKind.TRAINING),
        date_field="starts_at",
        wording="exact",
        columns=EVENT_COLUMNS,
        link=lambda e: reverse("events:event", args=[e.pk]),
        order=11,
    )
)
register(
    Figure(
        key="events.attendance",
        title=_("Attendance at events"),
        unit=_("person-times"),
        capability=Cap.EVENTS_VIEW,
        section="engagement",
        records=_attendance,
        path_field="event__node__path",
        date_field="event__starts_at",
        exact_below=50,  # attendance is written the way the page writes a lecture's: 60余人
        columns=(
            Column(_("Name"), lambda r: r.person.name),
            Column(_("Event"), lambda r: r.event.title),
            Column(_("Checked in"), lambda r: f"{timezone.localtime(r.checked_in_at):%Y-%m-%d %H:%M}"),
        ),
        link=lambda r: reverse("events:event", args=[r.event_id]),
        order=12,
    )
)
register(
    Figure(
        key="events.training_hazards",
        title=_("Hazards reported from trainings"),
        unit=_("items"),
        capability=Cap.EVENTS_VIEW,
        section="engagement",
        records=_hazards,
        path_field="event__node__path",
        date_field="created_at",
        wording="exact",
        columns=(
            Column(_("Training"), lambda h: h.event.title),
            Column(_("Hazard"), lambda h: h.get_kind_display()),
            Column(_("Request"), lambda h: h.case.number),
        ),
        link=lambda h: reverse("events:event", args=[h.event_id]),
        order=13,
    )
)
say(
    Sentence(
        section="engagement",
        lead="events.held",
        text=_(
            "{events.held} of activities were held with {events.attendance} taking part, among them "
            "{events.trainings_held} of safety and skills training; {events.training_hazards} of hazards "
            "found after the trainings went on as residents' requests."
        ),
        order=5,
    )
)

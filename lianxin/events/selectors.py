"""Reads of notices and events. Staff see those of their areas (by capability); a person sees
what is addressed to them: their registered node lies under an audience node and their flags
match the audience group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import ancestor_paths, subtree_q
from lianxin.events.models import (
    GROUP_FLAG,
    Event,
    EventAudience,
    EventState,
    Notice,
    NoticeAudience,
    ReadReceipt,
    Registration,
    RegState,
)
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person


def person_groups(person: Person) -> list[str]:
    """The audience groups ``person`` belongs to, by their flags."""
    return [group for group, flag in GROUP_FLAG.items() if flag is None or getattr(person, flag)]


def _addressed(audiences: QuerySet[Any], person: Person, field: str) -> Q:
    rows = audiences.filter(node__path__in=ancestor_paths(person.node.path), group__in=person_groups(person))
    return Q(pk__in=rows.values(field))


def audience_people(audiences: list[Any]) -> QuerySet[Person]:
    """Everyone an audience reaches (``audiences`` with their nodes selected)."""
    q = scope.NOTHING
    for row in audiences:
        part = subtree_q(row.node.path, field="node__path")
        flag = GROUP_FLAG[row.group]
        q |= part & Q(**{flag: True}) if flag else part
    return Person.objects.filter(q)


# --- notices: for a person ----------------------------------------------------------------------


def notices_for(*, person: Person) -> QuerySet[Notice]:
    """Notices addressed to ``person``, published and not expired, pinned first; ``is_read``."""
    now = timezone.now()
    return (
        Notice.objects.filter(
            _addressed(NoticeAudience.objects.all(), person, "notice_id"), publish_at__lte=now
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .annotate(is_read=Exists(ReadReceipt.objects.filter(notice=OuterRef("pk"), person=person)))
        .order_by("-is_pinned", "-publish_at", "-id")
    )


def notice_for(*, person: Person, pk: int | str) -> Notice:
    try:
        return notices_for(person=person).prefetch_related("attachments").get(pk=pk)
    except (Notice.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --- notices: for staff -------------------------------------------------------------------------


def notice_list(*, actor: Any, within: OrgNode | None = None) -> QuerySet[Notice]:
    notices = Notice.objects.filter(scope.scope_q(actor, Cap.NOTICES_MANAGE, field="node__path"))
    if within is not None:
        notices = notices.filter(subtree_q(within.path, field="node__path"))
    return notices.select_related("node").annotate(reads=Count("receipts")).order_by("-publish_at", "-id")


def notice_get(*, actor: Any, pk: int | str) -> Notice:
    try:
        return notice_list(actor=actor).prefetch_related("attachments", "audiences__node").get(pk=pk)
    except (Notice.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@dataclass
class ReadStats:
    audience: int
    read: int

    @property
    def not_read(self) -> int:
        return self.audience - self.read


def notice_not_read(*, notice: Notice) -> QuerySet[Person]:
    """Who the notice reaches and has not opened it, by name."""
    readers = ReadReceipt.objects.filter(notice=notice).values("person_id")
    return (
        audience_people(list(notice.audiences.all()))
        .exclude(pk__in=readers)
        .select_related("node")
        .order_by("name", "id")
    )


def notice_stats(*, notice: Notice) -> ReadStats:
    reached = audience_people(list(notice.audiences.all()))
    read = ReadReceipt.objects.filter(notice=notice, person__in=reached.values("pk")).count()
    return ReadStats(audience=reached.count(), read=read)


# --- events: for a person -----------------------------------------------------------------------


def events_for(*, person: Person) -> QuerySet[Event]:
    """Coming events open to ``person``, and every event they have signed up for."""
    mine = Registration.objects.filter(person=person).exclude(state=RegState.CANCELLED).values("event_id")
    open_to_me = _addressed(EventAudience.objects.all(), person, "event_id") & Q(
        state=EventState.PUBLISHED, ends_at__gt=timezone.now()
    )
    return (
        Event.objects.filter(open_to_me | Q(pk__in=mine))
        .exclude(state=EventState.DRAFT)
        .select_related("node")
        .order_by("starts_at", "id")
    )


def event_for(*, person: Person, pk: int | str) -> Event:
    try:
        return events_for(person=person).get(pk=pk)
    except (Event.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def is_addressed(*, person: Person, event: Event) -> bool:
    return Event.objects.filter(
        _addressed(EventAudience.objects.all(), person, "event_id"), pk=event.pk
    ).exists()


def registration_of(*, person: Person, event: Event) -> Registration | None:
    return Registration.objects.filter(person=person, event=event).exclude(state=RegState.CANCELLED).first()


def my_registrations(*, person: Person) -> dict[int, Registration]:
    rows = Registration.objects.filter(person=person).exclude(state=RegState.CANCELLED)
    return {row.event_id: row for row in rows}


# --- events: for staff --------------------------------------------------------------------------


def event_list(
    *, actor: Any, capability: str = Cap.EVENTS_VIEW, within: OrgNode | None = None
) -> QuerySet[Event]:
    events = Event.objects.filter(scope.scope_q(actor, capability, field="node__path"))
    if within is not None:
        events = events.filter(subtree_q(within.path, field="node__path"))
    return (
        events.select_related("node")
        .annotate(
            signed_up=Count("registrations", filter=Q(registrations__state=RegState.REGISTERED)),
            waiting=Count("registrations", filter=Q(registrations__state=RegState.WAITLISTED)),
            attended=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .order_by("-starts_at", "-id")
    )


def event_get(*, actor: Any, pk: int | str, capability: str = Cap.EVENTS_VIEW) -> Event:
    try:
        return event_list(actor=actor, capability=capability).get(pk=pk)
    except (Event.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def registrations(*, event: Event, state: str | None = None) -> QuerySet[Registration]:
    rows = Registration.objects.filter(event=event).select_related("person__node", "unit")
    return rows.filter(state=state) if state else rows.exclude(state=RegState.CANCELLED)


def attendance(*, event: Event) -> QuerySet[Registration]:
    return registrations(event=event, state=RegState.REGISTERED).filter(checked_in_at__isnull=False)


# --- unit sign-up -------------------------------------------------------------------------------


def signup_units(*, actor: Any) -> QuerySet[OrgNode]:
    """The units whose staff the actor may sign up."""
    return OrgNode.objects.filter(scope.scope_q(actor, Cap.EVENTS_UNIT_SIGNUP), kind="unit").order_by("path")


def unit_events(*, unit: OrgNode) -> QuerySet[Event]:
    """Coming published events whose audience area covers the unit."""
    covering = EventAudience.objects.filter(node__path__in=ancestor_paths(unit.path)).values("event_id")
    return Event.objects.filter(
        pk__in=covering, state=EventState.PUBLISHED, starts_at__gt=timezone.now()
    ).order_by("starts_at", "id")


def unit_groups(*, unit: OrgNode, event: Event) -> set[str]:
    """The audience groups of ``event`` whose area covers ``unit``."""
    rows = EventAudience.objects.filter(event=event, node__path__in=ancestor_paths(unit.path))
    return set(rows.values_list("group", flat=True))


def unit_staff(*, unit: OrgNode) -> QuerySet[Person]:
    """People registered at the unit or employed by it."""
    return Person.objects.filter(subtree_q(unit.path, field="node__path") | Q(employer=unit)).order_by(
        "name", "id"
    )

"""Notices and events over JSON: residents and members read what is addressed to them, sign up
and check in; staff publish, follow read receipts and sign-ups, and scan codes; unit liaisons
sign up their staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.core.roles import Cap
from lianxin.events import registrations as regs
from lianxin.events import selectors, services
from lianxin.events.models import Event, EventState, Notice, Registration
from lianxin.orgs import selectors as org_selectors
from lianxin.people.models import Person
from lianxin.people.selectors import person_of

router = Router(tags=["notices and events"])


def _person(request: HttpRequest) -> Person:
    person = person_of(user=request.user)
    if person is None:
        raise Http404
    return person


class AudienceIn(Schema):
    node_id: int
    group: str


class NoticeOut(Schema):
    id: int
    title: str
    body: str
    publish_at: dt.datetime
    expires_at: dt.datetime | None
    is_pinned: bool


class MyNoticeOut(NoticeOut):
    is_read: bool


class NoticeIn(Schema):
    node_id: int
    title: str
    body: str = ""
    audience: list[AudienceIn]
    publish_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    is_pinned: bool = False


class ReadStatsOut(Schema):
    audience: int
    read: int
    not_read: int


class AttendeeOut(Schema):
    id: int
    name: str
    node_name: str

    @staticmethod
    def resolve_node_name(obj: Person) -> str:
        return obj.node.name


class EventOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    state: str
    speakers: str
    topics: list[str]
    is_safety: bool
    summary: str

    @staticmethod
    def resolve_topics(obj: Event) -> list[str]:
        return obj.topic_list


class EventIn(Schema):
    node_id: int
    kind: str
    title: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    audience: list[AudienceIn]
    description: str = ""
    speakers: str = ""
    topics: str = ""
    is_safety: bool = False
    publish: bool = False


class RegistrationOut(Schema):
    id: int
    event_id: int
    person_name: str
    code: str
    state: str
    unit_name: str | None
    checked_in_at: dt.datetime | None

    @staticmethod
    def resolve_person_name(obj: Registration) -> str:
        return obj.person.name

    @staticmethod
    def resolve_unit_name(obj: Registration) -> str | None:
        return obj.unit.name if obj.unit_id and obj.unit else None


class EventCodeIn(Schema):
    code: str


class DoorIn(Schema):
    token: str


class UnitSignupIn(Schema):
    unit_id: int
    person_ids: list[int]


class HazardIn(Schema):
    kind: str
    text: str
    address: str = ""


class HazardOut(Schema):
    id: int
    kind: str
    case_number: str
    case_state: str

    @staticmethod
    def resolve_case_number(obj: Any) -> str:
        return obj.case.number

    @staticmethod
    def resolve_case_state(obj: Any) -> str:
        return obj.case.state


def _audience(actor: Any, rows: list[AudienceIn], capability: str) -> list[tuple[Any, str]]:
    return [
        (org_selectors.node_get(actor=actor, pk=row.node_id, capability=capability), row.group)
        for row in rows
    ]


# --- notices -------------------------------------------------------------------------------------


@router.get("/notices", response=list[MyNoticeOut], summary="Notices addressed to me")
@paginate(Pages)
def my_notices(request: HttpRequest) -> Any:
    person = person_of(user=request.user)
    return selectors.notices_for(person=person) if person else Notice.objects.none()


@router.get(
    "/notices/{notice_id}", response={200: NoticeOut, 404: Error}, summary="Read a notice (records it)"
)
def my_notice(request: HttpRequest, notice_id: int) -> Any:
    person = _person(request)
    notice = selectors.notice_for(person=person, pk=notice_id)
    services.notice_read(person=person, notice=notice)
    return notice


@router.post("/notices", response={201: NoticeOut, 400: Error, 404: Error}, summary="Publish a notice")
def notice_publish(request: HttpRequest, payload: NoticeIn) -> Any:
    node = org_selectors.node_get(actor=request.user, pk=payload.node_id, capability=Cap.NOTICES_MANAGE)
    data = services.NoticeInput(
        title=payload.title,
        body=payload.body,
        audience=_audience(request.user, payload.audience, Cap.NOTICES_MANAGE),
        publish_at=payload.publish_at,
        expires_at=payload.expires_at,
        is_pinned=payload.is_pinned,
    )
    return Status(201, services.notice_publish(actor=request.user, node=node, data=data))


@router.get("/notices/{notice_id}/reads", response={200: ReadStatsOut, 404: Error}, summary="Read statistics")
def notice_reads(request: HttpRequest, notice_id: int) -> Any:
    stats = selectors.notice_stats(notice=selectors.notice_get(actor=request.user, pk=notice_id))
    return {"audience": stats.audience, "read": stats.read, "not_read": stats.not_read}


@router.get(
    "/notices/{notice_id}/not-read",
    response={200: list[AttendeeOut], 404: Error},
    summary="Who has not read it",
)
@paginate(Pages)
def notice_not_read(request: HttpRequest, notice_id: int) -> Any:
    return selectors.notice_not_read(notice=selectors.notice_get(actor=request.user, pk=notice_id))


# --- events: residents and members ------------------------------------------------------------


@router.get("/events/mine", response=list[EventOut], summary="Events open to me and those I signed up for")
def my_events(request: HttpRequest) -> Any:
    person = person_of(user=request.user)
    return list(selectors.events_for(person=person)) if person else []


@router.post(
    "/events/{event_id}/sign-up",
    response={201: RegistrationOut, 400: Error, 404: Error},
    summary="Sign me up",
)
def sign_up(request: HttpRequest, event_id: int) -> Any:
    person = _person(request)
    event = selectors.event_for(person=person, pk=event_id)
    return Status(201, regs.sign_up(actor=request.user, person=person, event=event))


@router.post(
    "/events/{event_id}/withdraw", response={200: RegistrationOut, 400: Error, 404: Error}, summary="Withdraw"
)
def withdraw(request: HttpRequest, event_id: int) -> Any:
    person = _person(request)
    registration = selectors.registration_of(
        person=person, event=selectors.event_for(person=person, pk=event_id)
    )
    if registration is None:
        raise Http404
    return regs.cancel(actor=request.user, registration=registration)


@router.post(
    "/check-in", response={200: RegistrationOut, 400: Error, 404: Error}, summary="Check in with a door code"
)
def door_check_in(request: HttpRequest, payload: DoorIn) -> Any:
    return regs.check_in_door(actor=request.user, person=_person(request), token=payload.token)


@router.post(
    "/events/{event_id}/hazards", response={201: HazardOut, 400: Error, 404: Error}, summary="Report a hazard"
)
def hazard_report(request: HttpRequest, event_id: int, payload: HazardIn) -> Any:
    person = _person(request)
    event = selectors.event_for(person=person, pk=event_id)
    hazard = regs.hazard_report(
        actor=request.user,
        person=person,
        event=event,
        kind=payload.kind,
        text=payload.text,
        address=payload.address,
    )
    return Status(201, hazard)


# --- events: staff ---------------------------------------------------------------------------------


@router.get("/events", response=list[EventOut], summary="Events of my areas")
@paginate(Pages)
def event_list(request: HttpRequest) -> Any:
    return selectors.event_list(actor=request.user)


@router.post("/events", response={201: EventOut, 400: Error, 404: Error}, summary="Put on an event")
def event_create(request: HttpRequest, payload: EventIn) -> Any:
    node = org_selectors.node_get(actor=request.user, pk=payload.node_id, capability=Cap.EVENTS_MANAGE)
    data = services.EventInput(
        kind=payload.kind,
        title=payload.title,
        place=payload.place,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        audience=_audience(request.user, payload.audience, Cap.EVENTS_MANAGE),
        description=payload.description,
        speakers=payload.speakers,
        topics=payload.topics,
        is_safety=payload.is_safety,
    )
    return Status(
        201, services.event_create(actor=request.user, node=node, data=data, publish=payload.publish)
    )


@router.get("/events/{event_id}", response={200: EventOut, 404: Error}, summary="One event")
def event_get(request: HttpRequest, event_id: int) -> Any:
    return selectors.event_get(actor=request.user, pk=event_id)


@router.post(
    "/events/{event_id}/publish", response={200: EventOut, 400: Error, 404: Error}, summary="Publish"
)
def event_publish(request: HttpRequest, event_id: int) -> Any:
    event = selectors.event_get(actor=request.user, pk=event_id, capability=Cap.EVENTS_MANAGE)
    return services.event_publish(actor=request.user, event=event)


@router.get(
    "/events/{event_id}/registrations", response={200: list[RegistrationOut], 404: Error}, summary="Sign-ups"
)
@paginate(Pages)
def event_registrations(request: HttpRequest, event_id: int) -> Any:
    return selectors.registrations(event=selectors.event_get(actor=request.user, pk=event_id))


@router.post(
    "/events/{event_id}/check-in",
    response={200: RegistrationOut, 400: Error, 404: Error},
    summary="Scan a code",
)
def check_in_code(request: HttpRequest, event_id: int, payload: EventCodeIn) -> Any:
    event = selectors.event_get(actor=request.user, pk=event_id, capability=Cap.EVENTS_MANAGE)
    return regs.check_in_code(actor=request.user, event=event, code=payload.code)


@router.post(
    "/events/{event_id}/unit-sign-up",
    response={201: list[RegistrationOut], 400: Error, 404: Error},
    summary="Sign up several of my unit's staff",
)
def unit_sign_up(request: HttpRequest, event_id: int, payload: UnitSignupIn) -> Any:
    unit = selectors.signup_units(actor=request.user).filter(pk=payload.unit_id).first()
    event = selectors.unit_events(unit=unit).filter(pk=event_id).first() if unit else None
    if unit is None or event is None:
        raise Http404
    people = list(selectors.unit_staff(unit=unit).filter(pk__in=payload.person_ids))
    if len(people) != len(set(payload.person_ids)):
        raise ValidationError({"person_ids": [_("Choose people of your own unit.")]})
    return Status(201, regs.unit_sign_up(actor=request.user, unit=unit, event=event, people=people))


class DoorCodeOut(Schema):
    url: str
    expires_in: int


class EventCancelIn(Schema):
    reason: str


class SummaryIn(Schema):
    summary: str


@router.get(
    "/events/{event_id}/my-registration",
    response={200: RegistrationOut, 404: Error},
    summary="My sign-up and registration code",
)
def my_registration(request: HttpRequest, event_id: int) -> Any:
    person = _person(request)
    registration = selectors.registration_of(
        person=person, event=selectors.event_for(person=person, pk=event_id)
    )
    if registration is None:
        raise Http404
    return registration


@router.get(
    "/events/{event_id}/attendance",
    response={200: list[RegistrationOut], 404: Error},
    summary="Who checked in",
)
@paginate(Pages)
def event_attendance(request: HttpRequest, event_id: int) -> Any:
    return selectors.attendance(event=selectors.event_get(actor=request.user, pk=event_id))


@router.get(
    "/events/{event_id}/door-code",
    response={200: DoorCodeOut, 404: Error},
    summary="The current door code (a check-in URL; show it as a QR and fetch a new one each minute)",
)
def door_code(request: HttpRequest, event_id: int) -> Any:
    event = selectors.event_get(actor=request.user, pk=event_id, capability=Cap.EVENTS_MANAGE)
    if event.state != EventState.PUBLISHED:
        raise Http404
    return {
        "url": request.build_absolute_uri(regs.door_url(event=event)),
        "expires_in": regs.DOOR_CODE_SECONDS,
    }


@router.post("/events/{event_id}/cancel", response={200: EventOut, 400: Error, 404: Error}, summary="Cancel")
def event_cancel(request: HttpRequest, event_id: int, payload: EventCancelIn) -> Any:
    event = selectors.event_get(actor=request.user, pk=event_id, capability=Cap.EVENTS_MANAGE)
    return services.event_cancel(actor=request.user, event=event, reason=payload.reason)


@router.post(
    "/events/{event_id}/summary",
    response={200: EventOut, 400: Error, 404: Error},
    summary="Write the summary",
)
def event_summary(request: HttpRequest, event_id: int, payload: SummaryIn) -> Any:
    event = selectors.event_get(actor=request.user, pk=event_id, capability=Cap.EVENTS_MANAGE)
    return services.event_summarise(actor=request.user, event=event, summary=payload.summary)

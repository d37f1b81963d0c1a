"""Party representative studios over JSON: staff read schedules and links, a representative
logs sessions, contacts and what was raised, and turns a concern into a request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from lianxin.casework.models import Category, Priority
from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.liaison import selectors, services
from lianxin.liaison.models import Concern, Link, Representative, Session, Studio
from lianxin.orgs import selectors as org_selectors
from lianxin.people.selectors import person_of

router = Router(tags=["party representative studios"])


class StudioOut(Schema):
    id: int
    name: str
    node_id: int
    node_name: str
    address: str
    phone: str
    opening_hours: str
    stale_after_days: int
    is_active: bool

    @staticmethod
    def resolve_node_name(obj: Studio) -> str:
        return obj.node.name


class LinkOut(Schema):
    id: int
    representative_id: int
    person_name: str
    reason: str
    started_on: dt.date
    last_contact: dt.date | None
    days_quiet: int
    stale: bool


def _link_out(row: selectors.LinkRow) -> dict[str, Any]:
    return {
        "id": row.link.pk,
        "representative_id": row.link.representative_id,
        "person_name": row.link.person.name,
        "reason": row.link.reason,
        "started_on": row.link.started_on,
        "last_contact": row.last_contact,
        "days_quiet": row.days_quiet,
        "stale": row.stale,
    }


class RepresentativeOut(Schema):
    id: int
    name: str
    started_on: dt.date
    too_few_links: bool
    links: list[LinkOut]


class WeekOut(Schema):
    start: dt.date
    sessions: int
    held: int
    exempt: bool
    gap: bool


class StudioDetailOut(StudioOut):
    representatives: list[RepresentativeOut]
    weeks: list[WeekOut]

    @staticmethod
    def resolve_representatives(obj: Any) -> list[dict[str, Any]]:
        return obj.rep_rows

    @staticmethod
    def resolve_weeks(obj: Any) -> list[dict[str, Any]]:
        return obj.week_rows


class SessionOut(Schema):
    id: int
    studio_id: int
    studio_name: str
    kind: str
    state: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str | None
    venue: str
    topic: str
    hosts: list[str]
    visitors: int
    summary: str

    @staticmethod
    def resolve_studio_name(obj: Session) -> str:
        return obj.studio.name

    @staticmethod
    def resolve_place(obj: Session) -> str | None:
        return obj.place.name if obj.place_id and obj.place else None

    @staticmethod
    def resolve_hosts(obj: Session) -> list[str]:
        return [rep.person.name for rep in obj.hosts.all()]


class CaseProgressOut(Schema):
    number: str
    state: str
    state_label: str
    reply: str
    rating: str
    rating_label: str
    closed_at: dt.datetime | None


class ConcernOut(Schema):
    id: int
    name: str
    text: str
    answer: str
    created_at: dt.datetime
    representative: str
    session_id: int | None
    contact_id: int | None
    case: CaseProgressOut | None

    @staticmethod
    def resolve_representative(obj: Concern) -> str:
        return obj.representative.person.name

    @staticmethod
    def resolve_case(obj: Concern) -> Any:
        return selectors.case_progress(concern=obj)


class SessionDetailOut(SessionOut):
    concerns: list[ConcernOut]

    @staticmethod
    def resolve_concerns(obj: Session) -> list[Concern]:
        return list(
            obj.concerns.select_related("case", "representative__person").order_by("created_at", "id")
        )


class DutyOut(Schema):
    id: int
    studio: StudioOut
    started_on: dt.date
    links: list[LinkOut]


class SessionIn(Schema):
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hosts: list[int]
    place_id: int | None = None
    venue: str = ""
    topic: str = ""
    visitors: int | None = None  # given: the session took place, and is logged as held
    summary: str = ""


class HeldIn(Schema):
    visitors: int
    summary: str = ""


class CancelIn(Schema):
    reason: str


class ConcernIn(Schema):
    name: str
    text: str
    answer: str = ""
    phone: str = ""
    representative_id: int | None = None


class LinkIn(Schema):
    person_id: int
    started_on: dt.date | None = None
    reason: str = ""


class ContactIn(Schema):
    on: dt.date
    method: str
    note: str = ""
    raised: str = ""


class ContactOut(Schema):
    id: int
    link_id: int
    on: dt.date
    method: str
    note: str


class ConcernCaseIn(Schema):
    case_type: str
    category: str  # a category code
    text: str = ""
    place_id: int | None = None
    address: str = ""
    priority: str = Priority.NORMAL
    callback_phone: str = ""
    is_confidential: bool = False


@router.get("/studios", response=list[StudioOut], summary="Studios in my areas")
@paginate(Pages)
def list_studios(request: HttpRequest) -> Any:
    return selectors.studio_list(actor=request.user)


@router.get(
    "/studios/{studio_id}",
    response={200: StudioDetailOut, 404: Error},
    summary="A studio: representatives with their links (stale ones flagged) and its weeks",
)
def get_studio(request: HttpRequest, studio_id: int) -> Any:
    studio = selectors.studio_get(actor=request.user, pk=studio_id)
    today = timezone.localdate()
    first, last = selectors.schedule_window(today)
    weeks = selectors.weekly_coverage(studios=[studio], first=first, last=last, today=today)[studio.pk]
    reps = selectors.representative_rows(studios=[studio], today=today).get(studio.pk, [])
    studio.rep_rows = [  # type: ignore[attr-defined]
        {
            "id": row.representative.pk,
            "name": row.representative.person.name,
            "started_on": row.representative.started_on,
            "too_few_links": row.short,
            "links": [_link_out(link) for link in row.links],
        }
        for row in reps
    ]
    studio.week_rows = [  # type: ignore[attr-defined]
        {"start": w.start, "sessions": w.sessions, "held": w.held, "exempt": w.exempt, "gap": w.gap}
        for w in weeks
    ]
    return studio


@router.get(
    "/studios/{studio_id}/sessions",
    response={200: list[SessionOut], 404: Error},
    summary="A studio's sessions between two dates (default: eight weeks back, four ahead)",
)
def studio_sessions(
    request: HttpRequest, studio_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> Any:
    studio = selectors.studio_get(actor=request.user, pk=studio_id)
    first, last = selectors.schedule_window(timezone.localdate())
    return selectors.sessions_between(studio=studio, first=start or first, last=end or last)


@router.post(
    "/studios/{studio_id}/sessions",
    response={201: SessionOut, 400: Error, 404: Error},
    summary="Schedule a session, or log one that took place (with visitors); by staff or a representative",
)
def create_session(request: HttpRequest, studio_id: int, payload: SessionIn) -> Any:
    studio = selectors.studio_to_work_in(actor=request.user, pk=studio_id)
    hosts = list(Representative.objects.filter(studio=studio, pk__in=payload.hosts).select_related("person"))
    place = org_selectors.node_get(actor=request.user, pk=payload.place_id) if payload.place_id else None
    data = services.SessionInput(
        kind=payload.kind,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        hosts=hosts if len(hosts) == len(set(payload.hosts)) else [],
        place=place,
        venue=payload.venue,
        topic=payload.topic,
    )
    if payload.visitors is None:
        session = services.session_schedule(actor=request.user, studio=studio, data=data)
    else:
        session = services.session_log(
            actor=request.user, studio=studio, data=data, visitors=payload.visitors, summary=payload.summary
        )
    return Status(201, selectors.session_get(actor=request.user, pk=session.pk))


@router.get(
    "/sessions/upcoming",
    response=list[SessionOut],
    summary="Coming sessions of the studios serving where I live, and who will be there",
)
def upcoming(request: HttpRequest) -> Any:
    return selectors.upcoming_for(person=person_of(user=request.user), now=timezone.now())


@router.get("/sessions/{session_id}", response={200: SessionDetailOut, 404: Error}, summary="One session")
def get_session(request: HttpRequest, session_id: int) -> Any:
    return selectors.session_get(actor=request.user, pk=session_id)


@router.post(
    "/sessions/{session_id}/held",
    response={200: SessionOut, 400: Error, 404: Error},
    summary="Record that the session took place",
)
def hold_session(request: HttpRequest, session_id: int, payload: HeldIn) -> Any:
    session = selectors.session_get(actor=request.user, pk=session_id)
    services.session_hold(
        actor=request.user, session=session, visitors=payload.visitors, summary=payload.summary
    )
    return selectors.session_get(actor=request.user, pk=session_id)


@router.post(
    "/sessions/{session_id}/cancel",
    response={200: SessionOut, 400: Error, 404: Error},
    summary="Cancel a planned session",
)
def cancel_session(request: HttpRequest, session_id: int, payload: CancelIn) -> Any:
    session = selectors.session_get(actor=request.user, pk=session_id)
    services.session_cancel(actor=request.user, session=session, reason=payload.reason)
    return selectors.session_get(actor=request.user, pk=session_id)


@router.post(
    "/sessions/{session_id}/concerns",
    response={201: ConcernOut, 400: Error, 404: Error},
    summary="Record who came and what they raised (a phone number only finds the registered resident)",
)
def add_concern(request: HttpRequest, session_id: int, payload: ConcernIn) -> Any:
    session = selectors.session_get(actor=request.user, pk=session_id)
    representative = (
        session.hosts.filter(pk=payload.representative_id).first() if payload.representative_id else None
    )
    concern = services.concern_record(
        actor=request.user,
        session=session,
        name=payload.name,
        text=payload.text,
        answer=payload.answer,
        phone=payload.phone,
        representative=representative,
    )
    return Status(201, selectors.concern_get(actor=request.user, pk=concern.pk))


@router.get("/me", response=list[DutyOut], summary="My duties as a representative, with my linked people")
def my_duties(request: HttpRequest) -> Any:
    duties = list(selectors.own_duties(actor=request.user))
    rows = selectors.link_rows(
        links=Link.objects.filter(representative__in=duties, ended_on__isnull=True),
        today=timezone.localdate(),
    )
    return [
        {
            "id": duty.pk,
            "studio": duty.studio,
            "started_on": duty.started_on,
            "links": [_link_out(row) for row in rows if row.link.representative_id == duty.pk],
        }
        for duty in duties
    ]


@router.post(
    "/representatives/{representative_id}/links",
    response={201: LinkOut, 400: Error, 404: Error},
    summary="Link a representative to a party member or resident (at most three)",
)
def add_link(request: HttpRequest, representative_id: int, payload: LinkIn) -> Any:
    representative = selectors.representative_get(actor=request.user, pk=representative_id)
    if not request.user.has_perm("liaison.manage", representative):
        raise Http404
    person = selectors.link_candidates(actor=request.user, representative=representative).filter(
        pk=payload.person_id
    )
    found = person.first()
    if found is None:
        raise ValidationError({"person_id": [_("Choose someone registered in the studio's area.")]})
    link = services.link_add(
        actor=request.user,
        representative=representative,
        person=found,
        started_on=payload.started_on or timezone.localdate(),
        reason=payload.reason,
    )
    [row] = selectors.link_rows(links=Link.objects.filter(pk=link.pk), today=timezone.localdate())
    return Status(201, _link_out(row))


@router.post(
    "/links/{link_id}/contacts",
    response={201: ContactOut, 400: Error, 404: Error},
    summary="Log a contact with a linked person, and what they raised",
)
def add_contact(request: HttpRequest, link_id: int, payload: ContactIn) -> Any:
    link = selectors.link_get(actor=request.user, pk=link_id)
    contact = services.contact_record(actor=request.user, link=link, **payload.dict())
    return Status(201, contact)


@router.get("/concerns/{concern_id}", response={200: ConcernOut, 404: Error}, summary="What someone raised")
def get_concern(request: HttpRequest, concern_id: int) -> Any:
    return selectors.concern_get(actor=request.user, pk=concern_id)


@router.post(
    "/concerns/{concern_id}/case",
    response={201: ConcernOut, 400: Error, 404: Error},
    summary="Turn a concern into a residents' request (channel: party representative studio)",
)
def concern_case(request: HttpRequest, concern_id: int, payload: ConcernCaseIn) -> Any:
    concern = selectors.concern_get(actor=request.user, pk=concern_id)
    category = Category.objects.filter(code=payload.category, is_active=True, parent__isnull=False).first()
    if category is None:
        raise ValidationError({"category": [_("Choose a category.")]})
    place = org_selectors.node_get(actor=request.user, pk=payload.place_id) if payload.place_id else None
    fields = services.CaseFields(
        case_type=payload.case_type,
        category=category,
        text=payload.text,
        place=place,
        address=payload.address,
        priority=payload.priority,
        callback_phone=payload.callback_phone,
        is_confidential=payload.is_confidential,
    )
    services.concern_to_case(actor=request.user, concern=concern, data=fields)
    return Status(201, selectors.concern_get(actor=request.user, pk=concern_id))

"""Service posts and in-service party members over JSON: staff read posts, rosters, lists and the
confirmation queue and decide; a member reports, claims, logs services and reads their points;
an employer unit reads its members' receipts, feedback sheet and who has not reported."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from lianxin.core import scope
from lianxin.core.api import Error
from lianxin.core.roles import Cap
from lianxin.orgs.models import OrgNode
from lianxin.people.selectors import person_of
from lianxin.posts import employer, ledger, member_services, selectors
from lianxin.posts.member_services import ServiceInput, member_of
from lianxin.posts.models import Claim, ListItem, Need, Post, Report, ServiceRecord, Shift
from lianxin.reports.periods import BadPeriod, parse, quarter

router = Router(tags=["service posts and in-service party members"])


class ShiftOut(Schema):
    id: int
    person_name: str
    weekday: int
    starts: dt.time
    ends: dt.time

    @staticmethod
    def resolve_person_name(obj: Shift) -> str:
        return obj.person.name


class PostOut(Schema):
    id: int
    community_id: int
    community_name: str
    kind: str
    name: str
    field: str
    place: str
    extends_until: dt.time | None
    on_weekends: bool
    is_active: bool
    roster: list[ShiftOut]

    @staticmethod
    def resolve_community_name(obj: Post) -> str:
        return obj.community.name


class OnDutyOut(ShiftOut):
    post_id: int
    post_name: str
    community_name: str

    @staticmethod
    def resolve_post_name(obj: Shift) -> str:
        return obj.post.name

    @staticmethod
    def resolve_community_name(obj: Shift) -> str:
        return obj.post.community.name


class ItemOut(Schema):
    position: int
    matter: str
    legal_basis: str
    responsible_post: str
    time_limit: str
    is_public: bool


class ListOut(Schema):
    community_id: int
    community_name: str
    version: int | None
    published_at: dt.datetime | None
    items: list[ItemOut]


class ReportOut(Schema):
    id: int
    person_name: str
    community_id: int
    community_name: str
    employer_id: int
    employer_name: str
    state: str
    number: str
    reason: str
    created_at: dt.datetime
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_person_name(obj: Report) -> str:
        return obj.person.name

    @staticmethod
    def resolve_community_name(obj: Report) -> str:
        return obj.community.name

    @staticmethod
    def resolve_employer_name(obj: Report) -> str:
        return obj.employer.name


class ClaimOut(Schema):
    id: int
    report_id: int
    post_id: int | None
    need_id: int | None
    title: str
    state: str
    reason: str

    @staticmethod
    def resolve_title(obj: Claim) -> str:
        return str(obj)


class ServiceOut(Schema):
    id: int
    report_id: int
    claim_id: int | None
    on: dt.date
    hours: Decimal
    what: str
    people_served: int
    state: str
    reason: str
    has_photo: bool

    @staticmethod
    def resolve_has_photo(obj: ServiceRecord) -> bool:
        return bool(obj.photo)


class QueueOut(Schema):
    reports: list[ReportOut]
    claims: list[ClaimOut]
    services: list[ServiceOut]


class DecisionIn(Schema):
    confirm: bool
    reason: str = ""


class ReportIn(Schema):
    community_id: int
    employer_id: int | None = None


class ClaimIn(Schema):
    post_id: int | None = None
    need_id: int | None = None


class ServiceIn(Schema):
    on: dt.date
    hours: Decimal
    what: str
    people_served: int = 0
    claim_id: int | None = None


class EntryOut(Schema):
    on: dt.date
    key: str
    title: str
    label: str
    quantity: Decimal
    unit: str
    points: Decimal
    capped: bool
    url: str
    record: str


class LedgerOut(Schema):
    year: int
    total: Decimal
    entries: list[EntryOut]


class FeedbackOut(Schema):
    report: ReportOut
    claims: list[str]
    services: int
    hours: Decimal
    comment: str


class PersonOut(Schema):
    id: int
    name: str
    employer_name: str

    @staticmethod
    def resolve_employer_name(obj: Any) -> str:
        return obj.employer.name if obj.employer else ""


# --- staff reads and decisions -------------------------------------------------------------------


@router.get("/posts", response=list[PostOut])
def posts(request: HttpRequest) -> Any:
    """Service posts of the caller's area with their current rosters."""
    return list(selectors.post_list(actor=request.user))


@router.get("/on-duty", response=list[OnDutyOut])
def on_duty(request: HttpRequest) -> Any:
    """Who is on duty at the posts right now (Beijing time)."""
    return list(selectors.on_duty(actor=request.user))


def _list_out(community: OrgNode, public_only: bool) -> dict[str, Any]:
    version = selectors.current_version(community=community)
    items: list[ListItem] = list(version.items.all()) if version else []
    return {
        "community_id": community.pk,
        "community_name": community.name,
        "version": version.number if version else None,
        "published_at": version.created_at if version else None,
        "items": [item for item in items if item.is_public or not public_only],
    }


@router.get("/lists/{community_id}", response=ListOut)
def responsibility_list(request: HttpRequest, community_id: int) -> Any:
    """The current version of a community's responsibility list, internal items included."""
    return _list_out(selectors.community_get(actor=request.user, pk=community_id), public_only=False)


@router.get("/my/list", response={200: ListOut, 404: Error})
def my_list(request: HttpRequest) -> Any:
    """The public items of the responsibility list of the caller's own community."""
    person = person_of(user=request.user)
    community = selectors.community_of(person.node) if person is not None else None
    if community is None:
        raise Http404
    return _list_out(community, public_only=True)


@router.get("/queue", response=QueueOut)
def queue(request: HttpRequest) -> Any:
    """Reports, claims and services waiting for the community's confirmation."""
    if not scope.has_capability(request.user, Cap.POSTS_MANAGE):
        raise Http404
    return selectors.queue(actor=request.user)


@router.post("/reports/{report_id}/decision", response={200: ReportOut, 400: Error, 404: Error})
def report_decision(request: HttpRequest, report_id: int, payload: DecisionIn) -> Any:
    report = selectors.report_get(actor=request.user, pk=report_id)
    return member_services.report_decide(actor=request.user, report=report, **payload.dict())


@router.post("/claims/{claim_id}/decision", response={200: ClaimOut, 400: Error, 404: Error})
def claim_decision(request: HttpRequest, claim_id: int, payload: DecisionIn) -> Any:
    claim = selectors.claim_get(actor=request.user, pk=claim_id)
    return member_services.claim_decide(actor=request.user, claim=claim, **payload.dict())


@router.post("/services/{service_id}/decision", response={200: ServiceOut, 400: Error, 404: Error})
def service_decision(request: HttpRequest, service_id: int, payload: DecisionIn) -> Any:
    service = selectors.service_get(actor=request.user, pk=service_id)
    return member_services.service_decide(actor=request.user, service=service, **payload.dict())


@router.get("/services/{service_id}", response=ServiceOut)
def service(request: HttpRequest, service_id: int) -> Any:
    """One service: the member's own, or one the caller may see as staff or employer."""
    return selectors.service_get(actor=request.user, pk=service_id)


# --- the member's own ------------------------------------------------------------------------


@router.get("/me/report", response={200: ReportOut, 404: Error})
def my_report(request: HttpRequest) -> Any:
    person = member_of(actor=request.user, action="posts.report.read")
    report = selectors.open_report(person=person) or selectors.reports_of(person=person).first()
    if report is None:
        raise Http404
    return report


@router.post("/me/report", response={201: ReportOut, 400: Error, 404: Error})
def report(request: HttpRequest, payload: ReportIn) -> Any:
    """Report to the community where the caller lives (the employer defaults to their record's)."""
    member_of(actor=request.user, action="posts.report.submit")
    nodes = OrgNode.objects.in_bulk([payload.community_id, payload.employer_id or 0])
    community = nodes.get(payload.community_id)
    if community is None:
        raise Http404
    employer_node = nodes.get(payload.employer_id) if payload.employer_id else None
    return Status(
        201, member_services.report_submit(actor=request.user, community=community, employer=employer_node)
    )


@router.post("/me/claims", response={201: ClaimOut, 400: Error, 404: Error})
def claim(request: HttpRequest, payload: ClaimIn) -> Any:
    person = member_of(actor=request.user, action="posts.claim.submit")
    current = selectors.open_report(person=person)
    if current is None:
        raise Http404
    post = (
        Post.objects.filter(community=current.community, pk=payload.post_id).first()
        if payload.post_id
        else None
    )
    need = (
        Need.objects.filter(community=current.community, pk=payload.need_id).first()
        if payload.need_id
        else None
    )
    if post is None and need is None:
        raise Http404
    return Status(201, member_services.claim_submit(actor=request.user, post=post, need=need))


@router.post("/me/services", response={201: ServiceOut, 400: Error, 404: Error})
def log_service(request: HttpRequest, payload: ServiceIn) -> Any:
    """Log a service (photos are sent through the phone page)."""
    person = member_of(actor=request.user, action="posts.service.log")
    own_claim = None
    if payload.claim_id is not None:
        own_claim = Claim.objects.filter(report__person=person, pk=payload.claim_id).first()
        if own_claim is None:
            raise Http404
    data = ServiceInput(
        on=payload.on,
        hours=payload.hours,
        what=payload.what,
        people_served=payload.people_served,
        claim=own_claim,
    )
    return Status(201, member_services.service_log(actor=request.user, data=data))


@router.get("/me/services", response=list[ServiceOut])
def my_services(request: HttpRequest) -> Any:
    person = member_of(actor=request.user, action="posts.services")
    return list(selectors.services_of(person=person)[:500])


@router.get("/me/points", response=LedgerOut)
def my_points(request: HttpRequest, year: int | None = None) -> Any:
    """The caller's points ledger for a year (this year by default), each entry with its record."""
    person = member_of(actor=request.user, action="posts.points")
    book = ledger.ledger_of(person_id=person.pk, year=year or timezone.localdate().year)
    return {
        "year": book.year,
        "total": book.total,
        "entries": [
            {**entry.__dict__, "title": str(entry.title), "unit": str(entry.unit)} for entry in book.entries
        ],
    }


# --- the employer unit -----------------------------------------------------------------------------


def _employer(request: HttpRequest) -> None:
    if not scope.has_capability(request.user, Cap.POSTS_EMPLOYER):
        raise Http404


@router.get("/employer/receipts", response=list[ReportOut])
def receipts(request: HttpRequest) -> Any:
    _employer(request)
    return list(employer.receipts(actor=request.user))


@router.get("/employer/unreported", response=list[PersonOut])
def unreported(request: HttpRequest) -> Any:
    _employer(request)
    return list(employer.unreported(actor=request.user))


@router.get("/employer/feedback", response={200: list[FeedbackOut], 400: Error, 404: Error})
def feedback(request: HttpRequest, quarter_token: str = "") -> Any:
    """The quarterly feedback sheet (``quarter_token`` like 2026-Q4; this quarter by default)."""
    _employer(request)
    today = timezone.localdate()
    try:
        period = parse(quarter_token, today=today) if quarter_token else None
    except BadPeriod as exc:
        return Status(400, {"code": "invalid", "message": str(exc), "errors": {"quarter_token": [str(exc)]}})
    if period is None or period.kind != "quarter":
        start = period.start if period else today
        period = quarter(start.year, (start.month - 1) // 3 + 1)
    rows = employer.feedback(actor=request.user, period=period)
    return [
        {
            "report": row.report,
            "claims": [str(c) for c in row.claims],
            "services": row.services,
            "hours": row.hours,
            "comment": row.comment,
        }
        for row in rows
    ]

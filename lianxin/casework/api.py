"""Residents' requests over JSON. Creation takes an ``Idempotency-Key`` header, so a client
that retries after a lost answer never makes two cases."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status
from ninja.pagination import paginate

from lianxin.casework import selectors
from lianxin.casework.models import Case, Category
from lianxin.casework.services import CaseInput, Step, case_submit_once, case_transition
from lianxin.casework.workflow import OPEN_STATES, TRANSITIONS
from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.orgs import selectors as org_selectors

router = Router(tags=["residents' requests"])


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Category) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class CaseEventOut(Schema):
    at: dt.datetime
    action: str
    action_label: str
    from_state: str
    to_state: str
    note: str


class CaseOut(Schema):
    id: int
    number: str
    channel: str
    case_type: str
    category: str
    priority: str
    text: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    area: str
    state: str
    state_label: str
    unit: str | None
    submitted_at: dt.datetime
    accept_due: dt.datetime
    due_at: dt.datetime | None
    closed_at: dt.datetime | None
    reply: str
    rating: str
    is_supervised: bool

    @staticmethod
    def resolve_category(obj: Case) -> str:
        return obj.category.code

    @staticmethod
    def resolve_area(obj: Case) -> str:
        return obj.node.name

    @staticmethod
    def resolve_state_label(obj: Case) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_unit(obj: Case) -> str | None:
        return obj.unit.name if obj.unit_id and obj.unit else None


class CaseDetailOut(CaseOut):
    events: list[CaseEventOut]

    @staticmethod
    def resolve_events(obj: Case) -> list[Any]:
        return list(selectors.timeline(case=obj))


class CaseIn(Schema):
    channel: str = "app"
    case_type: str
    category: str  # a category code
    text: str
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    priority: str = "normal"
    is_anonymous: bool = False
    is_confidential: bool = False
    callback_phone: str = ""
    node_id: int | None = None


class StepIn(Schema):
    note: str = ""
    unit_id: int | None = None
    reply: str = ""
    rating: str = ""
    days: int | None = None
    category: str = ""  # a category code, for "recategorise"


@router.get("/categories", response=list[CategoryOut], summary="Request categories (two levels)")
def categories(request: HttpRequest) -> Any:
    return Category.objects.filter(is_active=True).select_related("parent")


@router.get("", response=list[CaseOut], summary="Requests I may see")
@paginate(Pages)
def list_cases(request: HttpRequest, state: str | None = None, mine: bool = False) -> Any:
    user: Any = request.user
    cases = selectors.case_list(actor=user)
    if mine:
        cases = cases.filter(reporter_user=user)
    if state == "open":
        cases = cases.filter(state__in=OPEN_STATES)
    elif state:
        cases = cases.filter(state=state)
    return cases.order_by("-submitted_at", "-id")


@router.post(
    "",
    response={200: CaseDetailOut, 201: CaseDetailOut, 400: Error, 404: Error, 422: Error},
    summary="Submit a request (send an Idempotency-Key header; a retry with it returns the same case)",
)
def create_case(request: HttpRequest, payload: CaseIn, idempotency_key: str = Header(...)) -> Any:
    category = Category.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise ValidationError({"category": [_("Choose a category.")]})
    node = org_selectors.node_get(actor=request.user, pk=payload.node_id) if payload.node_id else None
    data = CaseInput(**payload.dict(exclude={"category", "node_id"}), category=category, node=node)
    fingerprint = hashlib.sha256(request.body).hexdigest()
    case, created = case_submit_once(
        actor=request.user, data=data, key=idempotency_key[:100], fingerprint=fingerprint
    )
    return Status(201 if created else 200, selectors.case_get(actor=request.user, pk=case.pk))


@router.get("/{case_id}", response={200: CaseDetailOut, 404: Error}, summary="One request with its timeline")
def get_case(request: HttpRequest, case_id: int) -> Any:
    return selectors.case_get(actor=request.user, pk=case_id)


@router.post(
    "/{case_id}/steps/{action}",
    response={200: CaseDetailOut, 400: Error, 403: Error, 404: Error, 409: Error},
    summary="Take one step of the workflow (accept, dispatch, reply, close, rate …)",
)
def take_step(request: HttpRequest, case_id: int, action: str, payload: StepIn) -> Any:
    case = selectors.case_get(actor=request.user, pk=case_id)
    if action not in TRANSITIONS or action == "reopen":
        raise Http404
    unit = org_selectors.node_get(actor=request.user, pk=payload.unit_id) if payload.unit_id else None
    category = None
    if payload.category:
        category = Category.objects.filter(code=payload.category, parent__isnull=False).first()
        if category is None:
            raise ValidationError({"category": [_("No such category.")]})
    step = Step(
        note=payload.note,
        unit=unit,
        reply=payload.reply,
        rating=payload.rating,
        days=payload.days,
        category=category,
    )
    done = case_transition(actor=request.user, case=case, action=action, step=step)
    return selectors.case_get(actor=request.user, pk=done.pk)

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.core.roles import Cap
from lianxin.orgs import selectors as org_selectors
from lianxin.people import selectors, services
from lianxin.people.models import Person

router = Router(tags=["people"])


class PersonRecordOut(Schema):
    """Phone and ID numbers are always masked here; the reveal endpoint gives one in full."""

    id: int
    name: str
    gender: str
    phone_masked: str
    id_number_masked: str
    address: str
    node_id: int
    node_name: str
    grid_id: int | None
    building_id: int | None
    is_resident: bool
    is_party_member: bool
    is_in_service_member: bool
    is_volunteer: bool
    is_activist: bool
    is_party_rep: bool
    is_community_worker: bool

    @staticmethod
    def resolve_node_name(obj: Person) -> str:
        return obj.node.name


class RevealIn(Schema):
    field: Literal["phone", "id_number"]


class RevealOut(Schema):
    field: str
    value: str


@router.get("", response=list[PersonRecordOut], summary="People in my scope")
@paginate(Pages)
def list_people(request: HttpRequest, within: int | None = None, q: str = "", flag: str = "") -> Any:
    node = org_selectors.node_get(actor=request.user, pk=within) if within is not None else None
    return selectors.person_list(actor=request.user, within=node, search=q, flag=flag)


@router.get("/{person_id}", response={200: PersonRecordOut, 404: Error}, summary="One person (masked)")
def get_person(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_get(actor=request.user, pk=person_id)


@router.post(
    "/{person_id}/reveal",
    response={200: RevealOut, 404: Error},
    summary="One personal-data field in full (audited)",
)
def reveal(request: HttpRequest, person_id: int, payload: RevealIn) -> Any:
    person = selectors.person_get(actor=request.user, pk=person_id, capability=Cap.PEOPLE_REVEAL)
    value = services.person_reveal(actor=request.user, person=person, field=payload.field)
    return {"field": payload.field, "value": value}

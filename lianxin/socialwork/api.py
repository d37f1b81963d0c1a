"""Purchased social-work services over JSON: contracts with their progress, service logs, the
social worker's logging and the buyer's confirmation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.socialwork import selectors, services
from lianxin.socialwork.models import Contract, ServiceLog

router = Router(tags=["social-work services"])


class DeliverableOut(Schema):
    id: int
    name: str
    unit: str
    target: int
    quarter_targets: list[int]
    quarters_done: list[int]  # confirmed per quarter of the term (in a contract's detail)
    done: int
    pending: int
    percent: int
    lagging: bool


class ContractOut(Schema):
    id: int
    number: str
    title: str
    buyer_id: int
    buyer_name: str
    organisation_id: int
    organisation_name: str
    starts_on: dt.date
    ends_on: dt.date
    amount: Decimal
    state: str
    end_reason: str
    time_percent: int
    percent: int
    lagging: int


class ContractDetailOut(ContractOut):
    deliverables: list[DeliverableOut]


def _contract_out(progress: selectors.ContractProgress) -> dict[str, Any]:
    c = progress.contract
    lagging = {row.deliverable.pk for row in progress.lagging}
    return {
        "id": c.pk,
        "number": c.number,
        "title": c.title,
        "buyer_id": c.buyer_id,
        "buyer_name": c.buyer.name,
        "organisation_id": c.organisation_id,
        "organisation_name": c.organisation.name,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "amount": c.amount,
        "state": c.state,
        "end_reason": c.end_reason,
        "time_percent": progress.time_percent,
        "percent": progress.percent,
        "lagging": len(lagging),
        "deliverables": [
            {
                "id": row.deliverable.pk,
                "name": row.deliverable.name,
                "unit": row.deliverable.unit,
                "target": row.deliverable.target,
                "quarter_targets": row.deliverable.quarter_targets,
                "quarters_done": row.quarters_done,
                "done": row.done,
                "pending": row.pending,
                "percent": row.percent,
                "lagging": row.deliverable.pk in lagging,
            }
            for row in progress.rows
        ],
    }


class LogOut(Schema):
    id: int
    contract_id: int
    deliverable_id: int
    deliverable_name: str
    on: dt.date
    hours: Decimal
    content: str
    place: str
    quantity: int
    people_served: int
    person_served: str  # masked
    worker: str
    state: str
    return_reason: str

    @staticmethod
    def resolve_contract_id(obj: ServiceLog) -> int:
        return obj.deliverable.contract_id

    @staticmethod
    def resolve_deliverable_name(obj: ServiceLog) -> str:
        return obj.deliverable.name

    @staticmethod
    def resolve_person_served(obj: ServiceLog) -> str:
        return obj.person_masked

    @staticmethod
    def resolve_worker(obj: ServiceLog) -> str:
        return str(obj.worker.display_name)


class LogIn(Schema):
    on: dt.date
    hours: Decimal
    content: str
    quantity: int
    people_served: int = 0
    place: str = ""
    person_phone: str = ""


class ReturnIn(Schema):
    reason: str


def _progress(contracts: list[Contract]) -> list[dict[str, Any]]:
    found = selectors.progress(contracts=contracts, today=timezone.localdate())
    return [_contract_out(found[c.pk]) for c in contracts]


@router.get("/contracts", response=list[ContractOut], summary="Contracts in my areas, or of my organisation")
def list_contracts(request: HttpRequest) -> Any:
    return _progress(list(selectors.contract_list(actor=request.user)))


@router.get(
    "/contracts/{contract_id}",
    response={200: ContractDetailOut, 404: Error},
    summary="A contract with each deliverable's progress (confirmed services) and the lag flags",
)
def get_contract(request: HttpRequest, contract_id: int) -> Any:
    contract = selectors.contract_get(actor=request.user, pk=contract_id)
    return _contract_out(selectors.contract_progress(contract=contract, today=timezone.localdate()))


@router.get(
    "/contracts/{contract_id}/logs",
    response={200: list[LogOut], 404: Error},
    summary="A contract's service log, newest first",
)
@paginate(Pages)
def contract_logs(request: HttpRequest, contract_id: int) -> Any:
    contract = selectors.contract_get(actor=request.user, pk=contract_id)
    return selectors.log_list(actor=request.user, contract=contract)


@router.get("/logs/mine", response=list[LogOut], summary="The services I logged")
@paginate(Pages)
def my_logs(request: HttpRequest) -> Any:
    return selectors.own_logs(actor=request.user)


@router.post(
    "/deliverables/{deliverable_id}/logs",
    response={201: LogOut, 400: Error, 404: Error},
    summary="Log a service against a deliverable (a social worker of the organisation)",
)
def create_log(request: HttpRequest, deliverable_id: int, payload: LogIn) -> Any:
    deliverable = selectors.deliverable_get(actor=request.user, pk=deliverable_id)
    if not request.user.has_perm("socialwork.serve", deliverable):
        raise Http404
    data = services.LogInput(**payload.dict())
    log = services.service_log(actor=request.user, deliverable=deliverable, data=data)
    return Status(201, selectors.log_get(actor=request.user, pk=log.pk))


@router.post(
    "/logs/{log_id}/confirm",
    response={200: LogOut, 400: Error, 404: Error},
    summary="Confirm a logged service (the buyer's staff)",
)
def confirm_log(request: HttpRequest, log_id: int) -> Any:
    log = selectors.log_get(actor=request.user, pk=log_id)
    services.log_confirm(actor=request.user, log=log)
    return selectors.log_get(actor=request.user, pk=log_id)


@router.post(
    "/logs/{log_id}/return",
    response={200: LogOut, 400: Error, 404: Error},
    summary="Return a logged service with a reason (the buyer's staff)",
)
def return_log(request: HttpRequest, log_id: int, payload: ReturnIn) -> Any:
    log = selectors.log_get(actor=request.user, pk=log_id)
    services.log_return(actor=request.user, log=log, reason=payload.reason)
    return selectors.log_get(actor=request.user, pk=log_id)

"""Writes of purchased social-work services: each checks permission first, validates fully, then
writes in one transaction with an audit row (and a contract event when the contract changes state)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework.photos import check_photos
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.pii import keyed_hash, normalise_phone
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import NodeKind, OrgNode, UnitType
from lianxin.people.models import Person
from lianxin.socialwork.models import (
    Contract,
    ContractEvent,
    ContractState,
    Deliverable,
    LogState,
    ServiceLog,
)

BUYER_KINDS = {NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.VILLAGE}
EDITABLE = {ContractState.DRAFT, ContractState.IN_FORCE}
MAX_HOURS = Decimal(24)


def _event(contract: Contract, actor: Any, note: str = "") -> None:
    ContractEvent.objects.create(
        contract=contract, at=timezone.now(), actor=actor, state=contract.state, note=note[:300]
    )


# --- contracts -----------------------------------------------------------------------------------


@dataclass
class ContractInput:
    organisation: OrgNode
    title: str
    number: str
    starts_on: dt.date
    ends_on: dt.date
    amount: Decimal


def _contract_errors(buyer: OrgNode, data: ContractInput, exclude_pk: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if buyer.kind not in BUYER_KINDS:
        errors["buyer"] = [_("A subdistrict, community or village buys the services.")]
    org = data.organisation
    if org.kind != NodeKind.UNIT or org.unit_type != UnitType.SOCIAL_WORK_ORG:
        errors["organisation"] = [_("Choose a social-work organisation.")]
    if not data.title.strip():
        errors["title"] = [_("Give the contract a title.")]
    number = data.number.strip()
    if not number:
        errors["number"] = [_("Enter the contract number.")]
    elif Contract.objects.filter(number=number).exclude(pk=exclude_pk or 0).exists():
        errors["number"] = [_("Another contract has this number.")]
    if data.ends_on <= data.starts_on:
        errors["ends_on"] = [_("The term ends after it starts.")]
    if data.amount < 0:
        errors["amount"] = [_("Enter zero or more.")]
    return errors


def contract_create(*, actor: Any, buyer: OrgNode, data: ContractInput) -> Contract:
    """Draft a contract; it is signed (in force) once its deliverables are set."""
    require(actor, "socialwork.manage", buyer, action="socialwork.contract.create")
    errors = _contract_errors(buyer, data, None)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contract = Contract.objects.create(
            buyer=buyer,
            organisation=data.organisation,
            title=data.title.strip(),
            number=data.number.strip(),
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            amount=data.amount,
        )
        _event(contract, actor)
        audit_record(actor=actor, action="socialwork.contract.create", obj=contract)
    return contract


def contract_update(*, actor: Any, contract: Contract, data: ContractInput) -> Contract:
    """Change a draft contract (a signed one is changed only by ending it)."""
    require(actor, "socialwork.manage", contract, action="socialwork.contract.update")
    errors = _contract_errors(contract.buyer, data, contract.pk)
    if contract.state != ContractState.DRAFT:
        errors["title"] = [_("Only a draft contract can be changed.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        if locked.state != ContractState.DRAFT:
            raise ValidationError({"title": [_("Only a draft contract can be changed.")]})
        locked.organisation = data.organisation
        locked.title = data.title.strip()
        locked.number = data.number.strip()
        locked.starts_on, locked.ends_on, locked.amount = data.starts_on, data.ends_on, data.amount
        locked.save()
        audit_record(actor=actor, action="socialwork.contract.update", obj=locked)
    return locked


def _move(
    actor: Any, contract: Contract, *, action: str, src: str, dst: str, reason: str = "", check: Any = None
) -> Contract:
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        if locked.state != src:
            raise ValidationError(
                {"state": [_("The contract is %(state)s.") % {"state": locked.get_state_display()}]}
            )
        if check is not None:
            check(locked)
        locked.state = dst
        if reason:
            locked.end_reason = reason[:300]
        locked.save(update_fields=["state", "end_reason", "updated_at"])
        _event(locked, actor, reason)
        audit_record(actor=actor, action=action, obj=locked, detail={"state": dst})
    return locked


def contract_sign(*, actor: Any, contract: Contract) -> Contract:
    """The contract is signed and in force: the organisation's social workers may log services."""
    require(actor, "socialwork.manage", contract, action="socialwork.contract.sign")

    def has_deliverables(locked: Contract) -> None:
        if not locked.deliverables.exists():
            raise ValidationError({"state": [_("Set the deliverables before signing.")]})

    return _move(
        actor,
        contract,
        action="socialwork.contract.sign",
        src=ContractState.DRAFT,
        dst=ContractState.IN_FORCE,
        check=has_deliverables,
    )


def contract_end(*, actor: Any, contract: Contract) -> Contract:
    """Close a contract whose term is over."""
    require(actor, "socialwork.manage", contract, action="socialwork.contract.end")
    if timezone.localdate() < contract.ends_on:
        raise ValidationError({"state": [_("The term is not over yet; terminate it early with a reason.")]})
    return _move(
        actor, contract, action="socialwork.contract.end", src=ContractState.IN_FORCE, dst=ContractState.ENDED
    )


def contract_terminate(*, actor: Any, contract: Contract, reason: str) -> Contract:
    """End a contract in force before its term is over, saying why."""
    require(actor, "socialwork.manage", contract, action="socialwork.contract.terminate")
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    return _move(
        actor,
        contract,
        action="socialwork.contract.terminate",
        src=ContractState.IN_FORCE,
        dst=ContractState.TERMINATED,
        reason=reason.strip(),
    )


# --- deliverables ----------------------------------------------------------------------------------


@dataclass
class DeliverableInput:
    name: str
    unit: str
    target: int
    quarter_targets: list[int] = field(default_factory=list)
    position: int = 0


def _deliverable_errors(
    contract: Contract, data: DeliverableInput, exclude_pk: int | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if contract.state not in EDITABLE:
        errors["name"] = [_("The contract has ended.")]
    if not data.name.strip():
        errors["name"] = [_("Name the service.")]
    elif contract.deliverables.filter(name=data.name.strip()).exclude(pk=exclude_pk or 0).exists():
        errors["name"] = [_("The contract already has this deliverable.")]
    if not data.unit.strip():
        errors["unit"] = [_("Say what it is counted in (cases, sessions, people).")]
    if data.target <= 0:
        errors["target"] = [_("The target is more than zero.")]
    quarters = data.quarter_targets
    if quarters and (len(quarters) != 4 or any(q < 0 for q in quarters)):
        errors["quarter_targets"] = [_("Give four numbers, one per quarter, or none.")]
    elif quarters and sum(quarters) != data.target:
        errors["quarter_targets"] = [_("The quarters add up to the target.")]
    return errors


def deliverable_save(
    *, actor: Any, contract: Contract, data: DeliverableInput, deliverable: Deliverable | None = None
) -> Deliverable:
    """Add a deliverable to a contract, or change one (name, unit, targets)."""
    require(actor, "socialwork.manage", contract, action="socialwork.deliverable.save")
    if deliverable is not None and deliverable.contract_id != contract.pk:
        raise ValidationError({"name": [_("This deliverable belongs to another contract.")]})
    errors = _deliverable_errors(contract, data, deliverable.pk if deliverable else None)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if deliverable is None:
            row = Deliverable(contract=contract)
            before = None
        else:
            row = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
            before = {"target": row.target, "quarter_targets": row.quarter_targets}
        row.name, row.unit = data.name.strip(), data.unit.strip()
        row.target, row.quarter_targets, row.position = data.target, list(data.quarter_targets), data.position
        row.save()
        audit_record(
            actor=actor,
            action="socialwork.deliverable.save",
            obj=row,
            detail={"before": before, "target": row.target},
        )
    return row


def deliverable_remove(*, actor: Any, deliverable: Deliverable) -> None:
    """Remove a deliverable nothing was logged against."""
    require(actor, "socialwork.manage", deliverable, action="socialwork.deliverable.remove")
    if deliverable.contract.state not in EDITABLE:
        raise ValidationError({"name": [_("The contract has ended.")]})
    with transaction.atomic():
        locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        if locked.logs.exists():
            raise ValidationError({"name": [_("Services were logged against it; it stays.")]})
        audit_record(actor=actor, action="socialwork.deliverable.remove", obj=locked)
        locked.delete()


# --- service logs ------------------------------------------------------------------------------------


@dataclass
class LogInput:
    on: dt.date
    hours: Decimal
    content: str
    quantity: int
    people_served: int = 0
    place: str = ""
    person_phone: str = ""  # the person served (casework), found among the buyer's residents
    photo: Any = None


def _served(contract: Contract, phone: str) -> Person | None:
    phone = normalise_phone(phone)
    if not phone:
        return None
    found = list(
        Person.objects.filter(
            subtree_q(contract.buyer.path, field="node__path"), phone_hash=keyed_hash(phone)
        )[:2]
    )
    if len(found) != 1:
        raise ValidationError({"person_phone": [_("No one registered in the area has this number.")]})
    return found[0]


def _log_errors(contract: Contract, data: LogInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if contract.state != ContractState.IN_FORCE:
        errors["deliverable"] = [_("The contract is not in force.")]
    if data.on > today:
        errors["on"] = [_("Log a service once it has happened.")]
    elif not contract.starts_on <= data.on <= contract.ends_on:
        errors["on"] = [_("The day is outside the contract's term.")]
    if not Decimal(0) < data.hours <= MAX_HOURS:
        errors["hours"] = [_("Enter the hours spent (up to 24).")]
    if not data.content.strip():
        errors["content"] = [_("Say what was done.")]
    if data.quantity <= 0:
        errors["quantity"] = [_("Enter one or more.")]
    if data.people_served < 0:
        errors["people_served"] = [_("Enter zero or more.")]
    return errors


def service_log(*, actor: Any, deliverable: Deliverable, data: LogInput) -> ServiceLog:
    """A social worker of the organisation logs a service against a deliverable of a contract in force."""
    require(actor, "socialwork.serve", deliverable, action="socialwork.log.create")
    contract = deliverable.contract
    errors = _log_errors(contract, data)
    try:
        person = _served(contract, data.person_phone)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        person = None
    if errors:
        raise ValidationError(errors)
    try:
        checked = check_photos([data.photo] if data.photo else [])
    except ValidationError as exc:
        raise ValidationError({"photo": exc.message_dict["photos"]}) from exc
    with transaction.atomic():
        log = ServiceLog(
            deliverable=deliverable,
            on=data.on,
            hours=data.hours,
            content=data.content.strip(),
            place=data.place.strip()[:100],
            quantity=data.quantity,
            people_served=data.people_served,
            person=person,
            worker=actor,
        )
        for upload, content_type, _size in checked:
            log.photo_type = content_type
            log.photo.save(upload.name, upload, save=False)
        log.save()
        audit_record(actor=actor, action="socialwork.log.create", obj=log, detail={"quantity": data.quantity})
    return log


def _review(actor: Any, log: ServiceLog, *, state: str, reason: str = "") -> ServiceLog:
    action = f"socialwork.log.{'confirm' if state == LogState.CONFIRMED else 'return'}"
    require(actor, "socialwork.manage", log, action=action)
    if state == LogState.RETURNED and not reason.strip():
        raise ValidationError({"reason": [_("Say why it goes back.")]})
    with transaction.atomic():
        locked = ServiceLog.objects.select_for_update().get(pk=log.pk)
        if locked.state != LogState.PENDING:
            raise ValidationError({"reason": [_("This log was already reviewed.")]})
        locked.state, locked.reviewed_by, locked.reviewed_at = state, actor, timezone.now()
        locked.return_reason = reason.strip()[:300]
        locked.save(update_fields=["state", "reviewed_by", "reviewed_at", "return_reason", "updated_at"])
        audit_record(actor=actor, action=action, obj=locked)
    return locked


def log_confirm(*, actor: Any, log: ServiceLog) -> ServiceLog:
    """The buyer's staff confirm a logged service: it now counts towards the target."""
    return _review(actor, log, state=LogState.CONFIRMED)


def log_return(*, actor: Any, log: ServiceLog, reason: str) -> ServiceLog:
    """The buyer's staff send a logged service back, saying why; it does not count."""
    return _review(actor, log, state=LogState.RETURNED, reason=reason)

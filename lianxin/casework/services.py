"""Writes to cases: intake and every workflow transition. Each transition locks the case row,
checks the table in ``workflow.py``, applies its effect and appends one event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework import daily
from lianxin.casework import rules as case_rules
from lianxin.casework.location import resolve
from lianxin.casework.models import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    CasePhoto,
    CaseType,
    Category,
    Channel,
    IdempotencyKey,
    Priority,
    Rating,
)
from lianxin.casework.photos import check_photos
from lianxin.casework.selectors import case_list, time_limit_for
from lianxin.casework.workflow import OPEN_STATES, TRANSITIONS, Need, State, Transition
from lianxin.core import clock, scope
from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome
from lianxin.core.permissions import NotInScope, require
from lianxin.core.pii import normalise_phone, validate_phone
from lianxin.core.roles import Cap
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.orgs.selectors import nearest_ancestor
from lianxin.people.models import Person
from lianxin.people.selectors import person_of


class StateConflict(Exception):
    """The case is not in a state this transition leaves from (HTTP 409)."""

    def __init__(self, case: Case, transition: Transition) -> None:
        self.case, self.transition = case, transition
        super().__init__(
            _("A case that is “%(state)s” cannot be given “%(action)s”.")
            % {"state": case.get_state_display(), "action": transition.label}
        )


class NotAllowed(PermissionDenied):
    """The actor sees the case but is not a party who may take this step (HTTP 403)."""


@dataclass
class CaseInput:
    channel: str
    case_type: str
    category: Category
    text: str
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    priority: str = Priority.NORMAL
    is_anonymous: bool = False
    is_confidential: bool = False
    callback_phone: str = ""
    node: OrgNode | None = None  # where staff say it is, when the location does not tell
    # Taken in for someone (hotline, studio, patrol): the registered resident it is for. When
    # they have an account they follow and rate it in their app like their own request.
    reporter: Person | None = None
    photos: list[Any] = field(default_factory=list)  # uploaded files, checked before anything is kept


def _number_prefix(node: OrgNode) -> str:
    subdistrict = nearest_ancestor(node=node, kinds={NodeKind.SUBDISTRICT})
    return (subdistrict.code.rsplit("-", 1)[-1] if subdistrict else "lx").upper()[:8]


def _next_number(prefix: str, day: dt.date) -> str:
    counter, _created = CaseNumberCounter.objects.select_for_update().get_or_create(prefix=prefix, day=day)
    CaseNumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{prefix}-{day:%Y%m%d}-{counter.last:04d}"


def _validate(data: CaseInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.channel not in Channel.values:
        errors["channel"] = [_("Choose how the request came in.")]
    if data.case_type not in CaseType.values:
        errors["case_type"] = [_("Choose the type of request.")]
    if data.priority not in Priority.values:
        errors["priority"] = [_("Choose a priority.")]
    if not data.text.strip():
        errors["text"] = [_("Say what the request is about.")]
    elif len(data.text) > 2000:
        errors["text"] = [_("Keep it under 2,000 characters.")]
    if not data.category.is_active:
        errors["category"] = [_("This category is no longer used.")]
    if (data.latitude is None) != (data.longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    if data.is_anonymous and not data.callback_phone:
        errors["callback_phone"] = [_("An anonymous request needs a number to call back.")]
    if data.callback_phone:
        try:
            validate_phone(normalise_phone(data.callback_phone))
        except ValidationError as exc:
            errors["callback_phone"] = exc.messages
    return errors


def _reporter(actor: Any, data: CaseInput) -> Person | None:
    """Residents report for themselves; staff name the resident a request is for, if any."""
    if data.is_anonymous:
        return None
    if data.channel == Channel.APP:
        return person_of(user=actor)
    if data.reporter is not None and not scope.in_scope(actor, Cap.CASES_INTAKE, data.reporter.node.path):
        raise ValidationError({"reporter": [_("Choose a resident of your own area.")]})
    return data.reporter


def case_submit(*, actor: Any, data: CaseInput) -> Case:
    """Take in a request: from a resident in the app, or by staff for a phone call or visit."""
    errors = _validate(data)
    if errors:
        raise ValidationError(errors)
    photos = check_photos(data.photos)
    reporter = _reporter(actor, data)
    fallback = data.node or (reporter.node if reporter else None)
    node, grid, community = resolve(
        latitude=data.latitude, longitude=data.longitude, address=data.address, fallback=fallback
    )
    if node is None:
        raise ValidationError({"address": [_("Say where it is: a point on the map, an address or a place.")]})
    if data.channel != Channel.APP:
        require(actor, "casework.intake_case", node, action="casework.case.submit")
    limit = time_limit_for(case_type=data.case_type, category=data.category)
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.create(
            number=_next_number(_number_prefix(node), timezone.localdate(now)),
            channel=data.channel,
            case_type=data.case_type,
            category=data.category,
            priority=data.priority,
            text=data.text.strip(),
            address=data.address.strip(),
            latitude=data.latitude,
            longitude=data.longitude,
            node=node,
            grid=grid,
            community=community,
            reporter=reporter,
            reporter_user=actor if data.channel == Channel.APP else (reporter.user if reporter else None),
            is_anonymous=data.is_anonymous,
            is_confidential=data.is_confidential,
            callback_phone=normalise_phone(data.callback_phone),
            submitted_at=now,
            accept_due=clock.add_working_hours(now, float(limit.accept_hours)),
        )
        _keep_photos(case, photos, actor)
        CaseEvent.objects.create(case=case, at=now, actor=actor, action="submit", to_state=case.state)
        daily.refresh([daily.cell_of(case)])
        audit_record(actor=actor, action="casework.case.submit", obj=case)
    return case


def _keep_photos(
    case: Case, photos: list[tuple[Any, str, int]], actor: Any, event: CaseEvent | None = None
) -> None:
    for upload, content_type, size in photos:
        photo = CasePhoto(case=case, event=event, content_type=content_type, size=size, uploaded_by=actor)
        photo.image.save(upload.name, upload, save=True)


# --- transitions -------------------------------------------------------------------------


@dataclass
class Step:
    """What the caller gives with a transition."""

    note: str = ""
    unit: OrgNode | None = None
    reply: str = ""
    rating: str = ""
    days: int | None = None
    original: Case | None = None  # for "merge": the request this one repeats
    category: Category | None = None  # for "recategorise"
    photos: list[Any] = field(default_factory=list)  # proof sent with a reply


def _handling_due(case: Case, start: dt.datetime) -> dt.datetime:
    limit = time_limit_for(case_type=case.case_type, category=case.category)
    if case.priority == Priority.URGENT:
        return clock.add_working_hours(start, float(limit.urgent_hours))
    return clock.add_working_days(start, limit.handle_days)


def _accept(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.accepted_at = now
    case.due_at = _handling_due(case, now)


def _decline(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.closed_at = now


def _recategorise(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    """A new category brings its own time limits: the running deadline is worked out again."""
    category = step.category
    assert category is not None
    if not category.is_active:
        raise ValidationError({"category": [_("This category is no longer used.")]})
    if category.pk == case.category_id:
        raise ValidationError({"category": [_("The request is already in this category.")]})
    case.category = category
    if case.state == State.SUBMITTED:
        limit = time_limit_for(case_type=case.case_type, category=category)
        case.accept_due = clock.add_working_hours(case.submitted_at, float(limit.accept_hours))
    elif case.accepted_at is not None:
        case.due_at = _handling_due(case, case.accepted_at)


def _dispatch(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    assert step.unit is not None
    require(actor, "casework.dispatch_to", step.unit, action="casework.case.dispatch")
    case.unit = step.unit


def _merge(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    original = step.original
    assert original is not None
    if original.pk == case.pk or original.merged_into_id is not None or original.state not in OPEN_STATES:
        raise ValidationError({"original": [_("Merge only into another request that is still open.")]})
    case.merged_into = original
    case.closed_at = now


def _return(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.returns += 1
    case.unit = None


def _reply(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.reply = step.reply.strip()
    case.replied_at = now


def _close(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.closed_at = now


def _rework(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.reworks += 1
    case.replied_at = None


def _request_extension(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    if case.extension_days is not None:
        raise ValidationError({"days": [_("An extension is already waiting for an answer.")]})
    case.extension_days = step.days


def _answer_extension(granted: bool) -> Callable[[Case, Step, Any, dt.datetime], None]:
    def effect(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
        if case.extension_days is None:
            raise ValidationError({"days": [_("No extension has been asked for.")]})
        if granted:
            case.due_at = clock.add_working_days(case.due_at or now, case.extension_days)
        case.extension_days = None

    return effect


def _supervise(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.is_supervised = True


def _rate(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    if case.events.filter(action="rate").exists():
        raise ValidationError({"rating": [_("This request has already been rated.")]})
    case.rating = step.rating


def _reopen(case: Case, step: Step, actor: Any, now: dt.datetime) -> None:
    case.rating = step.rating
    case.reopened = True
    case.closed_at = None
    case.replied_at = None
    case.due_at = _handling_due(case, now)


EFFECTS: dict[str, Callable[[Case, Step, Any, dt.datetime], None]] = {
    "accept": _accept,
    "decline": _decline,
    "merge": _merge,
    "recategorise": _recategorise,
    "dispatch": _dispatch,
    "acknowledge": lambda *args: None,
    "return": _return,
    "start": lambda *args: None,
    "reply": _reply,
    "close": _close,
    "rework": _rework,
    "request_extension": _request_extension,
    "approve_extension": _answer_extension(granted=True),
    "refuse_extension": _answer_extension(granted=False),
    "supervise": _supervise,
    "rate": _rate,
    "reopen": _reopen,
}
assert set(EFFECTS) == set(TRANSITIONS), "every transition needs an effect"


# Steps that may carry photos (the unit's proof of the work done).
PROOF_ACTIONS = frozenset({"reply"})


def _check_needs(transition: Transition, step: Step) -> None:
    errors: dict[str, list[str]] = {}
    if Need.REASON in transition.needs and not step.note.strip():
        errors["note"] = [_("Give a reason.")]
    if Need.UNIT in transition.needs and step.unit is None:
        errors["unit"] = [_("Choose the unit that will handle it.")]
    if Need.REPLY in transition.needs and not step.reply.strip():
        errors["reply"] = [_("Write the reply to the resident.")]
    if Need.RATING in transition.needs and step.rating not in Rating.values:
        errors["rating"] = [_("Choose a rating.")]
    if Need.ORIGINAL in transition.needs and step.original is None:
        errors["original"] = [_("Choose the request this one repeats.")]
    if Need.DAYS in transition.needs and not (step.days and 1 <= step.days <= 30):
        errors["days"] = [_("Ask for 1 to 30 working days.")]
    if Need.CATEGORY in transition.needs and step.category is None:
        errors["category"] = [_("Choose the category.")]
    if step.photos and transition.action not in PROOF_ACTIONS:
        errors["photos"] = [_("Photos go with a reply.")]
    if errors:
        raise ValidationError(errors)


def case_transition(*, actor: Any, case: Case, action: str, step: Step | None = None) -> Case:
    """Take one step of the workflow. 404 if the actor cannot see the case, 403 if they are
    not a party allowed to take it, 409 (StateConflict) if the case is not in a state it
    leaves from, a ValidationError if something it needs is missing."""
    step = step or Step()
    if action == "rate" and step.rating == Rating.DISSATISFIED and not case.reopened:
        action = "reopen"
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValueError(f"unknown action: {action}")
    if not case_list(actor=actor).filter(pk=case.pk).exists():
        audit_record(actor=actor, action=f"casework.case.{action}", obj=case, outcome=AuditOutcome.DENIED)
        raise NotInScope
    if not case_rules.parties(actor, case) & transition.parties:
        audit_record(actor=actor, action=f"casework.case.{action}", obj=case, outcome=AuditOutcome.DENIED)
        raise NotAllowed(_("You may not “%(action)s” this case.") % {"action": transition.label})
    _check_needs(transition, step)
    photos = check_photos(step.photos)
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("category", "node", "unit")
            .get(pk=case.pk)
        )
        if locked.state not in transition.sources:
            raise StateConflict(locked, transition)
        before = locked.state
        cell_before = daily.cell_of(locked)
        unit_before = locked.unit
        category_before = locked.category
        EFFECTS[action](locked, step, actor, now)
        if transition.target is not None:
            locked.state = transition.target
        locked.save()
        daily.refresh([cell_before, daily.cell_of(locked)])
        detail: dict[str, Any] = {}
        if step.unit is not None:
            detail["unit"] = step.unit.pk
        if action == "return" and unit_before is not None:
            detail["unit"] = unit_before.pk
        if step.rating:
            detail["rating"] = step.rating
        if step.days:
            detail["days"] = step.days
        if step.original is not None:
            detail["original"] = step.original.number
        if step.category is not None:
            detail["category"] = {"from": category_before.code, "to": step.category.code}
        event = CaseEvent.objects.create(
            case=locked,
            at=now,
            actor=actor,
            action=action,
            from_state=before,
            to_state=locked.state,
            note=(step.reply if Need.REPLY in transition.needs else step.note).strip(),
            detail=detail,
        )
        _keep_photos(locked, photos, actor, event=event)
        audit_record(actor=actor, action=f"casework.case.{action}", obj=locked, detail=detail)
    return locked


class IdempotencyMismatch(Exception):
    """The key was used before for a different request (HTTP 422)."""


def case_submit_once(*, actor: Any, data: CaseInput, key: str, fingerprint: str) -> tuple[Case, bool]:
    """``case_submit`` made safe to retry: the same key (per user) gives back the first case.

    Returns (case, created). A key reused for a different body raises IdempotencyMismatch.
    """

    def earlier() -> Case | None:
        found = IdempotencyKey.objects.filter(user_id=actor.pk, key=key).select_related("case").first()
        if found is None:
            return None
        if found.fingerprint != fingerprint:
            raise IdempotencyMismatch(key)
        return found.case

    if (case := earlier()) is not None:
        return case, False
    try:
        with transaction.atomic():
            case = case_submit(actor=actor, data=data)
            IdempotencyKey.objects.create(user_id=actor.pk, key=key, fingerprint=fingerprint, case=case)
    except IntegrityError:
        # A parallel retry with the same key won the race: its case is the answer.
        if (case := earlier()) is None:
            raise
        return case, False
    return case, True

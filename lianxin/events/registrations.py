"""Sign-up (报名), the waitlist, check-in (签到) and hazards filed after a training.

A sign-up takes a place while there is one, else joins the waitlist; when a place frees up the
earliest waiting sign-up is promoted. Every change appends a RegistrationStep.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework.models import Case, CaseType, Category, Channel
from lianxin.casework.services import CaseInput, case_submit
from lianxin.core.audit import audit_record
from lianxin.core.permissions import NotInScope, require
from lianxin.core.services import notify
from lianxin.events import selectors
from lianxin.events.models import (
    HAZARD_CATEGORY,
    Event,
    EventKind,
    EventState,
    HazardKind,
    Registration,
    RegistrationStep,
    RegState,
    TrainingHazard,
)
from lianxin.events.tasks import remind_event, reminder_time
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
CHECK_IN_OPENS_MINUTES = 60
DOOR_CODE_SECONDS = 120  # a door code is good for this long; the door page shows a new one each minute
DOOR_SALT = "lianxin.events.door"


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Registration.objects.filter(code=code).exists():
            return code


def _step(registration: Registration, action: str, actor: Any) -> None:
    RegistrationStep.objects.create(registration=registration, action=action, at=timezone.now(), actor=actor)


def _open_for_signup(event: Event) -> None:
    if event.state != EventState.PUBLISHED:
        raise ValidationError({"event": [_("This event is not open for sign-up.")]})
    if event.starts_at <= timezone.now():
        raise ValidationError({"event": [_("Sign-up closed when the event started.")]})


def _take_place(event: Event, person: Person, actor: Any, unit: OrgNode | None) -> Registration:
    """With ``event`` locked: a place if there is one, else the waitlist."""
    taken = Registration.objects.filter(event=event, state=RegState.REGISTERED).count()
    state = RegState.REGISTERED if taken < event.capacity else RegState.WAITLISTED
    registration = Registration.objects.create(
        event=event, person=person, code=_new_code(), state=state, unit=unit, registered_by=actor
    )
    _step(registration, state, actor)
    if state == RegState.REGISTERED:
        _remind_if_due(event)
    return registration


def _remind_if_due(event: Event) -> None:
    """A place taken after the reminder run: queue another run (it skips those reminded)."""
    if reminder_time(event) <= timezone.now():
        transaction.on_commit(lambda: remind_event.enqueue(event.pk))


def sign_up(*, actor: Any, person: Person, event: Event) -> Registration:
    """A person signs themself up for an event addressed to them."""
    if person.user_id != actor.pk or not selectors.is_addressed(person=person, event=event):
        raise NotInScope
    _open_for_signup(event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _open_for_signup(locked)
        if selectors.registration_of(person=person, event=locked) is not None:
            raise ValidationError({"event": [_("You have already signed up.")]})
        registration = _take_place(locked, person, actor, None)
        audit_record(actor=actor, action="events.registration.create", obj=registration)
    return registration


def unit_sign_up(*, actor: Any, unit: OrgNode, event: Event, people: Sequence[Person]) -> list[Registration]:
    """A unit liaison signs several of the unit's staff up, in the order given."""
    require(actor, "events.unit_signup", unit, action="events.registration.unit")
    if unit.kind != "unit" or not selectors.unit_events(unit=unit).filter(pk=event.pk).exists():
        raise NotInScope
    errors: dict[str, list[str]] = {}
    staff = set(
        selectors.unit_staff(unit=unit).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    if not people:
        errors["people"] = [_("Choose who to sign up.")]
    elif any(p.pk not in staff for p in people):
        errors["people"] = [_("Choose people of your own unit.")]
    else:
        groups = selectors.unit_groups(unit=unit, event=event)
        others = [p.name for p in people if not groups.intersection(selectors.person_groups(p))]
        if others:
            errors["people"] = [_("This event is not for: %(names)s.") % {"names": "、".join(others)}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _open_for_signup(locked)
        already = [p.name for p in people if selectors.registration_of(person=p, event=locked) is not None]
        if already:
            raise ValidationError(
                {"people": [_("Already signed up: %(names)s.") % {"names": "、".join(already)}]}
            )
        rows = [_take_place(locked, person, actor, unit) for person in dict.fromkeys(people)]
        audit_record(actor=actor, action="events.registration.unit", obj=locked, detail={"people": len(rows)})
    return rows


def cancel(*, actor: Any, registration: Registration) -> Registration:
    """Withdraw a sign-up (the person themself, or the unit liaison who made it); the first on
    the waitlist takes the freed place."""
    own = registration.person.user_id == actor.pk
    if not own:
        if registration.unit is None:
            raise NotInScope
        require(actor, "events.unit_signup", registration.unit, action="events.registration.cancel")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.state == RegState.CANCELLED:
            raise ValidationError({"registration": [_("This sign-up was already withdrawn.")]})
        if locked.checked_in_at is not None or event.starts_at <= timezone.now():
            raise ValidationError({"registration": [_("The event has started; the sign-up stands.")]})
        freed = locked.state == RegState.REGISTERED
        locked.state = RegState.CANCELLED
        locked.save(update_fields=["state", "updated_at"])
        _step(locked, RegState.CANCELLED, actor)
        audit_record(actor=actor, action="events.registration.cancel", obj=locked)
        if freed:
            _promote(event)
    return locked


def _promote(event: Event) -> Registration | None:
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, state=RegState.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if waiting is None:
        return None
    waiting.state = RegState.REGISTERED
    waiting.save(update_fields=["state", "updated_at"])
    _step(waiting, "promoted", None)
    _remind_if_due(event)
    user = waiting.person.user
    if user is not None:
        notify(
            users=[user],
            title=_("A place came free: you are signed up for %(title)s") % {"title": event.title},
            url=reverse("events:app-event", args=[event.pk]),
        )
    return waiting


# --- check-in ------------------------------------------------------------------------------------


def _check_in_window(event: Event, *, door: bool) -> None:
    now = timezone.now()
    if event.state != EventState.PUBLISHED:
        raise ValidationError({"code": [_("This event is not taking place.")]})
    if now < event.starts_at - dt.timedelta(minutes=CHECK_IN_OPENS_MINUTES):
        raise ValidationError({"code": [_("Check-in opens an hour before the start.")]})
    if door and now > event.ends_at:
        raise ValidationError({"code": [_("The event is over; ask the organiser.")]})


def _check_in(registration: Registration, actor: Any) -> Registration:
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.state != RegState.REGISTERED:
        raise ValidationError({"code": [_("Not signed up for this event (waitlisted or withdrawn).")]})
    if locked.checked_in_at is not None:
        when = timezone.localtime(locked.checked_in_at)
        raise ValidationError({"code": [_("Already checked in at %(time)s.") % {"time": f"{when:%H:%M}"}]})
    locked.checked_in_at = timezone.now()
    locked.save(update_fields=["checked_in_at", "updated_at"])
    _step(locked, "checked_in", actor)
    audit_record(actor=actor, action="events.registration.check_in", obj=locked)
    return locked


def check_in_code(*, actor: Any, event: Event, code: str) -> Registration:
    """The organiser scans (or types) an attendee's registration code at the door."""
    require(actor, "events.manage", event, action="events.registration.check_in")
    code = code.strip().upper()
    registration = Registration.objects.filter(code=code).select_related("event", "person").first()
    if registration is None:
        raise ValidationError({"code": [_("No sign-up has this code.")]})
    if registration.event_id != event.pk:
        raise ValidationError(
            {"code": [_("This code is for another event: %(title)s.") % {"title": registration.event.title}]}
        )
    _check_in_window(event, door=False)
    with transaction.atomic():
        return _check_in(registration, actor)


def door_token(*, event: Event) -> str:
    """A signed code for the door of ``event``; it expires after DOOR_CODE_SECONDS."""
    return signing.TimestampSigner(salt=DOOR_SALT).sign(str(event.pk))


def door_url(*, event: Event) -> str:
    return reverse("events:door-check-in", args=[door_token(event=event)])


def door_event(*, token: str) -> Event:
    """The event a door code stands for, or a clear refusal."""
    signer = signing.TimestampSigner(salt=DOOR_SALT)
    try:
        pk = signer.unsign(token, max_age=DOOR_CODE_SECONDS)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            {"code": [_("This door code has expired; scan the code on the screen again.")]}
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError({"code": [_("This is not a valid door code.")]}) from exc
    event = Event.objects.filter(pk=pk).first()
    if event is None:
        raise ValidationError({"code": [_("This is not a valid door code.")]})
    return event


def check_in_door(*, actor: Any, person: Person, token: str) -> Registration:
    """An attendee scans the door code with their phone."""
    event = door_event(token=token)
    registration = (
        selectors.registration_of(person=person, event=event) if person.user_id == actor.pk else None
    )
    if registration is None:
        raise ValidationError({"code": [_("You have not signed up for %(title)s.") % {"title": event.title}]})
    _check_in_window(event, door=True)
    with transaction.atomic():
        return _check_in(registration, actor)


# --- hazards after a safety training ----------------------------------------------------------


def hazard_report(
    *,
    actor: Any,
    person: Person,
    event: Event,
    kind: str,
    text: str,
    address: str = "",
    photos: list[Any] | None = None,
) -> TrainingHazard:
    """A hazard found by an attendee of a safety training becomes a casework request (安全隐患)
    linked to the training: filed by the attendee in the app, or by the organiser for them."""
    own = person.user_id == actor.pk
    if not own:
        require(actor, "events.manage", event, action="events.hazard.report")
    registration = selectors.registration_of(person=person, event=event)
    if registration is None or registration.checked_in_at is None:
        raise NotInScope
    errors: dict[str, list[str]] = {}
    if event.kind != EventKind.TRAINING or not event.is_safety:
        errors["kind"] = [_("Hazards are reported after a safety training.")]
    elif kind not in HazardKind.values:
        errors["kind"] = [_("Choose the kind of hazard.")]
    if errors:
        raise ValidationError(errors)
    request = CaseInput(
        channel=Channel.APP if own else Channel.WALK_IN,
        case_type=CaseType.REPORT,
        category=Category.objects.get(code=HAZARD_CATEGORY[HazardKind(kind)]),
        text=text,
        address=address,
        node=person.node,
        reporter=None if own else person,
        photos=list(photos or []),
    )
    with transaction.atomic():
        case: Case = case_submit(actor=actor, data=request)
        hazard = TrainingHazard.objects.create(event=event, case=case, kind=kind, person=person)
        audit_record(actor=actor, action="events.hazard.report", obj=hazard, detail={"case": case.number})
    return hazard

"""Writes of the studio: each checks permission first, then writes in one transaction with an
audit row. What a person raises becomes a residents' request through casework's own intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework.models import Case, Category, Channel, Priority
from lianxin.casework.services import CaseInput, case_submit
from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.pii import normalise_phone, validate_phone
from lianxin.core.roles import Cap
from lianxin.liaison.conf import links_per_representative
from lianxin.liaison.models import (
    Concern,
    Contact,
    ContactMethod,
    Link,
    Representative,
    Session,
    SessionKind,
    SessionState,
    Studio,
)
from lianxin.liaison.rules import is_serving
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person
from lianxin.people.selectors import person_list

STUDIO_KINDS = {NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.VILLAGE}
PLACE_KINDS = {NodeKind.COMMUNITY, NodeKind.VILLAGE, NodeKind.GRID, NodeKind.BUILDING, NodeKind.UNIT}
MAX_SESSION_HOURS = 12


def _within(node: OrgNode, area: OrgNode) -> bool:
    return node.path.startswith(area.path)


# --- studios -------------------------------------------------------------------------------------


@dataclass
class StudioInput:
    name: str
    address: str = ""
    phone: str = ""
    opening_hours: str = ""
    stale_after_days: int = 30
    is_active: bool = True


def _studio_errors(node: OrgNode, data: StudioInput, exclude_pk: int | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the studio a name.")]
    elif Studio.objects.filter(node=node, name=data.name.strip()).exclude(pk=exclude_pk or 0).exists():
        errors["name"] = [_("This area already has a studio of that name.")]
    if node.kind not in STUDIO_KINDS:
        errors["node"] = [_("A studio belongs to a subdistrict, community or village.")]
    if not 1 <= data.stale_after_days <= 365:
        errors["stale_after_days"] = [_("Choose between 1 and 365 days.")]
    return errors


def studio_create(*, actor: Any, node: OrgNode, data: StudioInput) -> Studio:
    require(actor, "liaison.manage", node, action="liaison.studio.create")
    errors = _studio_errors(node, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        studio = Studio.objects.create(
            node=node,
            name=data.name.strip(),
            address=data.address.strip(),
            phone=data.phone.strip(),
            opening_hours=data.opening_hours.strip(),
            stale_after_days=data.stale_after_days,
            is_active=data.is_active,
        )
        audit_record(actor=actor, action="liaison.studio.create", obj=studio)
    return studio


def studio_update(*, actor: Any, studio: Studio, data: StudioInput) -> Studio:
    require(actor, "liaison.manage", studio, action="liaison.studio.update")
    errors = _studio_errors(studio.node, data, exclude_pk=studio.pk)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Studio.objects.select_for_update().get(pk=studio.pk)
        locked.name = data.name.strip()
        locked.address = data.address.strip()
        locked.phone = data.phone.strip()
        locked.opening_hours = data.opening_hours.strip()
        locked.stale_after_days = data.stale_after_days
        locked.is_active = data.is_active
        locked.save()
        audit_record(actor=actor, action="liaison.studio.update", obj=locked)
    return locked


# --- representatives and links -------------------------------------------------------------------


def representative_add(*, actor: Any, studio: Studio, person: Person, started_on: dt.date) -> Representative:
    """Put a party representative on duty in the studio."""
    require(actor, "liaison.manage", studio, action="liaison.representative.add")
    errors: dict[str, list[str]] = {}
    if not scope.in_scope(actor, Cap.LIAISON_MANAGE, person.node.path):
        errors["person"] = [_("Choose someone registered in your area.")]
    elif not person.is_party_rep:
        errors["person"] = [_("Mark this person as a party representative in their record first.")]
    elif studio.representatives.filter(person=person, ended_on__isnull=True).exists():
        errors["person"] = [_("Already on duty in this studio.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        representative = Representative.objects.create(studio=studio, person=person, started_on=started_on)
        audit_record(actor=actor, action="liaison.representative.add", obj=representative)
    return representative


def representative_end(*, actor: Any, representative: Representative, ended_on: dt.date) -> Representative:
    """End a representative's duty; their open links end the same day."""
    require(actor, "liaison.manage", representative, action="liaison.representative.end")
    if representative.ended_on is not None:
        raise ValidationError({"ended_on": [_("This duty has already ended.")]})
    if ended_on < representative.started_on:
        raise ValidationError({"ended_on": [_("The end cannot come before the start.")]})
    with transaction.atomic():
        locked = Representative.objects.select_for_update().get(pk=representative.pk)
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on", "updated_at"])
        ended = Link.objects.filter(representative=locked, ended_on__isnull=True)
        for link in ended:
            link.ended_on = max(ended_on, link.started_on)
            link.save(update_fields=["ended_on", "updated_at"])
        audit_record(actor=actor, action="liaison.representative.end", obj=locked)
    return locked


def link_add(
    *, actor: Any, representative: Representative, person: Person, started_on: dt.date, reason: str = ""
) -> Link:
    """Link a representative to a party member or resident; no more than the page's limit (3)."""
    require(actor, "liaison.manage", representative, action="liaison.link.add")
    fewest, most = links_per_representative()
    errors: dict[str, list[str]] = {}
    area = representative.studio.node
    if representative.ended_on is not None:
        errors["person"] = [_("This representative is no longer on duty.")]
    elif not scope.in_scope(actor, Cap.LIAISON_MANAGE, person.node.path) or not _within(person.node, area):
        errors["person"] = [_("Choose someone registered in the studio's area.")]
    elif person.pk == representative.person_id:
        errors["person"] = [_("A representative is not linked to themself.")]
    elif not (person.is_party_member or person.is_resident):
        errors["person"] = [_("Link a party member or a resident.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Representative.objects.select_for_update().get(pk=representative.pk)  # one link added at a time
        current = Link.objects.filter(representative=representative, ended_on__isnull=True)
        if current.filter(person=person).exists():
            raise ValidationError({"person": [_("Already linked to this representative.")]})
        if current.count() >= most:
            raise ValidationError(
                {
                    "person": [
                        _("A representative is linked to %(fewest)d–%(most)d people; end a link first.")
                        % {"fewest": fewest, "most": most}
                    ]
                }
            )
        link = Link.objects.create(
            representative=representative, person=person, started_on=started_on, reason=reason.strip()
        )
        audit_record(actor=actor, action="liaison.link.add", obj=link)
    return link


def link_end(*, actor: Any, link: Link, ended_on: dt.date) -> Link:
    require(actor, "liaison.manage", link, action="liaison.link.end")
    if link.ended_on is not None:
        raise ValidationError({"ended_on": [_("This link has already ended.")]})
    if ended_on < link.started_on:
        raise ValidationError({"ended_on": [_("The end cannot come before the start.")]})
    with transaction.atomic():
        locked = Link.objects.select_for_update().get(pk=link.pk)
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on", "updated_at"])
        audit_record(actor=actor, action="liaison.link.end", obj=locked)
    return locked


def contact_record(
    *, actor: Any, link: Link, on: dt.date, method: str, note: str = "", raised: str = ""
) -> Contact:
    """Log a contact with a linked person, and what they raised in it (if anything)."""
    require(actor, "liaison.record_contact", link, action="liaison.contact.record")
    errors: dict[str, list[str]] = {}
    if link.ended_on is not None:
        errors["on"] = [_("This link has ended.")]
    elif on > timezone.localdate():
        errors["on"] = [_("Log a contact once it has happened.")]
    elif on < link.started_on:
        errors["on"] = [_("The link began on %(day)s.") % {"day": link.started_on.isoformat()}]
    if method not in ContactMethod.values:
        errors["method"] = [_("Choose how you were in touch.")]
    if len(raised) > 2000:
        errors["raised"] = [_("Keep it under 2,000 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = Contact.objects.create(
            link=link, on=on, method=method, note=note.strip(), recorded_by=actor
        )
        if raised.strip():
            Concern.objects.create(
                representative=link.representative,
                contact=contact,
                person=link.person,
                name=link.person.name,
                text=raised.strip(),
                recorded_by=actor,
            )
        audit_record(actor=actor, action="liaison.contact.record", obj=contact)
    return contact


# --- sessions --------------------------------------------------------------------------------------


@dataclass
class SessionInput:
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hosts: Sequence[Representative]
    place: OrgNode | None = None
    venue: str = ""
    topic: str = ""


def _session_errors(actor: Any, studio: Studio, data: SessionInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in SessionKind.values:
        errors["kind"] = [_("Choose in the studio or mobile.")]
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The session ends after it starts.")]
    elif data.ends_at - data.starts_at > dt.timedelta(hours=MAX_SESSION_HOURS):
        errors["ends_at"] = [_("A session lasts at most %(hours)d hours.") % {"hours": MAX_SESSION_HOURS}]
    if data.kind == SessionKind.MOBILE and data.place is None:
        errors["place"] = [_("Say where the mobile session goes.")]
    if data.place is not None and (
        data.place.kind not in PLACE_KINDS or not _within(data.place, studio.node)
    ):
        errors["place"] = [_("Choose a place in the studio's area.")]
    hosts = list(data.hosts)
    if not hosts:
        errors["hosts"] = [_("Choose who will be there.")]
    elif any(h.studio_id != studio.pk or h.ended_on is not None for h in hosts):
        errors["hosts"] = [_("Choose representatives on duty in this studio.")]
    elif not actor.has_perm("liaison.manage", studio) and not any(is_serving(actor, h) for h in hosts):
        errors["hosts"] = [_("Put yourself among the representatives.")]
    if not studio.is_active:
        errors["kind"] = [_("This studio is closed.")]
    return errors


def session_schedule(*, actor: Any, studio: Studio, data: SessionInput) -> Session:
    """Put a studio or mobile session on the schedule (staff, or a representative for themself)."""
    require(actor, "liaison.work_session", studio, action="liaison.session.schedule")
    errors = _session_errors(actor, studio, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = Session.objects.create(
            studio=studio,
            kind=data.kind,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            place=data.place,
            venue=data.venue.strip(),
            topic=data.topic.strip(),
        )
        session.hosts.set(data.hosts)
        audit_record(actor=actor, action="liaison.session.schedule", obj=session)
    return session


def session_log(
    *, actor: Any, studio: Studio, data: SessionInput, visitors: int, summary: str = ""
) -> Session:
    """Record a session that has taken place, in one step (logged afterwards)."""
    require(actor, "liaison.work_session", studio, action="liaison.session.log")
    errors = _session_errors(actor, studio, data)
    if data.starts_at > timezone.now():
        errors.setdefault("starts_at", []).append(_("Log a session once it has taken place."))
    if visitors < 0:
        errors["visitors"] = [_("Enter how many people came.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = Session.objects.create(
            studio=studio,
            kind=data.kind,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            place=data.place,
            venue=data.venue.strip(),
            topic=data.topic.strip(),
            state=SessionState.HELD,
            visitors=visitors,
            summary=summary.strip(),
        )
        session.hosts.set(data.hosts)
        audit_record(actor=actor, action="liaison.session.log", obj=session, detail={"visitors": visitors})
    return session


def session_hold(*, actor: Any, session: Session, visitors: int, summary: str = "") -> Session:
    """Record that the session took place: how many people came and what happened."""
    require(actor, "liaison.work_session", session, action="liaison.session.hold")
    if session.starts_at > timezone.now():
        raise ValidationError({"visitors": [_("Record the session once it has started.")]})
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.state == SessionState.CANCELLED:
            raise ValidationError({"visitors": [_("This session was cancelled.")]})
        raised = locked.concerns.count()
        if visitors < raised:
            raise ValidationError(
                {"visitors": [_("At least %(n)d people raised something at this session.") % {"n": raised}]}
            )
        locked.state = SessionState.HELD
        locked.visitors = visitors
        locked.summary = summary.strip()
        locked.save(update_fields=["state", "visitors", "summary", "updated_at"])
        audit_record(actor=actor, action="liaison.session.hold", obj=locked, detail={"visitors": visitors})
    return locked


def session_cancel(*, actor: Any, session: Session, reason: str) -> Session:
    require(actor, "liaison.work_session", session, action="liaison.session.cancel")
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.state != SessionState.PLANNED:
            raise ValidationError({"reason": [_("Only a planned session can be cancelled.")]})
        locked.state = SessionState.CANCELLED
        locked.cancel_reason = reason.strip()[:200]
        locked.save(update_fields=["state", "cancel_reason", "updated_at"])
        audit_record(actor=actor, action="liaison.session.cancel", obj=locked)
    return locked


# --- what people raise ---------------------------------------------------------------------------


def _receiver(actor: Any, session: Session, representative: Representative | None) -> Representative:
    """Who received it: the acting representative, else (staff logging it) the one named."""
    if scope.scope_paths(actor, Cap.LIAISON_SERVE):
        serving = Representative.objects.filter(studio=session.studio, ended_on__isnull=True)
        own = [rep for rep in serving.select_related("person", "studio__node") if is_serving(actor, rep)]
        if own:
            return own[0]
    hosts = list(session.hosts.select_related("person", "studio__node"))
    if representative is not None and representative in hosts:
        return representative
    if len(hosts) == 1:
        return hosts[0]
    raise ValidationError({"representative": [_("Choose which representative received it.")]})


def _registered(actor: Any, phone: str) -> Person | None:
    """The one registered person with this number in the actor's intake area, if exactly one."""
    matches = list(person_list(actor=actor, search=phone, capability=Cap.CASES_INTAKE)[:2])
    return matches[0] if len(matches) == 1 else None


def concern_record(
    *,
    actor: Any,
    session: Session,
    name: str,
    text: str,
    answer: str = "",
    phone: str = "",
    representative: Representative | None = None,
) -> Concern:
    """Log who came to a session and what they raised. A phone number is only used to find the
    person among the registered residents of the area; it is not kept here."""
    require(actor, "liaison.work_session", session, action="liaison.concern.record")
    errors: dict[str, list[str]] = {}
    if session.state == SessionState.CANCELLED:
        errors["text"] = [_("This session was cancelled.")]
    elif timezone.localtime(session.starts_at).date() > timezone.localdate():
        errors["text"] = [_("Log visitors on the day of the session or later.")]
    if not name.strip():
        errors["name"] = [_("Say who came.")]
    if not text.strip():
        errors["text"] = [_("Say what they raised.")]
    elif len(text) > 2000:
        errors["text"] = [_("Keep it under 2,000 characters.")]
    phone = normalise_phone(phone)
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    receiver = _receiver(actor, session, representative)
    person = _registered(actor, phone) if phone else None
    day = timezone.localtime(session.starts_at).date()
    with transaction.atomic():
        concern = Concern.objects.create(
            representative=receiver,
            session=session,
            person=person,
            name=name.strip()[:50],
            text=text.strip(),
            answer=answer.strip(),
            recorded_by=actor,
        )
        if person is not None:
            _note_contact(receiver, person, day, actor)
        audit_record(actor=actor, action="liaison.concern.record", obj=concern)
    return concern


def _note_contact(representative: Representative, person: Person, day: dt.date, actor: Any) -> None:
    """A linked person who comes to a session has been in touch: it counts as a contact."""
    link = Link.objects.filter(representative=representative, person=person, ended_on__isnull=True).first()
    if link is None or day < link.started_on or link.contacts.filter(on=day).exists():
        return
    Contact.objects.create(link=link, on=day, method=ContactMethod.SESSION, recorded_by=actor)


@dataclass
class CaseFields:
    """What the representative adds when a concern becomes a request."""

    case_type: str
    category: Category
    text: str = ""  # defaults to what was raised
    address: str = ""
    place: OrgNode | None = None
    priority: str = Priority.NORMAL
    callback_phone: str = ""
    is_confidential: bool = False
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _default_place(actor: Any, concern: Concern) -> OrgNode | None:
    """Where the request is, when the representative did not say: the mobile session's place,
    else where the person lives, else the studio's area — the first the actor may take in."""
    candidates = [
        concern.session.place if concern.session else None,
        concern.person.node if concern.person else None,
        concern.representative.studio.node,
    ]
    for node in candidates:
        if node is not None and scope.in_scope(actor, Cap.CASES_INTAKE, node.path):
            return node
    return None


def concern_to_case(*, actor: Any, concern: Concern, data: CaseFields) -> Case:
    """Turn a concern into a residents' request (channel: party representative studio), taken in
    by the representative; the resident, when registered with an account, follows and rates it."""
    require(actor, "liaison.raise_case", concern, action="liaison.concern.case")
    if concern.case_id is not None:
        raise ValidationError({"case_type": [_("This has already become a request.")]})
    place = data.place or _default_place(actor, concern)
    if place is None or not scope.in_scope(actor, Cap.CASES_INTAKE, place.path):
        raise ValidationError({"place": [_("Say where it is, in your own area.")]})
    request = CaseInput(
        channel=Channel.REP_STUDIO,
        case_type=data.case_type,
        category=data.category,
        text=(data.text or concern.text).strip(),
        address=data.address,
        latitude=data.latitude,
        longitude=data.longitude,
        priority=data.priority,
        is_confidential=data.is_confidential,
        callback_phone=data.callback_phone,
        node=place,
        reporter=concern.person,
    )
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if locked.case_id is not None:
            raise ValidationError({"case_type": [_("This has already become a request.")]})
        case = case_submit(actor=actor, data=request)
        locked.case = case
        locked.save(update_fields=["case", "updated_at"])
        audit_record(actor=actor, action="liaison.concern.case", obj=locked, detail={"case": case.number})
    concern.case = case
    return case


def concern_answer(*, actor: Any, concern: Concern, answer: str) -> Concern:
    """Record the answer given on the spot (or later) to a concern that is not a request."""
    require(actor, "liaison.raise_case", concern, action="liaison.concern.answer")
    if not answer.strip():
        raise ValidationError({"answer": [_("Write the answer.")]})
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        locked.answer = answer.strip()
        locked.save(update_fields=["answer", "updated_at"])
        audit_record(actor=actor, action="liaison.concern.answer", obj=locked)
    return locked

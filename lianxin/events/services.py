"""Writes of notices and events: each checks permission first, validates everything, then writes
in one transaction with an audit row. Sign-ups and check-in live in ``registrations.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework.photos import check_photos
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.events.files import check_documents, sanitise
from lianxin.events.models import (
    Event,
    EventAudience,
    EventFile,
    EventKind,
    EventState,
    FileKind,
    Group,
    Notice,
    NoticeAttachment,
    NoticeAudience,
    ReadReceipt,
)
from lianxin.events.tasks import remind_event, reminder_time
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person

MAX_EVENT_DAYS = 7


def _within(node: OrgNode, area: OrgNode) -> bool:
    return node.path.startswith(area.path)


def _audience_errors(area: OrgNode, audience: Sequence[tuple[OrgNode, str]]) -> dict[str, list[str]]:
    if not audience:
        return {"audience": [_("Say who it is for.")]}
    if any(group not in Group.values for _node, group in audience):
        return {"audience": [_("Choose who among the people there.")]}
    if any(not _within(node, area) for node, _group in audience):
        return {"audience": [_("Choose places within the area.")]}
    return {}


# --- notices -------------------------------------------------------------------------------------


@dataclass
class NoticeInput:
    title: str
    body: str
    audience: Sequence[tuple[OrgNode, str]]
    publish_at: dt.datetime | None = None  # now when not given
    expires_at: dt.datetime | None = None
    is_pinned: bool = False
    attachments: list[Any] = field(default_factory=list)


def notice_publish(*, actor: Any, node: OrgNode, data: NoticeInput) -> Notice:
    """Publish a notice to people of ``node``'s area (now, or from ``publish_at``)."""
    require(actor, "events.manage_notices", node, action="events.notice.publish")
    errors = _audience_errors(node, data.audience)
    body = sanitise(data.body)
    publish_at = data.publish_at or timezone.now()
    if not data.title.strip():
        errors["title"] = [_("Give the notice a title.")]
    if not body and not data.attachments:
        errors["body"] = [_("Write the notice or attach a file.")]
    if data.expires_at is not None and data.expires_at <= publish_at:
        errors["expires_at"] = [_("It must be shown for a while after it is published.")]
    if errors:
        raise ValidationError(errors)
    files = check_documents(data.attachments, field="attachments")
    with transaction.atomic():
        notice = Notice.objects.create(
            node=node,
            title=data.title.strip()[:120],
            body=body,
            publish_at=publish_at,
            expires_at=data.expires_at,
            is_pinned=data.is_pinned,
            author=actor,
        )
        NoticeAudience.objects.bulk_create(
            [NoticeAudience(notice=notice, node=n, group=g) for n, g in dict.fromkeys(data.audience)]
        )
        for upload, content_type, size in files:
            NoticeAttachment.objects.create(
                notice=notice, file=upload, name=upload.name[:200], content_type=content_type, size=size
            )
        audit_record(actor=actor, action="events.notice.publish", obj=notice)
    return notice


def notice_pin(*, actor: Any, notice: Notice, pinned: bool) -> Notice:
    require(actor, "events.manage_notices", notice, action="events.notice.pin")
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        locked.is_pinned = pinned
        locked.save(update_fields=["is_pinned", "updated_at"])
        audit_record(actor=actor, action="events.notice.pin", obj=locked, detail={"pinned": pinned})
    return locked


def notice_read(*, person: Person, notice: Notice) -> bool:
    """Record that ``person`` opened ``notice`` (the first time only); True if this was it.
    The caller has found the notice among those addressed to the person."""
    _receipt, created = ReadReceipt.objects.get_or_create(
        notice=notice, person=person, defaults={"read_at": timezone.now()}
    )
    return created


# --- events ----------------------------------------------------------------------------------------


@dataclass
class EventInput:
    kind: str
    title: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    audience: Sequence[tuple[OrgNode, str]]
    description: str = ""
    speakers: str = ""
    topics: str = ""
    is_safety: bool = False


def _event_errors(node: OrgNode, data: EventInput) -> dict[str, list[str]]:
    errors = _audience_errors(node, data.audience)
    if data.kind not in EventKind.values:
        errors["kind"] = [_("Choose the kind of event.")]
    if not data.title.strip():
        errors["title"] = [_("Give the event a title.")]
    if not data.place.strip():
        errors["place"] = [_("Say where it takes place.")]
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The event ends after it starts.")]
    elif data.ends_at - data.starts_at > dt.timedelta(days=MAX_EVENT_DAYS):
        errors["ends_at"] = [_("An event lasts at most %(days)d days.") % {"days": MAX_EVENT_DAYS}]
    if not 1 <= data.capacity <= 10000:
        errors["capacity"] = [_("Give the number of places (1 to 10,000).")]
    if data.is_safety and data.kind != EventKind.TRAINING:
        errors["is_safety"] = [_("Only a training can be a safety training.")]
    return errors


def _event_write(*, actor: Any, node: OrgNode, data: EventInput, published: bool) -> Event:
    """The event and its audience rows, from checked input (inside the caller's transaction)."""
    event = Event.objects.create(
        node=node,
        kind=data.kind,
        title=data.title.strip()[:120],
        description=data.description.strip(),
        place=data.place.strip()[:200],
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        capacity=data.capacity,
        speakers=data.speakers.strip()[:200],
        topics=data.topics.strip(),
        is_safety=data.is_safety,
        organiser=actor,
        state=EventState.PUBLISHED if published else EventState.DRAFT,
    )
    EventAudience.objects.bulk_create(
        [EventAudience(event=event, node=n, group=g) for n, g in dict.fromkeys(data.audience)]
    )
    return event


def event_create(*, actor: Any, node: OrgNode, data: EventInput, publish: bool = False) -> Event:
    """Put an event on (as a draft, or published at once)."""
    require(actor, "events.manage", node, action="events.event.create")
    errors = _event_errors(node, data)
    if publish and data.starts_at <= timezone.now():
        errors["starts_at"] = [_("Publish an event before it starts.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = _event_write(actor=actor, node=node, data=data, published=publish)
        audit_record(actor=actor, action="events.event.create", obj=event)
        if publish:
            _schedule_reminders(event)
    return event


def event_log(*, actor: Any, node: OrgNode, data: EventInput) -> Event:
    """Record an event that has already taken place (entered afterwards); attendance and the
    summary follow."""
    require(actor, "events.manage", node, action="events.event.log")
    errors = _event_errors(node, data)
    if data.starts_at > timezone.now():
        errors["starts_at"] = [_("Record an event once it has taken place.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = _event_write(actor=actor, node=node, data=data, published=True)
        audit_record(actor=actor, action="events.event.log", obj=event)
    return event


def _schedule_reminders(event: Event) -> None:
    run_after = reminder_time(event)
    transaction.on_commit(lambda: remind_event.using(run_after=run_after).enqueue(event.pk))


def event_publish(*, actor: Any, event: Event) -> Event:
    """Open a draft event for sign-up; its reminders are queued."""
    require(actor, "events.manage", event, action="events.event.publish")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.state != EventState.DRAFT:
            raise ValidationError({"state": [_("Only a draft can be published.")]})
        if locked.starts_at <= timezone.now():
            raise ValidationError({"state": [_("Publish an event before it starts.")]})
        locked.state = EventState.PUBLISHED
        locked.save(update_fields=["state", "updated_at"])
        audit_record(actor=actor, action="events.event.publish", obj=locked)
        _schedule_reminders(locked)
    return locked


def event_cancel(*, actor: Any, event: Event, reason: str) -> Event:
    require(actor, "events.manage", event, action="events.event.cancel")
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.state == EventState.CANCELLED or locked.ends_at <= timezone.now():
            raise ValidationError({"reason": [_("This event can no longer be cancelled.")]})
        locked.state = EventState.CANCELLED
        locked.save(update_fields=["state", "updated_at"])
        audit_record(actor=actor, action="events.event.cancel", obj=locked, detail={"reason": reason.strip()})
    return locked


def event_summarise(*, actor: Any, event: Event, summary: str, photos: list[Any] | None = None) -> Event:
    """Write up an event once it has started: the summary and photos."""
    require(actor, "events.manage", event, action="events.event.summarise")
    errors: dict[str, list[str]] = {}
    if event.starts_at > timezone.now():
        errors["summary"] = [_("Write the summary once the event has taken place.")]
    elif event.state != EventState.PUBLISHED:
        errors["summary"] = [_("This event did not take place.")]
    elif not summary.strip():
        errors["summary"] = [_("Write what happened.")]
    if errors:
        raise ValidationError(errors)
    checked = check_photos(photos or [])
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        locked.summary = summary.strip()
        locked.save(update_fields=["summary", "updated_at"])
        _keep_files(locked, checked, FileKind.PHOTO)
        audit_record(
            actor=actor, action="events.event.summarise", obj=locked, detail={"photos": len(checked)}
        )
    return locked


def event_add_materials(*, actor: Any, event: Event, files: list[Any]) -> int:
    """Attach training materials (documents) to an event; returns how many."""
    require(actor, "events.manage", event, action="events.event.materials")
    if not files:
        raise ValidationError({"files": [_("Choose the files to attach.")]})
    checked = check_documents(files)
    with transaction.atomic():
        _keep_files(event, checked, FileKind.MATERIAL)
        audit_record(actor=actor, action="events.event.materials", obj=event, detail={"files": len(checked)})
    return len(checked)


def _keep_files(event: Event, checked: list[tuple[Any, str, int]], kind: str) -> None:
    for upload, content_type, size in checked:
        EventFile.objects.create(
            event=event, kind=kind, file=upload, name=upload.name[:200], content_type=content_type, size=size
        )

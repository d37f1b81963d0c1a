"""Writes of core records: the office's working-day overrides, notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from lianxin.core.audit import audit_record
from lianxin.core.models import Notification, WorkdayOverride
from lianxin.core.permissions import require


def workday_override_set(*, actor: Any, day: dt.date, is_workday: bool, note: str = "") -> WorkdayOverride:
    """Record that the office works (or rests) on ``day``, whatever the official calendar says."""
    require(actor, "core.manage_calendar", None, action="core.calendar.set")
    with transaction.atomic():
        override, _created = WorkdayOverride.objects.update_or_create(
            day=day, defaults={"is_workday": is_workday, "note": note.strip()}
        )
        audit_record(
            actor=actor,
            action="core.calendar.set",
            obj=override,
            detail={"day": day.isoformat(), "is_workday": is_workday},
        )
    return override


def workday_override_remove(*, actor: Any, override: WorkdayOverride) -> None:
    require(actor, "core.manage_calendar", None, action="core.calendar.remove")
    with transaction.atomic():
        audit_record(actor=actor, action="core.calendar.remove", obj=override)
        override.delete()


def notify(*, users: Iterable[Any], title: str, body: str = "", url: str = "") -> int:
    """Send one notification to each user (once each); returns how many were sent."""
    unique = {user.pk: user for user in users}
    Notification.objects.bulk_create(
        [Notification(user=user, title=title[:200], body=body, url=url) for user in unique.values()]
    )
    return len(unique)


def notifications_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notifications read (all of them, or those with ``ids``)."""
    unread = Notification.objects.filter(user_id=actor.pk, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())

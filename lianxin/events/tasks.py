"""Reminders before an event starts, on Django's task API with the database worker.

Publishing an event queues one run for REMINDER_HOURS before its start. Each sign-up is reminded
once: the run locks each registration and skips those already reminded, so running it again (or
two workers at once) sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lianxin.core.models import Notification
from lianxin.events.models import Event, EventState, Registration, RegState

REMINDER_HOURS = 24


def reminder_time(event: Event) -> dt.datetime:
    return max(timezone.now(), event.starts_at - dt.timedelta(hours=REMINDER_HOURS))


def event_reminders_send(*, event_id: int) -> int:
    """Remind every signed-up person with a log-in who has not been reminded; returns how many."""
    event = Event.objects.filter(pk=event_id, state=EventState.PUBLISHED).first()
    if event is None or event.starts_at <= timezone.now():
        return 0
    when = timezone.localtime(event.starts_at)
    title = _("Reminder: %(title)s starts at %(time)s") % {
        "title": event.title,
        "time": f"{when:%m-%d %H:%M}",
    }
    url = reverse("events:app-event", args=[event.pk])
    due = Registration.objects.filter(
        event=event, state=RegState.REGISTERED, reminded_at__isnull=True, person__user__isnull=False
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            row = (
                Registration.objects.select_for_update()
                .select_related("person")
                .filter(pk=pk, reminded_at__isnull=True, state=RegState.REGISTERED)
                .first()
            )
            if row is None or row.person.user_id is None:
                continue
            Notification.objects.create(
                user_id=row.person.user_id, title=title[:200], body=event.place, url=url
            )
            row.reminded_at = timezone.now()
            row.save(update_fields=["reminded_at", "updated_at"])
            sent += 1
    return sent


@task()
def remind_event(event_id: int) -> int:
    """Send the reminders of one event (queued when it is published)."""
    return event_reminders_send(event_id=event_id)

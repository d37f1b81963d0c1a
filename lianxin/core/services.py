"""Writes of core configuration: the office's working-day overrides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from lianxin.core.audit import audit_record
from lianxin.core.models import WorkdayOverride
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

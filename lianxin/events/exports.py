"""Sign-ups and attendance as Excel ledgers (台账)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lianxin.events import selectors
from lianxin.events.models import Event, RegState


def _when(value: object) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""  # type: ignore[arg-type]


def registrations_xlsx(*, event: Event, attended_only: bool = False) -> bytes:
    """One row per sign-up (or per attendee): name, where registered, unit, state, code, times."""
    rows = selectors.attendance(event=event) if attended_only else selectors.registrations(event=event)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = (_("Attendance") if attended_only else _("Sign-ups"))[:31]
    sheet.append([event.title, _when(event.starts_at), event.place])
    sheet.append(
        [
            _("Name"),
            _("Registered at"),
            _("Signed up by unit"),
            _("State"),
            _("Code"),
            _("Signed up"),
            _("Checked in"),
        ]
    )
    for row in rows.order_by("state", "created_at", "id"):
        sheet.append(
            [
                row.person.name,
                row.person.node.name,
                row.unit.name if row.unit else "",
                str(RegState(row.state).label),
                row.code,
                _when(row.created_at),
                _when(row.checked_in_at),
            ]
        )
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()

"""A contract's service log as an Excel ledger (台账)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lianxin.socialwork.models import Contract, ServiceLog


def log_workbook(*, contract: Contract, logs: Iterable[ServiceLog]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Service log")
    sheet.append([f"{contract.number} {contract.title}"])
    sheet.append(
        [
            _("Date"),
            _("Deliverable"),
            _("Social worker"),
            _("What was done"),
            _("Place"),
            _("Quantity delivered"),
            _("Counted in"),
            _("People served"),
            _("Hours"),
            _("Person served"),
            _("State"),
        ]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for log in logs:
        sheet.append(
            [
                log.on,
                log.deliverable.name,
                log.worker.display_name,
                log.content,
                log.place,
                log.quantity,
                log.deliverable.unit,
                log.people_served,
                float(log.hours),
                log.person_masked,
                str(log.get_state_display()),
            ]
        )
    for column, width in zip("ABCDEFGHIJK", (12, 16, 12, 40, 16, 10, 8, 10, 8, 10, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

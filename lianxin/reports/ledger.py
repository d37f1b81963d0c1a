"""Excel ledgers (台账) of a figure's records, headed with who exported what, when and where."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period
from lianxin.reports.registry import Figure

MAX_ROWS = 100_000


def workbook(*, figure: Figure, node: OrgNode, period: Period, rows: QuerySet[Any], user: Any) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(figure.title)[:31])
    header = [
        (_("Ledger"), str(figure.title)),
        (_("Area"), node.name),
        (_("Period"), period.label),
        (_("Exported by"), getattr(user, "display_name", "") or user.get_username()),
        (_("Exported at"), f"{timezone.localtime():%Y-%m-%d %H:%M}"),
        (_("Rows"), rows.count()),
    ]
    for label, value in header:
        sheet.append([label, value])
    sheet.append([])
    sheet.append([_("Record"), *[str(column.title) for column in figure.columns]])
    for record in rows[:MAX_ROWS]:
        sheet.append([str(record), *[_cell(column.value(record)) for column in figure.columns]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    return value if isinstance(value, int | float | str) or value is None else str(value)

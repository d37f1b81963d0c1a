"""Spreadsheets (台账) of a campaign: the task breakdown, the progress figures, the scores.
Text from the database is always written as text, never as a formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from lianxin.campaigns.models import Campaign, Subject, TaskStatus
from lianxin.campaigns.quarter import QuarterResults
from lianxin.campaigns.ranking import MonthResults
from lianxin.campaigns.rollup import TaskNode
from lianxin.campaigns.totals import FigureTable

HEADER_FILL = PatternFill("solid", fgColor="FBEAEA")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Worksheet:
    sheet = book.create_sheet(title[:31])
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append([_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for column, title_text in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(10, min(40, len(str(title_text)) * 2 + 4))
    sheet.freeze_panes = "A2"
    return sheet


def _bytes(book: Workbook) -> bytes:
    default = book.active
    if default is not None and default.max_row == 1 and default.max_column == 1 and len(book.worksheets) > 1:
        book.remove(default)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def tasks_workbook(campaign: Campaign, rows: list[TaskNode]) -> bytes:
    book = Workbook()
    header = [
        _("Task"),
        _("Part of"),
        _("Standard to meet"),
        _("Command post"),
        _("Responsible unit"),
        _("Responsible person"),
        _("Assigned at"),
        _("Working days allowed"),
        _("Due"),
        _("Status"),
        _("Progress (%)"),
        _("Overdue"),
        _("Source"),
    ]
    titles = {node.task.pk: node.task.title for node in rows}
    _sheet(
        book,
        _("Tasks"),
        header,
        (
            [
                "　" * node.depth + node.task.title,
                titles.get(node.task.parent_id or 0, ""),
                node.task.standard,
                node.task.post.name if node.task.post else "",
                node.task.responsible_unit.name if node.task.responsible_unit else "",
                node.task.responsible_person.name if node.task.responsible_person else "",
                node.task.assigned_at,
                node.task.working_days,
                node.task.due_at,
                str(TaskStatus(node.status).label),
                round(node.progress),
                _("Yes") if node.overdue else "",
                node.task.get_source_display(),
            ]
            for node in rows
        ),
    )
    return _bytes(book)


def figures_workbook(campaign: Campaign, table: FigureTable, reports: Iterable[Any]) -> bytes:
    book = Workbook()
    header = [_("Command post"), *(str(metric) for metric in table.metrics)]
    rows: list[list[Any]] = [[post.name, *values] for post, values in table.rows()]
    rows.append([_("Total"), *(total for _metric, total in table.totals())])
    period = f"{table.start:%Y-%m-%d}~{table.end:%Y-%m-%d}" if table.start and table.end else ""
    _sheet(book, _("Totals") + (f" {period}" if period else ""), header, rows)
    _sheet(
        book,
        _("Reports"),
        [
            _("Command post"),
            _("Figure"),
            _("Unit of measure"),
            _("Period"),
            _("From"),
            _("Until"),
            _("Value"),
            _("Note"),
        ],
        (
            [
                r.post.name,
                r.metric.name,
                r.metric.unit,
                r.get_span_display(),
                r.starts_on,
                r.ends_on,
                r.value,
                r.note,
            ]
            for r in reports
        ),
    )
    return _bytes(book)


def scores_workbook(
    campaign: Campaign, results: MonthResults, sheets: Iterable[Any], quarter: QuarterResults
) -> bytes:
    book = Workbook()
    month = f"{results.month:%Y-%m}"
    header = [
        _("Rank"),
        _("Scored"),
        _("Name"),
        _("Monthly score"),
        _("Score sheets"),
        _("Inspection findings"),
    ]
    rows = [
        [s.rank or "", str(Subject(s.subject).label), s.holder.name, s.score, s.sheets, s.findings]
        for s in results.posts + results.villages
    ]
    _sheet(book, _("Monthly evaluation") + f" {month}", header, rows)
    lines = []
    for sheet in sheets:
        for line in sheet.lines.all():
            lines.append(
                [
                    sheet.post.name if sheet.post else sheet.village.name,
                    sheet.inspector.get_username(),
                    line.criterion.name,
                    line.weight,
                    line.score,
                    line.comment,
                    sheet.total,
                    sheet.comment,
                ]
            )
    _sheet(
        book,
        _("Score sheets") + f" {month}",
        [
            _("Scored"),
            _("Inspector"),
            _("Criterion"),
            _("Weight"),
            _("Score"),
            _("Remark"),
            _("Total"),
            _("Comment"),
        ],
        lines,
    )
    q_header = [
        _("Rank"),
        _("Name"),
        *(f"{m:%Y-%m}" for m in quarter.months),
        _("Weighted"),
        _("Red flags"),
        _("Black flags"),
        _("Quarterly result"),
    ]
    _sheet(
        book,
        _("Quarterly assessment") + f" {quarter.year}Q{quarter.quarter}",
        q_header,
        (
            [r.rank or "", r.holder.name, *r.months, r.weighted, r.red, r.black, r.result]
            for r in quarter.posts + quarter.villages
        ),
    )
    return _bytes(book)

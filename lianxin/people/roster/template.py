"""The roster workbook as handed out: column titles, cell rules and a sheet explaining each column."""

from __future__ import annotations

import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lianxin.people.roster.columns import (
    BOOL_FIELDS,
    DATE_FORMAT,
    HELP,
    HELP_SHEET,
    ROSTER_COLUMNS,
    ROSTER_SHEET,
    TEXT_FORMAT,
    WIDTHS,
)

_BOLD = Font(bold=True)
_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")


def roster_workbook() -> tuple[Workbook, Worksheet]:
    """A workbook with the roster sheet (column titles only) and the help sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = ROSTER_SHEET
    _add_columns(sheet)
    _add_help(workbook.create_sheet(HELP_SHEET))
    return workbook, sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_template() -> bytes:
    """An empty roster (.xlsx) with the column titles and a sheet explaining each column."""
    workbook, _sheet = roster_workbook()
    return workbook_bytes(workbook)


def _add_columns(sheet: Worksheet) -> None:
    last_row = settings.ROSTER_MAX_ROWS + 1
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    genders = DataValidation(type="list", formula1='"男,女,未知"', allow_blank=True)
    for index, (name, title) in enumerate(ROSTER_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = _BOLD
        cell.fill = _FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = WIDTHS.get(name, 10)
        if name in ("phone", "id_number"):
            dimension.number_format = TEXT_FORMAT
        elif name == "party_joined_on":
            dimension.number_format = DATE_FORMAT
        if name in BOOL_FIELDS:
            yes_no.add(f"{letter}2:{letter}{last_row}")
        elif name == "gender":
            genders.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(yes_no)
    sheet.add_data_validation(genders)
    sheet.freeze_panes = "A2"


def _add_help(help_sheet: Worksheet) -> None:
    notes = [
        "填写说明",
        f"1. 在“{ROSTER_SHEET}”工作表中填写，第一行是列标题，请勿修改标题文字；"
        "列的顺序可以调整，不需要的列可以删除（“姓名”列除外）。",
        f"2. 每行一人，空行会被跳过；一个文件最多 {settings.ROSTER_MAX_ROWS} 行。",
        "3. 导入前会检查每一行：只要有一处错误，整个文件都不会导入，"
        "并列出每个错误所在的行和列。改正后重新上传即可。",
        "4. 手机号和身份证号请按文本填写。",
    ]
    for note in notes:
        help_sheet.append([note])
    help_sheet["A1"].font = Font(bold=True, size=14)
    help_sheet.append([])
    help_sheet.append(["列标题", "是否必填", "填写要求"])
    header_row = help_sheet.max_row
    for cell in help_sheet[header_row]:
        cell.font = _BOLD
        cell.fill = _FILL
    for name, title in ROSTER_COLUMNS:
        required, text = HELP[name]
        help_sheet.append([title, required, text])
    for row in help_sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet.column_dimensions["A"].width = 14
    help_sheet.column_dimensions["B"].width = 10
    help_sheet.column_dimensions["C"].width = 90

"""Reading the uploaded workbook: is it a roster at all, which columns are ours, which rows."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lianxin.people.roster.cells import cell_text, is_blank
from lianxin.people.roster.columns import COLUMN_FIELD, COLUMN_TITLE, REQUIRED_COLUMNS, ROSTER_SHEET
from lianxin.people.roster.results import FileError

# A roster of a few thousand rows unpacks to a few megabytes; far more is not a roster.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, object]]]  # (Excel row number, field → cell value)
    ignored_columns: list[str]


def column_key(title: object) -> str:
    """The column title as matched: no spaces, no “*”, nothing from an opening bracket on."""
    text = re.sub(r"\s+", "", cell_text(title)).strip("*＊")
    return re.split(r"[(（]", text, maxsplit=1)[0]


def read_sheet(file: IO[bytes]) -> Sheet:
    """The people rows of the uploaded workbook; a file that is no roster is a ``FileError``."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise FileError(_("The file is too large to be a roster; split it into smaller files."))
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
        try:
            # Rows are parsed lazily, so damage can show up while reading them too.
            return _read_rows(workbook)
        finally:
            workbook.close()
    except FileError:
        raise
    except Exception as exc:  # a broken upload can fail in zipfile, XML or openpyxl
        raise FileError(
            _(
                "This is not an Excel workbook (.xlsx), or the file is damaged. "
                "Save it as .xlsx (Excel 2007 or later) and upload it again."
            )
        ) from exc


def _read_rows(workbook: Any) -> Sheet:
    if not workbook.worksheets:
        raise FileError(_("The workbook has no sheet."))
    named = [s for s in workbook.worksheets if s.title == ROSTER_SHEET]
    sheet = named[0] if named else workbook.worksheets[0]
    # Some programs write a wrong sheet size; read what is really there.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(is_blank(value) for value in header):
        raise FileError(_("The sheet is empty: the first row must hold the column titles."))
    columns, ignored = _match_columns(header)

    limit = settings.ROSTER_MAX_ROWS
    found: list[tuple[int, dict[str, object]]] = []
    for number, row in enumerate(rows, start=2):
        cells = {name: row[index] if index < len(row) else None for name, index in columns.items()}
        if all(is_blank(value) for value in cells.values()):
            continue
        if len(found) >= limit:
            raise FileError(
                _("The file has more than %(limit)d rows; split it into files of %(limit)d rows at most.")
                % {"limit": limit}
            )
        found.append((number, cells))
    if not found:
        raise FileError(_("The file has no people in it: fill in rows below the column titles."))
    return Sheet(rows=found, ignored_columns=ignored)


def _match_columns(header: tuple[object, ...]) -> tuple[dict[str, int], list[str]]:
    """Field → column index for our titles, and the titles that are not ours."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        if is_blank(title):
            continue
        name = COLUMN_FIELD.get(column_key(title))
        if name is None:
            ignored.append(cell_text(title))
        elif name in columns:
            raise FileError(_("The column “%(column)s” appears twice.") % {"column": COLUMN_TITLE[name]})
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            raise FileError(
                _("The column “%(column)s” is missing: the first row must hold the column titles.")
                % {"column": COLUMN_TITLE[name]}
            )
    return columns, ignored

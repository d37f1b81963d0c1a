"""Reading one cell of the sheet into a value a person can have."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from lianxin.people.models import Gender
from lianxin.people.roster.columns import FALSE_CELLS, GENDER_OF_CELL, TRUE_CELLS
from lianxin.people.roster.results import CellError

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?$")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def bool_cell(value: object, *, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).upper()
    if not text:
        return default
    if text in TRUE_CELLS:
        return True
    if text in FALSE_CELLS:
        return False
    raise CellError(_("Enter 是 (yes) or 否 (no)."))


def gender_cell(value: object) -> str:
    text = cell_text(value)
    if not text:
        return Gender.UNKNOWN
    if text in GENDER_OF_CELL:
        return GENDER_OF_CELL[text]
    raise CellError(_("Enter 男 (male), 女 (female) or 未知 (not stated)."))


def date_cell(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if is_blank(value):
        return None
    match = _DATE_RE.match(cell_text(value)) if isinstance(value, str) else None
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise CellError(_("Enter a date as YYYY-MM-DD, e.g. 2001-07-01."))


def id_number_cell(value: object) -> str:
    if isinstance(value, float):
        raise CellError(
            _(
                "The ID number is stored as a number, so Excel has rounded it. "
                "Format the column as text and enter the number again."
            )
        )
    return cell_text(value)

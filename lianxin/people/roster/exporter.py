"""Exporting a roster: the template's columns filled with the people the actor may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person
from lianxin.people.roster.columns import (
    BOOL_FIELDS,
    CELL_OF_GENDER,
    DATE_FORMAT,
    ROSTER_COLUMNS,
    TEXT_FORMAT,
)
from lianxin.people.roster.places import Places
from lianxin.people.roster.template import roster_workbook, workbook_bytes
from lianxin.people.selectors import person_list

_Out = str | bool | int | dt.date | None  # what the export writes into a cell


def roster_export(*, actor: Any, node: OrgNode, reveal: bool = False) -> bytes:
    """The people registered under ``node`` whom the actor may see, as a roster workbook.

    Phone and ID numbers are masked unless ``reveal``, which needs the reveal right on
    ``node``; every export is audited, a revealing one says so.
    """
    require(actor, "people.export_roster", node, action="people.roster.export")
    if reveal:
        require(actor, "people.reveal_person", node, action="people.roster.export")
    places = Places(node)
    people = person_list(actor=actor, within=node).select_related("party_branch", "employer")

    workbook, sheet = roster_workbook()
    count = 0
    for row, person in enumerate(people, start=2):
        count += 1
        values = _row_values(person, places, reveal=reveal)
        for column, (name, _title) in enumerate(ROSTER_COLUMNS, start=1):
            value, number_format = values[name]
            _put(sheet, row, column, value, number_format)

    audit_record(
        actor=actor, action="people.roster.export", obj=node, detail={"revealed": reveal, "count": count}
    )
    return workbook_bytes(workbook)


def _row_values(person: Person, places: Places, *, reveal: bool) -> dict[str, tuple[_Out, str]]:
    """Field → (cell value, number format) for one person's row."""
    values: dict[str, tuple[_Out, str]] = {
        "name": (person.name, ""),
        "gender": (CELL_OF_GENDER.get(person.gender, ""), ""),
        "phone": (person.phone if reveal else person.phone_masked, TEXT_FORMAT),
        "id_number": (person.id_number if reveal else person.id_number_masked, TEXT_FORMAT),
        "address": (person.address, ""),
        "node": ("" if person.node_id == places.target.pk else places.homes.label(person.node), ""),
        "party_branch": (places.branches.label(person.party_branch) if person.party_branch else "", ""),
        "party_joined_on": (person.party_joined_on, DATE_FORMAT),
        "employer": (places.units.label(person.employer) if person.employer else "", ""),
    }
    for name in BOOL_FIELDS:
        values[name] = ("是" if getattr(person, name) else "否", "")
    return values


def _put(sheet: Worksheet, row: int, column: int, value: _Out, number_format: str = "") -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # Text from the database is data, never a formula.
        cell.data_type = "s"
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format

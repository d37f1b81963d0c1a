"""Importing a roster: every row is checked first, people are written only when all are clean."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome
from lianxin.core.permissions import require
from lianxin.core.pii import keyed_hash
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Gender, Person
from lianxin.people.roster.cells import bool_cell, cell_text, date_cell, gender_cell, id_number_cell
from lianxin.people.roster.columns import BOOL_FIELDS, COLUMN_ORDER, COLUMN_TITLE
from lianxin.people.roster.places import Places
from lianxin.people.roster.results import CellError, FileError, RosterResult, RowError
from lianxin.people.roster.sheet import Sheet, read_sheet
from lianxin.people.services import build_person
from lianxin.people.validation import PersonInput, person_input_errors

ID_LOOKUP_CHUNK = 1000
CREATE_BATCH = 500


def parse_row(cells: Mapping[str, object], places: Places) -> tuple[PersonInput, dict[str, str]]:
    """PersonInput from one row's cells (by field) and the cells that could not be read."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}

    def read(name: str, parse: Callable[[object], Any], fallback: Any) -> None:
        try:
            values[name] = parse(cells.get(name))
        except CellError as exc:
            problems[name] = exc.message
            values[name] = fallback

    read("name", cell_text, "")
    read("gender", gender_cell, Gender.UNKNOWN)
    read("phone", cell_text, "")
    read("id_number", id_number_cell, "")
    read("address", cell_text, "")
    read("node", lambda v: places.home(cell_text(v)), places.target)
    read("party_branch", lambda v: places.branch(cell_text(v)), None)
    read("party_joined_on", date_cell, None)
    read("employer", lambda v: places.unit(cell_text(v)), None)
    for name in BOOL_FIELDS:
        default = name == "is_resident"
        read(name, partial(bool_cell, default=default), default)
    return PersonInput(**values).normalised(), problems


def _row_errors(number: int, errors: Mapping[str, Sequence[str]]) -> list[RowError]:
    return [
        RowError(row=number, field=name, column=COLUMN_TITLE.get(name, name), message=message)
        for name, messages in errors.items()
        for message in messages
    ]


def check_rows(sheet: Sheet, places: Places) -> tuple[list[PersonInput], list[RowError]]:
    """Every row as a PersonInput, and every problem of every row in sheet order."""
    inputs: list[PersonInput] = []
    errors: list[RowError] = []
    first_id: dict[str, int] = {}
    id_rows: dict[str, list[int]] = {}

    for number, cells in sheet.rows:
        data, problems = parse_row(cells, places)
        found: dict[str, list[str]] = {name: [message] for name, message in problems.items()}
        # Whether an ID is taken is checked for the whole file at once below, not per row.
        for name, messages in person_input_errors(data, check_taken=False).items():
            if name not in problems:  # a cell that could not be read is reported once
                found.setdefault(name, []).extend(messages)

        if data.id_number and "id_number" not in found:
            if data.id_number in first_id:
                found["id_number"] = [
                    _("The same ID number as row %(row)d.") % {"row": first_id[data.id_number]}
                ]
            else:
                first_id[data.id_number] = number
                id_rows.setdefault(keyed_hash(data.id_number), []).append(number)

        errors.extend(_row_errors(number, found))
        inputs.append(data)

    hashes = list(id_rows)
    taken_message = _("Someone with this ID number is already registered.")
    for start in range(0, len(hashes), ID_LOOKUP_CHUNK):
        taken = Person.objects.filter(id_number_hash__in=hashes[start : start + ID_LOOKUP_CHUNK])
        for digest in taken.values_list("id_number_hash", flat=True):
            for number in id_rows.get(digest, []):
                errors.extend(_row_errors(number, {"id_number": [taken_message]}))
    errors.sort(key=lambda e: (e.row, COLUMN_ORDER.get(e.field, len(COLUMN_ORDER))))
    return inputs, errors


def _failed(
    actor: Any,
    node: OrgNode,
    *,
    errors: Sequence[RowError] = (),
    file_error: str = "",
    ignored_columns: Sequence[str] = (),
) -> RosterResult:
    """Audit a refused import and report why nobody was registered."""
    detail: dict[str, Any] = {"errors": len(errors)}
    if file_error:
        detail["file_error"] = True
    audit_record(
        actor=actor, action="people.roster.import", obj=node, outcome=AuditOutcome.FAILED, detail=detail
    )
    return RosterResult(
        created=0, errors=list(errors), file_error=file_error, ignored_columns=list(ignored_columns)
    )


def roster_import(*, actor: Any, node: OrgNode, file: IO[bytes]) -> RosterResult:
    """Register everyone in the workbook under ``node``, or no one if any row is wrong."""
    require(actor, "people.import_roster", node, action="people.roster.import")
    try:
        sheet = read_sheet(file)
    except FileError as exc:
        return _failed(actor, node, file_error=exc.message)

    places = Places(node)
    inputs, errors = check_rows(sheet, places)
    if errors:
        return _failed(actor, node, errors=errors, ignored_columns=sheet.ignored_columns)

    people = [build_person(data, places.by_path) for data in inputs]
    try:
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=CREATE_BATCH)
            audit_record(
                actor=actor, action="people.roster.import", obj=node, detail={"created": len(people)}
            )
    except IntegrityError:
        # Someone registered one of these ID numbers after the file was checked.
        message = _("Someone with one of these ID numbers was registered meanwhile. Upload the file again.")
        return _failed(actor, node, file_error=message, ignored_columns=sheet.ignored_columns)
    return RosterResult(created=len(people), errors=[], ignored_columns=sheet.ignored_columns)

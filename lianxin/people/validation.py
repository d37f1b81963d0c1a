"""One definition of a valid person, shared by the form, the API and the roster import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from lianxin.core.pii import (
    keyed_hash,
    normalise_id_number,
    normalise_phone,
    validate_id_number,
    validate_phone,
)
from lianxin.orgs.models import HOME_KINDS, NodeKind, OrgNode
from lianxin.people.models import Gender, Person

BRANCH_KINDS = {NodeKind.PARTY_BRANCH, NodeKind.GENERAL_BRANCH, NodeKind.PARTY_COMMITTEE}


@dataclass
class PersonInput:
    name: str
    node: OrgNode
    gender: str = Gender.UNKNOWN
    phone: str = ""
    id_number: str = ""
    address: str = ""
    is_resident: bool = True
    is_party_member: bool = False
    party_branch: OrgNode | None = None
    party_joined_on: dt.date | None = None
    is_in_service_member: bool = False
    employer: OrgNode | None = None
    is_volunteer: bool = False
    is_activist: bool = False
    is_party_rep: bool = False
    is_community_worker: bool = False

    def normalised(self) -> PersonInput:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["name"] = self.name.strip()
        values["phone"] = normalise_phone(self.phone)
        values["id_number"] = normalise_id_number(self.id_number)
        values["address"] = self.address.strip()
        return PersonInput(**values)


def person_input_errors(
    data: PersonInput, *, exclude_pk: int | None = None, check_taken: bool = True
) -> dict[str, list[str]]:
    """Field → messages for everything wrong with ``data`` (already normalised).

    ``check_taken=False`` skips the query for an ID number already registered, for callers
    (the roster import) that check a whole batch at once.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not data.name:
        add("name", _("Enter a name."))
    elif len(data.name) > 50:
        add("name", _("The name is too long (50 characters at most)."))
    if data.gender not in Gender.values:
        add("gender", _("Choose a gender."))
    for field, check in (("phone", validate_phone), ("id_number", validate_id_number)):
        try:
            check(getattr(data, field))
        except ValidationError as exc:
            add(field, exc.messages[0])
    if data.node.kind not in HOME_KINDS | {NodeKind.UNIT}:
        add("node", _("A person is registered at a community, village, grid, building or unit."))
    if data.party_branch is not None and data.party_branch.kind not in BRANCH_KINDS:
        add("party_branch", _("Choose a party branch."))
    if not data.is_party_member and (data.party_branch or data.party_joined_on or data.is_in_service_member):
        add("is_party_member", _("Party branch, join date and in-service status are for party members only."))
    if data.party_joined_on and data.party_joined_on > dt.date.today():
        add("party_joined_on", _("The join date cannot be in the future."))
    if data.employer is not None and data.employer.kind != NodeKind.UNIT:
        add("employer", _("The employer must be a unit."))
    if data.is_in_service_member and data.employer is None:
        add("employer", _("An in-service party member needs an employer unit."))
    if check_taken and data.id_number and "id_number" not in errors:
        taken = Person.objects.filter(id_number_hash=keyed_hash(data.id_number))
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            add("id_number", _("Someone with this ID number is already registered."))
    return errors


def name_initials(name: str) -> str:
    """张三 → zs, so staff can find people by typing initials."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()[:50]

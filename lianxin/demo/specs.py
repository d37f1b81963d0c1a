"""What the demo builds, as plain data: planned first (no database), then written through services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class NodeSpec:
    code: str
    parent: str | None  # parent code; None for the district
    kind: str
    name: str
    unit_type: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    boundary: dict[str, Any] | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class PersonSpec:
    id_number: str  # the natural key
    name: str
    gender: str
    phone: str
    node: str  # code of the node the person is registered at
    address: str = ""
    is_resident: bool = True
    is_party_member: bool = False
    party_branch: str = ""
    party_joined_on: dt.date | None = None
    is_in_service_member: bool = False
    employer: str = ""
    is_volunteer: bool = False
    is_activist: bool = False
    is_party_rep: bool = False
    is_community_worker: bool = False


@dataclass(frozen=True)
class PositionSpec:
    node: str
    person: str  # ID number
    title: str
    started_on: dt.date


@dataclass(frozen=True)
class MembershipSpec:
    committee: str
    member: str
    category: str
    joined_on: dt.date


@dataclass(frozen=True)
class LoginSpec:
    username: str
    role: str
    node: str  # code of the node the role is granted on
    person: str  # ID number


@dataclass
class Plan:
    nodes: list[NodeSpec] = field(default_factory=list)  # parents before children
    people: list[PersonSpec] = field(default_factory=list)
    positions: list[PositionSpec] = field(default_factory=list)
    memberships: list[MembershipSpec] = field(default_factory=list)
    logins: list[LoginSpec] = field(default_factory=list)

"""The JSON shapes of the volunteer API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from lianxin.volunteers import checkin
from lianxin.volunteers.models import SignUp, Team


class BrandOut(Schema):
    id: int
    name: str
    node_id: int
    description: str
    is_active: bool


class TeamOut(Schema):
    id: int
    name: str
    brand_id: int
    node_id: int
    leader_name: str | None
    is_active: bool

    @staticmethod
    def resolve_leader_name(obj: Team) -> str | None:
        return obj.leader.name if obj.leader else None


class MemberOut(Schema):
    id: int
    person_id: int
    person_name: str
    state: str
    joined_on: dt.date | None

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return str(obj.person.name)


class TeamDetailOut(TeamOut):
    members: list[MemberOut]


class ActivityOut(Schema):
    id: int
    team_id: int
    title: str
    content: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    state: str
    served_count: int


class ActivityIn(Schema):
    team_id: int
    title: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    content: str = ""


class SignUpOut(Schema):
    id: int
    activity_id: int
    person_name: str
    state: str
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    computed_hours: Decimal | None
    hours: Decimal | None
    hours_final: Decimal | None

    @staticmethod
    def resolve_person_name(obj: SignUp) -> str:
        return obj.person.name

    @staticmethod
    def resolve_computed_hours(obj: SignUp) -> Decimal | None:
        return checkin.computed_hours(obj)


class ActivityDetailOut(ActivityOut):
    signups: list[SignUpOut]


class CodesOut(Schema):
    check_in_url: str
    check_out_url: str
    expires_in_seconds: int


class CodeIn(Schema):
    code: str


class PersonCodeIn(Schema):
    code: str
    direction: str


class HoursIn(Schema):
    hours: Decimal | None = None
    reason: str = ""


class ServedIn(Schema):
    count: int
    person_ids: list[int] = []


class CorrectionIn(Schema):
    new_hours: Decimal | None = None
    new_content: str = ""
    reason: str


class CorrectionOut(Schema):
    id: int
    signup_id: int
    old_hours: Decimal | None
    new_hours: Decimal | None
    old_content: str
    new_content: str
    reason: str
    state: str
    decision_note: str


class DecideIn(Schema):
    approve: bool
    note: str = ""


class CertificateIn(Schema):
    person_id: int
    issuer_id: int
    period_from: dt.date
    period_to: dt.date


class CertificateOut(Schema):
    id: int
    number: str
    person_id: int
    issuer_id: int
    period_from: dt.date
    period_to: dt.date
    hours: Decimal
    services: int
    content: str
    is_valid: bool


class RecordOut(Schema):
    name: str
    id_number: str
    phone: str
    hours: Decimal
    stars: int
    star_name: str
    services: list[SignUpOut]
    pending: list[SignUpOut]
    corrections: list[CorrectionOut]
    certificates: list[CertificateOut]


class VerifyOut(Schema):
    number: str
    name: str
    hours: Decimal
    issuer: str
    valid: bool

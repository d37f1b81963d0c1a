from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lianxin.core.roles import Role
from lianxin.meetings import services
from lianxin.meetings.models import Meeting, MeetingKind
from lianxin.orgs.models import Position
from lianxin.people.models import Person, User
from tests.factories import PersonFactory, UserFactory, grant

BJ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BJ)


@dataclass
class Cast:
    """The big working committee's people: the organiser, a community secretary who reports,
    and members with log-ins who grade."""

    organiser: User  # subdistrict staff of 城东路街道
    secretary: Person  # 东一社区大党委书记, with a log-in
    secretary_user: User
    members: list[User]  # three members of the meeting with log-ins
    member_people: list[Person]
    outsider: User  # a community worker of 东二社区


def person_with_login(node: Any, name: str, role: str | None = None, on: Any = None) -> tuple[Person, User]:
    user = UserFactory.create()
    person = PersonFactory.create(node=node, user=user, name=name)
    if role is not None:
        grant(user, role, on)
    return person, user


@pytest.fixture
def cast(tree: Any, staff: User) -> Cast:
    secretary, secretary_user = person_with_login(
        tree.building, "东一书记", Role.COMMUNITY_WORKER, tree.community
    )
    Position.objects.create(
        node=tree.community_committee, person=secretary, title="secretary", started_on="2024-01-01"
    )
    people, users = [], []
    for i, role in enumerate([Role.SUBDISTRICT_LEADER, Role.GRID_WORKER, Role.PARTY_MEMBER]):
        person, user = person_with_login(tree.grid, f"委员{i}", role, tree.east if i == 0 else tree.grid)
        Position.objects.create(
            node=tree.grid, person=person, title="committee_member", started_on="2024-01-01"
        )
        people.append(person)
        users.append(user)
    _o, outsider = person_with_login(tree.other_grid, "外社区", Role.COMMUNITY_WORKER, tree.other_community)
    return Cast(staff, secretary, secretary_user, users, people, outsider)


def meeting(
    tree: Any, actor: User, kind: str = MeetingKind.REVIEW, when: str = "2026-03-10 09:00", **extra: Any
) -> Meeting:
    node = extra.pop("node", None) or tree.east_committee
    data = services.MeetingInput(
        kind=kind, title=extra.pop("title", "党建点评会"), starts_at=at(when), **extra
    )
    return services.meeting_create(actor=actor, node=node, data=data)

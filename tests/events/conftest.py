from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.events.models import (
    Event,
    EventAudience,
    EventKind,
    EventState,
    Group,
    Notice,
    NoticeAudience,
    Registration,
    RegState,
)
from lianxin.events.registrations import _new_code
from lianxin.people.models import Person, User
from tests.casework.conftest import uses_the_database  # noqa: F401  (autouse)
from tests.factories import PersonFactory, UserFactory, grant

YEAR_START = dt.date(2026, 1, 1)


def user_with(role: str, node: Any) -> User:
    account = UserFactory.create()
    held = grant(account, role, node)
    RoleGrant.objects.filter(pk=held.pk).update(valid_from=YEAR_START)
    return account


def person_with_login(node: Any, name: str, **flags: Any) -> tuple[Person, User]:
    user = UserFactory.create()
    return PersonFactory.create(node=node, user=user, name=name, **flags), user


@dataclass
class World:
    tree: Any
    worker: User  # community worker of 东一社区
    member: Person  # party member living in 1号楼, with a log-in
    member_user: User
    resident: Person  # resident of 1号楼 (not a member), with a log-in
    resident_user: User
    neighbour: Person  # resident of 东二社区, with a log-in
    neighbour_user: User
    liaison: User  # unit liaison of 东一物业
    staff_a: Person  # registered at 东一物业
    staff_b: Person  # employed by 东一物业, lives elsewhere
    stranger: Person  # not the unit's


@pytest.fixture
def w(tree: Any) -> World:
    member, member_user = person_with_login(tree.building, "党员甲", is_party_member=True)
    resident, resident_user = person_with_login(tree.building, "居民乙")
    neighbour, neighbour_user = person_with_login(tree.other_grid, "东二居民")
    return World(
        tree=tree,
        worker=user_with(Role.COMMUNITY_WORKER, tree.community),
        member=member,
        member_user=member_user,
        resident=resident,
        resident_user=resident_user,
        neighbour=neighbour,
        neighbour_user=neighbour_user,
        liaison=user_with(Role.UNIT_LIAISON, tree.unit),
        staff_a=PersonFactory.create(node=tree.unit, name="物业员工甲"),
        staff_b=PersonFactory.create(node=tree.other_grid, employer=tree.unit, name="物业员工乙"),
        stranger=PersonFactory.create(node=tree.grid, name="外人"),
    )


def at(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_event(
    node: Any,
    organiser: User,
    *,
    audience: Sequence[tuple[Any, str]] | None = None,
    starts_at: dt.datetime | None = None,
    capacity: int = 30,
    kind: str = EventKind.PARTY_DAY,
    state: str = EventState.PUBLISHED,
    **extra: Any,
) -> Event:
    """An event written straight to the table (set-up, not the code under test)."""
    starts_at = starts_at or at(3)
    event = Event.objects.create(
        node=node,
        kind=kind,
        title=extra.pop("title", "主题党日"),
        place="社区活动室",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        capacity=capacity,
        state=state,
        organiser=organiser,
        **extra,
    )
    for n, g in audience or [(node, Group.EVERYONE)]:
        EventAudience.objects.create(event=event, node=n, group=g)
    return event


def register(event: Event, person: Person, *, checked_in: bool = False) -> Registration:
    return Registration.objects.create(
        event=event,
        person=person,
        code=_new_code(),
        state=RegState.REGISTERED,
        registered_by=event.organiser,
        checked_in_at=timezone.now() if checked_in else None,
    )


def make_notice(node: Any, author: User, audience: Sequence[tuple[Any, str]], **extra: Any) -> Notice:
    notice = Notice.objects.create(
        node=node,
        title=extra.pop("title", "通知"),
        body=extra.pop("body", "<p>内容</p>"),
        publish_at=extra.pop("publish_at", timezone.now() - dt.timedelta(hours=1)),
        author=author,
        **extra,
    )
    for n, g in audience:
        NoticeAudience.objects.create(notice=notice, node=n, group=g)
    return notice

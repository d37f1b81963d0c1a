from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.people.models import Person, User
from lianxin.volunteers.models import Activity, Brand, Membership, MembershipState, SignUp, SignUpState, Team
from tests.factories import PersonFactory, UserFactory, grant

YEAR_START = dt.date(2026, 1, 1)


def user_with(role: str, node: Any, username: str | None = None) -> User:
    account = UserFactory.create(**({"username": username} if username else {}))
    held = grant(account, role, node)
    RoleGrant.objects.filter(pk=held.pk).update(valid_from=YEAR_START)
    return account


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@dataclass
class Vworld:
    """城东路街道's brand 志平工作平台 with 东一社区's team; a worker of 东一社区 who runs it; a
    volunteer with a log-in living in 东一社区; an activity tomorrow 9:00–11:00 with 2 places."""

    brand: Brand
    team: Team
    worker: User
    volunteer: Person
    volunteer_user: User
    activity: Activity
    outsider: Person  # lives in 东二社区


def activity_at(
    team: Team, start: dt.datetime, hours: float = 2, capacity: int = 2, **extra: Any
) -> Activity:
    """An activity written straight to the table (set-up, not the code under test)."""
    organiser = extra.pop("organiser", None) or UserFactory.create()
    return Activity.objects.create(
        team=team,
        title=extra.pop("title", "助老服务"),
        place=extra.pop("place", "东一社区党群服务中心"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        capacity=capacity,
        organiser=organiser,
        **extra,
    )


def place_for(activity: Activity, person: Person, **extra: Any) -> SignUp:
    return SignUp.objects.create(activity=activity, person=person, state=SignUpState.CONFIRMED, **extra)


def volunteer_with_login(node: Any, name: str, username: str | None = None) -> tuple[Person, User]:
    user = UserFactory.create(**({"username": username} if username else {}))
    person = PersonFactory.create(node=node, user=user, name=name, is_volunteer=True)
    return person, user


@pytest.fixture
def vw(tree: Any) -> Vworld:
    worker = user_with(Role.COMMUNITY_WORKER, tree.community, "shequ")
    brand = Brand.objects.create(node=tree.east, name="志平工作平台")
    team = Team.objects.create(brand=brand, node=tree.community, name="东一社区党员志愿者服务队")
    volunteer, volunteer_user = volunteer_with_login(tree.building, "张志愿", "zhiyuan")
    Membership.objects.create(team=team, person=volunteer, state=MembershipState.ACTIVE, joined_on=YEAR_START)
    activity = activity_at(team, at(days(1)), organiser=worker)
    return Vworld(
        brand=brand,
        team=team,
        worker=worker,
        volunteer=volunteer,
        volunteer_user=volunteer_user,
        activity=activity,
        outsider=PersonFactory.create(node=tree.other_grid, name="外社区人", is_volunteer=True),
    )

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person, User
from lianxin.posts.models import Need, Post, PostKind, Report, ServiceRecord, State
from tests.factories import PersonFactory, UserFactory, grant, node

YEAR_START = dt.date(2026, 1, 1)


def user_with(role: str, on: OrgNode) -> User:
    account = UserFactory.create()
    held = grant(account, role, on)
    RoleGrant.objects.filter(pk=held.pk).update(valid_from=YEAR_START)
    return account


def member(on: OrgNode, employer: OrgNode | None, *, user: User | None = None, **extra: Any) -> Person:
    return PersonFactory.create(
        node=on,
        user=user,
        is_party_member=True,
        is_in_service_member=employer is not None,
        employer=employer,
        **extra,
    )


_numbers = iter(range(1, 100000))


def confirmed(person: Person, community: OrgNode, employer: OrgNode, day: dt.date = YEAR_START) -> Report:
    """A confirmed report written straight to the table (set-up, not the code under test)."""
    return Report.objects.create(
        person=person,
        community=community,
        employer=employer,
        state=State.CONFIRMED,
        number=f"T{next(_numbers):06d}",
        decided_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
    )


def service(report: Report, on: dt.date, hours: str = "2", state: str = State.CONFIRMED) -> ServiceRecord:
    return ServiceRecord.objects.create(
        report=report, on=on, hours=Decimal(hours), what="清扫楼道", state=state
    )


@dataclass
class Postworld:
    """东一社区 with a post and a need; a member with a log-in living there and employed by
    东一物业 (whose unit liaison has a log-in), and a second employer unit in 东二社区."""

    community: OrgNode
    unit: OrgNode
    other_unit: OrgNode
    member_user: User
    member: Person
    liaison: User  # unit liaison on 东一物业
    other_liaison: User  # unit liaison on the other unit
    post: Post
    need: Need


@pytest.fixture
def pw(tree: Any) -> Postworld:
    other_unit = node(tree.other_community, "unit", "东二商贸公司", unit_type="enterprise")
    member_user = UserFactory.create(username="zaizhi")
    person = member(tree.building, tree.unit, user=member_user, name="张在职")
    post = Post.objects.create(
        community=tree.community, kind=PostKind.IN_SERVICE, name="政策宣传岗", field="policy"
    )
    need = Need.objects.create(community=tree.community, title="敬老院陪伴", wanted=2)
    return Postworld(
        community=tree.community,
        unit=tree.unit,
        other_unit=other_unit,
        member_user=member_user,
        member=person,
        liaison=user_with(Role.UNIT_LIAISON, tree.unit),
        other_liaison=user_with(Role.UNIT_LIAISON, other_unit),
        post=post,
        need=need,
    )

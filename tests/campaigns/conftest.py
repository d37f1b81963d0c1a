"""A campaign world in 十八里河街道 (``tree.west``): two villages, four grids, two command posts,
and one user per part: staff who run it, a leader, an inspector, the posts' own people, and
an outsider in another subdistrict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lianxin.campaigns.models import (
    Campaign,
    CommandPost,
    CommandPostArea,
    CommandPostMember,
    Criterion,
    Metric,
)
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person, User
from tests.factories import PersonFactory, UserFactory, node

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday in June 2026: May is over (its flags may be awarded), June is being scored.
NOW = dt.datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
MAY = dt.date(2026, 5, 1)
JUNE = dt.date(2026, 6, 1)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def person_user(role: str, on: OrgNode, name: str, home: OrgNode | None = None) -> tuple[Person, User]:
    """A person with a log-in holding ``role`` on ``on`` since 2020."""
    user = UserFactory.create(username=f"{role}-{name}")
    RoleGrant.objects.create(user=user, role=role, node=on, valid_from=dt.date(2020, 1, 1))
    person = PersonFactory.create(node=home or on, user=user, name=name)
    return person, user


@dataclass
class World:
    tree: Any
    campaign: Campaign
    village: OrgNode  # 河西村: grids village_grid and grid_b
    village2: OrgNode  # 河东村: grids grid_c and grid_d
    grid_b: OrgNode
    grid_c: OrgNode
    grid_d: OrgNode
    post_a: CommandPost  # covers 河西村
    post_b: CommandPost  # covers 河东村
    people: Metric  # 人次
    waste: Metric  # 立方米
    order: Criterion  # weight 60
    tidy: Criterion  # weight 40
    staff: User  # subdistrict staff of 十八里河街道
    leader: User  # subdistrict leader of 十八里河街道
    inspector: User
    a_leader: User  # commander of post A (a grid worker)
    b_member: User  # member of post B (a community worker of 河东村)
    outsider: User  # subdistrict staff of 城东路街道
    a_person: Person
    b_person: Person


@pytest.fixture
def world(tree: Any, frozen: Any) -> World:
    west = tree.west
    village2 = node(west, "village", "河东村")
    grid_b = node(OrgNode.objects.get(pk=tree.village.pk), "grid", "河西第二网格")
    grid_c = node(OrgNode.objects.get(pk=village2.pk), "grid", "河东第一网格")
    grid_d = node(OrgNode.objects.get(pk=village2.pk), "grid", "河东第二网格")
    village = OrgNode.objects.get(pk=tree.village.pk)
    village2 = OrgNode.objects.get(pk=village2.pk)
    _p, staff = person_user(Role.SUBDISTRICT_STAFF, west, "街道干部")
    _p, leader = person_user(Role.SUBDISTRICT_LEADER, west, "街道书记")
    _p, inspector = person_user(Role.INSPECTOR, west, "督察员")
    a_person, a_leader = person_user(Role.GRID_WORKER, tree.village_grid, "甲指挥长")
    b_person, b_member = person_user(Role.COMMUNITY_WORKER, village2, "乙队员")
    _p, outsider = person_user(Role.SUBDISTRICT_STAFF, tree.east, "城东干部")
    campaign = Campaign.objects.create(
        node=west,
        name="双迎攻坚",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 12, 31),
        goals="环境整治\n扬尘治理",
        red_post_consequence="通报表扬",
        red_village_consequence="奖励村奖补资金",
        black_post_consequence="全办大会通报批评",
        black_village_consequence="全办大会通报批评",
        created_by=staff,
    )
    post_a = CommandPost.objects.create(campaign=campaign, name="第一指挥部", leader=a_person, sort=1)
    post_b = CommandPost.objects.create(campaign=campaign, name="第二指挥部", sort=2)
    CommandPostArea.objects.create(post=post_a, node=village)
    CommandPostArea.objects.create(post=post_b, node=village2)
    CommandPostMember.objects.create(post=post_b, person=b_person, duty="队员")
    return World(
        tree=tree,
        campaign=campaign,
        village=village,
        village2=village2,
        grid_b=grid_b,
        grid_c=grid_c,
        grid_d=grid_d,
        post_a=post_a,
        post_b=post_b,
        people=Metric.objects.create(
            campaign=campaign, name="组织人力", unit="人次", target=Decimal(9000), sort=1
        ),
        waste=Metric.objects.create(campaign=campaign, name="清除垃圾", unit="立方米", sort=2),
        order=Criterion.objects.create(campaign=campaign, name="环境秩序", weight=Decimal(60), sort=1),
        tidy=Criterion.objects.create(campaign=campaign, name="整治成效", weight=Decimal(40), sort=2),
        staff=staff,
        leader=leader,
        inspector=inspector,
        a_leader=a_leader,
        b_member=b_member,
        outsider=outsider,
        a_person=a_person,
        b_person=b_person,
    )


@dataclass
class Busy:
    """The world with something in every part: tasks, figures, a meeting, scores, May's flags,
    findings (one a task, one being re-inspected)."""

    world: World
    root: Any  # a task of post A with two sub-tasks
    leaf_a: Any
    task_b: Any  # post B's task
    meeting: Any
    finding_a: Any
    finding_b: Any


@pytest.fixture
def busy(world: World) -> Busy:
    from lianxin.campaigns.models import Span
    from lianxin.campaigns.services.figures import figures_report, meeting_record
    from lianxin.campaigns.services.inspections import FindingInput, finding_record
    from lianxin.campaigns.services.scoring import LineInput, flags_award, sheet_submit
    from lianxin.campaigns.services.tasks import TaskInput, task_create, task_progress

    w = world
    root = task_create(
        actor=w.staff, campaign=w.campaign, data=TaskInput(title="环境整治", working_days=30, post=w.post_a)
    )
    leaf_a = task_create(
        actor=w.staff,
        campaign=w.campaign,
        data=TaskInput(title="清理垃圾", working_days=10, responsible_person=w.a_person),
        parent=root,
    )
    task_create(
        actor=w.staff, campaign=w.campaign, data=TaskInput(title="拆除违建", working_days=10), parent=root
    )
    task_b = task_create(
        actor=w.staff,
        campaign=w.campaign,
        data=TaskInput(title="扬尘治理", working_days=20, post=w.post_b, responsible_person=w.b_person),
    )
    task_progress(actor=w.a_leader, task=leaf_a, status="doing", progress=60)
    figures_report(
        actor=w.a_leader,
        post=w.post_a,
        span=Span.DAY,
        starts_on=dt.date(2026, 6, 8),
        values={w.people: Decimal(120), w.waste: Decimal(30)},
    )
    figures_report(
        actor=w.b_member,
        post=w.post_b,
        span=Span.WEEK,
        starts_on=dt.date(2026, 5, 25),
        values={w.people: Decimal(300)},
    )
    meeting = meeting_record(
        actor=w.staff,
        campaign=w.campaign,
        week_of=dt.date(2026, 6, 1),
        held_on=dt.date(2026, 6, 8),
        problems="渣土车未覆盖",
        decisions="限期整改",
    )
    for month, scores in ((MAY, (95, 70, 90, 80)), (JUNE, (85, 88, 70, 75))):
        holders: tuple[Any, ...] = (w.post_a, w.post_b, w.village, w.village2)
        for holder, value in zip(holders, scores, strict=True):
            sheet_submit(
                actor=w.inspector,
                campaign=w.campaign,
                month=month,
                holder=holder,
                lines={w.order.pk: LineInput(Decimal(value)), w.tidy.pk: LineInput(Decimal(value))},
            )
    flags_award(actor=w.staff, campaign=w.campaign, month=MAY)
    finding_a = finding_record(
        actor=w.inspector,
        campaign=w.campaign,
        data=FindingInput(
            place="河西路口", node=w.tree.village_grid, post=w.post_a, description="垃圾堆放", working_days=3
        ),
    )
    finding_b = finding_record(
        actor=w.inspector,
        campaign=w.campaign,
        data=FindingInput(
            place="河东工地", node=w.grid_c, post=w.post_b, description="裸土未覆盖", working_days=2
        ),
    )
    return Busy(
        world=w,
        root=root,
        leaf_a=leaf_a,
        task_b=task_b,
        meeting=meeting,
        finding_a=finding_a,
        finding_b=finding_b,
    )

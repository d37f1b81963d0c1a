from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lianxin.core.roles import Role
from lianxin.orgs.models import OrgNode
from lianxin.people.models import User
from lianxin.socialwork.models import Contract, ContractState, Deliverable, LogState, ServiceLog
from tests.factories import UserFactory, grant, node

DELIVERABLES = (("个案服务", "个案", 30), ("小组活动", "场", 24), ("服务居民", "人次", 2000))


@dataclass
class Swworld:
    """东一社区 buys from 馨家苑 (a social-work organisation in the community); 启明 is another one."""

    org: OrgNode
    other_org: OrgNode
    contract: Contract  # in force, term around today
    cases: Deliverable
    groups: Deliverable
    people: Deliverable
    social_worker: User  # of 馨家苑
    other_worker: User  # of 启明


def make_contract(
    buyer: OrgNode,
    org: OrgNode,
    *,
    number: str,
    state: str = ContractState.IN_FORCE,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    deliverables: tuple[tuple[str, str, int], ...] = DELIVERABLES,
) -> Contract:
    """A contract written straight to the table (set-up, not the code under test)."""
    today = timezone.localdate()
    contract = Contract.objects.create(
        buyer=buyer,
        organisation=org,
        title=f"{buyer.name}购买社工服务",
        number=number,
        starts_on=starts_on or today - dt.timedelta(days=180),
        ends_on=ends_on or today + dt.timedelta(days=184),
        amount=Decimal("300000.00"),
        state=state,
        end_reason="提前终止" if state == ContractState.TERMINATED else "",
    )
    for position, (name, unit, target) in enumerate(deliverables):
        Deliverable.objects.create(contract=contract, name=name, unit=unit, target=target, position=position)
    return contract


def log_on(
    deliverable: Deliverable,
    worker: User,
    on: dt.date,
    *,
    quantity: int = 1,
    people: int = 0,
    hours: str = "2",
    state: str = LogState.CONFIRMED,
) -> ServiceLog:
    reviewed = timezone.now() if state != LogState.PENDING else None
    return ServiceLog.objects.create(
        deliverable=deliverable,
        on=on,
        hours=Decimal(hours),
        content="服务",
        quantity=quantity,
        people_served=people,
        worker=worker,
        state=state,
        reviewed_at=reviewed,
    )


def social_worker_of(org: OrgNode, username: str | None = None) -> User:
    user = UserFactory.create(**({"username": username} if username else {}))
    grant(user, Role.SOCIAL_WORKER, org)
    return user


def social_work_org(parent: OrgNode, name: str) -> OrgNode:
    return node(parent, "unit", name, unit_type="social_work_org")


@pytest.fixture
def sw(tree: Any) -> Swworld:
    org = social_work_org(tree.community, "馨家苑社工中心")
    other = social_work_org(tree.community, "启明社工")
    contract = make_contract(tree.community, org, number="SW-2026-001")
    cases, groups, people = contract.deliverables.order_by("position")
    return Swworld(
        org=org,
        other_org=other,
        contract=contract,
        cases=cases,
        groups=groups,
        people=people,
        social_worker=social_worker_of(org, "shegong"),
        other_worker=social_worker_of(other),
    )

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from lianxin.casework.models import Case, Category
from lianxin.casework.services import CaseInput, Step, case_submit, case_transition
from lianxin.casework.workflow import Party, State, path_to
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.people.models import User
from tests.factories import PersonFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def uses_the_database(db: None) -> None:
    """Every test here uses the database (where the root conftest's fixture seeds the categories)."""


@dataclass
class Cast:
    """One user per party of a case at 东一社区 handled by 东一物业."""

    dispatcher: User  # subdistrict staff of 城东路街道
    unit: User  # liaison of 东一物业
    reporter: User  # a resident of 1号楼
    supervisor: User  # subdistrict leader of 城东路街道
    bystander: User  # grid worker of the grid: sees the case, takes no step
    outsider: User  # community worker of 东二社区: does not see it

    def by_name(self, name: str) -> User:
        return getattr(self, name)


@pytest.fixture
def cast(tree: Any) -> Cast:
    def user(role: str, node: Any) -> User:
        account = UserFactory.create(username=f"{role}-{node.code}")
        held = grant(account, role, node)
        # Valid all year, so that tests may travel in time within 2026.
        RoleGrant.objects.filter(pk=held.pk).update(valid_from=dt.date(2026, 1, 1))
        return account

    reporter = UserFactory.create(username="jumin")
    PersonFactory.create(node=tree.building, user=reporter, name="报事居民")
    return Cast(
        dispatcher=user(Role.SUBDISTRICT_STAFF, tree.east),
        unit=user(Role.UNIT_LIAISON, tree.unit),
        reporter=reporter,
        supervisor=user(Role.SUBDISTRICT_LEADER, tree.east),
        bystander=user(Role.GRID_WORKER, tree.grid),
        outsider=user(Role.COMMUNITY_WORKER, tree.other_community),
    )


# How to bring a case to each state: the steps the transition table gives, and who takes them.
PATH: dict[str, list[tuple[str, str]]] = {
    state: [(t.action, "dispatcher" if Party.DISPATCHER in t.parties else "unit") for t in path_to(state)]
    for state in State
}


def full_step(tree: Any, action: str, cast: Cast | None = None) -> Step:
    """A step with everything any transition may need (a merge gets a fresh open original)."""
    rating = "satisfied" if action == "rate" else "dissatisfied"
    original = new_case(tree, cast) if action == "merge" and cast is not None else None
    category = Category.objects.get(code="safety-wiring")  # new cases are e-bike charging
    return Step(
        note="因为所以",
        unit=tree.unit,
        reply="已处理完毕",
        rating=rating,
        days=3,
        original=original,
        category=category,
    )


def new_case(tree: Any, cast: Cast, **changes: Any) -> Case:
    fields: dict[str, Any] = {
        "channel": "app",
        "case_type": "complaint",
        "category": Category.objects.get(code="safety-ebike"),
        "text": "楼道里有人给电动车飞线充电",
    }
    data = CaseInput(**(fields | changes))
    return case_submit(actor=cast.reporter, data=data)


def case_in(tree: Any, cast: Cast, state: str) -> Case:
    case = new_case(tree, cast)
    for action, who in PATH[state]:
        case = case_transition(
            actor=cast.by_name(who), case=case, action=action, step=full_step(tree, action)
        )
    assert case.state == state
    return case

"""Measures on a hand-made set of cases whose rates are known."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from lianxin.casework import daily
from lianxin.casework.measures import case_measures
from lianxin.casework.models import Case, Category
from lianxin.core.roles import Role
from tests.factories import UserFactory, grant

BJ = ZoneInfo("Asia/Shanghai")
NOV = dt.datetime(2026, 11, 2, 9, 0, tzinfo=BJ)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=BJ)
_numbers = itertools.count(1)


def make(node: Any, **fields: Any) -> Case:
    """A case row as the workflow would have left it (set-up, not the code under test)."""
    values: dict[str, Any] = {
        "number": f"T-{next(_numbers):05d}",
        "channel": "app",
        "case_type": "complaint",
        "category": Category.objects.get(code="city-garbage"),
        "text": "测试",
        "node": node,
        "submitted_at": NOV,
        "accept_due": NOV + dt.timedelta(hours=2),
        "state": "submitted",
    }
    values.update(fields)
    case = Case.objects.create(**values)
    daily.refresh([daily.cell_of(case)])  # as the services keep the day's counts
    return case


@pytest.fixture
def leader(tree: Any) -> Any:
    user = UserFactory.create()
    grant(user, Role.SUBDISTRICT_LEADER, tree.east)
    return user


def known_set(tree: Any) -> None:
    """Nine cases of 城东路 submitted in November 2026 whose measures are worked out by hand
    below, and a few that must not count."""
    on_time, late = NOV + dt.timedelta(hours=1), NOV + dt.timedelta(hours=5)
    due = NOV + dt.timedelta(days=10)
    closed = {"state": "closed", "due_at": due}
    # Four closed: three on time (one satisfied, one basically, one not), one late (unrated).
    make(tree.grid, accepted_at=on_time, closed_at=due - dt.timedelta(days=1), rating="satisfied", **closed)
    make(tree.grid, accepted_at=on_time, closed_at=due, rating="basically_satisfied", returns=1, **closed)
    make(
        tree.building, accepted_at=late, closed_at=due - dt.timedelta(days=2), rating="dissatisfied", **closed
    )
    make(tree.grid, accepted_at=on_time, closed_at=due + dt.timedelta(days=1), reworks=2, **closed)
    # One in progress and overdue, one accepted late and not yet due.
    make(tree.grid, accepted_at=late, due_at=NOW - dt.timedelta(days=1), state="in_progress")
    make(tree.grid, accepted_at=late, due_at=NOW + dt.timedelta(days=1), state="dispatched")
    # One declined in time, one still waiting.
    make(tree.grid, state="declined", closed_at=on_time)
    make(tree.grid)
    # A closed "办事" matter from the app.
    make(tree.grid, case_type="service", accepted_at=on_time, closed_at=due, **closed)
    # Not counted: another subdistrict, another month, a merged duplicate.
    make(tree.village_grid, accepted_at=on_time)
    make(tree.grid, submitted_at=NOV - dt.timedelta(days=10), accepted_at=on_time)
    make(tree.grid, merged_into=make(tree.grid, submitted_at=NOV - dt.timedelta(days=40)))


def test_rates_on_known_cases(tree: Any, leader: Any) -> None:
    known_set(tree)
    with CaptureQueriesContext(connection) as queries:
        m = case_measures(
            actor=leader, node=tree.east, since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 30), now=NOW
        )
    assert len(queries.captured_queries) <= 2  # the actor's grants, then one aggregate

    assert m.submitted == 9
    assert m.responded_on_time == 5  # four accepted on time + one declined in time
    assert m.response_rate == Decimal("55.6")
    assert (m.accepted, m.closed, m.declined) == (7, 5, 1)
    assert m.resolution_rate == Decimal("71.4")
    assert (m.rated, m.satisfied, m.satisfaction_rate) == (3, 2, Decimal("66.7"))
    assert (m.closed_on_time, m.on_time_closure_rate) == (4, Decimal("80.0"))
    assert (m.returns, m.reworks, m.overdue_open) == (1, 2, 1)
    assert (m.matters_handled_online, m.requests_resolved) == (1, 4)


def test_a_community_sees_only_its_own_cases_and_empty_rates_are_none(tree: Any, leader: Any) -> None:
    make(tree.other_grid, accepted_at=NOV)
    m = case_measures(
        actor=leader, node=tree.community, since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 30), now=NOW
    )
    assert m.submitted == 0 and m.response_rate is None and m.satisfaction_rate is None


def test_out_of_scope_nodes_answer_404(tree: Any, leader: Any) -> None:
    with pytest.raises(Http404):
        case_measures(
            actor=leader, node=tree.west, since=dt.date(2026, 11, 1), until=dt.date(2026, 11, 30), now=NOW
        )

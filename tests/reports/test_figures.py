"""The figure registry with casework's figures: values on a hand-made set, drill-down lists as
long as their numbers, rankings and trends, scope, and cache invalidation after a write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.http import Http404

from lianxin.core.roles import Role
from lianxin.reports import selectors
from lianxin.reports.periods import parse
from lianxin.reports.registry import registry
from tests.casework.conftest import new_case
from tests.casework.test_measures import NOW, known_set, make
from tests.factories import UserFactory, grant

NOVEMBER = parse("2026-11", today=NOW.date())
EXPECTED = {
    "cases.submitted": 9,
    "cases.responded_on_time": 5,
    "cases.accepted": 7,
    "cases.closed": 5,
    "cases.closed_on_time": 4,
    "cases.rated": 3,
    "cases.satisfied": 2,
    "cases.matters_handled_online": 1,
    "cases.requests_resolved": 4,
    "cases.response_rate": Decimal("55.6"),
    "cases.resolution_rate": Decimal("71.4"),
    "cases.satisfaction_rate": Decimal("66.7"),
    "cases.on_time_closure_rate": Decimal("80.0"),
}


@pytest.fixture
def leader(tree: Any) -> Any:
    user = UserFactory.create()
    grant(user, Role.SUBDISTRICT_LEADER, tree.east)
    return user


def test_every_casework_figure_on_the_hand_made_set(tree: Any, leader: Any) -> None:
    known_set(tree)
    figures = {f.key: f for f in selectors.visible_figures(actor=leader, node=tree.east)}
    assert set(EXPECTED) <= set(figures)
    for key, expected in EXPECTED.items():
        assert selectors.value(figures[key], tree.east, NOVEMBER) == expected, key


def test_each_drill_down_list_is_as_long_as_its_number(tree: Any, leader: Any) -> None:
    known_set(tree)
    for figure in selectors.visible_figures(actor=leader, node=tree.east):
        if figure.is_rate:
            continue
        rows = selectors.records(actor=leader, figure=figure, node=tree.east, period=NOVEMBER)
        assert len(list(rows)) == selectors.value(figure, tree.east, NOVEMBER), figure.key


def test_rankings_split_a_figure_between_the_areas_below(tree: Any, leader: Any) -> None:
    known_set(tree)
    make(tree.other_grid, submitted_at=NOW - dt.timedelta(days=20))
    submitted = registry.figures["cases.submitted"]
    ranking = selectors.by_child(submitted, tree.east, NOVEMBER)
    assert [(area.name, count) for area, count in ranking] == [("东一社区", 9), ("东二社区", 1)]
    district = selectors.by_child(submitted, tree.district, NOVEMBER)
    assert [(area.name, count) for area, count in district] == [("城东路街道", 10), ("十八里河街道", 1)]
    rates = dict(selectors.by_child(registry.figures["cases.satisfaction_rate"], tree.east, NOVEMBER))
    assert rates[tree.community] == Decimal("66.7") and rates[tree.other_community] is None


def test_the_trend_runs_month_by_month_and_stops_today(tree: Any, leader: Any) -> None:
    known_set(tree)  # nine in November, one (the other month) in October
    with time_machine.travel(NOW, tick=False):
        trend = selectors.trend(
            registry.figures["cases.submitted"], tree.east, parse("2026", today=NOW.date())
        )
    assert [m.month for m, _v in trend] == list(range(1, 12))  # no December yet
    assert {m.month: v for m, v in trend}[11] == 9


def test_a_community_dashboard_never_counts_another_community(tree: Any) -> None:
    known_set(tree)
    make(tree.other_grid, submitted_at=NOW - dt.timedelta(days=20))
    worker = UserFactory.create()
    grant(worker, Role.COMMUNITY_WORKER, tree.other_community)
    board = selectors.dashboard(actor=worker, node=tree.other_community, period=NOVEMBER)
    assert {c.figure.key: c.value for c in board.cards}["cases.submitted"] == 1
    with pytest.raises(Http404):
        selectors.dashboard(actor=worker, node=tree.community, period=NOVEMBER)
    with pytest.raises(Http404):
        selectors.records(
            actor=worker, figure=registry.figures["cases.submitted"], node=tree.east, period=NOVEMBER
        )


def test_a_write_refreshes_the_cached_dashboard(
    tree: Any, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def received() -> Any:
        board = selectors.dashboard(actor=cast.supervisor, node=tree.east, period=NOVEMBER)
        return {c.figure.key: c.value for c in board.cards}["cases.submitted"]

    with time_machine.travel(NOW, tick=False):
        assert received() == 0
        make(tree.grid, submitted_at=NOW)  # a row made behind the services' back is not seen …
        assert received() == 0  # … while the cache holds
        with django_capture_on_commit_callbacks(execute=True):
            new_case(tree, cast)  # a service write marks the figures stale
        assert received() == 2

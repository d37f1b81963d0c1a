"""The people register's figures: counted under a node as of the period's end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lianxin.core.roles import Role
from lianxin.people.models import Person
from lianxin.reports import selectors
from lianxin.reports.periods import parse
from lianxin.reports.registry import registry
from tests.factories import PersonFactory, UserFactory, grant

TODAY = dt.date(2026, 11, 28)


def test_people_figures_count_the_register_under_the_node(tree: Any) -> None:
    PersonFactory.create(node=tree.building, is_party_member=True, is_in_service_member=True)
    PersonFactory.create(node=tree.grid, is_party_member=True, is_volunteer=True)
    PersonFactory.create(node=tree.grid, is_volunteer=True)
    PersonFactory.create(node=tree.other_grid, is_party_member=True)  # another community
    late = PersonFactory.create(node=tree.grid, is_party_member=True)
    Person.objects.filter(pk=late.pk).update(created_at=dt.datetime(2027, 1, 5, tzinfo=dt.UTC))
    leader = UserFactory.create()
    grant(leader, Role.COMMUNITY_WORKER, tree.community)
    period = parse("2026", today=TODAY)
    expected = {
        "people.registered": 3,
        "people.party_members": 2,
        "people.in_service_members": 1,
        "people.volunteers": 2,
        "people.party_reps": 0,
    }
    for key, count in expected.items():
        figure = registry.figures[key]
        assert selectors.value(figure, tree.community, period) == count, key
        rows = selectors.records(actor=leader, figure=figure, node=tree.community, period=period)
        assert len(list(rows)) == count
    board = selectors.dashboard(actor=leader, node=tree.community, period=period)
    assert {c.figure.key for c in board.cards} >= set(expected)

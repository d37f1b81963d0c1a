"""The ledger figures on a hand-made set: what each counts, each drill-down as long as its number,
and nobody counted twice; and the points source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lianxin.posts.points import SOURCES
from lianxin.reports import selectors as report_selectors
from lianxin.reports.periods import Period
from lianxin.reports.registry import Figure, registry
from lianxin.volunteers.models import ActivityState, Brand, Membership, MembershipState, Team
from tests.factories import PersonFactory
from tests.volunteers.conftest import YEAR_START, activity_at, at, days, place_for

KEYS = [
    "volunteers.volunteers",
    "volunteers.teams",
    "volunteers.brands",
    "volunteers.hours",
    "volunteers.services",
    "volunteers.activities_held",
    "volunteers.people_served",
    "volunteers.known_served",
]


def figure_of(key: str) -> Figure:
    figure = registry.get(key)
    assert figure is not None, key
    return figure


def test_figures_on_a_hand_made_set(vw, tree):
    other_team = Team.objects.create(brand=vw.brand, node=tree.other_community, name="东二服务队")
    Brand.objects.create(node=tree.west, name="河西品牌")  # outside 城东路
    helper = PersonFactory.create(node=tree.grid, name="李志愿", is_volunteer=True)
    lonely = PersonFactory.create(node=tree.grid, name="王奶奶")
    one = activity_at(vw.team, at(days(-10)), state=ActivityState.HELD, served_count=30)
    two = activity_at(other_team, at(days(-5)), state=ActivityState.HELD, served_count=12)
    activity_at(vw.team, at(days(-2)), state=ActivityState.CANCELLED, served_count=99)  # not held
    one.served_people.set([lonely])
    two.served_people.set([lonely])  # served twice: one known person
    # the volunteer serves twice (two person-times, one volunteer), the helper once
    place_for(one, vw.volunteer, checked_in_at=one.starts_at, hours=Decimal("2"), hours_final=Decimal("2"))
    place_for(
        two, vw.volunteer, checked_in_at=two.starts_at, hours=Decimal("1.5"), hours_final=Decimal("1.25")
    )
    place_for(one, helper, checked_in_at=one.starts_at)  # not confirmed: not counted
    Membership.objects.create(
        team=vw.team, person=helper, state=MembershipState.REQUESTED
    )  # not yet a member
    period = Period(YEAR_START, days(0) + dt.timedelta(days=1))

    def value(key: str, node=tree.east) -> Decimal | int | None:  # type: ignore[no-untyped-def]
        return report_selectors.value(figure_of(key), node, period)

    assert value("volunteers.volunteers") == 1  # 张志愿 (member and served), counted once
    assert value("volunteers.teams") == 2
    assert value("volunteers.brands") == 1
    assert value("volunteers.hours") == Decimal("3.25")  # the corrected 1.25, not the confirmed 1.5
    assert value("volunteers.services") == 2
    assert value("volunteers.activities_held") == 2
    assert value("volunteers.people_served") == 42
    assert value("volunteers.known_served") == 1
    assert value("volunteers.people_served", tree.community) == 30
    assert value("volunteers.hours", tree.west) == 0
    for key in KEYS:
        figure = figure_of(key)
        assert figure.records is not None
        rows = figure.records(tree.east, period)
        if figure.sum_field:
            assert sum(getattr(r, figure.sum_field) for r in rows) == value(key), key
        else:
            assert len(list(rows)) == value(key), key


def test_the_points_source_gives_confirmed_hours_per_attendance(vw, tree):
    held = activity_at(vw.team, at(days(-3)), state=ActivityState.HELD)
    signup = place_for(
        held, vw.volunteer, checked_in_at=held.starts_at, hours=Decimal("2"), hours_final=Decimal("1.75")
    )
    place_for(held, PersonFactory.create(node=tree.grid), checked_in_at=held.starts_at)  # unconfirmed
    items = list(SOURCES["volunteers.service_hour"].items(None, days(-30), days(0)))
    assert [(i.person_id, i.quantity, i.record) for i in items] == [
        (vw.volunteer.pk, Decimal("1.75"), f"volunteers.signup:{signup.pk}")
    ]
    assert list(SOURCES["volunteers.service_hour"].items([vw.outsider.pk], days(-30), days(0))) == []

"""The records the role-matrix test of volunteer service acts on: inside 东一社区 (the signed-in
user's own person among them) and outside it, in 东二社区."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lianxin.people.models import Person
from lianxin.volunteers import checkin
from lianxin.volunteers.models import (
    Activity,
    Brand,
    Certificate,
    Correction,
    Membership,
    MembershipState,
    SignUp,
    Team,
)
from tests.factories import PersonFactory, UserFactory
from tests.volunteers.conftest import YEAR_START, activity_at, at, days, place_for


@dataclass
class World:
    community: Any
    brand: Brand
    team: Team
    team_page_join: Team
    team_api_join: Team
    me: Person
    candidate: Person  # a volunteer of the grid staff may add
    other: Person  # another volunteer of the community, with a confirmed service
    future_page: Activity
    future_api: Activity
    my_cancel_page: SignUp
    my_cancel_api: SignUp
    running_page: Activity
    running_api: Activity
    code_page: str
    code_api: str
    person_code_page: str
    person_code_api: str
    past: Activity
    hours_page: SignUp
    hours_api: SignUp
    my_service_page: SignUp
    my_service_api: SignUp
    correction_page: Correction
    correction_api: Correction
    request: Membership
    my_certificate: Certificate
    certificate: Certificate
    outside_team: Team
    outside_activity: Activity
    outside_signup: SignUp
    outside_correction: Correction
    outside_certificate: Certificate
    outside_person: Person
    outside_request: Membership


def confirmed(activity: Activity, person: Person, hours: str = "2") -> SignUp:
    return place_for(
        activity,
        person,
        checked_in_at=activity.starts_at,
        checked_out_at=activity.ends_at,
        hours=Decimal(hours),
        hours_final=Decimal(hours),
    )


def make_world(tree: Any, user: Any) -> World:
    brand = Brand.objects.create(node=tree.community, name="志平工作平台")
    team = Team.objects.create(brand=brand, node=tree.community, name="东一服务队")
    me = PersonFactory.create(node=tree.building, user=user, name="我", is_volunteer=True)
    Membership.objects.create(team=team, person=me, state=MembershipState.ACTIVE, joined_on=YEAR_START)
    other = PersonFactory.create(node=tree.grid, name="他人", is_volunteer=True)
    staff = UserFactory.create()
    now = timezone.now()
    running_page = activity_at(team, now - dt.timedelta(minutes=10), capacity=10)
    running_api = activity_at(team, now - dt.timedelta(minutes=10), capacity=10)
    walkers = [PersonFactory.create(node=tree.grid, is_volunteer=True) for _ in range(2)]
    for activity in (running_page, running_api):
        place_for(activity, me)
        place_for(activity, walkers[0] if activity is running_page else walkers[1])
    past = activity_at(team, at(days(-1)), capacity=10)
    old = [activity_at(team, at(days(-n)), capacity=10, title=f"旧{n}") for n in range(2, 6)]
    other_service_page, other_service_api = confirmed(old[0], other), confirmed(old[1], other)

    def correction(signup: SignUp) -> Correction:
        return Correction.objects.create(
            signup=signup,
            old_hours=signup.hours_final,
            new_hours=Decimal("1"),
            reason="多记",
            requested_by=staff,
        )

    def certificate(person: Person, issuer: Any, number: str) -> Certificate:
        return Certificate.objects.create(
            number=number, code=f"code{number}", person=person, issuer=issuer, period_from=YEAR_START,
            period_to=days(0), hours=Decimal("2"), services=1, content="助老", issued_by=staff,
        )  # fmt: skip

    future_cancel = [activity_at(team, at(days(n)), capacity=10) for n in (3, 4)]
    outside_brand = Brand.objects.create(node=tree.other_community, name="东二品牌")
    outside_team = Team.objects.create(brand=outside_brand, node=tree.other_community, name="东二服务队")
    outside_person = PersonFactory.create(node=tree.other_grid, name="外人", is_volunteer=True)
    outside_activity = activity_at(outside_team, at(days(-1)), capacity=10)
    outside_signup = confirmed(outside_activity, outside_person)
    return World(
        community=tree.community,
        brand=brand,
        team=team,
        team_page_join=Team.objects.create(brand=brand, node=tree.community, name="东一二队"),
        team_api_join=Team.objects.create(brand=brand, node=tree.community, name="东一三队"),
        me=me,
        candidate=PersonFactory.create(node=tree.grid, name="候选", is_volunteer=True),
        other=other,
        future_page=activity_at(team, at(days(1)), capacity=10),
        future_api=activity_at(team, at(days(2)), capacity=10),
        my_cancel_page=place_for(future_cancel[0], me),
        my_cancel_api=place_for(future_cancel[1], me),
        running_page=running_page,
        running_api=running_api,
        code_page=checkin.activity_code(running_page, checkin.IN),
        code_api=checkin.activity_code(running_api, checkin.IN),
        person_code_page=checkin.person_code(walkers[0]),
        person_code_api=checkin.person_code(walkers[1]),
        past=past,
        hours_page=place_for(past, walkers[0], checked_in_at=past.starts_at, checked_out_at=past.ends_at),
        hours_api=place_for(past, walkers[1], checked_in_at=past.starts_at, checked_out_at=past.ends_at),
        my_service_page=confirmed(old[2], me),
        my_service_api=confirmed(old[3], me),
        correction_page=correction(other_service_page),
        correction_api=correction(other_service_api),
        request=Membership.objects.create(team=team, person=other, state=MembershipState.REQUESTED),
        my_certificate=certificate(me, tree.community, "ZY1"),
        certificate=certificate(other, tree.community, "ZY2"),
        outside_team=outside_team,
        outside_activity=outside_activity,
        outside_signup=outside_signup,
        outside_correction=correction(outside_signup),
        outside_certificate=certificate(outside_person, tree.other_community, "ZY3"),
        outside_person=outside_person,
        outside_request=Membership.objects.create(
            team=outside_team, person=outside_person, state=MembershipState.REQUESTED
        ),
    )

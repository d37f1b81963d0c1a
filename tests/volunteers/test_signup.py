"""Sign-up, capacity and the waitlist; teams and memberships."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lianxin.core.permissions import NotInScope
from lianxin.volunteers import services
from lianxin.volunteers.models import Membership, MembershipState, SignUp, SignUpState
from tests.volunteers.conftest import volunteer_with_login


def test_places_fill_then_the_waitlist_moves_up_in_order_when_a_place_frees(vw, tree):
    people = [volunteer_with_login(tree.building, f"志愿者{n}") for n in range(4)]
    made = [services.signup_create(actor=user, activity=vw.activity) for _p, user in people]
    assert [s.state for s in made] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    with pytest.raises(ValidationError):
        services.signup_create(actor=people[0][1], activity=vw.activity)  # twice
    services.signup_cancel(actor=people[1][1], signup=made[1])
    states = dict(SignUp.objects.values_list("person__name", "state"))
    assert states == {
        "志愿者0": "confirmed",
        "志愿者1": "cancelled",
        "志愿者2": "confirmed",
        "志愿者3": "waitlisted",
    }
    assert SignUp.objects.get(person__name="志愿者2").promoted_at is not None
    # a waitlisted person leaving frees no place
    services.signup_cancel(actor=people[3][1], signup=made[3])
    assert SignUp.objects.filter(state=SignUpState.CONFIRMED).count() == 2


def test_someone_of_another_area_and_not_in_the_team_cannot_sign_up(vw, tree):
    _outsider, user = volunteer_with_login(tree.other_grid, "外人")
    with pytest.raises(NotInScope):
        services.signup_create(actor=user, activity=vw.activity)
    assert not SignUp.objects.exists()


def test_a_join_request_is_decided_by_the_teams_managers(vw, tree):
    person, user = volunteer_with_login(tree.grid, "新志愿者")
    membership = services.membership_request(actor=user, team=vw.team)
    assert membership.state == MembershipState.REQUESTED
    with pytest.raises(NotInScope):
        services.membership_decide(actor=user, membership=membership, approve=True)
    decided = services.membership_decide(actor=vw.worker, membership=membership, approve=True)
    assert decided.state == MembershipState.ACTIVE and decided.joined_on is not None
    ended = services.membership_end(actor=user, membership=decided)
    assert ended.state == MembershipState.LEFT
    assert Membership.objects.filter(person=person).count() == 1  # one row, its dates kept


def test_staff_add_members_only_from_their_area(vw):
    with pytest.raises(ValidationError):
        services.member_add(actor=vw.worker, team=vw.team, person=vw.outsider)

"""The demo's volunteer service for 城东路街道: what the issue asks the demo to show."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from lianxin.demo.volunteers import build_volunteers
from lianxin.orgs.models import OrgNode
from lianxin.people.models import User
from lianxin.reports import selectors as report_selectors
from lianxin.reports.periods import Period
from lianxin.reports.registry import registry
from lianxin.volunteers import selectors, services
from lianxin.volunteers.models import Brand, Certificate, Correction, CorrectionState, SignUpState, Team


@pytest.fixture(scope="module")
def demo(built_demo, django_db_blocker):  # type: ignore[no-untyped-def]
    """Rows the demo build created, and rows and seconds a second build takes."""
    with django_db_blocker.unblock():
        started = time.monotonic()
        second = build_volunteers(User.objects.get(username="admin"))
        seconds = time.monotonic() - started
    return {"first": built_demo.created["volunteer records"], "second": second, "seconds": seconds}


@pytest.mark.django_db
def test_building_again_creates_nothing_and_is_quick(demo):
    assert demo["first"] > 1000
    assert demo["second"] == 0
    assert demo["seconds"] < 20


@pytest.mark.django_db
def test_brands_teams_volunteers_and_people_served(demo):
    area = OrgNode.objects.get(code="gc-cdl")
    today = timezone.localdate()
    period = Period(today.replace(year=today.year - 1), today)

    def value(key: str):  # type: ignore[no-untyped-def]
        figure = registry.get(key)
        assert figure is not None
        return report_selectors.value(figure, area, period)

    assert Brand.objects.filter(node__path__startswith=area.path).count() >= 10
    assert {"志平工作平台", "老党员说事会"} <= set(Brand.objects.values_list("name", flat=True))
    assert Team.objects.filter(node__path__startswith=area.path).count() == 11
    assert value("volunteers.volunteers") >= 200
    assert value("volunteers.people_served") >= 20000
    assert value("volunteers.hours") > 0
    assert Certificate.objects.count() >= 3
    assert Correction.objects.filter(state=CorrectionState.PENDING).count() == 1


@pytest.mark.django_db
def test_the_volunteer_login_can_sign_up_for_a_coming_activity(demo):
    user = User.objects.get(username="volunteer")
    person = user.person
    coming = list(selectors.open_activities(person=person))
    assert coming
    signup = services.signup_create(actor=user, activity=coming[0])
    assert signup.state == SignUpState.CONFIRMED
    assert selectors.record(person=person).teams

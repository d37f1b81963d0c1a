"""The demo's notices, events and the 航海东路 fire-safety lecture."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lianxin.casework.models import Case
from lianxin.demo.events import LECTURE_TITLE, build_events
from lianxin.events import selectors
from lianxin.events.models import Event, EventKind, Notice, Registration, RegState, TrainingHazard
from lianxin.people.models import User
from lianxin.people.selectors import person_of


@pytest.fixture(scope="module")
def demo(built_demo, django_db_blocker):  # type: ignore[no-untyped-def]
    """(rows the demo build created, rows a second build creates)."""
    with django_db_blocker.unblock():
        return built_demo.created["notice and event records"], build_events(
            User.objects.get(username="admin")
        )


@pytest.mark.django_db
def test_building_twice_creates_nothing_the_second_time(demo):
    first, second = demo
    assert first > 100 and second == 0


@pytest.mark.django_db
def test_the_fire_safety_lecture_on_1_september(demo):
    event = Event.objects.get(title=LECTURE_TITLE, node__code="gc-hhdl")
    day = timezone.localtime(event.starts_at).date()
    assert (day.month, day.day) == (9, 1) and day <= timezone.localdate()
    assert event.kind == EventKind.TRAINING and event.is_safety and "教官" in event.speakers
    attended = selectors.attendance(event=event)
    assert attended.count() >= 60
    assert attended.filter(unit__unit_type="enterprise").exists()
    assert attended.filter(unit__unit_type="property_company").exists()
    assert attended.filter(unit__isnull=True).count() >= 20  # residents
    assert event.summary
    hazards = list(TrainingHazard.objects.filter(event=event).select_related("case__category"))
    assert len(hazards) == 2
    assert all(h.case.category.code.startswith("safety") for h in hazards)
    assert Case.objects.filter(training_hazard__event=event).count() == 2


@pytest.mark.django_db
def test_the_party_member_can_sign_up_for_next_weeks_party_day(demo):
    member = person_of(user=User.objects.get(username="party_member"))
    assert member is not None
    party_day = [e for e in selectors.events_for(person=member) if e.kind == EventKind.PARTY_DAY]
    assert len(party_day) == 1
    event = party_day[0]
    assert Registration.objects.filter(event=event, state=RegState.REGISTERED).count() < event.capacity
    assert (event.starts_at - timezone.now()).days < 14


@pytest.mark.django_db
def test_cdl_notices_one_pinned_one_expired(demo):
    notices = Notice.objects.filter(
        node__path__startswith=Notice.objects.get(title__contains="主题党日").node.path
    )
    assert notices.filter(is_pinned=True).count() == 1
    assert notices.filter(expires_at__lt=timezone.now()).count() == 1
    member = person_of(user=User.objects.get(username="party_member"))
    assert member is not None
    visible = list(selectors.notices_for(person=member))
    assert visible[0].is_pinned and not any(n.expires_at and n.expires_at < timezone.now() for n in visible)
    past = Event.objects.get(kind=EventKind.VOLUNTEER, node__code="gc-cdl-c01")
    assert selectors.attendance(event=past).count() >= 10 and past.summary

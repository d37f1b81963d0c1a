"""The weekly service: a session a week per studio, gaps flagged, sessions logged and recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lianxin.core.permissions import NotInScope
from lianxin.core.roles import Role
from lianxin.liaison import selectors, services
from lianxin.liaison.models import Session, SessionKind, SessionState, Studio
from tests.factories import PersonFactory
from tests.liaison.conftest import at, session_on, user_with

MONDAY = dt.date(2026, 3, 2)


def weeks(studio, first, last, today):  # type: ignore[no-untyped-def]
    return selectors.weekly_coverage(studios=[studio], first=first, last=last, today=today)[studio.pk]


def test_a_week_without_a_session_is_a_gap(tree, sw):
    session_on(sw.studio, MONDAY + dt.timedelta(days=2))  # week 1, Wednesday
    session_on(sw.studio, MONDAY + dt.timedelta(days=20), kind=SessionKind.MOBILE)  # week 3, Sunday
    session_on(sw.studio, MONDAY + dt.timedelta(days=8), state=SessionState.CANCELLED)  # week 2: cancelled
    found = weeks(sw.studio, MONDAY, MONDAY + dt.timedelta(days=27), today=dt.date(2026, 3, 25))
    assert [(w.start.day, w.sessions, w.gap) for w in found] == [
        (2, 1, False),
        (9, 0, True),
        (16, 1, False),
        (23, 0, True),
    ]
    assert [(w.is_past, w.is_current) for w in found][-2:] == [(True, False), (False, True)]


def test_a_week_with_no_working_day_is_not_a_gap(tree, sw):
    # 16–22 February 2026 is wholly the Spring Festival holiday.
    found = weeks(sw.studio, dt.date(2026, 2, 9), dt.date(2026, 2, 23), today=dt.date(2026, 3, 1))
    assert [(w.start.day, w.exempt, w.gap) for w in found] == [
        (9, False, True),
        (16, True, False),
        (23, False, True),
    ]


def test_the_studio_list_counts_gap_weeks_in_one_query_per_table(tree, sw, django_assert_max_num_queries):
    other = Studio.objects.create(node=tree.other_community, name="东二工作室")
    today = timezone.localdate()
    session_on(sw.studio, today)
    with django_assert_max_num_queries(3):
        found = selectors.weekly_coverage(
            studios=[sw.studio, other], first=today - dt.timedelta(weeks=8), last=today, today=today
        )
    assert not found[sw.studio.pk][-1].gap and found[other.pk][-1].gap


def mobile(sw, place=None, **changes):  # type: ignore[no-untyped-def]
    day = timezone.localdate()
    fields = {
        "kind": SessionKind.MOBILE,
        "starts_at": at(day, 9),
        "ends_at": at(day, 11),
        "hosts": [sw.rep],
        "place": place,
        "venue": "小区广场",
    }
    return services.SessionInput(**(fields | changes))


def test_a_representative_logs_a_mobile_session_for_themself(tree, sw):
    session = services.session_schedule(actor=sw.rep_user, studio=sw.studio, data=mobile(sw, tree.building))
    assert (session.kind, session.state, list(session.hosts.all())) == ("mobile", "planned", [sw.rep])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"place": None}, "place"),
        ({"ends_at": "before"}, "ends_at"),
        ({"hosts": []}, "hosts"),
        ({"kind": "online"}, "kind"),
    ],
)
def test_a_session_that_does_not_add_up_is_refused(tree, sw, change, field):
    if change.get("ends_at") == "before":
        change = {"ends_at": at(timezone.localdate(), 8)}
    with pytest.raises(ValidationError) as refused:
        services.session_schedule(
            actor=sw.rep_user, studio=sw.studio, data=mobile(sw, **({"place": tree.building} | change))
        )
    assert field in refused.value.message_dict
    assert not Session.objects.exists()


def test_a_mobile_session_goes_somewhere_in_the_studios_area(tree, sw):
    with pytest.raises(ValidationError) as refused:
        services.session_schedule(actor=sw.rep_user, studio=sw.studio, data=mobile(sw, tree.other_grid))
    assert "place" in refused.value.message_dict


def test_a_representative_schedules_only_with_themself_and_only_in_their_studio(tree, sw):
    colleague = sw.studio.representatives.create(
        person=PersonFactory.create(node=tree.building, is_party_rep=True), started_on=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.session_schedule(
            actor=sw.rep_user, studio=sw.studio, data=mobile(sw, tree.building, hosts=[colleague])
        )
    assert "hosts" in refused.value.message_dict
    other = Studio.objects.create(node=tree.other_community, name="东二工作室")
    with pytest.raises(NotInScope):
        services.session_schedule(actor=sw.rep_user, studio=other, data=mobile(sw, tree.building))


def test_staff_schedule_for_any_representative_of_their_studios(tree, sw, worker):
    session = services.session_schedule(actor=worker, studio=sw.studio, data=mobile(sw, tree.grid))
    assert session.pk
    grid_worker = user_with(Role.GRID_WORKER, tree.grid)
    with pytest.raises(NotInScope):
        services.session_schedule(actor=grid_worker, studio=sw.studio, data=mobile(sw, tree.grid))


def test_recording_a_session(tree, sw):
    today = timezone.localdate()
    later = services.session_schedule(
        actor=sw.rep_user,
        studio=sw.studio,
        data=mobile(
            sw,
            tree.building,
            starts_at=at(today + dt.timedelta(days=2)),
            ends_at=at(today + dt.timedelta(days=2), 11),
        ),
    )
    with pytest.raises(ValidationError):
        services.session_hold(actor=sw.rep_user, session=later, visitors=3)
    with pytest.raises(ValidationError):
        services.concern_record(actor=sw.rep_user, session=later, name="王", text="早到了")

    now = timezone.now()
    held = session_on(
        sw.studio, today, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    services.concern_record(actor=sw.rep_user, session=held, name="王", text="A")
    services.concern_record(actor=sw.rep_user, session=held, name="李", text="B")
    with pytest.raises(ValidationError) as too_few:
        services.session_hold(actor=sw.rep_user, session=held, visitors=1)
    assert "visitors" in too_few.value.message_dict
    recorded = services.session_hold(actor=sw.rep_user, session=held, visitors=5, summary="接待5人")
    assert (recorded.state, recorded.visitors) == ("held", 5)
    with pytest.raises(ValidationError):
        services.session_cancel(actor=sw.rep_user, session=recorded, reason="下雨")
    cancelled = services.session_cancel(actor=sw.rep_user, session=later, reason="下雨")
    assert (cancelled.state, cancelled.cancel_reason) == ("cancelled", "下雨")


def test_a_session_that_took_place_is_logged_in_one_step(tree, sw):
    past = timezone.localdate() - dt.timedelta(days=3)
    data = mobile(sw, tree.building, starts_at=at(past, 9), ends_at=at(past, 11))
    session = services.session_log(
        actor=sw.rep_user, studio=sw.studio, data=data, visitors=6, summary="入户走访"
    )
    assert (session.state, session.visitors) == ("held", 6)
    future = mobile(
        sw,
        tree.building,
        starts_at=at(past + dt.timedelta(days=9), 9),
        ends_at=at(past + dt.timedelta(days=9), 11),
    )
    with pytest.raises(ValidationError) as refused:
        services.session_log(actor=sw.rep_user, studio=sw.studio, data=future, visitors=1)
    assert "starts_at" in refused.value.message_dict
    assert Session.objects.count() == 1

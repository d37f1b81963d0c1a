"""The monthly review meeting, its decisions and follow-up actions: a missing month is flagged,
deadlines are working days, overdue actions show, and the next meeting opens with what is open."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lianxin.core.models import Notification
from lianxin.core.permissions import NotInScope
from lianxin.meetings import selectors, services
from lianxin.meetings.models import Action, ActionEvent, ActionState, MeetingKind
from lianxin.orgs.selectors import nearest_ancestor
from tests.factories import PersonFactory
from tests.meetings.conftest import at, meeting


def statuses(staff, today, year=2026):  # type: ignore[no-untyped-def]
    [(_node, months)] = selectors.review_schedule(actor=staff, year=year, today=today)
    return {m.month: m.status for m in months}


def test_a_month_without_a_review_meeting_is_flagged_missing(tree, staff):
    services.meeting_hold(actor=staff, meeting=meeting(tree, staff, when="2026-01-20 09:00"), minutes="已开")
    services.meeting_hold(actor=staff, meeting=meeting(tree, staff, when="2026-02-27 09:00"), minutes="已开")
    meeting(tree, staff, when="2026-03-25 09:00")  # planned, never recorded as held
    cancelled = meeting(tree, staff, when="2026-05-06 09:00")
    services.meeting_cancel(actor=staff, meeting=cancelled, reason="改期")
    meeting(tree, staff, kind=MeetingKind.AD_HOC, when="2026-04-08 09:00", title="重大事项")  # not a review
    meeting(tree, staff, when="2026-07-28 09:00")  # planned later this month
    found = statuses(staff, today=dt.date(2026, 7, 15))
    assert [found[m] for m in range(1, 13)] == [
        "held",
        "held",
        "missing",
        "missing",
        "missing",
        "missing",
        "planned",
        "later",
        "later",
        "later",
        "later",
        "later",
    ]
    assert statuses(staff, today=dt.date(2026, 8, 3))[8] == "due"  # August has begun: none planned


def test_only_the_working_committees_reviews_are_tracked_and_kinds_suit_the_organisation(tree, staff, worker):
    assert [
        node for node, _m in selectors.review_schedule(actor=staff, year=2026, today=dt.date(2026, 7, 1))
    ] == [tree.east_committee]
    assert selectors.review_schedule(actor=worker, year=2026, today=dt.date(2026, 7, 1)) == []
    with pytest.raises(ValidationError) as refused:
        meeting(tree, staff, kind=MeetingKind.BRANCH_COMMITTEE)
    assert "kind" in refused.value.message_dict
    branch = tree.community_committee  # a community big party committee may hold a party class
    assert meeting(tree, worker, kind=MeetingKind.PARTY_CLASS, node=branch).pk


def decided(tree, staff, when="2026-03-10 09:00"):  # type: ignore[no-untyped-def]
    held = meeting(tree, staff, when=when)
    services.meeting_hold(actor=staff, meeting=held, minutes="会议纪要")
    return held, services.decision_add(actor=staff, meeting=held, text="整治小区飞线充电")


def act(decision, staff, owner, days=5, text="排查飞线"):  # type: ignore[no-untyped-def]
    """An action owned by the person and their community (above any grid)."""
    community = nearest_ancestor(node=owner.node, kinds={"community"})
    assert community is not None
    return services.action_add(
        actor=staff,
        decision=decision,
        text=text,
        owner_node=community,
        owner_person=owner,
        working_days=days,
    )


def test_deadlines_are_working_days_from_the_meeting(tree, staff, cast):
    _m, decision = decided(tree, staff, when="2026-09-30 09:00")
    action = act(decision, staff, cast.secretary, days=5)
    # 1–7 October are the National Day holiday, Saturday 10 October a make-up working day.
    assert action.due_at == at("2026-10-13 17:00")
    assert action.events.get().kind == ActionEvent.Kind.CREATED
    assert Notification.objects.get(user=cast.secretary_user).url.endswith(f"/meetings/actions/{action.pk}/")


def test_overdue_actions_show_and_finishing_late_is_kept(tree, staff, cast):
    _m, decision = decided(tree, staff)
    action = act(decision, staff, cast.secretary, days=5)  # due 17 March 2026
    with time_machine.travel(at("2026-03-16 10:00"), tick=False):
        assert not action.is_overdue
        assert not selectors.action_filter(
            selectors.action_list(actor=staff), show="overdue", now=at("2026-03-16 10:00")
        )
    with time_machine.travel(at("2026-03-18 10:00"), tick=False):
        assert action.is_overdue
        overdue = selectors.action_filter(
            selectors.action_list(actor=staff), show="overdue", now=at("2026-03-18 10:00")
        )
        assert list(overdue) == [action]
        progressed = services.action_progress(actor=cast.secretary_user, action=action, note="已排查3栋楼")
        finished = services.action_done(actor=cast.secretary_user, action=progressed, note="全部整改")
    assert (finished.state, finished.done_late, finished.is_overdue) == (ActionState.DONE, True, False)
    assert [e.kind for e in finished.events.order_by("id")] == ["created", "progress", "done"]
    with pytest.raises(ValidationError):
        services.action_done(actor=cast.secretary_user, action=finished)


def test_who_reports_on_an_action(tree, staff, cast):
    _m, decision = decided(tree, staff)
    action = act(decision, staff, cast.secretary)
    with pytest.raises(NotInScope):
        services.action_progress(actor=cast.outsider, action=action, note="越权")
    grid_worker = cast.members[1]  # follows up actions of their grid's units only
    with pytest.raises(NotInScope):
        services.action_done(actor=grid_worker, action=action)
    done = services.action_done(actor=cast.secretary_user, action=action)
    with pytest.raises(NotInScope):
        services.action_reopen(actor=cast.secretary_user, action=done, note="还没做完")
    assert services.action_reopen(actor=staff, action=done, note="复查未达标").state == ActionState.OPEN


def test_the_next_review_meeting_opens_with_the_open_actions(tree, staff, cast):
    january, decision = decided(tree, staff, when="2026-01-20 09:00")
    still_open = act(decision, staff, cast.secretary, text="仍未完成")
    done_before = act(decision, staff, cast.secretary, text="二月前完成")
    done_after = act(decision, staff, cast.secretary, text="二月会后完成")
    Action.objects.filter(pk=done_before.pk).update(state="done", done_at=at("2026-02-10 10:00"))
    Action.objects.filter(pk=done_after.pk).update(state="done", done_at=at("2026-03-01 10:00"))
    february = meeting(tree, staff, when="2026-02-26 09:00")
    march = meeting(tree, staff, when="2026-03-25 09:00")
    elsewhere = meeting(tree, cast.secretary_user, kind=MeetingKind.REVIEW, node=tree.community_committee)
    assert set(selectors.carried_over(meeting=february)) == {still_open, done_after}
    assert set(selectors.carried_over(meeting=march)) == {still_open}
    assert list(selectors.carried_over(meeting=january)) == []
    assert list(selectors.carried_over(meeting=elsewhere)) == []
    assert selectors.previous_meeting(meeting=march) == february


def test_a_meeting_records_attendance_and_minutes_only_once_begun(tree, staff, cast):
    later = meeting(tree, staff, when="2099-01-01 09:00")
    services.attendees_invite(actor=staff, meeting=later, people=[cast.secretary, *cast.member_people])
    assert later.attendances.count() == 4
    assert Notification.objects.filter(title__startswith="Invited").count() == 4
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=staff, meeting=later, minutes="提前写")
    with pytest.raises(ValidationError):
        services.attendance_record(actor=staff, meeting=later, statuses={cast.secretary.pk: "present"})
    held = meeting(tree, staff)
    services.attendees_invite(actor=staff, meeting=held, people=[cast.secretary, *cast.member_people])
    changed = services.attendance_record(
        actor=staff,
        meeting=held,
        statuses={cast.secretary.pk: "present", cast.member_people[0].pk: "excused"},
    )
    assert changed == 2
    assert dict(held.attendances.values_list("person__name", "status")) == {
        "东一书记": "present",
        "委员0": "excused",
        "委员1": "invited",
        "委员2": "invited",
    }
    with pytest.raises(ValidationError):
        services.attendees_invite(
            actor=staff, meeting=held, people=[PersonFactory.create(node=tree.village_grid)]
        )

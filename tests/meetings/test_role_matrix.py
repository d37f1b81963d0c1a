"""Every meetings endpoint × every role: inside the role's subtree the capability table decides
(grading comes from sitting in the meeting, not from a role), outside it the answer is 404, and
a refused write changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lianxin.core.roles import Cap, Role
from lianxin.meetings.models import (
    Action,
    ActionEvent,
    Attendance,
    Ballot,
    Decision,
    DutyReport,
    Grading,
    Meeting,
    MeetingKind,
    MeetingState,
)
from lianxin.orgs.models import Position
from tests.factories import PersonFactory, UserFactory, grant, node
from tests.matrix import Endpoint, endpoint_problems, outside_problems

WB, VIEW, MANAGE, FOLLOW = Cap.WORKBENCH, Cap.MEETINGS_VIEW, Cap.MEETINGS_MANAGE, Cap.MEETINGS_FOLLOW_UP


ENDPOINTS = [
    Endpoint("list", "GET", lambda w: reverse("meetings:list"), ((WB, VIEW),)),
    Endpoint("schedule", "GET", lambda w: reverse("meetings:schedule"), ((WB, VIEW),)),
    Endpoint("add form", "GET", lambda w: reverse("meetings:add"), ((WB, MANAGE),)),
    Endpoint(
        "add",
        "POST",
        lambda w: reverse("meetings:add"),
        ((WB, MANAGE),),
        body=lambda w: {
            "node": w.committee.pk,
            "kind": "review",
            "title": "新会议",
            "day": "2026-12-10",
            "time": "09:00",
        },
        writes=True,
        ok=302,
    ),
    Endpoint("meeting", "GET", lambda w: reverse("meetings:meeting", args=[w.held.pk]), ((WB, VIEW),)),
    Endpoint("edit form", "GET", lambda w: reverse("meetings:edit", args=[w.planned.pk]), ((WB, MANAGE),)),
    Endpoint(
        "edit",
        "POST",
        lambda w: reverse("meetings:edit", args=[w.planned.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"title": "改期的会议", "day": "2099-02-01", "time": "10:00"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "decision",
        "POST",
        lambda w: reverse("meetings:meeting", args=[w.held.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"form": "decision", "decision-text": "决定事项"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "invite",
        "POST",
        lambda w: reverse("meetings:meeting", args=[w.held.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"form": "invite", "invite-people": [w.owner.pk]},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "action add",
        "POST",
        lambda w: reverse("meetings:meeting", args=[w.held.pk]),
        ((WB, MANAGE),),
        body=lambda w: {
            "form": "action",
            "action-decision": w.decision.pk,
            "action-text": "落实",
            "action-owner_node": w.community.pk,
            "action-owner_person": w.owner.pk,
            "action-working_days": 5,
        },
        writes=True,
        ok=302,
    ),
    Endpoint("report", "GET", lambda w: reverse("meetings:report", args=[w.report.pk]), ((WB, VIEW),)),
    Endpoint("actions", "GET", lambda w: reverse("meetings:actions"), ()),
    Endpoint("action", "GET", lambda w: reverse("meetings:action", args=[w.action.pk]), ((VIEW,), (FOLLOW,))),
    Endpoint(
        "action progress",
        "POST",
        lambda w: reverse("meetings:action", args=[w.action.pk]),
        ((MANAGE,), (FOLLOW,)),
        body=lambda w: {"form": "progress", "progress-note": "进展"},
        writes=True,
        ok=302,
    ),
    Endpoint("app duty", "GET", lambda w: reverse("meetings:app-duty"), ()),
    Endpoint("app report", "GET", lambda w: reverse("meetings:app-report", args=[w.report.pk]), ()),
    Endpoint(
        "app grade",
        "POST",
        lambda w: reverse("meetings:app-report", args=[w.report.pk]),
        (),
        body=lambda w: {"form": "grade", "grade-grade": "good"},
        writes=True,
        ok=302,
    ),
    Endpoint("api list", "GET", lambda w: "/api/v1/meetings", (), api=True),
    Endpoint("api meeting", "GET", lambda w: f"/api/v1/meetings/{w.held.pk}", ((VIEW,),), api=True),
    Endpoint("api reviews", "GET", lambda w: "/api/v1/meetings/reviews", (), api=True),
    Endpoint("api actions", "GET", lambda w: "/api/v1/meetings/actions", (), api=True),
    Endpoint(
        "api action",
        "GET",
        lambda w: f"/api/v1/meetings/actions/{w.action.pk}",
        ((VIEW,), (FOLLOW,)),
        api=True,
    ),
    Endpoint(
        "api decision",
        "POST",
        lambda w: f"/api/v1/meetings/{w.held.pk}/decisions",
        ((MANAGE,),),
        body=lambda w: {"text": "决定"},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api done",
        "POST",
        lambda w: f"/api/v1/meetings/actions/{w.action.pk}/done",
        ((MANAGE,), (FOLLOW,)),
        body=lambda w: {"note": "完成"},
        api=True,
        writes=True,
    ),
    Endpoint("api my reports", "GET", lambda w: "/api/v1/meetings/duty-reports/mine", (), api=True),
    Endpoint(
        "api outcome",
        "GET",
        lambda w: f"/api/v1/meetings/duty-reports/{w.report.pk}/outcome",
        ((VIEW,),),  # members grade; only the reporter and those who see the meeting read outcomes
        api=True,
    ),
    Endpoint(
        "api grade",
        "POST",
        lambda w: f"/api/v1/meetings/duty-reports/{w.other_report.pk}/grade",
        (),
        body=lambda w: {"grade": "fairly_good", "comment": "好"},
        api=True,
        writes=True,
    ),
]


@dataclass
class World:
    committee: Any
    community: Any
    owner: Any
    planned: Meeting
    held: Meeting
    decision: Decision
    action: Action
    report: DutyReport
    other_report: DutyReport
    outside: Meeting
    outside_action: Action
    outside_report: DutyReport


def _meeting(where: Any, kind: str, days: int, **extra: Any) -> Meeting:
    starts = timezone.now() + dt.timedelta(days=days)
    return Meeting.objects.create(node=where, kind=kind, title=f"{kind}会", starts_at=starts, **extra)


def _action(meeting: Meeting, owner: Any, where: Any) -> Action:
    decision = Decision.objects.create(meeting=meeting, number=meeting.decisions.count() + 1, text="决定")
    action = Action.objects.create(
        decision=decision,
        meeting=meeting,
        text="落实",
        owner_node=where,
        owner_person=owner,
        working_days=5,
        due_at=meeting.starts_at + dt.timedelta(days=7),
    )
    ActionEvent.objects.create(action=action, kind="created")
    return action


def make_world(tree: Any, user: Any) -> World:
    me = PersonFactory.create(node=tree.building, user=user, name="我")
    owner = PersonFactory.create(node=tree.grid, name="责任人")
    Position.objects.create(
        node=tree.community_committee, person=owner, title="secretary", started_on="2024-01-01"
    )
    held = _meeting(tree.community_committee, MeetingKind.REVIEW, -3, state=MeetingState.HELD, minutes="纪要")
    action = _action(held, owner, tree.community)
    hearing = _meeting(tree.community_committee, MeetingKind.DUTY_REPORT, -1, year=2025, grading=Grading.OPEN)
    Attendance.objects.create(meeting=hearing, person=me, status="present")
    reporters = [PersonFactory.create(node=tree.grid, name=f"述职人{i}") for i in range(2)]
    reports = [
        DutyReport.objects.create(meeting=hearing, reporter=r, post="书记", text="报告") for r in reporters
    ]

    elsewhere = node(tree.other_community, "community_committee", "东二社区大党委")
    stranger = PersonFactory.create(node=tree.other_grid)
    outside = _meeting(elsewhere, MeetingKind.REVIEW, -3, state=MeetingState.HELD)
    outside_hearing = _meeting(elsewhere, MeetingKind.DUTY_REPORT, -1, year=2025, grading=Grading.OPEN)
    return World(
        committee=tree.community_committee,
        community=tree.community,
        owner=owner,
        planned=_meeting(tree.community_committee, MeetingKind.AD_HOC, 30),
        held=held,
        decision=action.decision,
        action=action,
        report=reports[0],
        other_report=reports[1],
        outside=outside,
        outside_action=_action(outside, stranger, tree.other_community),
        outside_report=DutyReport.objects.create(meeting=outside_hearing, reporter=stranger, post="书记"),
    )


def snapshot() -> tuple:
    return (
        tuple(Meeting.objects.order_by("pk").values_list("pk", "title", "state", "starts_at")),
        tuple(Decision.objects.order_by("pk").values_list("pk", "text")),
        tuple(Action.objects.order_by("pk").values_list("pk", "state")),
        ActionEvent.objects.count(),
        Attendance.objects.count(),
        Ballot.objects.count(),
        tuple(DutyReport.objects.order_by("pk").values_list("good", "fairly_good", "text")),
    )


def signed_in(client: Any, tree: Any, role: str) -> World:
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    return make_world(tree, user)


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_a_role_granted_on_a_community(client, tree, role):
    world = signed_in(client, tree, role)
    wrong = endpoint_problems(client, world, role, ENDPOINTS, snapshot)
    assert wrong == [], "\n".join(wrong)


OUTSIDE = [
    ("meeting", lambda w: reverse("meetings:meeting", args=[w.outside.pk]), "GET", None),
    (
        "decision",
        lambda w: reverse("meetings:meeting", args=[w.outside.pk]),
        "POST",
        {"form": "decision", "decision-text": "越界"},
    ),
    ("edit", lambda w: reverse("meetings:edit", args=[w.outside.pk]), "POST", {"title": "越界"}),
    ("action", lambda w: reverse("meetings:action", args=[w.outside_action.pk]), "GET", None),
    (
        "action progress",
        lambda w: reverse("meetings:action", args=[w.outside_action.pk]),
        "POST",
        {"form": "progress", "progress-note": "越界"},
    ),
    ("report", lambda w: reverse("meetings:report", args=[w.outside_report.pk]), "GET", None),
    (
        "app grade",
        lambda w: reverse("meetings:app-report", args=[w.outside_report.pk]),
        "POST",
        {"form": "grade", "grade-grade": "poor"},
    ),
    ("api meeting", lambda w: f"/api/v1/meetings/{w.outside.pk}", "GET", None),
    ("api action", lambda w: f"/api/v1/meetings/actions/{w.outside_action.pk}", "GET", None),
    ("api outcome", lambda w: f"/api/v1/meetings/duty-reports/{w.outside_report.pk}/outcome", "GET", None),
]


@pytest.mark.parametrize("role", Role.values)
def test_records_outside_the_subtree_answer_404_and_change_nothing(client, tree, role):
    world = signed_in(client, tree, role)
    wrong = outside_problems(client, world, OUTSIDE, snapshot)
    assert wrong == [], "\n".join(wrong)


def test_anonymous_visitors_are_sent_to_log_in_or_get_401(client, tree):
    world = make_world(tree, UserFactory.create())
    for endpoint in ENDPOINTS:
        response = endpoint.call(client, world)
        if endpoint.api:
            assert response.status_code == 401, endpoint.name
        else:
            assert response.status_code == 302, endpoint.name
            assert response["Location"].startswith(reverse("login"))

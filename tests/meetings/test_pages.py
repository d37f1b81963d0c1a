"""The meeting pages: what they show, bad input, and list pages with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lianxin.meetings import services
from lianxin.meetings.models import Decision, MeetingKind
from tests.meetings.conftest import meeting


def english(client):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "en"


def held_with_action(tree, staff, owner, when):  # type: ignore[no-untyped-def]
    held = meeting(tree, staff, when=when)
    services.meeting_hold(actor=staff, meeting=held, minutes="纪要")
    decision = services.decision_add(actor=staff, meeting=held, text="整治飞线充电")
    services.action_add(
        actor=staff,
        decision=decision,
        text="排查",
        owner_node=tree.community,
        owner_person=owner,
        working_days=3,
    )
    return held


def test_a_review_meeting_opens_with_the_open_actions_and_shows_overdue(client, tree, staff, cast, as_staff):
    held_with_action(tree, staff, cast.secretary, "2026-01-20 09:00")
    february = meeting(tree, staff, when="2026-02-26 09:00")
    english(client)
    page = client.get(reverse("meetings:meeting", args=[february.pk])).content.decode()
    assert "Open actions carried over" in page
    assert 'data-action-state="overdue"' in page and "排查" in page


def test_the_schedule_flags_missing_months(client, tree, staff, as_staff):
    held = meeting(tree, staff, when="2026-01-20 09:00")
    services.meeting_hold(actor=staff, meeting=held, minutes="纪要")
    page = client.get(reverse("meetings:schedule") + "?year=2026").content.decode()
    today = timezone.localdate()
    assert 'data-month="1" data-status="held"' in page
    if today.year == 2026 and today.month > 2:
        assert 'data-month="2" data-status="missing"' in page


def test_a_bad_form_shows_the_error_and_changes_nothing(client, tree, staff, cast, as_staff):
    held = meeting(tree, staff)
    english(client)
    response = client.post(
        reverse("meetings:meeting", args=[held.pk]), {"form": "decision", "decision-text": ""}
    )
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    decision = services.decision_add(actor=staff, meeting=held, text="决定")
    response = client.post(
        reverse("meetings:meeting", args=[held.pk]),
        {
            "form": "action",
            "action-decision": decision.pk,
            "action-text": "排查",
            "action-owner_node": tree.community.pk,
            "action-owner_person": cast.secretary.pk,
            "action-working_days": 0,
        },
    )
    assert response.status_code == 400 and not decision.actions.exists()


def test_reporters_write_and_members_grade_on_the_phone(client, tree, staff, cast):
    hearing = meeting(tree, staff, kind=MeetingKind.DUTY_REPORT, when="2026-01-15 09:00", year=2025)
    services.attendees_invite(actor=staff, meeting=hearing, people=cast.member_people)
    services.duty_reports_add(actor=staff, meeting=hearing, reporters=[(cast.secretary, "东一社区书记")])
    report = hearing.duty_reports.get()
    client.force_login(cast.secretary_user)
    response = client.post(
        reverse("meetings:app-report", args=[report.pk]), {"form": "text", "text-text": "述职报告"}
    )
    assert response.status_code == 302
    services.grading_open(actor=staff, meeting=hearing)
    client.force_login(cast.members[0])
    assert f'data-to-grade="{report.pk}"' in client.get(reverse("meetings:app-duty")).content.decode()
    response = client.post(
        reverse("meetings:app-report", args=[report.pk]), {"form": "grade", "grade-grade": "good"}
    )
    assert response.status_code == 302
    services.grading_close(actor=staff, meeting=hearing)
    client.force_login(cast.secretary_user)
    page = client.get(reverse("meetings:app-report", args=[report.pk])).content.decode()
    assert 'data-grade="good" data-count="1"' in page and "委员0" not in page


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(tree, staff, owner, n: int, start: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(start, start + n):
        held = held_with_action(tree, staff, owner, f"2026-{1 + i % 12:02d}-{10 + i // 12:02d} 09:00")
        services.attendees_invite(actor=staff, meeting=held, people=[owner])
        Decision.objects.create(meeting=held, number=9, text="另一项")


# Each page: session, user, grants, unread notifications and the user's name in the header, and
PINNED = {
    "meetings:list": 8,  # the scope node, a count and a page of rows (with their counts)
    "meetings:actions": 9,  # a count, the overdue count, a page of rows, the scope node
    "meetings:schedule": 8,  # the scope node, the committees, their meetings of the year
}


@pytest.mark.parametrize("name", list(PINNED))
def test_list_pages_run_a_fixed_number_of_queries(client, tree, staff, cast, name):
    client.force_login(staff)
    url = reverse(name) + ("?show=all" if name == "meetings:actions" else "")
    grow(tree, staff, cast.secretary, 1, 0)
    few = count(client, url)
    grow(tree, staff, cast.secretary, 5, 1)
    many = count(client, url)
    assert (few, many) == (PINNED[name], PINNED[name])


def test_the_meeting_page_runs_a_fixed_number_of_queries(client, tree, staff, cast):
    client.force_login(staff)
    held = held_with_action(tree, staff, cast.secretary, "2026-03-10 09:00")
    services.attendees_invite(actor=staff, meeting=held, people=[cast.secretary])
    url = reverse("meetings:meeting", args=[held.pk])
    few = count(client, url)
    for i in range(4):
        decision = services.decision_add(actor=staff, meeting=held, text=f"决定{i}")
        services.action_add(
            actor=staff,
            decision=decision,
            text="落实",
            owner_node=tree.community,
            owner_person=cast.secretary,
            working_days=2 + i,
        )
    services.attendees_invite(actor=staff, meeting=held, people=cast.member_people)
    assert count(client, url) == few
    assert timezone.now() > held.starts_at - dt.timedelta(days=1)

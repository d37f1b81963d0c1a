"""The demo's studios and meetings for 城东路街道: what the issue asks the demo to show."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from lianxin.casework.models import Channel
from lianxin.liaison import selectors as rep_selectors
from lianxin.liaison.models import Concern, Representative, Studio
from lianxin.meetings import selectors as meeting_selectors
from lianxin.meetings.models import Grading, Meeting, MeetingKind
from lianxin.people.models import User


@pytest.fixture(scope="module")
def demo(built_demo):  # type: ignore[no-untyped-def]
    return built_demo


@pytest.mark.django_db
def test_every_community_has_a_studio_with_representatives_and_their_links(demo):
    today = timezone.localdate()
    studios = list(Studio.objects.filter(node__code__startswith="gc-cdl-c").select_related("node"))
    assert len(studios) == 6
    rows = rep_selectors.representative_rows(studios=studios, today=today)
    links = [len(r.links) for s in studios for r in rows[s.pk]]
    assert links and all(2 <= n <= 3 for n in links)
    assert any(row.stale for s in studios for r in rows[s.pk] for row in r.links)  # a quiet link shows
    first, last = today - dt.timedelta(weeks=52), today
    weeks = rep_selectors.weekly_coverage(studios=studios, first=first, last=last, today=today)
    for studio in studios:
        held = [w for w in weeks[studio.pk] if w.sessions]
        assert len(held) >= 45
    assert sum(w.gap for s in studios for w in weeks[s.pk]) >= 3  # a few weeks missed


@pytest.mark.django_db
def test_the_demo_representative_turned_concerns_into_requests_one_of_them_rated(demo):
    rep_user = User.objects.get(username="party_rep")
    [duty] = rep_selectors.own_duties(actor=rep_user)
    assert isinstance(duty, Representative)
    cases = [c.case for c in Concern.objects.filter(representative=duty).select_related("case") if c.case]
    assert {case.channel for case in cases} == {Channel.REP_STUDIO}
    assert {case.state for case in cases} == {"closed", "in_progress", "submitted"}
    rated = next(case for case in cases if case.state == "closed")
    assert rated.rating == "satisfied" and rated.reporter_user == User.objects.get(username="resident")


@pytest.mark.django_db
def test_twelve_review_meetings_with_actions_in_every_state_and_a_missing_month(demo):
    today = timezone.localdate()
    reviews = Meeting.objects.filter(node__code="gc-cdl-wc", kind=MeetingKind.REVIEW)
    assert reviews.count() == 12
    staff = User.objects.get(username="subdistrict_staff")
    actions = list(meeting_selectors.action_list(actor=staff).filter(meeting__kind=MeetingKind.REVIEW))
    states = Counter(
        "done late" if a.done_late else "done" if a.state == "done" else "overdue" if a.is_overdue else "open"
        for a in actions
    )
    assert set(states) == {"done", "done late", "overdue", "open"}, states
    latest = reviews.filter(state="held").order_by("-starts_at").first()
    assert latest is not None and meeting_selectors.carried_over(meeting=latest).exists()
    # The Spring Festival month before this one had no review meeting: the schedule says so.
    year = today.year if today.month > 2 else today.year - 1
    [(_node, months)] = meeting_selectors.review_schedule(actor=staff, year=year, today=today)
    assert months[1].status == "missing"
    assert sum(m.status == "missing" for m in months) == 1
    assert Meeting.objects.filter(node__code="gc-cdl-wc", kind=MeetingKind.AD_HOC, state="held").count() == 1


@pytest.mark.django_db
def test_the_year_end_duty_report_meeting_is_graded_and_the_secretary_sees_the_outcome(demo):
    hearing = Meeting.objects.get(node__code="gc-cdl-wc", kind=MeetingKind.DUTY_REPORT)
    assert hearing.grading == Grading.CLOSED and hearing.duty_reports.count() == 6
    secretary = User.objects.get(username="community_worker")
    [mine] = meeting_selectors.my_reports(actor=secretary)
    outcome = meeting_selectors.outcome(actor=secretary, report=mine)
    assert outcome is not None and outcome.total == 6 and outcome.overall
    branch = Meeting.objects.filter(node__code="gc-cdl-c01-pc-b01").values_list("kind", flat=True)
    assert {MeetingKind.BRANCH_COMMITTEE, MeetingKind.GENERAL_ASSEMBLY, MeetingKind.PARTY_CLASS} <= set(
        branch
    )

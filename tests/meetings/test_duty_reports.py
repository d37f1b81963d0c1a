"""Year-end duty reports (述职评议): members grade each report once, the tallies are kept, and the
reporter sees the outcome but never who gave which grade."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from lianxin.core.models import AuditLog, Notification
from lianxin.core.permissions import NotInScope
from lianxin.meetings import selectors, services
from lianxin.meetings.models import Ballot, DutyReport, GradeComment, MeetingKind
from tests.meetings.conftest import meeting


@pytest.fixture
def report(tree, staff, cast):  # type: ignore[no-untyped-def]
    hearing = meeting(
        tree, staff, kind=MeetingKind.DUTY_REPORT, when="2026-01-15 09:00", year=2025, title="述职评议会"
    )
    services.attendees_invite(actor=staff, meeting=hearing, people=cast.member_people)
    candidates = selectors.reporter_candidates(actor=staff, meeting=hearing)
    suggested = [(person, post) for person, post, suggest in candidates if suggest]
    assert suggested == [(cast.secretary, "东一社区大党委Secretary")]  # community secretaries are suggested
    services.duty_reports_add(actor=staff, meeting=hearing, reporters=suggested)
    found = hearing.duty_reports.get()
    services.duty_report_submit(actor=cast.secretary_user, report=found, text="一年来，我……")
    return found


def grade_all(report, cast, grades):  # type: ignore[no-untyped-def]
    for user, (grade, comment) in zip(cast.members, grades, strict=True):
        services.duty_report_grade(actor=user, report=report, grade=grade, comment=comment)


def test_grades_are_tallied_per_report_and_kept(tree, staff, cast, report):
    services.grading_open(actor=staff, meeting=report.meeting)
    assert Notification.objects.filter(title__startswith="Grade the duty reports").count() == 3
    grade_all(report, cast, [("good", "带头作用明显"), ("fairly_good", ""), ("good", "为民办实事多")])
    services.grading_close(actor=staff, meeting=report.meeting)
    kept = DutyReport.objects.get(pk=report.pk)
    assert (kept.good, kept.fairly_good, kept.average, kept.poor) == (2, 1, 0, 0)
    result = selectors.outcome(actor=cast.secretary_user, report=kept)
    assert result is not None
    assert (result.total, result.good_rate, result.score, result.overall) == (3, 100.0, 3.67, "good")
    assert sorted(result.comments) == ["为民办实事多", "带头作用明显"]
    assert Notification.objects.get(user=cast.secretary_user, title__startswith="The outcome").url


def test_the_reporter_sees_the_outcome_only_once_grading_closes(tree, staff, cast, report):
    services.grading_open(actor=staff, meeting=report.meeting)
    grade_all(report, cast, [("average", ""), ("poor", "走访太少"), ("fairly_good", "")])
    assert selectors.outcome(actor=cast.secretary_user, report=report) is None
    services.grading_close(actor=staff, meeting=report.meeting)
    report.meeting.refresh_from_db()
    result = selectors.outcome(actor=cast.secretary_user, report=DutyReport.objects.get(pk=report.pk))
    assert result is not None and result.overall == "average" and result.good_rate == 33.3
    with pytest.raises(Http404):  # someone who neither reported nor sees the meeting
        selectors.outcome(actor=cast.members[2], report=report)


def test_nothing_kept_ties_a_grade_to_its_grader(tree, staff, cast, report):
    services.grading_open(actor=staff, meeting=report.meeting)
    grade_all(report, cast, [("good", "好"), ("poor", "差评理由"), ("good", "")])
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    comment_fields = {f.name for f in GradeComment._meta.get_fields()}
    assert ballot_fields == {"id", "report", "grader", "cast_at"}  # who and when, never what
    assert comment_fields == {"id", "report", "text"}  # what, never who or when
    assert all(len(str(c.pk)) == 36 for c in GradeComment.objects.all())  # random keys, no order
    detail = list(AuditLog.objects.filter(action="meetings.report.grade").values_list("detail", flat=True))
    assert len(detail) == 3 and all("grade" not in d and "poor" not in str(d) for d in detail)
    services.grading_close(actor=staff, meeting=report.meeting)
    result = selectors.outcome(actor=cast.secretary_user, report=DutyReport.objects.get(pk=report.pk))
    assert set(vars(result)) == {"good", "fairly_good", "average", "poor", "comments"}


def test_who_may_grade_and_when(tree, staff, cast, report):
    with pytest.raises(ValidationError):  # grading not open yet
        services.duty_report_grade(actor=cast.members[0], report=report, grade="good")
    services.grading_open(actor=staff, meeting=report.meeting)
    for outsider in (cast.secretary_user, cast.outsider, staff):  # the reporter, a stranger, the organiser
        with pytest.raises(NotInScope):
            services.duty_report_grade(actor=outsider, report=report, grade="good")
    services.duty_report_grade(actor=cast.members[0], report=report, grade="good")
    with pytest.raises(ValidationError) as twice:
        services.duty_report_grade(actor=cast.members[0], report=report, grade="poor")
    assert "already graded" in twice.value.message_dict["grade"][0]
    with pytest.raises(ValidationError):
        services.duty_report_grade(actor=cast.members[1], report=report, grade="excellent")
    assert [r.pk for r in selectors.to_grade(actor=cast.members[1])] == [report.pk]
    assert list(selectors.to_grade(actor=cast.members[0])) == []
    services.grading_close(actor=staff, meeting=report.meeting)
    with pytest.raises(ValidationError):
        services.duty_report_grade(actor=cast.members[1], report=report, grade="good")
    assert DutyReport.objects.get(pk=report.pk).good == 1


def test_the_report_is_fixed_once_grading_opens(tree, staff, cast, report):
    services.grading_open(actor=staff, meeting=report.meeting)
    with pytest.raises(ValidationError):
        services.duty_report_submit(actor=cast.secretary_user, report=report, text="改一改")
    with pytest.raises(ValidationError):
        services.duty_reports_add(
            actor=staff, meeting=report.meeting, reporters=[(cast.member_people[0], "委员")]
        )
    with pytest.raises(ValidationError):
        services.grading_open(actor=staff, meeting=report.meeting)
    assert DutyReport.objects.filter(meeting=report.meeting).count() == 1


def test_the_api_gives_the_reporter_tallies_and_no_names(client, tree, staff, cast, report):
    services.grading_open(actor=staff, meeting=report.meeting)
    grade_all(report, cast, [("good", "不错"), ("good", ""), ("fairly_good", "")])
    services.grading_close(actor=staff, meeting=report.meeting)
    client.force_login(cast.secretary_user)
    [mine] = client.get("/api/v1/meetings/duty-reports/mine").json()
    assert mine["outcome"] == {
        "good": 2,
        "fairly_good": 1,
        "average": 0,
        "poor": 0,
        "total": 3,
        "good_rate": 100.0,
        "score": 3.67,
        "overall": "good",
        "comments": ["不错"],
    }
    body = client.get(f"/api/v1/meetings/duty-reports/{report.pk}/outcome").content.decode()
    assert all(user.username not in body for user in cast.members)
    assert all(person.name not in body for person in cast.member_people)

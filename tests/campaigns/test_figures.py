"""Progress figures: reported per day or week by the command posts, totals per post and for
the campaign over any period, and the weekly scheduling meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from lianxin.campaigns.models import FigureReport, Span, Task, TaskSource, WeeklyMeeting
from lianxin.campaigns.services.figures import figures_report, meeting_record
from lianxin.campaigns.services.tasks import TaskInput, task_create
from lianxin.campaigns.totals import figure_table
from lianxin.core.models import AuditLog

D = Decimal


def report(world, who, post, day, span=Span.DAY, **values):
    metrics = {"people": world.people, "waste": world.waste}
    return figures_report(
        actor=who, post=post, span=span, starts_on=day, values={metrics[k]: D(v) for k, v in values.items()}
    )


@pytest.fixture
def reported(world):
    # Post A daily in May and June, post B weekly (Mondays): 2026-05-25 is a Monday, its
    # week ends on Sunday 2026-05-31; 2026-06-01 is the next Monday.
    report(world, world.a_leader, world.post_a, dt.date(2026, 5, 4), people=100, waste=20)
    report(world, world.a_leader, world.post_a, dt.date(2026, 5, 31), people=50)
    report(world, world.a_leader, world.post_a, dt.date(2026, 6, 2), people=30, waste=5)
    report(world, world.b_member, world.post_b, dt.date(2026, 5, 25), Span.WEEK, people=400, waste=60)
    report(world, world.b_member, world.post_b, dt.date(2026, 6, 1), Span.WEEK, people=200)
    return world


def test_totals_per_post_and_for_the_campaign_over_any_period(reported):
    w = reported
    everything = figure_table(campaign=w.campaign)
    assert everything.cell(w.post_a, w.people) == 180 and everything.cell(w.post_b, w.people) == 600
    assert everything.total(w.people) == 780 and everything.total(w.waste) == 85
    assert everything.share_of_target(w.people) == pytest.approx(780 / 9000 * 100)

    may = figure_table(campaign=w.campaign, start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31))
    assert may.total(w.people) == 100 + 50 + 400  # the week of 25–31 May counts in May
    june = figure_table(campaign=w.campaign, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30))
    assert june.total(w.people) == 30 + 200
    assert may.total(w.people) + june.total(w.people) == everything.total(w.people)  # nothing twice

    one_day = figure_table(campaign=w.campaign, start=dt.date(2026, 5, 31), end=dt.date(2026, 5, 31))
    assert one_day.cell(w.post_a, w.people) == 50 and one_day.cell(w.post_b, w.people) == 400
    assert [row[0].name for row in may.rows()] == ["第一指挥部", "第二指挥部"]


def test_reporting_again_corrects_the_figure_and_the_audit_keeps_the_old_value(reported):
    w = reported
    report(w, w.a_leader, w.post_a, dt.date(2026, 5, 4), people=120)
    assert (
        FigureReport.objects.get(post=w.post_a, metric=w.people, starts_on=dt.date(2026, 5, 4)).value == 120
    )
    entry = AuditLog.objects.filter(action="campaigns.figures.report").first()
    assert entry is not None and D(entry.detail["figures"]["组织人力"]["was"]) == 100


def test_a_day_inside_a_reported_week_and_a_week_with_reported_days_are_refused(reported):
    w = reported
    before = FigureReport.objects.count()
    with pytest.raises(ValidationError) as day:
        report(w, w.b_member, w.post_b, dt.date(2026, 5, 27), people=5)
    assert f"metric_{w.people.pk}" in day.value.message_dict
    with pytest.raises(ValidationError):
        report(w, w.a_leader, w.post_a, dt.date(2026, 5, 25), Span.WEEK, people=5)
    assert FigureReport.objects.count() == before


@pytest.mark.parametrize(
    ("day", "span", "field"),
    [
        (dt.date(2026, 5, 27), Span.WEEK, "starts_on"),  # a Wednesday
        (dt.date(2026, 2, 20), Span.DAY, "starts_on"),  # before the campaign
        (dt.date(2026, 6, 11), Span.DAY, "starts_on"),  # tomorrow
    ],
)
def test_periods_are_checked(world, day, span, field):
    with pytest.raises(ValidationError) as refused:
        report(world, world.a_leader, world.post_a, day, span, people=1)
    assert field in refused.value.message_dict
    assert not FigureReport.objects.exists()


def test_negative_or_empty_figures_are_refused(world):
    with pytest.raises(ValidationError):
        report(world, world.a_leader, world.post_a, dt.date(2026, 6, 1), people=-3)
    with pytest.raises(ValidationError) as empty:
        figures_report(
            actor=world.a_leader, post=world.post_a, span=Span.DAY, starts_on=dt.date(2026, 6, 1), values={}
        )
    assert "__all__" in empty.value.message_dict
    assert not FigureReport.objects.exists()


def test_only_the_posts_own_people_and_the_managers_report_figures(world):
    for outsider in (world.inspector, world.leader, world.b_member, world.outsider):
        with pytest.raises(Http404):
            report(world, outsider, world.post_a, dt.date(2026, 6, 1), people=1)
    assert not FigureReport.objects.exists()
    assert AuditLog.objects.filter(action="campaigns.figures.report", outcome="denied").count() == 4
    report(world, world.staff, world.post_a, dt.date(2026, 6, 1), people=1)  # a correction by staff
    assert FigureReport.objects.count() == 1


def test_weekly_meeting_keeps_the_weeks_figures_and_assigns_tasks(reported):
    w = reported
    meeting = meeting_record(
        actor=w.staff,
        campaign=w.campaign,
        week_of=dt.date(2026, 6, 3),
        held_on=dt.date(2026, 6, 8),
        chair="街道书记",
        problems="南片区渣土车未覆盖",
        decisions="第二指挥部三日内整改",
    )
    assert meeting.week_starts_on == dt.date(2026, 6, 1)
    people = next(row for row in meeting.figures if row["metric"] == "组织人力")
    assert D(people["total"]) == 30 + 200 and people["posts"] == {"第一指挥部": "30", "第二指挥部": "200"}
    task = task_create(
        actor=w.staff,
        campaign=w.campaign,
        data=TaskInput(title="渣土车覆盖整改", working_days=3, post=w.post_b),
        meeting=meeting,
    )
    assert task.source == TaskSource.MEETING and list(meeting.tasks.all()) == [task]
    with pytest.raises(ValidationError) as again:
        meeting_record(
            actor=w.staff,
            campaign=w.campaign,
            week_of=dt.date(2026, 6, 5),
            held_on=dt.date(2026, 6, 8),
            problems="再开",
        )
    assert "week_of" in again.value.message_dict
    with pytest.raises(Http404):
        meeting_record(
            actor=w.inspector,
            campaign=w.campaign,
            week_of=dt.date(2026, 5, 25),
            held_on=dt.date(2026, 6, 1),
            problems="x",
        )
    assert WeeklyMeeting.objects.count() == 1 and Task.objects.count() == 1

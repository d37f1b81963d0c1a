"""The demo's 双迎攻坚 of 十八里河街道: 8 command posts covering every grid once, figures that
add up to the page's, months of scores and flags, inspections; safe to build twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import authenticate

from lianxin.campaigns.coverage import coverage
from lianxin.campaigns.models import (
    Campaign,
    FigureReport,
    Finding,
    FlagAward,
    ScoreSheet,
    Task,
    WeeklyMeeting,
)
from lianxin.campaigns.periods import month_end, months_between
from lianxin.campaigns.totals import figure_table
from lianxin.demo.build import build_demo
from lianxin.demo.logins import DEMO_PASSWORD

PAGE = {"组织人力": 9000, "车辆机械": 800, "清除垃圾": 18000, "覆盖防尘网": 600000, "硬化绿化地面": 15000}


@pytest.mark.django_db
def test_the_demo_campaign_shows_the_pages_figures(django_assert_max_num_queries):
    from django.utils import timezone

    build_demo()
    campaign = Campaign.objects.get(node__code="gc-sblh", name="双迎攻坚")
    posts = list(campaign.posts.order_by("sort"))
    assert len(posts) == 8 and all(post.leader_id for post in posts)
    assert coverage(campaign=campaign).is_full
    assert campaign.leading_group.count() == 4

    totals = {metric.name: total for metric, total in figure_table(campaign=campaign).totals()}
    for name, figure in PAGE.items():
        assert figure <= totals[name] < figure * Decimal("1.1"), name  # "9000余人次", "约1.8万立方米" …
    assert FigureReport.objects.filter(span="day").exists() or timezone.localdate().weekday() == 6

    tasks = Task.objects.filter(campaign=campaign)
    assert tasks.filter(parent__isnull=True, source="plan").count() == 4
    assert tasks.filter(status="done").exists() and tasks.filter(status="doing").exists()
    assert tasks.filter(parent__parent__isnull=False).count() == 3  # a third level
    assert WeeklyMeeting.objects.filter(campaign=campaign).count() == 6

    today = timezone.localdate()
    months = months_between(campaign.starts_on, today)
    assert len(months) == 5
    ended = [m for m in months if month_end(m) <= today]
    assert ScoreSheet.objects.filter(campaign=campaign).count() == len(months) * (8 + 5)
    assert FlagAward.objects.filter(campaign=campaign).count() == 4 * len(ended)
    assert FlagAward.objects.filter(
        campaign=campaign, colour="red", subject="village", reward=30000
    ).count() == len(ended)

    findings = Finding.objects.filter(campaign=campaign)
    assert findings.count() == 16
    assert findings.filter(case__isnull=False).count() == 4
    assert findings.filter(status="passed").exists() and findings.filter(status="rectifying").exists()
    assert findings.filter(reinspections__passed=False).exists()

    for username in ("sblh_leader", "sblh_staff", "post_leader"):
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username

    count = sum(m.objects.count() for m in (Task, FigureReport, ScoreSheet, FlagAward, Finding))
    assert build_demo().created["campaign records"] == 0
    assert sum(m.objects.count() for m in (Task, FigureReport, ScoreSheet, FlagAward, Finding)) == count

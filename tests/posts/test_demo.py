"""The demo's posts for 城东路街道, read through the figures: 20 service posts, 454 in-service
party members reported, 1,500+ confirmed services in the last twelve months; a second run
writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lianxin.demo.posts import build_posts
from lianxin.orgs.models import OrgNode
from lianxin.people.models import User
from lianxin.posts import employer, ledger
from lianxin.posts.models import DutyServed, ListVersion, Report, State
from lianxin.reports import selectors as figures
from lianxin.reports.periods import Period
from lianxin.reports.registry import registry


@pytest.fixture(scope="module")
def demo(built_demo, django_db_blocker):  # type: ignore[no-untyped-def]
    """(rows the demo build created, rows a second build creates)."""
    with django_db_blocker.unblock():
        return built_demo.created["posts and in-service records"], build_posts(
            User.objects.get(username="admin")
        )


@pytest.mark.django_db
def test_the_demo_is_built_once_and_the_second_run_creates_nothing(demo):
    first, second = demo
    assert first > 3000 and second == 0


@pytest.mark.django_db
def test_the_figures_of_the_page_20_posts_454_reported_and_1500_services(demo):
    cdl = OrgNode.objects.get(code="gc-cdl")
    today = timezone.localdate()
    year = Period(today - dt.timedelta(days=365), today)
    value: dict[str, Any] = {
        key: figures.value(registry.figures[key], cdl, year)
        for key in registry.figures
        if key.startswith("posts.")
    }
    assert value["posts.posts"] == 20
    assert value["posts.reported_members"] == 454
    assert value["posts.services"] >= 1500
    assert value["posts.service_hours"] > value["posts.services"]


@pytest.mark.django_db
def test_lists_pending_work_the_employer_and_the_demo_member(demo):
    c01 = OrgNode.objects.get(code="gc-cdl-c01")
    assert list(ListVersion.objects.filter(community=c01).values_list("number", flat=True)) == [2, 1]
    assert Report.objects.filter(state=State.PENDING).count() >= 5
    liaison = User.objects.get(username="unit_liaison")
    assert employer.receipts(actor=liaison).count() > 10
    assert employer.unreported(actor=liaison).exists()
    member = User.objects.get(username="party_member").person
    report = Report.objects.get(person=member, state=State.CONFIRMED)
    assert report.services.filter(state=State.CONFIRMED).exists()
    book = ledger.ledger_of(person_id=member.pk, year=timezone.localdate().year)
    assert book.total > 0


@pytest.mark.django_db
def test_the_rosters_have_eight_weeks_of_duties_served_priced_in_the_ledger(demo):
    today = timezone.localdate()
    duties = DutyServed.objects.filter(on__gte=today - dt.timedelta(weeks=8))
    assert duties.values("post_id").distinct().count() == 20
    assert duties.count() > 200 and not duties.filter(on__gte=today).exists()
    duty = duties.first()
    assert duty is not None
    book = ledger.ledger_of(person_id=duty.person_id, year=duty.on.year)
    assert f"posts.dutyserved:{duty.pk}" in {e.record for e in book.entries if e.key == "posts.duty"}

"""The demo's online learning for 城东路街道: what the issue asks the demo to show."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.urls import reverse

from lianxin.demo.learning import FIRE, PARTY, build_learning
from lianxin.learning import selectors
from lianxin.learning.models import Course, CourseProgress, LessonProgress, QuizAttempt, StudyCredit
from lianxin.people.models import Person, User
from lianxin.reports.periods import year


@pytest.fixture(scope="module")
def demo(built_demo, django_db_blocker):  # type: ignore[no-untyped-def]
    """(rows the demo build created, rows a second build creates)."""
    with django_db_blocker.unblock():
        admin = User.objects.get(username="admin")
        return built_demo.created["learning records"], build_learning(admin)


@pytest.mark.django_db
def test_a_second_build_creates_nothing(demo):  # type: ignore[no-untyped-def]
    first, second = demo
    assert first > 50 and second == 0


@pytest.mark.django_db
def test_two_courses_with_lessons_a_quiz_a_pdf_and_a_link(demo):  # type: ignore[no-untyped-def]
    party, fire = Course.objects.get(title=PARTY), Course.objects.get(title=FIRE)
    assert party.node.code == fire.node.code == "gc-cdl" and party.is_published and fire.is_published
    assert (
        party.lessons.filter(kind="text").count() == 4
        and party.questions.count() == 5
        and party.pass_mark == 60
    )
    assert set(fire.lessons.values_list("kind", flat=True)) == {"text", "pdf", "link"}
    pdf = fire.lessons.get(kind="pdf")
    assert pdf.file.open("rb").read(5) == b"%PDF-"


@pytest.mark.django_db
def test_learners_at_every_stage_and_the_invariants_hold(demo):  # type: ignore[no-untyped-def]
    party = Course.objects.get(title=PARTY)
    rows = CourseProgress.objects.filter(course=party)
    assert rows.filter(completed_at__isnull=False).count() >= 5
    assert rows.filter(completed_at__isnull=True).count() >= 5
    members = Person.objects.filter(node__path__startswith=party.node.path, is_party_member=True).count()
    assert members > rows.count()  # some not started
    for progress in LessonProgress.objects.all():
        credited = StudyCredit.objects.filter(lesson=progress.lesson, person=progress.person).aggregate(
            s=Sum("seconds")
        )
        assert credited["s"] == progress.credited_seconds
    for done in rows.filter(completed_at__isnull=False):
        assert done.passed_at is not None
        assert QuizAttempt.objects.filter(course=party, person=done.person, passed=True).exists()
        assert (
            LessonProgress.objects.filter(
                person=done.person, lesson__course=party, completed_at__isnull=False
            ).count()
            == 4
        )


@pytest.mark.django_db
def test_the_party_member_login_is_half_way_and_sees_the_leaderboard(demo, client):  # type: ignore[no-untyped-def]
    user = User.objects.get(username="party_member")
    party = Course.objects.get(title=PARTY)
    mine = CourseProgress.objects.get(course=party, person__user=user)
    assert mine.completed_at is None
    done = LessonProgress.objects.filter(
        person__user=user, lesson__course=party, completed_at__isnull=False
    ).count()
    assert done == 2
    places = selectors.leaderboard(person=user.person, period=year(mine.created_at.year))
    assert 2 <= len(places) < 10 and any(p.is_me for p in places)
    client.force_login(user)
    page = client.get(reverse("learning:app-course", args=[party.pk])).content.decode()
    assert page.count("data-lesson=") == 4

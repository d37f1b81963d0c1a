"""The learning figures: study hours, lessons and courses completed, learners, with drill-down."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianxin.learning.models import CourseProgress, LessonProgress, StudyCredit
from lianxin.reports import selectors as figures
from lianxin.reports.periods import month
from lianxin.reports.registry import registry
from tests.learning.conftest import World

pytestmark = pytest.mark.django_db
NOV = timezone.make_aware(dt.datetime(2026, 11, 10, 10))


def test_the_figures_count_the_area_and_the_period(world: World, staff) -> None:  # type: ignore[no-untyped-def]
    StudyCredit.objects.create(lesson=world.text, person=world.member, at=NOV, seconds=5400)
    StudyCredit.objects.create(lesson=world.text, person=world.resident, at=NOV, seconds=1800)
    StudyCredit.objects.create(lesson=world.text, person=world.outsider, at=NOV, seconds=3600)  # 东二
    StudyCredit.objects.create(
        lesson=world.text, person=world.member, at=NOV - dt.timedelta(days=60), seconds=3600
    )
    LessonProgress.objects.create(
        lesson=world.text, person=world.member, credited_seconds=60, completed_at=NOV
    )
    LessonProgress.objects.create(lesson=world.video, person=world.member, credited_seconds=10)
    done = CourseProgress.objects.create(course=world.course, person=world.member, completed_at=NOV)
    CourseProgress.objects.filter(pk=done.pk).update(created_at=NOV)
    nov = month(2026, 11)
    values = {
        key: figures.value(registry.figures[key], world.tree.community, nov)
        for key in (
            "learning.study_hours",
            "learning.lessons_completed",
            "learning.courses_completed",
            "learning.learners",
        )
    }
    assert values == {
        "learning.study_hours": pytest.approx(2.0),
        "learning.lessons_completed": 1,
        "learning.courses_completed": 1,
        "learning.learners": 1,
    }
    assert figures.value(registry.figures["learning.study_hours"], world.tree.east, nov) == pytest.approx(3.0)
    rows = figures.records(
        actor=staff, figure=registry.figures["learning.study_hours"], node=world.tree.community, period=nov
    )
    assert sorted(r.person.name for r in rows) == ["张党员", "王居民"]
    ranked = figures.by_child(registry.figures["learning.study_hours"], world.tree.east, nov)
    assert [(area.name, pytest.approx(v)) for area, v in ranked] == [("东一社区", 2.0), ("东二社区", 1.0)]

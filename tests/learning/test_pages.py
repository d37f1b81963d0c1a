"""The learning pages: what each shows, forms that show their errors, list pages with a fixed
number of queries, and the Excel exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lianxin.learning.models import Course, CourseProgress, Learner, LessonKind, LessonProgress, StudyCredit
from tests.factories import PersonFactory
from tests.learning.conftest import World, lesson

pytestmark = pytest.mark.django_db


def english(client):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "en"


def more_courses(world: World, n: int) -> None:
    for _ in range(n):
        title = f"课程{Course.objects.count()}"
        course = Course.objects.create(node=world.tree.community, title=title, is_published=True)
        lesson(course, 1, LessonKind.TEXT, body="<p>x</p>")
        CourseProgress.objects.create(course=course, person=world.member)


def test_my_courses_show_progress_in_a_fixed_number_of_queries(
    client, world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.member_user)
    english(client)
    LessonProgress.objects.create(lesson=world.text, person=world.member, completed_at=timezone.now())
    more_courses(world, 2)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("learning:app-courses")).content.decode()
    more_courses(world, 5)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("learning:app-courses")).content.decode()
    assert first.count("data-course=") == 3 and page.count("data-course=") == 8
    assert "1 of 3 lessons" in page


def test_the_staff_course_list_and_progress_table_in_fixed_queries(
    client, world: World, worker, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(worker)
    more_courses(world, 3)
    for _ in range(5):
        CourseProgress.objects.create(course=world.course, person=PersonFactory.create(node=world.tree.grid))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("learning:courses")).content.decode()
    assert page.count("data-course=") == 4
    with django_assert_max_num_queries(14):
        page = client.get(reverse("learning:progress", args=[world.course.pk])).content.decode()
    assert page.count("data-learner=") == 5


def test_the_lesson_page_carries_the_study_timer_without_inline_script(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.member_user)
    english(client)
    page = client.get(reverse("learning:app-lesson", args=[world.text.pk])).content.decode()
    assert 'id="study"' in page and f"/api/v1/learning/lessons/{world.text.pk}/heartbeat" in page
    assert "learning/study.js" in page and "<p>总纲</p>" in page
    assert "onclick" not in page and "<script>" not in page
    page = client.get(reverse("learning:app-lesson", args=[world.video.pk])).content.decode()
    assert "<video" in page and reverse("learning:lesson-file", args=[world.video.pk]) in page


def test_the_quiz_page_scores_and_shows_the_result(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.member_user)
    english(client)
    url = reverse("learning:app-quiz", args=[world.course.pk])
    response = client.post(
        url, {f"q{world.single.pk}": "0", f"q{world.multiple.pk}": ["0", "1"]}, follow=True
    )
    assert "You scored 100% and passed." in response.content.decode()
    assert CourseProgress.objects.get(person=world.member).best_score == 100


def test_the_leaderboard_switch(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.member_user)
    StudyCredit.objects.create(lesson=world.text, person=world.member, at=timezone.now(), seconds=600)
    page = client.get(reverse("learning:app-leaderboard")).content.decode()
    assert "data-place=" not in page
    client.post(reverse("learning:app-leaderboard"), {"opt_in": "on"})
    assert Learner.objects.get(person=world.member).leaderboard_opt_in
    page = client.get(reverse("learning:app-leaderboard")).content.decode()
    assert "张党员" in page and page.count("data-place=") == 1
    client.post(reverse("learning:app-leaderboard"), {})
    assert not Learner.objects.get(person=world.member).leaderboard_opt_in


def test_the_editor_shows_field_errors_and_writes_nothing(client, world: World, worker) -> None:  # type: ignore[no-untyped-def]
    client.force_login(worker)
    english(client)
    url = reverse("learning:course", args=[world.course.pk])
    response = client.post(url, {"form": "lesson", "title": "链接", "kind": "link", "required_minutes": "1"})
    assert response.status_code == 200
    assert "Give a web address starting with http:// or https://." in response.content.decode()
    response = client.post(
        url, {"form": "question", "q-text": "问", "q-choices": "只有一个", "q-correct": "1"}
    )
    assert "Give at least two choices." in response.content.decode()
    assert world.course.lessons.count() == 3 and world.course.questions.count() == 2


def test_my_study_hours(client, world: World) -> None:  # type: ignore[no-untyped-def]
    StudyCredit.objects.create(lesson=world.text, person=world.member, at=timezone.now(), seconds=1200)
    client.force_login(world.member_user)
    page = client.get(reverse("learning:app-hours")).content.decode()
    assert 'id="hours-total">20<' in page and "党章学习" in page


def test_exports_to_excel(client, world: World, staff) -> None:  # type: ignore[no-untyped-def]
    CourseProgress.objects.create(course=world.course, person=world.member, best_score=80)
    StudyCredit.objects.create(lesson=world.text, person=world.member, at=timezone.now(), seconds=7200)
    LessonProgress.objects.create(
        lesson=world.text, person=world.member, credited_seconds=7200, completed_at=timezone.now()
    )
    client.force_login(staff)
    book = load_workbook(
        io.BytesIO(client.get(reverse("learning:progress-export", args=[world.course.pk])).content)
    )
    rows = list(book.active.values)  # type: ignore[union-attr]
    assert rows[1][:5] == ("张党员", "东一社区第一党支部", "1/3", 120, 80)
    month = f"{timezone.localdate():%Y-%m}"
    response = client.get(reverse("learning:branch-hours-export") + f"?period={month}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)  # type: ignore[union-attr]
    assert rows[1] == ("东一社区第一党支部", 1, 2.0)
    page = client.get(reverse("learning:branch-hours") + f"?period={month}").content.decode()
    assert f'data-branch="{world.branch.pk}"' in page
    assert client.get(reverse("learning:branch-hours") + "?period=bad").status_code == 200


def test_a_new_course_from_the_workbench(client, world: World, worker) -> None:  # type: ignore[no-untyped-def]
    client.force_login(worker)
    response = client.post(
        reverse("learning:course-add"),
        {"node": world.tree.community.pk, "title": "消防安全知识", "audience": "everyone", "pass_mark": 60},
    )
    course = Course.objects.get(title="消防安全知识")
    assert response["Location"] == reverse("learning:course", args=[course.pk])
    assert not course.is_published and course.created_at <= timezone.now() + dt.timedelta(seconds=1)

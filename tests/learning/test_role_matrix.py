"""Every learning endpoint × every role: staff pages and API by capability on the course's area,
learners' pages and API by the course's audience (each user here is a party member of 东一);
outside the subtree the answer is 404, and a refused write changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from lianxin.core.roles import Cap, Role
from lianxin.learning.models import (
    Course,
    CourseProgress,
    Learner,
    Lesson,
    LessonKind,
    LessonProgress,
    Question,
    QuizAttempt,
)
from tests.factories import PersonFactory, UserFactory, grant
from tests.learning.conftest import lesson
from tests.matrix import Endpoint, endpoint_problems, outside_problems

WB, VIEW, MANAGE = Cap.WORKBENCH, Cap.LEARNING_VIEW, Cap.LEARNING_MANAGE
STAFF_VIEW, STAFF_MANAGE = ((WB, VIEW),), ((WB, MANAGE),)


@dataclass
class World:
    community: Any
    course: Course
    text: Lesson
    spare: Lesson
    unstudied: Lesson
    question: Question
    outside: Course
    outside_lesson: Lesson


def course_url(name: str) -> Any:
    return lambda w: reverse(f"learning:{name}", args=[w.course.pk])


def lesson_url(name: str, which: str = "text") -> Any:
    return lambda w: reverse(f"learning:{name}", args=[getattr(w, which).pk])


LESSON = {"title": "新课", "kind": "text", "required_minutes": "1", "body": "<p>新</p>"}
ENDPOINTS = [
    Endpoint("courses", "GET", lambda w: reverse("learning:courses"), STAFF_VIEW),
    Endpoint("course add form", "GET", lambda w: reverse("learning:course-add"), STAFF_MANAGE),
    Endpoint(
        "course add",
        "POST",
        lambda w: reverse("learning:course-add"),
        STAFF_MANAGE,
        body=lambda w: {"node": w.community.pk, "title": "新课程", "audience": "everyone", "pass_mark": 60},
        writes=True,
        ok=302,
    ),
    Endpoint("course", "GET", course_url("course"), STAFF_VIEW),
    Endpoint(
        "lesson add",
        "POST",
        course_url("course"),
        STAFF_MANAGE,
        body=lambda w: {"form": "lesson", **LESSON},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "question add",
        "POST",
        course_url("course"),
        STAFF_MANAGE,
        body=lambda w: {"form": "question", "q-text": "问", "q-choices": "甲\n乙", "q-correct": "1"},
        writes=True,
        ok=302,
    ),
    Endpoint("course edit form", "GET", course_url("course-edit"), STAFF_MANAGE),
    Endpoint(
        "course edit",
        "POST",
        course_url("course-edit"),
        STAFF_MANAGE,
        body=lambda w: {"title": "改名", "audience": "everyone", "pass_mark": 70, "is_published": "on"},
        writes=True,
        ok=302,
    ),
    Endpoint("lesson edit form", "GET", lesson_url("lesson-edit"), STAFF_MANAGE),
    Endpoint(
        "lesson edit",
        "POST",
        lesson_url("lesson-edit"),
        STAFF_MANAGE,
        body=lambda w: {**LESSON, "title": "改课"},
        writes=True,
        ok=302,
    ),
    Endpoint("progress", "GET", course_url("progress"), STAFF_VIEW),
    Endpoint("progress export", "GET", course_url("progress-export"), STAFF_VIEW),
    Endpoint("branch hours", "GET", lambda w: reverse("learning:branch-hours"), STAFF_VIEW),
    Endpoint("branch hours export", "GET", lambda w: reverse("learning:branch-hours-export"), STAFF_VIEW),
    Endpoint("app courses", "GET", lambda w: reverse("learning:app-courses"), ()),
    Endpoint("app course", "GET", course_url("app-course"), ()),
    Endpoint("app lesson", "GET", lesson_url("app-lesson"), ()),
    Endpoint("lesson file", "GET", lesson_url("lesson-file", "spare"), ()),
    Endpoint("app quiz", "GET", course_url("app-quiz"), ()),
    Endpoint(
        "app quiz submit",
        "POST",
        course_url("app-quiz"),
        (),
        body=lambda w: {f"q{w.question.pk}": "0"},
        writes=True,
        ok=302,
    ),
    Endpoint("app hours", "GET", lambda w: reverse("learning:app-hours"), ()),
    Endpoint("app leaderboard", "GET", lambda w: reverse("learning:app-leaderboard"), ()),
    Endpoint(
        "app opt in",
        "POST",
        lambda w: reverse("learning:app-leaderboard"),
        (),
        body=lambda w: {"opt_in": "on"},
        writes=True,
        ok=302,
    ),
    Endpoint("api courses", "GET", lambda w: "/api/v1/learning/courses", (), api=True),
    Endpoint("api course", "GET", lambda w: f"/api/v1/learning/courses/{w.course.pk}", (), api=True),
    Endpoint(
        "api heartbeat",
        "POST",
        lambda w: f"/api/v1/learning/lessons/{w.spare.pk}/heartbeat",
        (),
        body=lambda w: {"visible": True},
        api=True,
        writes=True,
    ),
    Endpoint("api quiz", "GET", lambda w: f"/api/v1/learning/courses/{w.course.pk}/quiz", (), api=True),
    Endpoint(
        "api quiz submit",
        "POST",
        lambda w: f"/api/v1/learning/courses/{w.course.pk}/quiz",
        (),
        body=lambda w: {"answers": {str(w.question.pk): [0]}},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint("api my hours", "GET", lambda w: "/api/v1/learning/me/hours", (), api=True),
    Endpoint("api leaderboard", "GET", lambda w: "/api/v1/learning/leaderboard", (), api=True),
    Endpoint(
        "api opt in",
        "POST",
        lambda w: "/api/v1/learning/me/leaderboard",
        (),
        body=lambda w: {"opt_in": False},
        api=True,
        writes=True,
    ),
    Endpoint("api manage courses", "GET", lambda w: "/api/v1/learning/manage/courses", ((VIEW,),), api=True),
    Endpoint(
        "api course create",
        "POST",
        lambda w: "/api/v1/learning/manage/courses",
        ((MANAGE,),),
        body=lambda w: {"node_id": w.community.pk, "title": "接口课程"},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api lesson add",
        "POST",
        lambda w: f"/api/v1/learning/manage/courses/{w.course.pk}/lessons",
        ((MANAGE,),),
        body=lambda w: {
            "title": "接口课",
            "kind": "link",
            "required_seconds": 60,
            "url": "https://www.12371.cn/",
        },
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api question add",
        "POST",
        lambda w: f"/api/v1/learning/manage/courses/{w.course.pk}/questions",
        ((MANAGE,),),
        body=lambda w: {"text": "问", "choices": ["甲", "乙"], "correct": [1]},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api progress",
        "GET",
        lambda w: f"/api/v1/learning/manage/courses/{w.course.pk}/progress",
        ((VIEW,),),
        api=True,
    ),
    Endpoint(
        "api branch hours",
        "GET",
        lambda w: f"/api/v1/learning/manage/branch-hours?node_id={w.community.pk}",
        ((VIEW,),),
        api=True,
    ),
    Endpoint(
        "lesson remove", "POST", lesson_url("lesson-remove", "unstudied"), STAFF_MANAGE, writes=True, ok=302
    ),
    Endpoint(
        "question remove",
        "POST",
        lambda w: reverse("learning:question-remove", args=[w.question.pk]),
        STAFF_MANAGE,
        writes=True,
        ok=302,
    ),
]


def make_world(tree: Any) -> World:
    course = Course.objects.create(node=tree.community, title="党章学习", is_published=True)
    outside = Course.objects.create(node=tree.other_community, title="东二课程", is_published=True)
    return World(
        community=tree.community,
        course=course,
        text=lesson(course, 1, LessonKind.TEXT, body="<p>一</p>"),
        spare=lesson(course, 2, LessonKind.AUDIO),
        unstudied=lesson(course, 3, LessonKind.LINK, url="https://www.12371.cn/"),
        question=Question.objects.create(
            course=course, position=1, text="问", choices=["甲", "乙"], correct=[0]
        ),
        outside=outside,
        outside_lesson=lesson(outside, 1, LessonKind.VIDEO),
    )


def snapshot() -> tuple:
    return (
        tuple(Course.objects.order_by("pk").values_list("pk", "title", "pass_mark", "is_published")),
        tuple(Lesson.objects.order_by("pk").values_list("pk", "title", "body")),
        tuple(Question.objects.order_by("pk").values_list("pk", "text")),
        tuple(LessonProgress.objects.order_by("pk").values_list("pk", "credited_seconds", "last_beat_at")),
        tuple(CourseProgress.objects.order_by("pk").values_list("pk", "best_score")),
        tuple(Learner.objects.order_by("pk").values_list("pk", "leaderboard_opt_in")),
        QuizAttempt.objects.count(),
    )


def signed_in(client: Any, tree: Any, role: str) -> World:
    user = UserFactory.create()
    grant(user, role, tree.community)
    PersonFactory.create(node=tree.building, user=user, is_party_member=True)
    client.force_login(user)
    return make_world(tree)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_a_role_granted_on_a_community(client, tree, role):  # type: ignore[no-untyped-def]
    world = signed_in(client, tree, role)
    wrong = endpoint_problems(client, world, role, ENDPOINTS, snapshot)
    assert wrong == [], "\n".join(wrong)


OUTSIDE = [
    ("course", lambda w: reverse("learning:course", args=[w.outside.pk]), "GET", None),
    (
        "lesson add",
        lambda w: reverse("learning:course", args=[w.outside.pk]),
        "POST",
        {"form": "lesson", **LESSON},
    ),
    (
        "course edit",
        lambda w: reverse("learning:course-edit", args=[w.outside.pk]),
        "POST",
        {"title": "越界"},
    ),
    ("lesson edit", lambda w: reverse("learning:lesson-edit", args=[w.outside_lesson.pk]), "POST", LESSON),
    ("progress", lambda w: reverse("learning:progress", args=[w.outside.pk]), "GET", None),
    ("app course", lambda w: reverse("learning:app-course", args=[w.outside.pk]), "GET", None),
    ("app lesson", lambda w: reverse("learning:app-lesson", args=[w.outside_lesson.pk]), "GET", None),
    ("lesson file", lambda w: reverse("learning:lesson-file", args=[w.outside_lesson.pk]), "GET", None),
    ("app quiz", lambda w: reverse("learning:app-quiz", args=[w.outside.pk]), "POST", {}),
    ("api course", lambda w: f"/api/v1/learning/courses/{w.outside.pk}", "GET", None),
    ("api progress", lambda w: f"/api/v1/learning/manage/courses/{w.outside.pk}/progress", "GET", None),
]


@pytest.mark.parametrize("role", Role.values)
def test_records_outside_the_subtree_answer_404_and_change_nothing(client, tree, role):  # type: ignore[no-untyped-def]
    world = signed_in(client, tree, role)
    wrong = outside_problems(client, world, OUTSIDE, snapshot)
    assert wrong == [], "\n".join(wrong)


def test_anonymous_visitors_are_sent_to_log_in_or_get_401(client, tree):  # type: ignore[no-untyped-def]
    world = make_world(tree)
    for endpoint in ENDPOINTS:
        response = endpoint.call(client, world)
        if endpoint.api:
            assert response.status_code == 401, endpoint.name
        else:
            assert response.status_code == 302, endpoint.name
            assert response["Location"].startswith(reverse("login"))

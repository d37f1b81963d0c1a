"""The learning API: heartbeats, quizzes, errors as {code, message, errors}."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from lianxin.learning.models import LessonProgress, QuizAttempt
from tests.learning.conftest import World

pytestmark = pytest.mark.django_db
T0 = timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))


def post(client, url: str, data: dict):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


def test_heartbeats_over_the_api(client, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LEARNING_HEARTBEAT_SECONDS = 15
    client.force_login(world.member_user)
    url = f"/api/v1/learning/lessons/{world.text.pk}/heartbeat"
    for seconds, credited in ((0, 0), (15, 15), (30, 30), (600, 30)):
        with time_machine.travel(T0 + dt.timedelta(seconds=seconds), tick=False):
            body = post(client, url, {"visible": True}).json()
        assert body["credited_seconds"] == credited
    assert body == {"credited_seconds": 30, "required_seconds": 60, "completed": False, "interval": 15}


def test_a_heartbeat_outside_the_audience_is_404_and_writes_nothing(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.outsider_user)
    response = post(client, f"/api/v1/learning/lessons/{world.text.pk}/heartbeat", {"visible": True})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert not LessonProgress.objects.exists()


def test_quiz_over_the_api(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.member_user)
    questions = client.get(f"/api/v1/learning/courses/{world.course.pk}/quiz").json()
    assert [q["text"] for q in questions] == ["党的最高理想?", "四个意识?"]
    assert "correct" not in questions[0]
    url = f"/api/v1/learning/courses/{world.course.pk}/quiz"
    response = post(client, url, {"answers": {str(world.single.pk): [0], str(world.multiple.pk): [0]}})
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {"id": 0, "score": 50, "passed": False, "course_completed": False}
    response = post(client, url, {"answers": {str(world.single.pk): [0, 1]}})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and f"q{world.single.pk}" in response.json()["errors"]
    assert QuizAttempt.objects.count() == 1


def test_my_course_lists_lessons_with_my_progress(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.member_user)
    LessonProgress.objects.create(
        lesson=world.text, person=world.member, credited_seconds=60, completed_at=T0
    )
    body = client.get(f"/api/v1/learning/courses/{world.course.pk}").json()
    assert body["lessons_done"] == 1 and body["has_quiz"] is True
    assert [(x["kind"], x["credited_seconds"]) for x in body["lesson_list"]] == [
        ("text", 60),
        ("video", 0),
        ("link", 0),
    ]
    assert body["lesson_list"][1]["file_url"] == f"/app/learning/lessons/{world.video.pk}/file/"
    courses = client.get("/api/v1/learning/courses").json()
    assert [(c["title"], c["lessons"], c["lessons_done"]) for c in courses] == [("党章学习", 3, 1)]


def test_staff_write_a_course_over_the_api(client, world: World, worker) -> None:  # type: ignore[no-untyped-def]
    client.force_login(worker)
    response = post(
        client, "/api/v1/learning/manage/courses", {"node_id": world.tree.community.pk, "title": "党章学习"}
    )
    assert response.status_code == 400 and "title" in response.json()["errors"]
    response = post(
        client,
        f"/api/v1/learning/manage/courses/{world.course.pk}/lessons",
        {"title": "文", "kind": "text", "required_seconds": 60, "body": "<p onclick='x'>文</p>"},
    )
    assert response.status_code == 201 and response.json()["body"] == "<p>文</p>"

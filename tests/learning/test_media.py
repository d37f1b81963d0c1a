"""Lesson files are served only to learners in the course's audience (and staff who see the
course), with HTTP Range support for seeking."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lianxin.learning.models import Course, LessonKind
from tests.learning.conftest import World, lesson

pytestmark = pytest.mark.django_db
DATA = bytes(range(256)) * 4


def read(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


def test_a_learner_in_the_audience_gets_the_whole_file(client: Client, world: World) -> None:
    client.force_login(world.member_user)
    response = client.get(reverse("learning:lesson-file", args=[world.video.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4" and response["Accept-Ranges"] == "bytes"
    assert read(response) == DATA


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=1000-5000", 1000, 1023),
    ],
)
def test_a_range_is_served_as_partial_content(
    client: Client, world: World, header: str, first: int, last: int
) -> None:
    client.force_login(world.member_user)
    response = client.get(reverse("learning:lesson-file", args=[world.video.pk]), headers={"Range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/1024"
    assert response["Content-Length"] == str(last - first + 1)
    assert read(response) == DATA[first : last + 1]


def test_an_unsatisfiable_range_is_416(client: Client, world: World) -> None:
    client.force_login(world.member_user)
    response = client.get(
        reverse("learning:lesson-file", args=[world.video.pk]), headers={"Range": "bytes=5000-"}
    )
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


def test_outside_the_audience_the_file_is_404(client: Client, world: World, members_course: Course) -> None:
    url = reverse("learning:lesson-file", args=[world.video.pk])
    assert client.get(url).status_code == 302  # log in first
    client.force_login(world.outsider_user)
    assert client.get(url).status_code == 404
    members_pdf = lesson(members_course, 2, LessonKind.PDF)
    client.force_login(world.resident_user)
    assert client.get(reverse("learning:lesson-file", args=[members_pdf.pk])).status_code == 404
    client.force_login(world.member_user)
    assert client.get(reverse("learning:lesson-file", args=[members_pdf.pk])).status_code == 200


def test_a_draft_course_is_not_served_to_learners_but_to_staff(client: Client, world: World, worker) -> None:  # type: ignore[no-untyped-def]
    Course.objects.filter(pk=world.course.pk).update(is_published=False)
    url = reverse("learning:lesson-file", args=[world.video.pk])
    client.force_login(world.member_user)
    assert client.get(url).status_code == 404
    client.force_login(worker)
    assert client.get(url).status_code == 200

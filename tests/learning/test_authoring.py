"""Writing courses: lessons are sanitised, files must match their kind, quiz questions validated."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lianxin.core.models import AuditLog
from lianxin.core.permissions import NotInScope
from lianxin.learning import services
from lianxin.learning.models import Course, Lesson
from lianxin.learning.sanitise import clean_html
from lianxin.learning.study import study_heartbeat
from tests.learning.conftest import World

pytestmark = pytest.mark.django_db


def test_rich_text_is_sanitised() -> None:
    dirty = (
        '<p onclick="steal()">党章<script>alert(1)</script></p><a href="javascript:alert(1)">x</a>'
        '<img src=x onerror=alert(1)><style>p{}</style><a href="https://www.12371.cn/">共产党员网</a>'
    )
    clean = clean_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "<img" not in clean and "<style" not in clean
    assert "<p>党章</p>" in clean
    assert 'href="https://www.12371.cn/"' in clean and "noopener" in clean


def test_a_text_lesson_is_stored_sanitised(world: World, staff) -> None:  # type: ignore[no-untyped-def]
    data = services.LessonInput(
        title="第四课", kind="text", required_seconds=60, body="<h2>标题</h2><script>x()</script>"
    )
    lesson = services.lesson_add(actor=staff, course=world.course, data=data)
    assert lesson.body == "<h2>标题</h2>"
    assert lesson.position == 4


def test_a_file_must_match_the_kind(world: World, staff) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    data = services.LessonInput(title="视频", kind="video", required_seconds=60, file=upload)
    with pytest.raises(ValidationError) as caught:
        services.lesson_add(actor=staff, course=world.course, data=data)
    assert "file" in caught.value.message_dict
    pdf = SimpleUploadedFile("fire.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    lesson = services.lesson_add(
        actor=staff,
        course=world.course,
        data=services.LessonInput(title="PDF", kind="pdf", required_seconds=60, file=pdf),
    )
    assert lesson.content_type == "application/pdf" and lesson.file


def test_bad_course_and_question_input_writes_nothing(world: World, staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.course_create(
            actor=staff, node=world.tree.community, data=services.CourseInput(title="党章学习", pass_mark=0)
        )
    assert set(caught.value.message_dict) == {"title", "pass_mark"}
    with pytest.raises(ValidationError):
        services.question_add(
            actor=staff,
            course=world.course,
            data=services.QuestionInput(text="?", choices=["a"], correct=[0]),
        )
    with pytest.raises(ValidationError):
        services.question_add(
            actor=staff,
            course=world.course,
            data=services.QuestionInput(text="?", choices=["a", "b"], correct=[3]),
        )
    assert Course.objects.count() == 1 and world.course.questions.count() == 2


def test_out_of_scope_writes_are_404_and_audited(world: World, tree) -> None:  # type: ignore[no-untyped-def]
    from lianxin.core.roles import Role
    from tests.factories import UserFactory, grant

    west = UserFactory.create()
    grant(west, Role.SUBDISTRICT_STAFF, tree.west)
    with pytest.raises(NotInScope):
        services.course_update(actor=west, course=world.course, data=services.CourseInput(title="改"))
    assert Course.objects.get().title == "党章学习"
    assert AuditLog.objects.filter(action="learning.course.update", outcome="denied").exists()


def test_a_studied_lesson_cannot_be_removed(world: World, staff) -> None:  # type: ignore[no-untyped-def]
    study_heartbeat(actor=world.member_user, lesson=world.text)
    with pytest.raises(ValidationError):
        services.lesson_remove(actor=staff, lesson=world.text)
    services.lesson_remove(actor=staff, lesson=world.link)
    assert list(Lesson.objects.values_list("title", flat=True).order_by("position")) == ["第1课", "第2课"]


def test_publishing_needs_a_lesson(world: World, staff) -> None:  # type: ignore[no-untyped-def]
    empty = services.course_create(
        actor=staff, node=world.tree.community, data=services.CourseInput(title="空课")
    )
    with pytest.raises(ValidationError):
        services.course_update(
            actor=staff, course=empty, data=services.CourseInput(title="空课", is_published=True)
        )

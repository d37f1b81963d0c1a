"""Writes of course authors (staff with the learning.manage capability): courses, their lessons
and files, and quiz questions. Each checks permission first, validates fully, then writes in one
transaction with an audit row. The learners' own writes are in ``study.py``."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.learning.models import Audience, Course, Lesson, LessonKind, Question
from lianxin.learning.sanitise import clean_html
from lianxin.orgs.models import OrgNode

FILE_TYPES = {
    LessonKind.PDF: ("application/pdf",),
    LessonKind.AUDIO: ("audio/",),
    LessonKind.VIDEO: ("video/",),
}
MAX_REQUIRED_SECONDS = 4 * 3600


def file_max_bytes() -> int:
    return int(getattr(settings, "LEARNING_FILE_MAX_BYTES", 200 * 2**20))


# --- courses -------------------------------------------------------------------------------------


@dataclass
class CourseInput:
    title: str
    summary: str = ""
    audience: str = Audience.EVERYONE
    pass_mark: int = 60
    is_published: bool = False


def _course_errors(node: OrgNode, data: CourseInput, exclude_pk: int | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the course a title.")]
    elif Course.objects.filter(node=node, title=data.title.strip()).exclude(pk=exclude_pk or 0).exists():
        errors["title"] = [_("This area already has a course of that title.")]
    if data.audience not in Audience.values:
        errors["audience"] = [_("Choose who the course is for.")]
    if not 1 <= data.pass_mark <= 100:
        errors["pass_mark"] = [_("Choose a pass mark between 1 and 100.")]
    return errors


def course_create(*, actor: Any, node: OrgNode, data: CourseInput) -> Course:
    require(actor, "learning.manage", node, action="learning.course.create")
    errors = _course_errors(node, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        course = Course.objects.create(
            node=node,
            title=data.title.strip(),
            summary=data.summary.strip(),
            audience=data.audience,
            pass_mark=data.pass_mark,
            is_published=data.is_published,
        )
        audit_record(actor=actor, action="learning.course.create", obj=course)
    return course


def course_update(*, actor: Any, course: Course, data: CourseInput) -> Course:
    require(actor, "learning.manage", course, action="learning.course.update")
    errors = _course_errors(course.node, data, exclude_pk=course.pk)
    if data.is_published and not course.lessons.exists():
        errors.setdefault("is_published", []).append(_("Add a lesson before publishing the course."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        locked.title = data.title.strip()
        locked.summary = data.summary.strip()
        locked.audience = data.audience
        locked.pass_mark = data.pass_mark
        locked.is_published = data.is_published
        locked.save()
        audit_record(actor=actor, action="learning.course.update", obj=locked)
    return locked


# --- lessons -------------------------------------------------------------------------------------


@dataclass
class LessonInput:
    title: str
    kind: str
    required_seconds: int
    body: str = ""
    url: str = ""
    file: UploadedFile | None = None
    ends_with_media: bool = False


def _file_type(upload: UploadedFile) -> str:
    guessed, _encoding = mimetypes.guess_type(upload.name or "")
    return guessed or (upload.content_type or "")


def _lesson_errors(data: LessonInput, existing: Lesson | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the lesson a title.")]
    if data.kind not in LessonKind.values:
        errors["kind"] = [_("Choose the kind of lesson.")]
        return errors
    if not 10 <= data.required_seconds <= MAX_REQUIRED_SECONDS:
        errors["required_seconds"] = [_("Choose between 10 seconds and 4 hours.")]
    if data.kind == LessonKind.TEXT and not clean_html(data.body):
        errors["body"] = [_("Write the lesson's text.")]
    if data.kind == LessonKind.LINK and not data.url.startswith(("https://", "http://")):
        errors["url"] = [_("Give a web address starting with http:// or https://.")]
    if data.kind in FILE_TYPES:
        if data.file is None:
            if existing is None or not existing.file or existing.kind != data.kind:
                errors["file"] = [_("Upload the lesson's file.")]
        elif not _file_type(data.file).startswith(FILE_TYPES[LessonKind(data.kind)]):
            errors["file"] = [_("This file does not match the kind of lesson.")]
        elif (data.file.size or 0) > file_max_bytes():
            errors["file"] = [_("The file is too large.")]
    return errors


def _apply(lesson: Lesson, data: LessonInput) -> None:
    lesson.title = data.title.strip()
    lesson.kind = data.kind
    lesson.required_seconds = data.required_seconds
    lesson.body = clean_html(data.body) if data.kind == LessonKind.TEXT else ""
    lesson.url = data.url.strip() if data.kind == LessonKind.LINK else ""
    lesson.ends_with_media = data.ends_with_media and data.kind in (LessonKind.AUDIO, LessonKind.VIDEO)
    if data.kind in FILE_TYPES and data.file is not None:
        lesson.file.save(data.file.name or "lesson", data.file, save=False)
        lesson.content_type = _file_type(data.file)
    elif data.kind not in FILE_TYPES:
        lesson.file = ""  # type: ignore[assignment]
        lesson.content_type = ""


def lesson_add(*, actor: Any, course: Course, data: LessonInput) -> Lesson:
    require(actor, "learning.manage", course, action="learning.lesson.add")
    errors = _lesson_errors(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=course.pk)  # one position at a time
        last = course.lessons.aggregate(m=Max("position"))["m"] or 0
        lesson = Lesson(course=course, position=last + 1)
        _apply(lesson, data)
        lesson.save()
        audit_record(actor=actor, action="learning.lesson.add", obj=lesson)
    return lesson


def lesson_update(*, actor: Any, lesson: Lesson, data: LessonInput) -> Lesson:
    require(actor, "learning.manage", lesson, action="learning.lesson.update")
    errors = _lesson_errors(data, existing=lesson)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
        _apply(locked, data)
        locked.save()
        audit_record(actor=actor, action="learning.lesson.update", obj=locked)
    return locked


def lesson_remove(*, actor: Any, lesson: Lesson) -> None:
    """Remove a lesson nobody has studied yet (study time credited is never thrown away)."""
    require(actor, "learning.manage", lesson, action="learning.lesson.remove")
    if lesson.progress.exists():
        raise ValidationError({"__all__": [_("Learners have studied this lesson; it cannot be removed.")]})
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=lesson.course_id)
        audit_record(actor=actor, action="learning.lesson.remove", obj=lesson, detail={"title": lesson.title})
        lesson.delete()


# --- quiz ----------------------------------------------------------------------------------------


@dataclass
class QuestionInput:
    text: str
    choices: list[str] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)


def question_add(*, actor: Any, course: Course, data: QuestionInput) -> Question:
    require(actor, "learning.manage", course, action="learning.question.add")
    choices = [c.strip() for c in data.choices if c.strip()]
    correct = sorted(set(data.correct))
    errors: dict[str, list[str]] = {}
    if not data.text.strip():
        errors["text"] = [_("Write the question.")]
    if len(choices) < 2:
        errors["choices"] = [_("Give at least two choices.")]
    elif not correct or any(not 0 <= n < len(choices) for n in correct):
        errors["correct"] = [_("Mark which choices are correct.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=course.pk)
        last = course.questions.aggregate(m=Max("position"))["m"] or 0
        question = Question.objects.create(
            course=course,
            position=last + 1,
            text=data.text.strip(),
            choices=choices,
            correct=correct,
            is_multiple=len(correct) > 1,
        )
        audit_record(actor=actor, action="learning.question.add", obj=question)
    return question


def question_remove(*, actor: Any, question: Question) -> None:
    """Remove a question; attempts already made keep their answers and scores."""
    require(actor, "learning.manage", question, action="learning.question.remove")
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=question.course_id)
        audit_record(
            actor=actor, action="learning.question.remove", obj=question, detail={"text": question.text}
        )
        question.delete()

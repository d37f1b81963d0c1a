"""The learners' own writes: study heartbeats, quiz attempts, the leaderboard opt-in.

Study time is measured honestly. The lesson page sends a heartbeat every
``LEARNING_HEARTBEAT_SECONDS`` while it is visible and focused; the server credits the time
elapsed since the previous accepted heartbeat by its own clock, and nothing when that gap is
longer than one interval plus slack (a background tab, a sleeping phone). Heartbeats of one
learner on one lesson are serialised on their progress row, so replayed heartbeats or two open
tabs never credit more than the wall-clock time that passed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.permissions import NotInScope
from lianxin.learning.conf import max_credit
from lianxin.learning.models import (
    Course,
    CourseProgress,
    Learner,
    Lesson,
    LessonProgress,
    QuizAttempt,
    StudyCredit,
)
from lianxin.learning.rules import in_audience
from lianxin.people.models import Person
from lianxin.people.selectors import person_of


def _learner(actor: Any, course: Course) -> Person:
    person = person_of(user=actor)
    if person is None or not in_audience(person, course):
        raise NotInScope
    return person


def _course_progress(person: Person, course: Course) -> CourseProgress:
    CourseProgress.objects.get_or_create(course=course, person=person)
    return CourseProgress.objects.select_for_update().get(course=course, person=person)


def _maybe_complete_course(progress: CourseProgress, now: dt.datetime) -> None:
    """The course is complete when every lesson is and the quiz (if any) was passed."""
    if progress.completed_at is not None:
        return
    course = progress.course
    lessons = course.lessons.count()
    done = LessonProgress.objects.filter(
        lesson__course=course, person_id=progress.person_id, completed_at__isnull=False
    ).count()
    quiz_ok = progress.passed_at is not None or not course.questions.exists()
    if lessons and done >= lessons and quiz_ok:
        progress.completed_at = now
        progress.save(update_fields=["completed_at", "updated_at"])


def study_heartbeat(
    *, actor: Any, lesson: Lesson, visible: bool = True, media_ended: bool = False
) -> LessonProgress:
    """Record that the lesson page is open (and visible); credit the honest time since the last one."""
    person = _learner(actor, lesson.course)
    now = timezone.now()
    if not visible and not LessonProgress.objects.filter(lesson=lesson, person=person).exists():
        return LessonProgress(
            lesson=lesson, person=person
        )  # a hidden page that never studied: nothing to note
    with transaction.atomic():
        LessonProgress.objects.get_or_create(lesson=lesson, person=person)
        progress = LessonProgress.objects.select_for_update().get(lesson=lesson, person=person)
        course_progress = _course_progress(person, lesson.course)
        credit = 0
        if not visible:
            progress.last_beat_at = None  # hidden: the next visible heartbeat starts afresh
        elif (
            progress.last_beat_at is None
            or not 0 <= (now - progress.last_beat_at).total_seconds() <= max_credit()
        ):
            progress.last_beat_at = now  # the first heartbeat, or after a gap: nothing credited
        else:
            credit = int((now - progress.last_beat_at).total_seconds())
            progress.last_beat_at += dt.timedelta(seconds=credit)  # the fraction of a second carries over
        if credit:
            progress.credited_seconds += credit
            StudyCredit.objects.create(lesson=lesson, person=person, at=now, seconds=credit)
        if media_ended and visible and lesson.is_media:
            progress.media_ended = True
        if progress.completed_at is None and (
            progress.credited_seconds >= lesson.required_seconds
            or (lesson.ends_with_media and progress.media_ended)
        ):
            progress.completed_at = now
            audit_record(actor=actor, action="learning.lesson.complete", obj=progress)
        progress.save()
        if progress.completed_at == now:
            _maybe_complete_course(course_progress, now)
    return progress


def score(course: Course, answers: dict[int, list[int]]) -> tuple[int, int]:
    """(right answers, questions); a multiple-choice question is right only with exactly its choices."""
    questions = list(course.questions.all())
    right = sum(1 for q in questions if sorted(set(answers.get(q.pk, []))) == sorted(q.correct))
    return right, len(questions)


def quiz_submit(*, actor: Any, course: Course, answers: dict[int, list[int]]) -> QuizAttempt:
    """Score an attempt on the server; passing completes the course when every lesson is done."""
    person = _learner(actor, course)
    questions = {q.pk: q for q in course.questions.all()}
    errors: dict[str, list[str]] = {}
    if not questions:
        errors["__all__"] = [_("This course has no quiz.")]
    for pk, chosen in answers.items():
        question = questions.get(pk)
        if question is None or any(not 0 <= n < len(question.choices) for n in chosen):
            errors[f"q{pk}"] = [_("Not a choice of this question.")]
        elif not question.is_multiple and len(set(chosen)) > 1:
            errors[f"q{pk}"] = [_("Choose one answer.")]
    if errors:
        raise ValidationError(errors)
    right, total = score(course, answers)
    passed = right * 100 >= course.pass_mark * total
    now = timezone.now()
    with transaction.atomic():
        progress = _course_progress(person, course)
        attempt = QuizAttempt.objects.create(
            course=course,
            person=person,
            answers={str(pk): sorted(set(chosen)) for pk, chosen in answers.items()},
            score=right * 100 // total,
            passed=passed,
            submitted_at=now,
        )
        progress.best_score = max(progress.best_score or 0, attempt.score)
        if passed and progress.passed_at is None:
            progress.passed_at = now
        progress.save()
        _maybe_complete_course(progress, now)
        audit_record(actor=actor, action="learning.quiz.submit", obj=attempt, detail={"score": attempt.score})
    return attempt


def leaderboard_opt_in_set(*, actor: Any, opt_in: bool) -> Learner:
    """The learner's own choice to appear on the leaderboard (off until they turn it on)."""
    person = person_of(user=actor)
    if person is None:
        raise NotInScope
    with transaction.atomic():
        Learner.objects.get_or_create(person=person)
        learner = Learner.objects.select_for_update().get(person=person)
        learner.leaderboard_opt_in = opt_in
        learner.save()
        audit_record(
            actor=actor, action="learning.leaderboard.opt_in", obj=learner, detail={"opt_in": opt_in}
        )
    return learner

"""Quizzes are scored on the server: single and multiple choice, the pass mark edge, attempts kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lianxin.learning.models import CourseProgress, Question, QuizAttempt
from lianxin.learning.study import quiz_submit
from tests.learning.conftest import World

pytestmark = pytest.mark.django_db


def test_all_right_scores_100(world: World) -> None:
    attempt = quiz_submit(
        actor=world.member_user,
        course=world.course,
        answers={world.single.pk: [0], world.multiple.pk: [1, 0]},
    )
    assert (attempt.score, attempt.passed) == (100, True)
    assert attempt.answers == {str(world.single.pk): [0], str(world.multiple.pk): [0, 1]}


def test_a_multiple_choice_question_needs_exactly_its_choices(world: World) -> None:
    for chosen in ([0], [0, 1, 2]):
        attempt = quiz_submit(
            actor=world.member_user,
            course=world.course,
            answers={world.single.pk: [0], world.multiple.pk: chosen},
        )
        assert attempt.score == 50


def test_unanswered_questions_are_wrong(world: World) -> None:
    attempt = quiz_submit(actor=world.member_user, course=world.course, answers={})
    assert (attempt.score, attempt.passed) == (0, False)


def test_exactly_at_the_pass_mark_passes(world: World) -> None:
    Question.objects.create(course=world.course, position=3, text="三", choices=["a", "b"], correct=[1])
    Question.objects.create(course=world.course, position=4, text="四", choices=["a", "b"], correct=[1])
    Question.objects.create(course=world.course, position=5, text="五", choices=["a", "b"], correct=[1])
    # 3 of 5 right = 60 %, the pass mark.
    attempt = quiz_submit(
        actor=world.member_user,
        course=world.course,
        answers={world.single.pk: [0], world.multiple.pk: [0, 1], world.multiple.pk + 1: [1]},
    )
    assert (attempt.score, attempt.passed) == (60, True)
    world.course.pass_mark = 61
    world.course.save()
    attempt = quiz_submit(
        actor=world.member_user,
        course=world.course,
        answers={world.single.pk: [0], world.multiple.pk: [0, 1], world.multiple.pk + 1: [1]},
    )
    assert (attempt.score, attempt.passed) == (60, False)


def test_a_pass_mark_that_does_not_divide_evenly(world: World) -> None:
    world.course.pass_mark = 50
    world.course.save()
    attempt = quiz_submit(actor=world.member_user, course=world.course, answers={world.single.pk: [0]})
    assert (attempt.score, attempt.passed) == (50, True)


def test_best_score_and_attempts_are_kept(world: World) -> None:
    quiz_submit(
        actor=world.member_user,
        course=world.course,
        answers={world.single.pk: [0], world.multiple.pk: [0, 1]},
    )
    quiz_submit(actor=world.member_user, course=world.course, answers={world.single.pk: [1]})
    progress = CourseProgress.objects.get(person=world.member)
    assert progress.best_score == 100
    assert progress.passed_at is not None
    assert progress.completed_at is None  # lessons not studied yet
    assert QuizAttempt.objects.filter(person=world.member).count() == 2


def test_bad_answers_are_refused_and_nothing_is_written(world: World) -> None:
    for answers in ({world.single.pk: [0, 1]}, {world.single.pk: [5]}, {999999: [0]}):
        with pytest.raises(ValidationError):
            quiz_submit(actor=world.member_user, course=world.course, answers=answers)
    assert not QuizAttempt.objects.exists()
    assert not CourseProgress.objects.exists()

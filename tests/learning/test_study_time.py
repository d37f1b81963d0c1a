"""Study time is credited honestly: only visible heartbeats, at most one interval plus slack each,
nothing for a gap, no more than the wall clock for replays or two tabs; complete at the mark."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lianxin.core.permissions import NotInScope
from lianxin.learning.models import CourseProgress, LessonProgress, StudyCredit
from lianxin.learning.study import quiz_submit, study_heartbeat
from tests.learning.conftest import World

T0 = timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))

pytestmark = pytest.mark.django_db


def beat_at(world: World, seconds: float, lesson=None, **kw):  # type: ignore[no-untyped-def]
    with time_machine.travel(T0 + dt.timedelta(seconds=seconds), tick=False):
        return study_heartbeat(actor=world.member_user, lesson=lesson or world.text, **kw)


def test_visible_heartbeats_credit_the_time_between_them(world: World) -> None:
    assert beat_at(world, 0).credited_seconds == 0  # the first one starts the clock
    assert beat_at(world, 15).credited_seconds == 15
    assert beat_at(world, 30).credited_seconds == 30
    assert list(StudyCredit.objects.values_list("seconds", flat=True)) == [15, 15]


def test_a_hidden_page_earns_nothing_and_the_next_visible_beat_starts_afresh(world: World) -> None:
    beat_at(world, 0)
    beat_at(world, 15)
    assert beat_at(world, 30, visible=False).credited_seconds == 15
    assert beat_at(world, 40).credited_seconds == 15
    assert beat_at(world, 55).credited_seconds == 30


def test_a_gap_of_minutes_credits_nothing(world: World) -> None:
    beat_at(world, 0)
    beat_at(world, 15)
    assert beat_at(world, 15 + 5 * 60).credited_seconds == 15  # a background tab, a sleeping phone
    assert beat_at(world, 15 + 5 * 60 + 15).credited_seconds == 30


def test_a_late_beat_within_the_slack_is_credited_up_to_the_cap(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LEARNING_HEARTBEAT_SECONDS = 15
    settings.LEARNING_HEARTBEAT_SLACK = 5
    beat_at(world, 0)
    assert beat_at(world, 20).credited_seconds == 20
    assert beat_at(world, 41).credited_seconds == 20  # 21 s is past the cap: nothing


def test_replayed_and_parallel_heartbeats_do_not_double(world: World) -> None:
    # Two tabs, each beating every 15 s, 7 s apart; and one request replayed at once.
    for t in (0, 7, 15, 15, 22, 30, 37, 45):
        beat_at(world, t)
    assert LessonProgress.objects.get().credited_seconds == 45


def test_a_client_clock_is_never_trusted(world: World) -> None:
    beat_at(world, 0)
    # The server's clock is what counts: a burst of beats within one second earns nothing.
    for _ in range(5):
        beat_at(world, 0.5)
    assert LessonProgress.objects.get().credited_seconds == 0


def test_fractions_of_seconds_carry_over(world: World) -> None:
    for n in range(5):
        beat_at(world, n * 14.5)
    assert LessonProgress.objects.get().credited_seconds == 58


def test_a_lesson_completes_at_the_required_time(world: World) -> None:
    world.text.required_seconds = 30
    world.text.save()
    beat_at(world, 0)
    assert beat_at(world, 15).completed_at is None
    done = beat_at(world, 30)
    assert done.completed_at == T0 + dt.timedelta(seconds=30)
    assert beat_at(world, 45).completed_at == done.completed_at  # never moved again


def test_a_video_with_ends_with_media_completes_when_it_played_to_the_end(world: World) -> None:
    beat_at(world, 0, lesson=world.video)
    assert beat_at(world, 10, lesson=world.video, media_ended=True).completed_at is not None
    # A text lesson ignores the claim.
    beat_at(world, 0)
    assert beat_at(world, 10, media_ended=True).completed_at is None


def test_the_course_completes_when_every_lesson_is_done_and_the_quiz_passed(world: World) -> None:
    for n, lesson in enumerate([world.text, world.video, world.link]):
        lesson.required_seconds = 15
        lesson.save()
        beat_at(world, 100 * n, lesson=lesson)
        beat_at(world, 100 * n + 15, lesson=lesson)
    progress = CourseProgress.objects.get(person=world.member)
    assert progress.completed_at is None  # the quiz is still to pass
    quiz_submit(
        actor=world.member_user,
        course=world.course,
        answers={world.single.pk: [0], world.multiple.pk: [0, 1]},
    )
    progress.refresh_from_db()
    assert progress.completed_at is not None


def test_only_the_audience_may_study(world: World, members_course) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotInScope):
        study_heartbeat(actor=world.outsider_user, lesson=world.text)
    with pytest.raises(NotInScope):
        study_heartbeat(actor=world.resident_user, lesson=members_course.lessons.get())
    assert not LessonProgress.objects.exists()
    study_heartbeat(actor=world.member_user, lesson=members_course.lessons.get())
    study_heartbeat(actor=world.resident_user, lesson=world.text)
    assert LessonProgress.objects.count() == 2


def test_a_hidden_page_that_never_studied_writes_nothing(world: World) -> None:
    assert beat_at(world, 0, visible=False).credited_seconds == 0
    assert not LessonProgress.objects.exists() and not CourseProgress.objects.exists()

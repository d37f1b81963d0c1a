"""Online learning over JSON: learners list their courses, study (heartbeats), take quizzes and
see their hours and the leaderboard; staff write courses and read progress and branch totals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from lianxin.core import scope
from lianxin.core.api import Error
from lianxin.core.roles import Cap
from lianxin.learning import selectors, services, study
from lianxin.learning.conf import heartbeat_seconds
from lianxin.learning.models import Course, Lesson
from lianxin.orgs import selectors as org_selectors
from lianxin.people.selectors import person_of
from lianxin.reports.periods import BadPeriod, parse, year

router = Router(tags=["online learning"])


class CourseOut(Schema):
    id: int
    title: str
    summary: str
    node_name: str
    audience: str
    pass_mark: int
    is_published: bool
    lessons: int

    @staticmethod
    def resolve_node_name(obj: Course) -> str:
        return obj.node.name

    @staticmethod
    def resolve_lessons(obj: Course) -> int:
        return int(getattr(obj, "lesson_count", 0))


class MyCourseOut(CourseOut):
    lessons_done: int
    best_score: int | None
    completed_at: dt.datetime | None


class LessonOut(Schema):
    id: int
    position: int
    title: str
    kind: str
    required_seconds: int
    body: str
    url: str
    file_url: str | None
    credited_seconds: int = 0
    completed_at: dt.datetime | None = None


class CourseDetailOut(MyCourseOut):
    lesson_list: list[LessonOut]
    has_quiz: bool


class HeartbeatIn(Schema):
    visible: bool = True
    media_ended: bool = False


class HeartbeatOut(Schema):
    credited_seconds: int
    required_seconds: int
    completed: bool
    interval: int


class QuestionOut(Schema):
    id: int
    text: str
    choices: list[str]
    is_multiple: bool


class QuizIn(Schema):
    answers: dict[int, list[int]]


class AttemptOut(Schema):
    id: int
    score: int
    passed: bool
    course_completed: bool


class HoursOut(Schema):
    total_seconds: int
    this_year_seconds: int


class PlaceOut(Schema):
    rank: int
    name: str
    seconds: int
    is_me: bool


class LeaderboardOut(Schema):
    opted_in: bool
    area: str
    places: list[PlaceOut]


class OptInIn(Schema):
    opt_in: bool


class CourseIn(Schema):
    node_id: int
    title: str
    summary: str = ""
    audience: str = "everyone"
    pass_mark: int = 60
    is_published: bool = False


class LessonIn(Schema):
    title: str
    kind: str  # text or link here; files are uploaded in the course editor
    required_seconds: int
    body: str = ""
    url: str = ""


class QuestionIn(Schema):
    text: str
    choices: list[str]
    correct: list[int]  # indexes into choices


class ProgressOut(Schema):
    person_id: int
    name: str
    lessons_done: int
    seconds: int
    best_score: int | None
    completed_at: dt.datetime | None


class BranchHoursOut(Schema):
    branch_id: int
    branch: str
    learners: int
    seconds: int


def _lesson_out(lesson: Lesson, mine: Any = None) -> dict[str, Any]:
    return {
        "id": lesson.pk,
        "position": lesson.position,
        "title": lesson.title,
        "kind": lesson.kind,
        "required_seconds": lesson.required_seconds,
        "body": lesson.body,
        "url": lesson.url,
        "file_url": reverse("learning:lesson-file", args=[lesson.pk]) if lesson.file else None,
        "credited_seconds": mine.credited_seconds if mine else 0,
        "completed_at": mine.completed_at if mine else None,
    }


def _mine(course: Course, progress: Any, done: int) -> Course:
    course.lessons_done = done  # type: ignore[attr-defined]
    course.best_score = progress.best_score if progress else None  # type: ignore[attr-defined]
    course.completed_at = progress.completed_at if progress else None  # type: ignore[attr-defined]
    return course


@router.get("/courses", response=list[MyCourseOut], summary="My courses, with my progress")
def my_courses(request: HttpRequest) -> Any:
    person = person_of(user=request.user)
    if person is None:
        return []
    courses = list(selectors.courses_for(person=person))
    progress, done = selectors.my_progress(person=person, courses=courses)
    return [_mine(c, progress.get(c.pk), done.get(c.pk, 0)) for c in courses]


@router.get(
    "/courses/{course_id}", response={200: CourseDetailOut, 404: Error}, summary="A course and its lessons"
)
def my_course(request: HttpRequest, course_id: int) -> Any:
    person = person_of(user=request.user)
    course = selectors.course_for(person=person, pk=course_id)
    assert person is not None
    progress, done = selectors.my_progress(person=person, courses=[course])
    mine = selectors.lesson_progress(person=person, course=course)
    course.lesson_list = [_lesson_out(x, mine.get(x.pk)) for x in course.lessons.order_by("position")]  # type: ignore[attr-defined]
    course.has_quiz = course.questions.exists()  # type: ignore[attr-defined]
    return _mine(course, progress.get(course.pk), done.get(course.pk, 0))


@router.post(
    "/lessons/{lesson_id}/heartbeat",
    response={200: HeartbeatOut, 404: Error},
    summary="The lesson page is open (and visible): credit the honest study time since the last heartbeat",
)
def heartbeat(request: HttpRequest, lesson_id: int, payload: HeartbeatIn) -> Any:
    lesson = selectors.lesson_for(person=person_of(user=request.user), pk=lesson_id)
    progress = study.study_heartbeat(
        actor=request.user, lesson=lesson, visible=payload.visible, media_ended=payload.media_ended
    )
    return {
        "credited_seconds": progress.credited_seconds,
        "required_seconds": lesson.required_seconds,
        "completed": progress.completed_at is not None,
        "interval": heartbeat_seconds(),
    }


@router.get(
    "/courses/{course_id}/quiz",
    response={200: list[QuestionOut], 404: Error},
    summary="The quiz (no answers)",
)
def quiz(request: HttpRequest, course_id: int) -> Any:
    course = selectors.course_for(person=person_of(user=request.user), pk=course_id)
    return list(course.questions.order_by("position"))


@router.post(
    "/courses/{course_id}/quiz",
    response={201: AttemptOut, 400: Error, 404: Error},
    summary="Submit answers (question id → choice indexes); scored on the server",
)
def quiz_submit(request: HttpRequest, course_id: int, payload: QuizIn) -> Any:
    course = selectors.course_for(person=person_of(user=request.user), pk=course_id)
    attempt = study.quiz_submit(actor=request.user, course=course, answers=payload.answers)
    completed = course.progress.filter(person_id=attempt.person_id, completed_at__isnull=False).exists()
    return Status(
        201,
        {"id": attempt.pk, "score": attempt.score, "passed": attempt.passed, "course_completed": completed},
    )


@router.get("/me/hours", response=HoursOut, summary="My study time")
def my_hours(request: HttpRequest) -> Any:
    person = person_of(user=request.user)
    if person is None:
        return {"total_seconds": 0, "this_year_seconds": 0}
    start = timezone.make_aware(dt.datetime(timezone.localdate().year, 1, 1))
    return {
        "total_seconds": selectors.study_seconds(person=person),
        "this_year_seconds": selectors.study_seconds(person=person, since=start),
    }


@router.get(
    "/leaderboard",
    response={200: LeaderboardOut, 404: Error},
    summary="This year's leaderboard (opted-in only)",
)
def leaderboard(request: HttpRequest) -> Any:
    person = person_of(user=request.user)
    if person is None:
        raise Http404
    places = selectors.leaderboard(person=person, period=year(timezone.localdate().year))
    return {
        "opted_in": selectors.learner_of(person=person).leaderboard_opt_in,
        "area": selectors.leaderboard_area(person=person).name,
        "places": [p.__dict__ for p in places],
    }


@router.post(
    "/me/leaderboard", response={200: OptInIn, 404: Error}, summary="Opt in to (or out of) the leaderboard"
)
def opt_in(request: HttpRequest, payload: OptInIn) -> Any:
    learner = study.leaderboard_opt_in_set(actor=request.user, opt_in=payload.opt_in)
    return {"opt_in": learner.leaderboard_opt_in}


# --- staff -----------------------------------------------------------------------------------------


@router.get("/manage/courses", response=list[CourseOut], summary="Courses of my areas")
def manage_courses(request: HttpRequest) -> Any:
    if not scope.has_capability(request.user, Cap.LEARNING_VIEW):
        raise Http404
    return list(selectors.course_list(actor=request.user))


@router.post(
    "/manage/courses", response={201: CourseOut, 400: Error, 404: Error}, summary="Write a new course"
)
def create_course(request: HttpRequest, payload: CourseIn) -> Any:
    node = org_selectors.node_get(actor=request.user, pk=payload.node_id, capability=Cap.LEARNING_MANAGE)
    data = services.CourseInput(**payload.dict(exclude={"node_id"}))
    course = services.course_create(actor=request.user, node=node, data=data)
    return Status(201, selectors.course_list(actor=request.user).get(pk=course.pk))


@router.post(
    "/manage/courses/{course_id}/lessons",
    response={201: LessonOut, 400: Error, 404: Error},
    summary="Add a text or link lesson",
)
def add_lesson(request: HttpRequest, course_id: int, payload: LessonIn) -> Any:
    course = selectors.course_get(actor=request.user, pk=course_id, capability=Cap.LEARNING_MANAGE)
    if payload.kind not in ("text", "link"):
        raise ValidationError({"kind": [_("Upload files in the course editor.")]})
    lesson = services.lesson_add(
        actor=request.user, course=course, data=services.LessonInput(**payload.dict())
    )
    return Status(201, _lesson_out(lesson))


@router.post(
    "/manage/courses/{course_id}/questions",
    response={201: QuestionOut, 400: Error, 404: Error},
    summary="Add a quiz question",
)
def add_question(request: HttpRequest, course_id: int, payload: QuestionIn) -> Any:
    course = selectors.course_get(actor=request.user, pk=course_id, capability=Cap.LEARNING_MANAGE)
    question = services.question_add(
        actor=request.user, course=course, data=services.QuestionInput(**payload.dict())
    )
    return Status(201, question)


@router.get(
    "/manage/courses/{course_id}/progress",
    response={200: list[ProgressOut], 404: Error},
    summary="Each learner's progress in a course",
)
def course_progress(request: HttpRequest, course_id: int) -> Any:
    course = selectors.course_get(actor=request.user, pk=course_id)
    return [
        {
            "person_id": row.person_id,
            "name": row.person.name,
            "lessons_done": row.lessons_done,  # type: ignore[attr-defined]
            "seconds": row.seconds,  # type: ignore[attr-defined]
            "best_score": row.best_score,
            "completed_at": row.completed_at,
        }
        for row in selectors.progress_rows(course=course)
    ]


@router.get(
    "/manage/branch-hours",
    response={200: list[BranchHoursOut], 400: Error, 404: Error},
    summary="Study time by party branch under a node, for a period (2026-11, 2026-Q4, 2026 …)",
)
def branch_hours(request: HttpRequest, node_id: int, period: str = "") -> Any:
    node = org_selectors.node_get(actor=request.user, pk=node_id, capability=Cap.LEARNING_VIEW)
    try:
        span = parse(period, today=timezone.localdate())
    except BadPeriod as exc:
        raise ValidationError({"period": [str(exc)]}) from exc
    return [r.__dict__ for r in selectors.branch_hours(actor=request.user, node=node, period=span)]

"""Reads of online learning, always scoped: staff by capability on the course's area, a learner
through where they are registered (and whether they are a party member)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import ancestor_paths, subtree_q
from lianxin.learning.models import (
    Audience,
    Course,
    CourseProgress,
    Learner,
    Lesson,
    LessonProgress,
    StudyCredit,
)
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.orgs.selectors import nearest_ancestor
from lianxin.people.models import Person
from lianxin.reports.periods import Period, within

LEADERBOARD_SIZE = 20


# --- staff ---------------------------------------------------------------------------------------


def course_list(
    *, actor: Any, within_node: OrgNode | None = None, capability: str = Cap.LEARNING_VIEW
) -> QuerySet[Course]:
    courses = Course.objects.filter(scope.scope_q(actor, capability, field="node__path"))
    if within_node is not None:
        courses = courses.filter(subtree_q(within_node.path, field="node__path"))
    return (
        courses.select_related("node")
        .annotate(
            lesson_count=Count("lessons", distinct=True),
            learner_count=Count("progress", distinct=True),
            completed_count=Count("progress", filter=Q(progress__completed_at__isnull=False), distinct=True),
        )
        .order_by("node__path", "title")
    )


def course_get(*, actor: Any, pk: int | str, capability: str = Cap.LEARNING_VIEW) -> Course:
    try:
        return (
            Course.objects.filter(scope.scope_q(actor, capability, field="node__path"))
            .select_related("node")
            .get(pk=pk)
        )
    except (Course.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def lesson_get(*, actor: Any, pk: int | str, capability: str = Cap.LEARNING_VIEW) -> Lesson:
    try:
        return (
            Lesson.objects.filter(scope.scope_q(actor, capability, field="course__node__path"))
            .select_related("course__node")
            .get(pk=pk)
        )
    except (Lesson.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def manageable_nodes(*, actor: Any) -> QuerySet[OrgNode]:
    """Nodes a course may be written for: subdistricts, communities, villages and party organisations."""
    kinds = [
        NodeKind.DISTRICT,
        NodeKind.SUBDISTRICT,
        NodeKind.WORKING_COMMITTEE,
        NodeKind.PARTY_COMMITTEE,
        NodeKind.GENERAL_BRANCH,
        NodeKind.PARTY_BRANCH,
        NodeKind.COMMUNITY,
        NodeKind.VILLAGE,
    ]
    return OrgNode.objects.filter(scope.scope_q(actor, Cap.LEARNING_MANAGE), kind__in=kinds).order_by("path")


def progress_rows(*, course: Course) -> QuerySet[CourseProgress]:
    """Each learner of the course: lessons done, time credited, best score, completed at."""
    mine = LessonProgress.objects.filter(lesson__course=course, person=OuterRef("person"))
    done = mine.filter(completed_at__isnull=False).values("person").annotate(n=Count("pk")).values("n")
    seconds = mine.values("person").annotate(s=Sum("credited_seconds")).values("s")
    return (
        CourseProgress.objects.filter(course=course)
        .select_related("person__node", "person__party_branch")
        .annotate(
            lessons_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
            seconds=Coalesce(Subquery(seconds, output_field=IntegerField()), 0),
        )
        .order_by("person__name", "person_id")
    )


@dataclass
class BranchHours:
    branch_id: int
    branch: str
    learners: int
    seconds: int

    @property
    def hours(self) -> float:
        return round(self.seconds / 3600, 1)


def branch_hours(*, actor: Any, node: OrgNode, period: Period) -> list[BranchHours]:
    """Study time credited in the period, by the learners' party branch, for branches under ``node``."""
    if not scope.in_scope(actor, Cap.LEARNING_VIEW, node.path):
        raise Http404
    rows = (
        StudyCredit.objects.filter(
            within("at", period), subtree_q(node.path, field="person__party_branch__path")
        )
        .values("person__party_branch", "person__party_branch__name")
        .annotate(seconds=Sum("seconds"), learners=Count("person", distinct=True))
        .order_by("-seconds", "person__party_branch__name")
    )
    return [
        BranchHours(r["person__party_branch"], r["person__party_branch__name"], r["learners"], r["seconds"])
        for r in rows
    ]


# --- learners ------------------------------------------------------------------------------------


def courses_for(*, person: Person | None) -> QuerySet[Course]:
    """Published courses whose audience includes the person."""
    if person is None:
        return Course.objects.none()
    courses = Course.objects.filter(is_published=True, node__path__in=ancestor_paths(person.node.path))
    if not person.is_party_member:
        courses = courses.filter(audience=Audience.EVERYONE)
    return (
        courses.select_related("node").annotate(lesson_count=Count("lessons")).order_by("node__path", "title")
    )


def course_for(*, person: Person | None, pk: int | str) -> Course:
    try:
        return courses_for(person=person).get(pk=pk)
    except (Course.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def lesson_for(*, person: Person | None, pk: int | str) -> Lesson:
    try:
        lesson = Lesson.objects.select_related("course__node").get(pk=pk)
    except (Lesson.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    course_for(person=person, pk=lesson.course_id)
    return lesson


def my_progress(*, person: Person, courses: list[Course]) -> tuple[dict[int, CourseProgress], dict[int, int]]:
    """The person's course progress by course id, and their completed lessons counted by course."""
    progress = {p.course_id: p for p in CourseProgress.objects.filter(person=person, course__in=courses)}
    done = (
        LessonProgress.objects.filter(person=person, lesson__course__in=courses, completed_at__isnull=False)
        .values("lesson__course")
        .annotate(n=Count("pk"))
    )
    return progress, {row["lesson__course"]: row["n"] for row in done}


def lesson_progress(*, person: Person, course: Course) -> dict[int, LessonProgress]:
    return {p.lesson_id: p for p in LessonProgress.objects.filter(person=person, lesson__course=course)}


def learner_of(*, person: Person) -> Learner:
    """The person's settings (not yet stored: the defaults)."""
    return Learner.objects.filter(person=person).first() or Learner(person=person)


def study_seconds(*, person: Person, since: dt.datetime | None = None) -> int:
    credits = StudyCredit.objects.filter(person=person)
    if since is not None:
        credits = credits.filter(at__gte=since)
    return int(credits.aggregate(s=Sum("seconds"))["s"] or 0)


def hours_by_course(*, person: Person) -> QuerySet[Any]:
    return (
        StudyCredit.objects.filter(person=person)
        .values("lesson__course", "lesson__course__title")
        .annotate(seconds=Sum("seconds"))
        .order_by("-seconds")
    )


def leaderboard_area(*, person: Person) -> OrgNode:
    """Learners are ranked within their subdistrict (or village, or community)."""
    kinds: set[str] = {NodeKind.SUBDISTRICT, NodeKind.VILLAGE, NodeKind.COMMUNITY}
    return nearest_ancestor(node=person.node, kinds=kinds) or person.node


@dataclass
class Place:
    rank: int
    person_id: int
    name: str
    seconds: int
    is_me: bool

    @property
    def hours(self) -> float:
        return round(self.seconds / 3600, 1)


def mask_name(name: str) -> str:
    """张三 → 张*, 王小明 → 王*明."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def leaderboard(*, person: Person, period: Period) -> list[Place]:
    """Study time in the period among the learners of the area who opted in; no one else is
    counted, not even for a rank. Names are masked except the viewer's own."""
    area = leaderboard_area(person=person)
    rows = (
        StudyCredit.objects.filter(
            within("at", period),
            subtree_q(area.path, field="person__node__path"),
            person__learner__leaderboard_opt_in=True,
        )
        .values("person", "person__name")
        .annotate(seconds=Sum("seconds"))
        .order_by("-seconds", "person")[:LEADERBOARD_SIZE]
    )
    return [
        Place(
            rank=n,
            person_id=row["person"],
            name=row["person__name"] if row["person"] == person.pk else mask_name(row["person__name"]),
            seconds=row["seconds"],
            is_me=row["person"] == person.pk,
        )
        for n, row in enumerate(rows, start=1)
    ]

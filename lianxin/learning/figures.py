"""The figures of online learning for the dashboards and briefings."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.learning.models import CourseProgress, LessonProgress, StudyCredit
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period, within
from lianxin.reports.registry import Column, Figure, Sentence, register, say

# Learners are counted where they are registered.
PATH = "person__node__path"


def _credits(node: OrgNode, period: Period) -> QuerySet[StudyCredit]:
    rows = StudyCredit.objects.filter(subtree_q(node.path, field=PATH), within("at", period))
    return rows.select_related("person", "lesson__course").order_by("-at", "-id")


def _lessons_done(node: OrgNode, period: Period) -> QuerySet[LessonProgress]:
    rows = LessonProgress.objects.filter(subtree_q(node.path, field=PATH), within("completed_at", period))
    return rows.select_related("person", "lesson__course").order_by("-completed_at", "-id")


def _courses_done(node: OrgNode, period: Period) -> QuerySet[CourseProgress]:
    rows = CourseProgress.objects.filter(subtree_q(node.path, field=PATH), within("completed_at", period))
    return rows.select_related("person", "course").order_by("-completed_at", "-id")


def _learners(node: OrgNode, period: Period) -> QuerySet[CourseProgress]:
    """Learners who started a course in the period (one row per learner and course)."""
    rows = CourseProgress.objects.filter(subtree_q(node.path, field=PATH), within("created_at", period))
    return rows.select_related("person", "course").order_by("-created_at", "-id")


def _course_link(row: CourseProgress | LessonProgress | StudyCredit) -> str:
    course_id = row.course_id if isinstance(row, CourseProgress) else row.lesson.course_id
    return reverse("learning:progress", args=[course_id])


register(
    Figure(
        key="learning.study_hours",
        title=_("Study hours credited"),
        unit=_("hours"),
        capability=Cap.LEARNING_VIEW,
        section="engagement",
        records=_credits,
        path_field=PATH,
        date_field="at",
        sum_field="hours",
        wording="measure",
        columns=(
            Column(_("Learner"), lambda c: c.person.name),
            Column(_("Lesson"), lambda c: c.lesson.title),
            Column(_("Seconds"), lambda c: c.seconds),
        ),
        link=_course_link,
        order=10,
        chart=True,
    )
)
register(
    Figure(
        key="learning.lessons_completed",
        title=_("Lessons completed"),
        unit=_("lessons"),
        capability=Cap.LEARNING_VIEW,
        section="engagement",
        records=_lessons_done,
        path_field=PATH,
        date_field="completed_at",
        wording="exact",
        columns=(
            Column(_("Learner"), lambda p: p.person.name),
            Column(_("Lesson"), lambda p: p.lesson.title),
        ),
        link=_course_link,
        order=11,
    )
)
register(
    Figure(
        key="learning.courses_completed",
        title=_("Courses completed"),
        unit=_("courses"),
        capability=Cap.LEARNING_VIEW,
        section="engagement",
        records=_courses_done,
        path_field=PATH,
        date_field="completed_at",
        wording="exact",
        columns=(
            Column(_("Learner"), lambda p: p.person.name),
            Column(_("Course"), lambda p: p.course.title),
        ),
        link=_course_link,
        order=12,
    )
)
register(
    Figure(
        key="learning.learners",
        title=_("Learners who started a course"),
        unit=_("course starts"),
        capability=Cap.LEARNING_VIEW,
        section="engagement",
        records=_learners,
        path_field=PATH,
        date_field="created_at",
        wording="exact",
        columns=(
            Column(_("Learner"), lambda p: p.person.name),
            Column(_("Course"), lambda p: p.course.title),
        ),
        link=_course_link,
        order=13,
    )
)

say(
    Sentence(
        section="engagement",
        lead="learning.study_hours",
        text=_(
            "Party members and residents studied online for {learning.study_hours}, completing "
            "{learning.lessons_completed} and {learning.courses_completed}."
        ),
        order=10,
    )
)

"""Who may do what with courses. Staff act by capability on the course's area; a learner studies
a published course when they are registered in its area (and a party member, when the course is
for party members only)."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap
from lianxin.learning.models import Audience, Course, Lesson, Question
from lianxin.people.models import Person


def course_of(obj: Any) -> Course | None:
    if isinstance(obj, Course):
        return obj
    if isinstance(obj, Lesson | Question):
        return obj.course
    return None


def area_path(obj: Any) -> str | None:
    """A node's own path, or the path of the course's node."""
    if hasattr(obj, "path"):
        return obj.path
    course = course_of(obj)
    return course.node.path if course is not None else None


def in_audience(person: Person | None, course: Course) -> bool:
    """``person`` may study ``course``: published, registered in its area, a member if need be."""
    if person is None or not course.is_published:
        return False
    if not person.node.path.startswith(course.node.path):
        return False
    return course.audience == Audience.EVERYONE or person.is_party_member


can_view = scoped_predicate(Cap.LEARNING_VIEW, area_path)
can_manage = scoped_predicate(Cap.LEARNING_MANAGE, area_path)

rules.add_perm("learning.view", can_view)  # obj: a node, course, lesson or question
rules.add_perm("learning.manage", can_manage)  # obj: a node (for a new course), course, lesson or question

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile

from lianxin.learning.models import Audience, Course, Lesson, LessonKind, Question
from lianxin.people.models import Person, User
from tests.factories import PersonFactory, UserFactory, node


@dataclass
class World:
    """东一社区's course with three lessons (text, video, link) and a two-question quiz; a party
    member and a resident of 东一 with log-ins, and a resident of 东二 (outside the course's area)."""

    tree: Any
    course: Course
    text: Lesson
    video: Lesson
    link: Lesson
    single: Question
    multiple: Question
    branch: Any
    member: Person
    member_user: User
    resident: Person
    resident_user: User
    outsider: Person
    outsider_user: User


def learner(home: Any, username: str, name: str, **extra: Any) -> tuple[Person, User]:
    user = UserFactory.create(username=username)
    return PersonFactory.create(node=home, user=user, name=name, **extra), user


def lesson(course: Course, position: int, kind: str, **extra: Any) -> Lesson:
    """A lesson written straight to the table (set-up, not the code under test)."""
    fields: dict[str, Any] = {"title": f"第{position}课", "required_seconds": 60, **extra}
    made = Lesson(course=course, position=position, kind=kind, **fields)
    if kind in (LessonKind.PDF, LessonKind.AUDIO, LessonKind.VIDEO):
        made.file.save(f"lesson{position}.bin", ContentFile(bytes(range(256)) * 4), save=False)
        made.content_type = {"pdf": "application/pdf", "audio": "audio/mpeg", "video": "video/mp4"}[kind]
    made.save()
    return made


@pytest.fixture
def world(tree: Any, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = str(tmp_path)
    branch = node(tree.residents_committee, "party_branch", "东一社区第一党支部")
    course = Course.objects.create(node=tree.community, title="党章学习", pass_mark=60, is_published=True)
    text = lesson(course, 1, LessonKind.TEXT, body="<p>总纲</p>")
    video = lesson(course, 2, LessonKind.VIDEO, ends_with_media=True)
    link = lesson(course, 3, LessonKind.LINK, url="https://www.12371.cn/")
    single = Question.objects.create(
        course=course, position=1, text="党的最高理想?", choices=["共产主义", "小康"], correct=[0]
    )
    multiple = Question.objects.create(
        course=course,
        position=2,
        text="四个意识?",
        choices=["政治意识", "大局意识", "享乐意识"],
        correct=[0, 1],
        is_multiple=True,
    )
    member, member_user = learner(
        tree.building, "dangyuan", "张党员", is_party_member=True, party_branch=branch
    )
    resident, resident_user = learner(tree.building, "jumin", "王居民")
    outsider, outsider_user = learner(tree.other_grid, "waiju", "李外人", is_party_member=True)
    return World(
        tree, course, text, video, link, single, multiple, branch,
        member, member_user, resident, resident_user, outsider, outsider_user,
    )  # fmt: skip


@pytest.fixture
def members_course(world: World) -> Course:
    """A course of 东一 for party members only, one text lesson."""
    course = Course.objects.create(
        node=world.tree.community, title="党员必修", audience=Audience.PARTY_MEMBERS, is_published=True
    )
    lesson(course, 1, LessonKind.TEXT, body="<p>必修</p>", required_seconds=30)
    return course

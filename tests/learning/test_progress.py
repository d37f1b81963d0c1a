"""Progress, study hours by party branch and the opt-in leaderboard, on a small hand-made set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lianxin.learning import selectors
from lianxin.learning.models import CourseProgress, Learner, LessonProgress, StudyCredit
from lianxin.learning.study import leaderboard_opt_in_set
from lianxin.reports.periods import month
from tests.factories import PersonFactory, node
from tests.learning.conftest import World

pytestmark = pytest.mark.django_db
NOV = timezone.make_aware(dt.datetime(2026, 11, 10, 10))


def credit(world: World, person, seconds: int, at: dt.datetime = NOV) -> None:  # type: ignore[no-untyped-def]
    StudyCredit.objects.create(lesson=world.text, person=person, at=at, seconds=seconds)


def test_branch_totals_for_a_node_and_period(world: World, staff, tree) -> None:  # type: ignore[no-untyped-def]
    other_branch = node(tree.residents_committee, "party_branch", "东二社区党支部")
    west_branch = node(tree.west, "party_branch", "河西村党支部")
    second = PersonFactory.create(node=tree.building, is_party_member=True, party_branch=world.branch)
    other = PersonFactory.create(node=tree.other_grid, is_party_member=True, party_branch=other_branch)
    west = PersonFactory.create(node=tree.village_grid, is_party_member=True, party_branch=west_branch)
    credit(world, world.member, 3600)
    credit(world, world.member, 1800)
    credit(world, second, 1800)
    credit(world, other, 900)
    credit(world, west, 7200)  # another subdistrict
    credit(world, world.resident, 600)  # not a party member: no branch
    credit(world, world.member, 3600, at=NOV - dt.timedelta(days=30))  # October
    rows = selectors.branch_hours(actor=staff, node=tree.east, period=month(2026, 11))
    assert [(r.branch, r.learners, r.seconds, r.hours) for r in rows] == [
        ("东一社区第一党支部", 2, 7200, 2.0),
        ("东二社区党支部", 1, 900, 0.2),
    ]


def test_progress_rows_of_a_course(world: World) -> None:
    CourseProgress.objects.create(course=world.course, person=world.member, best_score=80)
    CourseProgress.objects.create(course=world.course, person=world.resident)
    LessonProgress.objects.create(
        lesson=world.text, person=world.member, credited_seconds=70, completed_at=NOV
    )
    LessonProgress.objects.create(lesson=world.video, person=world.member, credited_seconds=20)
    rows: dict[str, Any] = {r.person.name: r for r in selectors.progress_rows(course=world.course)}
    assert (rows["张党员"].lessons_done, rows["张党员"].seconds, rows["张党员"].best_score) == (1, 90, 80)
    assert (rows["王居民"].lessons_done, rows["王居民"].seconds) == (0, 0)


def test_the_leaderboard_shows_only_those_who_opted_in(world: World, tree) -> None:  # type: ignore[no-untyped-def]
    keen = PersonFactory.create(node=tree.grid, name="赵积极")
    shy = PersonFactory.create(node=tree.grid, name="钱低调")
    far = PersonFactory.create(node=tree.village_grid, name="孙远方")
    for person, seconds in (
        (keen, 3600),
        (shy, 30000),
        (world.member, 1800),
        (far, 5000),
        (world.resident, 100),
    ):
        credit(world, person, seconds)
    Learner.objects.create(person=keen, leaderboard_opt_in=True)
    Learner.objects.create(person=shy, leaderboard_opt_in=False)  # the top learner, but private
    Learner.objects.create(person=far, leaderboard_opt_in=True)  # another subdistrict
    # By default a learner is not on it, not even counted for a rank.
    assert [(p.rank, p.name) for p in selectors.leaderboard(person=world.member, period=month(2026, 11))] == [
        (1, "赵*极")
    ]
    leaderboard_opt_in_set(actor=world.member_user, opt_in=True)
    places = selectors.leaderboard(person=world.member, period=month(2026, 11))
    assert [(p.rank, p.name, p.is_me) for p in places] == [(1, "赵*极", False), (2, "张党员", True)]
    # Seen by someone else: both masked.
    places = selectors.leaderboard(person=world.resident, period=month(2026, 11))
    assert [(p.rank, p.name) for p in places] == [(1, "赵*极"), (2, "张*员")]
    leaderboard_opt_in_set(actor=world.member_user, opt_in=False)
    assert [p.name for p in selectors.leaderboard(person=world.member, period=month(2026, 11))] == ["赵*极"]


def test_names_are_masked() -> None:
    assert [selectors.mask_name(n) for n in ("张", "张三", "王小明", "欧阳小明")] == [
        "*",
        "张*",
        "王*明",
        "欧**明",
    ]


def test_courses_for_a_learner_follow_the_audience(world: World, members_course) -> None:  # type: ignore[no-untyped-def]
    assert {c.title for c in selectors.courses_for(person=world.member)} == {"党章学习", "党员必修"}
    assert {c.title for c in selectors.courses_for(person=world.resident)} == {"党章学习"}
    assert list(selectors.courses_for(person=world.outsider)) == []

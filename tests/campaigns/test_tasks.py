"""The task tree: breakdown, working-day deadlines, roll-up of progress and status, evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lianxin.campaigns.models import Task, TaskEvent, TaskEvidence, TaskStatus
from lianxin.campaigns.rollup import build_tree, summarise
from lianxin.campaigns.services.tasks import TaskInput, task_create, task_evidence_add, task_progress
from lianxin.core.models import Notification
from tests.campaigns.conftest import SHANGHAI
from tests.factories import TINY_PNG


def new(world, title, *, parent=None, post=None, days=10, weight=1, person=None, actor=None):
    data = TaskInput(title=title, working_days=days, post=post, weight=weight, responsible_person=person)
    return task_create(actor=actor or world.staff, campaign=world.campaign, data=data, parent=parent)


def rolled(world):
    tasks = list(Task.objects.filter(campaign=world.campaign))
    roots = build_tree(tasks, timezone.now())
    return {node.task.title: node for root in roots for node in root.walk()}, roots


def test_deadline_counts_working_days_on_the_project_clock(world):
    # Wednesday 2026-06-10: five working days end on Wednesday 2026-06-17 at close of business
    # (the Dragon Boat Festival, 2026-06-19, is later).
    task = new(world, "清理垃圾", days=5)
    assert timezone.localtime(task.due_at) == dt.datetime(2026, 6, 17, 17, 0, tzinfo=SHANGHAI)
    assert task.events.get().action == "create"


def test_the_tree_rolls_progress_and_status_up_by_weight(world):
    root = new(world, "环境整治", days=30, post=world.post_a)
    heavy = new(world, "拆除违建", parent=root, days=20, weight=3)
    light = new(world, "清理垃圾", parent=root, days=10, weight=1)
    assert heavy.post == world.post_a  # a sub-task stays with its post
    nodes, roots = rolled(world)
    assert nodes["环境整治"].status == TaskStatus.TODO and nodes["环境整治"].progress == 0

    task_progress(actor=world.a_leader, task=heavy, status=TaskStatus.DOING, progress=40)
    nodes, _ = rolled(world)
    assert nodes["环境整治"].status == TaskStatus.DOING
    assert nodes["环境整治"].progress == pytest.approx((40 * 3 + 0 * 1) / 4)

    task_progress(actor=world.a_leader, task=light, status=TaskStatus.DONE)
    nodes, _ = rolled(world)
    assert nodes["环境整治"].progress == pytest.approx((40 * 3 + 100) / 4)
    assert nodes["环境整治"].leaves == 2 and nodes["环境整治"].leaves_done == 1

    task_progress(actor=world.a_leader, task=heavy, status=TaskStatus.DONE)
    nodes, roots = rolled(world)
    assert nodes["环境整治"].status == TaskStatus.DONE and nodes["环境整治"].progress == 100
    stored = Task.objects.get(pk=root.pk)  # the parent's stored status follows the roll-up
    assert (stored.status, stored.progress) == (TaskStatus.DONE, 100) and stored.done_at is not None
    assert summarise(roots).done == 2


def test_three_levels_roll_up_through_the_middle(world):
    top = new(world, "双迎", days=60)
    middle = new(world, "扬尘治理", parent=top, days=30)
    new(world, "覆盖防尘网", parent=middle, days=10)
    leaf = Task.objects.get(title="覆盖防尘网")
    other = new(world, "宣传", parent=top, days=5)
    task_progress(actor=world.staff, task=leaf, status=TaskStatus.DOING, progress=50)
    task_progress(actor=world.staff, task=other, status=TaskStatus.DONE)
    nodes, _ = rolled(world)
    assert nodes["扬尘治理"].progress == 50
    assert nodes["双迎"].progress == 75
    assert Task.objects.get(pk=middle.pk).progress == 50


def test_a_task_with_sub_tasks_cannot_be_moved_directly(world):
    root = new(world, "环境整治", days=30)
    new(world, "拆除违建", parent=root, days=5)
    with pytest.raises(ValidationError) as refused:
        task_progress(actor=world.staff, task=Task.objects.get(pk=root.pk), status=TaskStatus.DONE)
    assert "status" in refused.value.message_dict


def test_overdue_when_not_done_after_the_deadline(world, frozen):
    task = new(world, "清理垃圾", days=1)
    frozen.shift(dt.timedelta(days=3))
    nodes, roots = rolled(world)
    assert nodes["清理垃圾"].overdue and summarise(roots).overdue == 1
    task_progress(actor=world.staff, task=task, status=TaskStatus.DONE)
    nodes, _ = rolled(world)
    assert not nodes["清理垃圾"].overdue


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"working_days": 0}, "working_days"),
        ({"working_days": 400}, "working_days"),
        ({"weight": 0}, "weight"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(world, changes, field):
    data = TaskInput(**({"title": "清理垃圾", "working_days": 5} | changes))
    with pytest.raises(ValidationError) as refused:
        task_create(actor=world.staff, campaign=world.campaign, data=data)
    assert field in refused.value.message_dict
    assert not Task.objects.exists()


def test_a_sub_task_cannot_end_after_its_task(world):
    root = new(world, "环境整治", days=3)
    with pytest.raises(ValidationError) as refused:
        new(world, "拆除违建", parent=root, days=10)
    assert "working_days" in refused.value.message_dict
    assert Task.objects.count() == 1


def test_progress_values_are_checked(world):
    task = new(world, "清理垃圾")
    for status, progress in ((TaskStatus.TODO, 20), (TaskStatus.DOING, 100), ("lost", 0)):
        with pytest.raises(ValidationError):
            task_progress(actor=world.staff, task=task, status=status, progress=progress)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.TODO
    assert task.events.count() == 1


def test_the_responsible_person_is_told_and_may_move_their_task(world):
    task = new(world, "拆除违建", person=world.b_person)
    assert Notification.objects.filter(user=world.b_member, title__contains="拆除违建").exists()
    task_progress(actor=world.b_member, task=task, status=TaskStatus.DOING, progress=10)
    assert Task.objects.get(pk=task.pk).progress == 10


def test_a_post_breaks_its_own_task_down_but_not_others(world):
    mine = new(world, "环境整治", post=world.post_a, days=20)
    theirs = new(world, "扬尘治理", post=world.post_b, days=20)
    sub = new(world, "清理垃圾", parent=mine, days=5, actor=world.a_leader)
    assert sub.post == world.post_a
    with pytest.raises(Http404):
        new(world, "覆盖防尘网", parent=theirs, days=5, actor=world.a_leader)
    with pytest.raises(ValidationError) as moved:
        new(world, "挪走", parent=mine, days=5, actor=world.a_leader, post=world.post_b)
    assert "post" in moved.value.message_dict
    with pytest.raises(Http404):
        new(world, "新任务", actor=world.a_leader)


def test_evidence_photo_figure_and_note(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = new(world, "覆盖防尘网", post=world.post_a)
    photo = SimpleUploadedFile("现场.png", TINY_PNG, content_type="image/png")
    evidence = task_evidence_add(
        actor=world.a_leader,
        task=task,
        note="已覆盖",
        figure=Decimal("1200"),
        figure_unit="平方米",
        photo=photo,
    )
    assert evidence.content_type == "image/png" and evidence.photo
    assert TaskEvent.objects.filter(task=task, action="evidence").count() == 1
    with pytest.raises(ValidationError):
        task_evidence_add(actor=world.a_leader, task=task)
    with pytest.raises(ValidationError) as no_unit:
        task_evidence_add(actor=world.a_leader, task=task, figure=Decimal(3))
    assert "figure_unit" in no_unit.value.message_dict
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        task_evidence_add(actor=world.a_leader, task=task, photo=fake)
    with pytest.raises(Http404):
        task_evidence_add(actor=world.inspector, task=task, note="督察不能代报")
    assert TaskEvidence.objects.count() == 1


def test_task_events_are_append_only(world):
    task = new(world, "清理垃圾")
    event = task.events.get()
    with pytest.raises(PermissionError):
        event.save()


def test_managers_change_a_task_and_its_deadline_counts_from_when_it_was_assigned(world, frozen):
    from lianxin.campaigns.services.tasks import task_update

    root = new(world, "环境整治", days=20)
    child = new(world, "清理垃圾", parent=root, days=10)
    frozen.shift(dt.timedelta(days=7))
    changed = task_update(
        actor=world.staff,
        task=Task.objects.get(pk=child.pk),
        data=TaskInput(
            title="清理建筑垃圾", working_days=5, post=world.post_b, responsible_person=world.b_person
        ),
    )
    assert changed.due_at == timezone.make_aware(dt.datetime(2026, 6, 17, 17, 0))  # 5 from 10 June
    assert changed.events.order_by("at", "id").values_list("action", flat=True).last() == "edit"
    with pytest.raises(ValidationError) as late:
        task_update(
            actor=world.staff,
            task=Task.objects.get(pk=root.pk),
            data=TaskInput(title="环境整治", working_days=3),
        )
    assert "working_days" in late.value.message_dict
    with pytest.raises(Http404):
        task_update(actor=world.a_leader, task=changed, data=TaskInput(title="x", working_days=5))
    assert Task.objects.get(pk=child.pk).title == "清理建筑垃圾"

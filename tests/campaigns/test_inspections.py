"""Inspections: a finding becomes a task (or a residents' request), is put right and is
re-inspected until it passes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from lianxin.campaigns.models import Finding, FindingStatus, ReInspection, Task, TaskSource, TaskStatus
from lianxin.campaigns.services.inspections import FindingInput, finding_record, reinspection_record
from lianxin.campaigns.services.tasks import task_progress
from lianxin.casework.models import Case, Category, Channel
from lianxin.core.models import Notification
from tests.campaigns.conftest import SHANGHAI
from tests.factories import TINY_PNG


def found(world, **changes):
    data = FindingInput(
        place="河西村东路口",
        node=world.tree.village_grid,
        post=world.post_a,
        description="建筑垃圾堆放未清运",
        working_days=3,
        photos=[SimpleUploadedFile("现场.png", TINY_PNG, content_type="image/png")],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return finding_record(actor=world.inspector, campaign=world.campaign, data=data)


def test_finding_task_reinspection_fail_then_pass(world, frozen):
    finding = found(world)
    task = finding.task
    assert task is not None and finding.case is None
    assert (task.source, task.post, task.responsible_person) == (
        TaskSource.INSPECTION,
        world.post_a,
        world.a_person,
    )
    assert timezone.localtime(finding.due_at) == dt.datetime(
        2026, 6, 15, 17, 0, tzinfo=SHANGHAI
    )  # 3 working days
    assert task.due_at == finding.due_at and finding.photos.count() == 1
    assert Notification.objects.filter(user=world.a_leader, title__contains="河西村东路口").exists()

    task_progress(actor=world.a_leader, task=task, status=TaskStatus.DONE, note="已清运")
    assert Notification.objects.filter(user=world.inspector, title__contains="河西村东路口").exists()

    frozen.shift(dt.timedelta(days=1))
    reinspection_record(actor=world.inspector, finding=finding, passed=False, note="仍有残留", working_days=2)
    finding.refresh_from_db()
    task.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFYING
    assert timezone.localtime(finding.due_at) == dt.datetime(
        2026, 6, 15, 17, 0, tzinfo=SHANGHAI
    )  # Thu 11th + 2
    assert (task.status, task.due_at, task.done_at) == (TaskStatus.DOING, finding.due_at, None)
    assert task.events.filter(action="failed").exists()

    task_progress(actor=world.a_leader, task=task, status=TaskStatus.DONE)
    reinspection_record(actor=world.inspector, finding=finding, passed=True, note="已整改到位")
    finding.refresh_from_db()
    task.refresh_from_db()
    assert finding.status == FindingStatus.PASSED and finding.closed_at is not None
    assert task.status == TaskStatus.DONE
    assert [v.passed for v in ReInspection.objects.order_by("at")] == [False, True]
    with pytest.raises(ValidationError):
        reinspection_record(actor=world.inspector, finding=finding, passed=True)


def test_passing_closes_the_task_even_if_the_post_had_not_marked_it(world):
    finding = found(world)
    reinspection_record(actor=world.inspector, finding=finding, passed=True)
    assert Task.objects.get(pk=finding.task_id).status == TaskStatus.DONE


def test_a_failed_reinspection_needs_a_note_and_a_new_deadline(world):
    finding = found(world)
    with pytest.raises(ValidationError) as refused:
        reinspection_record(actor=world.inspector, finding=finding, passed=False)
    assert {"working_days", "note"} <= set(refused.value.message_dict)
    assert not ReInspection.objects.exists()


def test_where_residents_are_involved_it_becomes_a_residents_request(world):
    category = Category.objects.get(code="city-garbage")
    finding = found(world, involves_residents=True, category=category, description="居民在路边倾倒生活垃圾")
    assert finding.task is None
    case = Case.objects.get(pk=finding.case_id)
    assert case.channel == Channel.INSPECTION and case.text == "居民在路边倾倒生活垃圾"
    assert case.node == world.tree.village_grid and case.category == category
    assert case.photos.count() == 1 and finding.photos.count() == 1
    assert case.events.get().actor == world.inspector
    reinspection_record(actor=world.inspector, finding=finding, passed=True)
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.PASSED


def test_a_residents_request_needs_its_category(world):
    with pytest.raises(ValidationError) as refused:
        found(world, involves_residents=True)
    assert "category" in refused.value.message_dict
    assert not Finding.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"place": " "}, "place"),
        ({"description": ""}, "description"),
        ({"working_days": 0}, "working_days"),
        ({"node": "east_grid"}, "node"),
    ],
)
def test_bad_findings_name_the_field_and_change_nothing(world, changes, field):
    if changes.get("node") == "east_grid":
        changes = {"node": world.tree.grid}
    with pytest.raises(ValidationError) as refused:
        found(world, **changes)
    assert field in refused.value.message_dict
    assert not Finding.objects.exists() and not Task.objects.exists()


def test_only_inspectors_record_and_reinspect(world):
    for who in (world.staff, world.leader, world.a_leader, world.outsider):
        with pytest.raises(Http404):
            finding_record(
                actor=who,
                campaign=world.campaign,
                data=FindingInput(
                    place="x", node=world.village, post=world.post_a, description="x", working_days=1
                ),
            )
    finding = found(world)
    with pytest.raises(Http404):
        reinspection_record(actor=world.a_leader, finding=finding, passed=True)
    assert Finding.objects.count() == 1 and not ReInspection.objects.exists()

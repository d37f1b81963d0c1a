"""Writes to tasks: the breakdown, progress, evidence. Every change appends a task event, and
the tasks above a changed one take their status and progress from their sub-tasks again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.campaigns import access
from lianxin.campaigns.models import (
    Campaign,
    CommandPost,
    Task,
    TaskEvent,
    TaskEvidence,
    TaskSource,
    TaskStatus,
    WeeklyMeeting,
)
from lianxin.campaigns.rollup import build_tree
from lianxin.casework.photos import check_photos
from lianxin.core import clock, scope
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.roles import Cap
from lianxin.core.services import notify
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person

MAX_DAYS = 250  # about a working year


@dataclass
class TaskInput:
    title: str
    working_days: int
    standard: str = ""
    post: CommandPost | None = None
    responsible_unit: OrgNode | None = None
    responsible_person: Person | None = None
    weight: int = 1
    sort: int = 0


def _post_people(campaign: Campaign) -> set[int]:
    """Ids of everyone who leads or works in one of the campaign's command posts."""
    leaders = campaign.posts.exclude(leader=None).values_list("leader_id", flat=True)
    members = campaign.posts.values_list("members__person_id", flat=True)
    return {pk for pk in [*leaders, *members] if pk is not None}


def _check(
    actor: Any, campaign: Campaign, data: TaskInput, parent: Task | None, start: dt.datetime
) -> dt.datetime:
    errors: dict[str, list[str]] = {}
    data.title = data.title.strip()
    if not data.title:
        errors["title"] = [_("Say what the task is.")]
    if not 1 <= data.working_days <= MAX_DAYS:
        errors["working_days"] = [_("Give between 1 and %(n)d working days.") % {"n": MAX_DAYS}]
    if data.weight < 1:
        errors["weight"] = [_("A weight is 1 or more.")]
    if data.post is not None and data.post.campaign_id != campaign.pk:
        errors["post"] = [_("Choose a command post of this campaign.")]
    if parent is not None and not access.manages(actor, campaign) and data.post != parent.post:
        errors["post"] = [_("A sub-task stays with the command post of its task.")]
    unit = data.responsible_unit
    if unit is not None and not unit.path.startswith(campaign.node.path):
        errors["responsible_unit"] = [_("Choose a unit of the campaign's area.")]
    person = data.responsible_person
    if person is not None and not (
        person.pk in _post_people(campaign) or scope.in_scope(actor, Cap.PEOPLE_VIEW, person.node.path)
    ):
        errors["responsible_person"] = [_("Choose someone of the command posts or of your people register.")]
    due = start
    if "working_days" not in errors:
        due = clock.add_working_days(start, data.working_days)
        if parent is not None and due > parent.due_at:
            errors["working_days"] = [
                _("A sub-task cannot be due after the task it is part of (due %(due)s).")
                % {"due": timezone.localtime(parent.due_at).strftime("%Y-%m-%d")}
            ]
    if errors:
        raise ValidationError(errors)
    return due


def settle_parents(campaign: Campaign, now: dt.datetime) -> None:
    """Store each parent task's rolled-up status and progress (so lists and filters agree
    with the tree)."""
    tasks = list(Task.objects.filter(campaign=campaign).select_for_update())
    changed = []
    for root in build_tree(tasks, now):
        for node in root.walk():
            task = node.task
            if node.is_leaf:
                continue
            progress = round(node.progress)
            done_at = (task.done_at or now) if node.status == TaskStatus.DONE else None
            if (task.status, task.progress, task.done_at) != (node.status, progress, done_at):
                task.status, task.progress, task.done_at = node.status, progress, done_at
                changed.append(task)
    Task.objects.bulk_update(changed, ["status", "progress", "done_at", "updated_at"])


def task_create(
    *,
    actor: Any,
    campaign: Campaign,
    data: TaskInput,
    parent: Task | None = None,
    meeting: WeeklyMeeting | None = None,
    source: str = TaskSource.PLAN,
) -> Task:
    """Add a task to the breakdown, or a sub-task under ``parent`` (the parent's command post
    may break its own tasks down further)."""
    if parent is None:
        require(actor, "campaigns.manage_campaign", campaign, action="campaigns.task.create")
    else:
        require(actor, "campaigns.work_on_task", parent, action="campaigns.task.create")
        if parent.campaign_id != campaign.pk:
            raise ValidationError({"parent": [_("Choose a task of this campaign.")]})
        data.post = data.post or parent.post
    now = timezone.now()
    due = _check(actor, campaign, data, parent, now)
    if meeting is not None:
        source = TaskSource.MEETING
    with transaction.atomic():
        task = Task.objects.create(
            campaign=campaign,
            parent=parent,
            meeting=meeting,
            source=source,
            assigned_at=now,
            due_at=due,
            created_by=actor,
            **vars(data),
        )
        TaskEvent.objects.create(
            task=task, at=now, actor=actor, action="create", status=task.status, progress=task.progress
        )
        if parent is not None:
            settle_parents(campaign, now)
        audit_record(actor=actor, action="campaigns.task.create", obj=task)
    person = task.responsible_person
    if (
        person is not None
        and person.user is not None
        and scope.has_capability(person.user, Cap.CAMPAIGNS_WORK)
    ):
        notify(
            users=[person.user],
            title=_("A campaign task is yours: %(title)s") % {"title": task.title},
            url=reverse("campaigns:task", args=[task.pk]),
        )
    return task


def task_update(*, actor: Any, task: Task, data: TaskInput) -> Task:
    """Change a task: what it is, whose it is, how many working days it has from when it was
    assigned. The managers of the campaign may; its sub-tasks must still end in time."""
    require(actor, "campaigns.manage_campaign", task.campaign, action="campaigns.task.update")
    due = _check(actor, task.campaign, data, task.parent, task.assigned_at)
    late = [child.title for child in task.children.all() if child.due_at > due]
    if late:
        raise ValidationError(
            {"working_days": [_("Sub-tasks would end after it: %(tasks)s.") % {"tasks": "、".join(late)}]}
        )
    now = timezone.now()
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        before = {name: str(getattr(task, name)) for name in vars(data)}
        for name, value in vars(data).items():
            setattr(task, name, value)
        task.due_at = due
        task.save()
        TaskEvent.objects.create(
            task=task, at=now, actor=actor, action="edit", status=task.status, progress=task.progress
        )
        audit_record(actor=actor, action="campaigns.task.update", obj=task, detail={"was": before})
    return task


def task_progress(*, actor: Any, task: Task, status: str, progress: int = 0, note: str = "") -> Task:
    """Move a task on: not started, in progress (with a percentage) or done."""
    require(actor, "campaigns.work_on_task", task, action="campaigns.task.progress")
    errors: dict[str, list[str]] = {}
    if task.children.exists():
        errors["status"] = [_("A task with sub-tasks takes its progress from them.")]
    elif status not in TaskStatus.values:
        errors["status"] = [_("Choose a status.")]
    elif status == TaskStatus.TODO and progress:
        errors["progress"] = [_("A task not started has no progress yet.")]
    elif status == TaskStatus.DOING and not 0 <= progress < 100:
        errors["progress"] = [_("Give the progress as 0 to 99 per cent; 100 per cent is done.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        was = task.status
        task.status = status
        task.progress = 100 if status == TaskStatus.DONE else progress
        task.done_at = (task.done_at or now) if status == TaskStatus.DONE else None
        task.save(update_fields=["status", "progress", "done_at", "updated_at"])
        TaskEvent.objects.create(
            task=task,
            at=now,
            actor=actor,
            action="progress",
            status=status,
            progress=task.progress,
            note=note,
        )
        settle_parents(task.campaign, now)
        audit_record(
            actor=actor,
            action="campaigns.task.progress",
            obj=task,
            detail={"from": was, "to": status, "progress": task.progress},
        )
    finding = getattr(task, "finding", None)
    if finding is not None and status == TaskStatus.DONE and was != TaskStatus.DONE:
        notify(
            users=[finding.inspector],
            title=_("Put right, ready for re-inspection: %(place)s") % {"place": finding.place},
            url=reverse("campaigns:finding", args=[finding.pk]),
        )
    return task


def task_evidence_add(
    *,
    actor: Any,
    task: Task,
    note: str = "",
    figure: Decimal | None = None,
    figure_unit: str = "",
    photo: Any = None,
) -> TaskEvidence:
    """Add proof of the work: a photo, a figure with its unit, a note."""
    require(actor, "campaigns.work_on_task", task, action="campaigns.task.evidence")
    errors: dict[str, list[str]] = {}
    note, figure_unit = note.strip(), figure_unit.strip()
    if not (note or figure is not None or photo):
        errors["note"] = [_("Add a photo, a figure or a note.")]
    if figure is not None and figure < 0:
        errors["figure"] = [_("Enter zero or more.")]
    if figure is not None and not figure_unit:
        errors["figure_unit"] = [_("Give the figure's unit.")]
    if errors:
        raise ValidationError(errors)
    checked = check_photos([photo] if photo else [])
    now = timezone.now()
    with transaction.atomic():
        evidence = TaskEvidence(
            task=task, note=note, figure=figure, figure_unit=figure_unit, added_by=actor, added_at=now
        )
        for upload, content_type, size in checked:
            evidence.content_type, evidence.size = content_type, size
            evidence.photo.save(upload.name, upload, save=False)
        evidence.save()
        TaskEvent.objects.create(
            task=task,
            at=now,
            actor=actor,
            action="evidence",
            status=task.status,
            progress=task.progress,
            note=note,
        )
        audit_record(
            actor=actor, action="campaigns.task.evidence", obj=task, detail={"evidence": evidence.pk}
        )
    return evidence

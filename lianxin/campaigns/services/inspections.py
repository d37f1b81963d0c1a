"""Inspections (督察): a finding becomes a task of the responsible command post — or, where
residents are involved, a residents' request taken in through casework by the inspector —
and is re-inspected until it passes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.campaigns.access import post_users
from lianxin.campaigns.models import (
    Campaign,
    CommandPost,
    Finding,
    FindingPhoto,
    FindingStatus,
    ReInspection,
    Task,
    TaskEvent,
    TaskSource,
    TaskStatus,
)
from lianxin.campaigns.services.tasks import settle_parents
from lianxin.casework.models import CaseType, Category, Channel
from lianxin.casework.photos import check_photos
from lianxin.casework.services import CaseInput, case_submit
from lianxin.core import clock
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.services import notify
from lianxin.orgs.models import OrgNode

MAX_DAYS = 60


@dataclass
class FindingInput:
    place: str
    node: OrgNode
    post: CommandPost
    description: str
    working_days: int
    involves_residents: bool = False
    category: Category | None = None  # for a residents' request
    case_type: str = CaseType.REPORT
    photos: list[Any] = field(default_factory=list)


def _check(actor: Any, campaign: Campaign, data: FindingInput) -> None:
    errors: dict[str, list[str]] = {}
    data.place, data.description = data.place.strip(), data.description.strip()
    if not data.place:
        errors["place"] = [_("Say where it was found.")]
    if not data.node.path.startswith(campaign.node.path):
        errors["node"] = [_("Choose a place in the campaign's area.")]
    if data.post.campaign_id != campaign.pk:
        errors["post"] = [_("Choose a command post of this campaign.")]
    if not data.description:
        errors["description"] = [_("Say what was found.")]
    if not 1 <= data.working_days <= MAX_DAYS:
        errors["working_days"] = [_("Give between 1 and %(n)d working days.") % {"n": MAX_DAYS}]
    if data.involves_residents:
        if data.category is None:
            errors["category"] = [_("Choose the request's category.")]
        if data.case_type not in CaseType.values:
            errors["case_type"] = [_("Choose the type of request.")]
        if not actor.has_perm("casework.intake_case", data.node):
            errors["involves_residents"] = [_("You may not take in residents' requests there.")]
    if errors:
        raise ValidationError(errors)


def finding_record(*, actor: Any, campaign: Campaign, data: FindingInput) -> Finding:
    """Record what an inspection found; it becomes the responsible post's task, or a
    residents' request when residents are involved."""
    require(actor, "campaigns.inspect_campaign", campaign, action="campaigns.finding.record")
    _check(actor, campaign, data)
    photos = check_photos(data.photos)
    now = timezone.now()
    due = clock.add_working_days(now, data.working_days)
    with transaction.atomic():
        task = case = None
        if data.involves_residents:
            assert data.category is not None
            case = case_submit(
                actor=actor,
                data=CaseInput(
                    channel=Channel.INSPECTION,
                    case_type=data.case_type,
                    category=data.category,
                    text=data.description,
                    address=data.place,
                    node=data.node,
                    photos=[upload for upload, _type, _size in photos],
                ),
            )
        else:
            task = Task.objects.create(
                campaign=campaign,
                post=data.post,
                title=f"{data.place}：{data.description}"[:200],
                standard=data.description,
                responsible_unit=data.node,
                responsible_person=data.post.leader,
                working_days=data.working_days,
                assigned_at=now,
                due_at=due,
                source=TaskSource.INSPECTION,
                created_by=actor,
            )
            TaskEvent.objects.create(
                task=task, at=now, actor=actor, action="create", status=task.status, progress=0
            )
        finding = Finding.objects.create(
            campaign=campaign,
            found_at=now,
            inspector=actor,
            place=data.place,
            node=data.node,
            post=data.post,
            description=data.description,
            involves_residents=data.involves_residents,
            working_days=data.working_days,
            due_at=due,
            task=task,
            case=case,
        )
        for upload, content_type, size in photos:
            upload.seek(0)
            photo = FindingPhoto(finding=finding, content_type=content_type, size=size, uploaded_by=actor)
            photo.image.save(upload.name, upload, save=True)
        audit_record(
            actor=actor,
            action="campaigns.finding.record",
            obj=finding,
            detail={"task": task.pk if task else None, "case": case.number if case else None},
        )
    notify(
        users=post_users(data.post),
        title=_("Inspection finding for %(post)s: %(place)s") % {"post": data.post.name, "place": data.place},
        url=reverse("campaigns:finding", args=[finding.pk]),
    )
    return finding


def reinspection_record(
    *,
    actor: Any,
    finding: Finding,
    passed: bool,
    note: str = "",
    working_days: int | None = None,
    photos: list[Any] | None = None,
) -> ReInspection:
    """Go back and look: passed closes the finding (and its task); not passed sets a new
    deadline and sends the task back to the command post."""
    require(actor, "campaigns.inspect_campaign", finding.campaign, action="campaigns.finding.reinspect")
    errors: dict[str, list[str]] = {}
    if not passed and not (working_days and 1 <= working_days <= MAX_DAYS):
        errors["working_days"] = [
            _("Give between 1 and %(n)d working days to put it right.") % {"n": MAX_DAYS}
        ]
    if not passed and not note.strip():
        errors["note"] = [_("Say what is still wrong.")]
    if errors:
        raise ValidationError(errors)
    checked = check_photos(photos or [])
    now = timezone.now()
    with transaction.atomic():
        finding = (
            Finding.objects.select_for_update(of=("self",)).select_related("task", "post").get(pk=finding.pk)
        )
        if finding.status == FindingStatus.PASSED:
            raise ValidationError({"passed": [_("This finding has already passed re-inspection.")]})
        new_due = None if passed else clock.add_working_days(now, working_days or 1)
        visit = ReInspection.objects.create(
            finding=finding, at=now, inspector=actor, passed=passed, note=note.strip(), new_due_at=new_due
        )
        for upload, content_type, size in checked:
            photo = FindingPhoto(
                finding=finding, reinspection=visit, content_type=content_type, size=size, uploaded_by=actor
            )
            photo.image.save(upload.name, upload, save=True)
        if passed:
            finding.status, finding.closed_at = FindingStatus.PASSED, now
        else:
            finding.due_at = new_due  # type: ignore[assignment]
        finding.save(update_fields=["status", "closed_at", "due_at", "updated_at"])
        task = finding.task
        if task is not None:
            task = Task.objects.select_for_update().get(pk=task.pk)
            if passed:
                task.status, task.progress, task.done_at = TaskStatus.DONE, 100, task.done_at or now
            else:
                task.status, task.progress, task.done_at = TaskStatus.DOING, min(task.progress, 50), None
                task.due_at = new_due  # type: ignore[assignment]
            task.save(update_fields=["status", "progress", "done_at", "due_at", "updated_at"])
            TaskEvent.objects.create(
                task=task,
                at=now,
                actor=actor,
                action="passed" if passed else "failed",
                status=task.status,
                progress=task.progress,
                note=note.strip(),
            )
            settle_parents(task.campaign, now)
        audit_record(
            actor=actor,
            action="campaigns.finding.reinspect",
            obj=finding,
            detail={"passed": passed, "new_due": new_due.isoformat() if new_due else None},
        )
    if not passed:
        notify(
            users=post_users(finding.post),
            title=_("Not yet put right: %(place)s") % {"place": finding.place},
            url=reverse("campaigns:finding", args=[finding.pk]),
        )
    return visit

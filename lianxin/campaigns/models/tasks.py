"""Tasks broken down from a campaign's goals (逐项分解), their history and their evidence."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class TaskStatus(models.TextChoices):
    TODO = "todo", _("Not started")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class TaskSource(models.TextChoices):
    PLAN = "plan", _("Breakdown of the goals")
    MEETING = "meeting", _("Weekly scheduling meeting")
    INSPECTION = "inspection", _("Inspection finding")


class Task(BaseModel):
    """One task of the breakdown. A task with sub-tasks takes its progress from them."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="tasks", verbose_name=_("campaign")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    title = models.CharField(_("task"), max_length=200)
    standard = models.TextField(_("standard to meet"), blank=True)
    post = models.ForeignKey(
        "campaigns.CommandPost",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("command post"),
    )
    responsible_unit = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    responsible_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_tasks",
        verbose_name=_("responsible person"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    working_days = models.PositiveSmallIntegerField(_("working days allowed"))
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.TODO)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    weight = models.PositiveSmallIntegerField(_("weight in its parent"), default=1)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=TaskSource.choices, default=TaskSource.PLAN)
    meeting = models.ForeignKey(
        "campaigns.WeeklyMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assigned at the meeting"),
    )
    sort = models.PositiveIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign task")
        verbose_name_plural = _("campaign tasks")
        ordering = ["campaign", "sort", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_percent"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="task_weight_positive"),
            models.CheckConstraint(condition=Q(working_days__gte=1), name="task_at_least_a_day"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="task_not_own_parent"),
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False)
                | (~Q(status="done") & Q(done_at__isnull=True)),
                name="task_done_at_when_done",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "post", "status"], name="task_campaign_post"),
            models.Index(fields=["responsible_person", "status"], name="task_person_status"),
        ]

    def __str__(self) -> str:
        return self.title


class TaskEvent(models.Model):
    """One change of a task (created, progress, done, reopened, evidence); append-only."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events", verbose_name=_("task"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=16)
    status = models.CharField(_("status"), max_length=8, choices=TaskStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at"], name="taskevent_task_at")]

    def __str__(self) -> str:
        return f"{self.task} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("task events are append-only")
        super().save(*args, **kwargs)


class TaskEvidence(models.Model):
    """Proof of the work: a photo, a figure with its unit, or both, with a note."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("task"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    figure = models.DecimalField(_("figure"), max_digits=12, decimal_places=2, null=True, blank=True)
    figure_unit = models.CharField(_("unit of measure"), max_length=16, blank=True)
    photo = models.FileField(_("photo"), upload_to="campaigns/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=32, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(figure__isnull=True) | Q(figure__gte=0), name="evidence_figure_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"

"""Inspections (督察): what an inspector found, where, whose it is, by when it must be put
right (整改), and each re-inspection until it passes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class FindingStatus(models.TextChoices):
    RECTIFYING = "rectifying", _("Being put right")
    PASSED = "passed", _("Passed re-inspection")


class Finding(BaseModel):
    """A problem found on inspection. It becomes a task of the responsible command post, or a
    residents' request (casework) when residents are involved."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="findings", verbose_name=_("campaign")
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    place = models.CharField(_("place"), max_length=200)
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("grid or village")
    )
    post = models.ForeignKey(
        "campaigns.CommandPost",
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("responsible command post"),
    )
    description = models.TextField(_("what was found"))
    involves_residents = models.BooleanField(_("residents are involved"), default=False)
    working_days = models.PositiveSmallIntegerField(_("working days to put it right"))
    due_at = models.DateTimeField(_("put right by"))
    status = models.CharField(
        _("status"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.RECTIFYING
    )
    closed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    task = models.OneToOneField(
        "campaigns.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finding",
        verbose_name=_("task"),
    )
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("residents' request"),
    )

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["campaign", "-found_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, case__isnull=True) | Q(task__isnull=True, case__isnull=False),
                name="finding_task_or_case",
            ),
            models.CheckConstraint(
                condition=Q(status="passed", closed_at__isnull=False)
                | (~Q(status="passed") & Q(closed_at__isnull=True)),
                name="finding_closed_when_passed",
            ),
            models.CheckConstraint(condition=Q(working_days__gte=1), name="finding_at_least_a_day"),
        ]
        indexes = [
            models.Index(fields=["campaign", "status", "due_at"], name="finding_campaign_status"),
            models.Index(fields=["post", "found_at"], name="finding_post_found"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.found_at:%Y-%m-%d}"


class ReInspection(models.Model):
    """A visit to check a finding was put right; a failed one sets a new deadline. Append-only."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="reinspections", verbose_name=_("finding")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    passed = models.BooleanField(_("put right"))
    note = models.TextField(_("note"), blank=True)
    new_due_at = models.DateTimeField(_("new deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-inspection")
        verbose_name_plural = _("re-inspections")
        ordering = ["finding", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(passed=True, new_due_at__isnull=True) | Q(passed=False, new_due_at__isnull=False),
                name="reinspection_failed_has_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.finding} {self.at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("re-inspections are append-only")
        super().save(*args, **kwargs)


class FindingPhoto(models.Model):
    """A photo of a finding (taken on inspection) or of a re-inspection."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="photos", verbose_name=_("finding")
    )
    reinspection = models.ForeignKey(
        ReInspection,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("re-inspection"),
    )
    image = models.FileField(_("photo"), upload_to="inspections/%Y/%m/")
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.finding} #{self.pk}"

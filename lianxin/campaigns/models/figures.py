"""Progress figures (人次、台次、立方米 …) reported by the command posts, and the weekly
scheduling meeting (周调度) that looks at them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class Metric(BaseModel):
    """A figure a campaign counts, with its unit and, if any, the target for the campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="metrics", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit of measure"), max_length=16)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("progress figure")
        verbose_name_plural = _("progress figures")
        ordering = ["campaign", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="metric_unique_name"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(target__gt=0), name="metric_target"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Span(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week (Monday to Sunday)")


class FigureReport(models.Model):
    """What one command post did for one figure over a day or a week."""

    post = models.ForeignKey(
        "campaigns.CommandPost",
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("command post"),
    )
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="reports", verbose_name=_("figure")
    )
    span = models.CharField(_("period"), max_length=8, choices=Span.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("figure report")
        verbose_name_plural = _("figure reports")
        ordering = ["-ends_on", "post", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "metric", "starts_on", "span"], name="figure_once_per_period"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_not_negative"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="figure_period"),
        ]
        indexes = [
            models.Index(fields=["metric", "ends_on"], name="figure_metric_ends"),
            models.Index(fields=["post", "metric", "ends_on"], name="figure_post_metric_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.metric} {self.starts_on:%Y-%m-%d} {self.value}"


class WeeklyMeeting(BaseModel):
    """The weekly scheduling meeting (周调度): the week's figures as they stood, the problems
    raised, what was decided, and the tasks it assigned (``Task.meeting``)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("campaign")
    )
    week_starts_on = models.DateField(_("week of"))
    held_on = models.DateField(_("held on"))
    chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    attendance = models.CharField(_("attended by"), max_length=300, blank=True)
    problems = models.TextField(_("problems raised"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    figures = models.JSONField(_("figures of the week"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("weekly scheduling meeting")
        verbose_name_plural = _("weekly scheduling meetings")
        ordering = ["campaign", "-week_starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "week_starts_on"], name="meeting_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.week_starts_on:%Y-%m-%d}"

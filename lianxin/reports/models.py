from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class BriefingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class Briefing(BaseModel):
    """A work briefing (工作简报) for a node and period. Its text names figures as {key}
    tokens: live while it is a draft, frozen with their values when it is issued."""

    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="briefings", verbose_name=_("area")
    )
    period_kind = models.CharField(_("period kind"), max_length=8)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=8, choices=BriefingState.choices, default=BriefingState.DRAFT
    )
    figures = models.JSONField(_("figures as issued"), default=dict, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="draft", issued_at__isnull=True)
                | models.Q(state="issued", issued_at__isnull=False),
                name="briefing_issued_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="briefing_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.state == BriefingState.ISSUED

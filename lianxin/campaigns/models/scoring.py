"""Monthly evaluation (月测评): criteria with weights, inspectors' score sheets, and the
monthly red and black flags (红旗/黑旗) awarded from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class Subject(models.TextChoices):
    POST = "post", _("Command post")
    VILLAGE = "village", _("Village")


class AppliesTo(models.TextChoices):
    BOTH = "both", _("Command posts and villages")
    POST = "post", _("Command posts")
    VILLAGE = "village", _("Villages")


class Criterion(BaseModel):
    """One line of the scoring sheet. Scores are 0–100; a sheet's total is their weighted mean."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="criteria", verbose_name=_("campaign")
    )
    name = models.CharField(_("criterion"), max_length=100)
    description = models.CharField(_("what is looked at"), max_length=300, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    applies_to = models.CharField(
        _("scored for"), max_length=8, choices=AppliesTo.choices, default=AppliesTo.BOTH
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["campaign", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="criterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


def _subject_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(subject="post", post__isnull=False, village__isnull=True)
        | Q(subject="village", post__isnull=True, village__isnull=False),
        name=name,
    )


class ScoreSheet(BaseModel):
    """One inspector's scores for one command post or village in one month."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="sheets", verbose_name=_("campaign")
    )
    month = models.DateField(_("month"))  # its first day
    subject = models.CharField(_("scored"), max_length=8, choices=Subject.choices)
    post = models.ForeignKey(
        "campaigns.CommandPost",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sheets",
        verbose_name=_("command post"),
    )
    village = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["campaign", "-month", "id"]
        constraints = [
            _subject_check("sheet_one_subject"),
            models.UniqueConstraint(
                fields=["campaign", "month", "post", "inspector"],
                condition=Q(subject="post"),
                name="sheet_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["campaign", "month", "village", "inspector"],
                condition=Q(subject="village"),
                name="sheet_once_per_village",
            ),
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=100), name="sheet_total_range"),
        ]
        indexes = [models.Index(fields=["campaign", "month", "subject"], name="sheet_campaign_month")]

    def __str__(self) -> str:
        return f"{self.post or self.village} {self.month:%Y-%m} {self.total}"


class ScoreLine(models.Model):
    """The score for one criterion, with the criterion's weight as it was when scored."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("sheet")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__sort", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="scoreline_once"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="scoreline_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.score}"


class Colour(models.TextChoices):
    RED = "red", _("Red flag")
    BLACK = "black", _("Black flag")


class FlagAward(models.Model):
    """A month's red or black flag for a command post or a village, with what it brings."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="flags", verbose_name=_("campaign")
    )
    month = models.DateField(_("month"))
    colour = models.CharField(_("flag"), max_length=8, choices=Colour.choices)
    subject = models.CharField(_("awarded to"), max_length=8, choices=Subject.choices)
    post = models.ForeignKey(
        "campaigns.CommandPost",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("command post"),
    )
    village = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )
    score = models.DecimalField(_("monthly score"), max_digits=5, decimal_places=2)
    consequence = models.CharField(_("consequence"), max_length=200, blank=True)
    reward = models.DecimalField(_("reward (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    how = models.CharField(_("how it was decided"), max_length=300, blank=True)
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField(_("awarded at"), default=timezone.now)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["campaign", "-month", "colour", "subject"]
        constraints = [
            _subject_check("flag_one_subject"),
            models.UniqueConstraint(
                fields=["campaign", "month", "colour", "subject"], name="flag_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_colour_display()} {self.post or self.village}"

    @property
    def holder(self) -> object:
        return self.post if self.subject == Subject.POST else self.village

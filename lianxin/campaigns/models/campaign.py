"""A campaign (攻坚), its leading group (领导小组) and command posts (指挥部) with the areas they cover."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class Campaign(BaseModel):
    """A campaign run by a subdistrict (or the whole district) over a period."""

    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("run by")
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goals = models.TextField(_("goals"), blank=True)

    # What the monthly red and black flags bring (红旗/黑旗).
    red_post_consequence = models.CharField(_("red flag, command post"), max_length=200, blank=True)
    red_village_consequence = models.CharField(_("red flag, village"), max_length=200, blank=True)
    red_village_reward = models.DecimalField(
        _("reward to the red-flag village (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("30000"),
    )
    black_post_consequence = models.CharField(_("black flag, command post"), max_length=200, blank=True)
    black_village_consequence = models.CharField(_("black flag, village"), max_length=200, blank=True)

    # Quarterly assessment (季考核): weights of the quarter's three months and flag points.
    month1_weight = models.DecimalField(
        _("weight of the first month"), max_digits=5, decimal_places=2, default=Decimal("1")
    )
    month2_weight = models.DecimalField(
        _("weight of the second month"), max_digits=5, decimal_places=2, default=Decimal("1")
    )
    month3_weight = models.DecimalField(
        _("weight of the third month"), max_digits=5, decimal_places=2, default=Decimal("1")
    )
    red_flag_points = models.DecimalField(
        _("points added for each red flag"), max_digits=5, decimal_places=2, default=Decimal("2")
    )
    black_flag_points = models.DecimalField(
        _("points taken off for each black flag"), max_digits=5, decimal_places=2, default=Decimal("2")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_dates"),
            models.CheckConstraint(
                condition=Q(month1_weight__gte=0, month2_weight__gte=0, month3_weight__gte=0)
                & (Q(month1_weight__gt=0) | Q(month2_weight__gt=0) | Q(month3_weight__gt=0)),
                name="campaign_month_weights",
            ),
            models.CheckConstraint(
                condition=Q(red_flag_points__gte=0, black_flag_points__gte=0, red_village_reward__gte=0),
                name="campaign_flag_points",
            ),
        ]
        indexes = [models.Index(fields=["node", "starts_on"], name="campaign_node_starts")]

    def __str__(self) -> str:
        return self.name

    @property
    def month_weights(self) -> tuple[Decimal, Decimal, Decimal]:
        return (self.month1_weight, self.month2_weight, self.month3_weight)


class GroupDuty(models.TextChoices):
    LEADER = "leader", _("Group leader")
    DEPUTY = "deputy", _("Deputy group leader")
    OFFICE = "office", _("Office director")
    MEMBER = "member", _("Member")


class LeadingGroupMember(BaseModel):
    """A person on the campaign's leading group (领导小组), with their duty."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="leading_group", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    duty = models.CharField(_("duty"), max_length=16, choices=GroupDuty.choices, default=GroupDuty.MEMBER)
    responsibility = models.CharField(_("responsible for"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group")
        ordering = ["campaign", "duty", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="leadinggroup_one_seat_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_duty_display()}"


class CommandPost(BaseModel):
    """A command post (指挥部): its leader, its members and the grids or villages it covers."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="posts", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commander"),
    )
    duties = models.CharField(_("duties"), max_length=300, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("command post")
        verbose_name_plural = _("command posts")
        ordering = ["campaign", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="commandpost_unique_name")]

    def __str__(self) -> str:
        return self.name


class CommandPostArea(models.Model):
    """A grid, village or community a command post covers (all of its grids, for a village)."""

    post = models.ForeignKey(
        CommandPost, on_delete=models.CASCADE, related_name="areas", verbose_name=_("command post")
    )
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("grid or village")
    )

    class Meta:
        verbose_name = _("area covered")
        verbose_name_plural = _("areas covered")
        ordering = ["post", "node__path"]
        constraints = [models.UniqueConstraint(fields=["post", "node"], name="commandpostarea_once")]

    def __str__(self) -> str:
        return f"{self.post} · {self.node}"


class CommandPostMember(BaseModel):
    """A person working in a command post. With a log-in they see and work on its tasks."""

    post = models.ForeignKey(
        CommandPost, on_delete=models.CASCADE, related_name="members", verbose_name=_("command post")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="command_posts", verbose_name=_("person")
    )
    duty = models.CharField(_("duty"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("command post member")
        verbose_name_plural = _("command post members")
        ordering = ["post", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="commandpostmember_once")]

    def __str__(self) -> str:
        return f"{self.post} · {self.person}"

"""Responsibility lists (权责清单), service posts and their duty rosters, in-service party members
reporting to their home community (在职党员进社区报到) with their claims and services, and the
points rules that price what members do.

Everything hangs off a community node: that node decides who may see and manage it. An
employer unit's party organisation sees the reports of its own members through ``employer``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel, ends_after_start

# --- responsibility lists ---------------------------------------------------------------------


class ListVersion(BaseModel):
    """One published version of a community's responsibility list; an edit adds the next one."""

    community = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    class Meta:
        verbose_name = _("responsibility list version")
        verbose_name_plural = _("responsibility list versions")
        ordering = ["community", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="listversion_number_per_community"),
            models.CheckConstraint(condition=Q(number__gte=1), name="listversion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.community} v{self.number}"


class ListItem(models.Model):
    version = models.ForeignKey(
        ListVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    matter = models.CharField(_("matter"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    responsible_post = models.CharField(_("responsible post"), max_length=100)
    time_limit = models.CharField(_("time limit"), max_length=100, blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("responsibility list item")
        verbose_name_plural = _("responsibility list items")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="listitem_position_per_version")
        ]

    def __str__(self) -> str:
        return self.matter


# --- service posts and rosters -----------------------------------------------------------------


class PostKind(models.TextChoices):
    MODEL = "model_post", _("Model party member post")  # 模范党员示范岗
    EXTENDED_HOURS = "extended_hours_post", _("Extended-hours service post")  # 党员延时服务岗
    IN_SERVICE = "in_service_post", _("In-service party member post")  # 在职党员服务岗


class ServiceField(models.TextChoices):
    POLICY = "policy", _("Policy outreach")  # 政策宣传
    ENVIRONMENT = "environment", _("Environment clean-up")  # 环境整治
    CULTURE = "culture", _("Culture and recreation")  # 文化娱乐
    LEGAL = "legal", _("Legal advice")  # 法律咨询
    ELDERLY = "elderly", _("Help for the elderly and disabled")  # 助老助残
    PATROL = "patrol", _("Safety patrol")  # 治安巡逻
    HEALTH = "health", _("Health care")  # 医疗卫生
    EDUCATION = "education", _("Tutoring")  # 教育辅导
    OTHER = "other", _("Other")


class Post(BaseModel):
    community = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=PostKind.choices)
    name = models.CharField(_("name"), max_length=100)
    field = models.CharField(_("service field"), max_length=16, choices=ServiceField.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("where"), max_length=100, blank=True)
    extends_until = models.TimeField(_("open until"), null=True, blank=True)
    on_weekends = models.BooleanField(_("open at weekends"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service post")
        verbose_name_plural = _("service posts")
        ordering = ["community__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="post_unique_name_per_community"),
            models.CheckConstraint(
                condition=Q(kind="in_service_post") | Q(field=""), name="post_field_only_in_service"
            ),
            models.CheckConstraint(
                condition=~Q(kind="in_service_post") | ~Q(field=""), name="post_in_service_has_field"
            ),
            models.CheckConstraint(
                condition=Q(kind="extended_hours_post") | Q(extends_until__isnull=True),
                name="post_extends_only_extended",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Shift(BaseModel):
    """A roster line: who is on duty at the post, on which weekday, from when to when."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("post"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="post_shifts", verbose_name=_("who")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    started_on = models.DateField(_("on the roster from"))
    ended_on = models.DateField(_("off the roster from"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster line")
        verbose_name_plural = _("roster")
        ordering = ["post", "weekday", "starts", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="shift_weekday_range"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="shift_ends_after_start"),
            ends_after_start("started_on", "ended_on", "shift_dates"),
        ]
        indexes = [models.Index(fields=["weekday", "starts"], name="shift_weekday_starts")]

    def __str__(self) -> str:
        return f"{self.post} {self.person}"


class DutyServed(BaseModel):
    """A roster line served on one day, recorded by a community worker. A mistaken record is
    withdrawn (who and when), never deleted; one record in force per line and day."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="duties", verbose_name=_("post"))
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, related_name="duties", verbose_name=_("roster line")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="post_duties", verbose_name=_("who")
    )
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        verbose_name = _("duty served")
        verbose_name_plural = _("duties served")
        ordering = ["-on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "on"], condition=Q(withdrawn_at__isnull=True), name="duty_once_per_shift_day"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="duty_withdrawn_with_who",
            ),
        ]
        indexes = [models.Index(fields=["on"], name="duty_on")]

    def __str__(self) -> str:
        return f"{self.post} {self.person} {self.on:%Y-%m-%d}"


# --- in-service party members -----------------------------------------------------------------


class State(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned")


class Report(BaseModel):
    """An in-service member reporting (报到) to the community where they live."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="post_reports", verbose_name=_("member")
    )
    community = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    employer = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("employer unit")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    number = models.CharField(_("receipt number"), max_length=32, blank=True)
    reason = models.CharField(_("why returned"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report to the community")
        verbose_name_plural = _("reports to the community")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=~Q(state="returned"), name="report_one_open_per_person"
            ),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="report_unique_number"),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | (~Q(number="") & Q(decided_at__isnull=False)),
                name="report_confirmed_has_receipt",
            ),
        ]
        indexes = [models.Index(fields=["state", "decided_at"], name="report_state_decided")]

    def __str__(self) -> str:
        return f"{self.person} → {self.community}"


class Need(BaseModel):
    """Something a community asks in-service members to help with."""

    community = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    wanted = models.PositiveSmallIntegerField(_("people wanted"), default=1)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("community need")
        verbose_name_plural = _("community needs")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(wanted__gte=1), name="need_wanted_positive")]

    def __str__(self) -> str:
        return self.title


class Claim(BaseModel):
    """A member taking on (认领) a post or a need of their community."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="claims", verbose_name=_("report")
    )
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, null=True, blank=True, related_name="claims", verbose_name=_("post")
    )
    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, null=True, blank=True, related_name="claims", verbose_name=_("need")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    reason = models.CharField(_("why returned"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, need__isnull=True) | Q(post__isnull=True, need__isnull=False),
                name="claim_post_or_need",
            ),
            models.UniqueConstraint(
                fields=["report", "post"], condition=~Q(state="returned"), name="claim_post_once"
            ),
            models.UniqueConstraint(
                fields=["report", "need"], condition=~Q(state="returned"), name="claim_need_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.post or self.need)


class ServiceRecord(BaseModel):
    """One service an in-service member did in their community, confirmed by the community."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="services", verbose_name=_("report")
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="services", verbose_name=_("for")
    )
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    what = models.CharField(_("what was done"), max_length=200)
    people_served = models.PositiveSmallIntegerField(_("people served"), default=0)
    photo = models.FileField(_("photo"), upload_to="posts/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=32, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    reason = models.CharField(_("why returned"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="service_hours_range"),
        ]
        indexes = [models.Index(fields=["state", "on"], name="service_state_on")]

    def __str__(self) -> str:
        return f"{self.what} {self.on:%Y-%m-%d}"


class Step(models.Model):
    """The timeline of a report, claim or service: each decision appends a row."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True, related_name="steps")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="steps")
    service = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="steps"
    )
    at = models.DateTimeField(_("time"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.CharField(_("why returned"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, claim__isnull=True, service__isnull=True)
                | Q(report__isnull=True, claim__isnull=False, service__isnull=True)
                | Q(report__isnull=True, claim__isnull=True, service__isnull=False),
                name="step_of_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.state}"


class QuarterComment(BaseModel):
    """The community's comment on a member's quarter, for the employer's feedback sheet."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    text = models.CharField(_("comment"), max_length=300)

    class Meta:
        verbose_name = _("quarterly comment")
        verbose_name_plural = _("quarterly comments")
        constraints = [
            models.UniqueConstraint(fields=["report", "year", "quarter"], name="comment_once_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="comment_quarter_range"),
        ]


# --- points -----------------------------------------------------------------------------------


class PointsRule(BaseModel):
    """How many points a unit of a registered source earns (see ``lianxin.posts.points``)."""

    key = models.CharField(_("source"), max_length=64, unique=True)
    points = models.DecimalField(_("points per unit"), max_digits=6, decimal_places=2)
    yearly_cap = models.DecimalField(_("yearly cap"), max_digits=8, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=0), name="pointsrule_points_not_negative"),
            models.CheckConstraint(
                condition=Q(yearly_cap__isnull=True) | Q(yearly_cap__gt=0), name="pointsrule_cap_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.key

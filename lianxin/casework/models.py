from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.casework.workflow import TRANSITIONS, State
from lianxin.core.models import BaseModel
from lianxin.core.pii import EncryptedTextField, mask_phone


class CaseType(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")  # 咨询
    HELP = "help", _("Request for help")  # 求助
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    REPORT = "report", _("Report")  # 举报
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    SERVICE = "service", _("Matter handled for the resident")  # 办事


class Channel(models.TextChoices):
    APP = "app", _("Resident app")
    HOTLINE = "hotline", _("Hotline")
    WALK_IN = "walk_in", _("Walk-in")
    REP_STUDIO = "rep_studio", _("Party representative studio")
    GRID_PATROL = "grid_patrol", _("Grid patrol")
    INSPECTION = "inspection", _("Inspection")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Category(BaseModel):
    """Two-level taxonomy (e.g. 安全隐患 › 电动车充电); the code doubles as Open311 service code."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort", "code"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="category_not_own_parent")
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name


class TimeLimit(BaseModel):
    """How long a case of a type (optionally of one category) may take; admin-configurable."""

    case_type = models.CharField(_("type"), max_length=16, choices=CaseType.choices)
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("category")
    )
    accept_hours = models.DecimalField(
        _("accept within (working hours)"), max_digits=5, decimal_places=1, default=2
    )
    handle_days = models.PositiveSmallIntegerField(_("handle within (working days)"))
    urgent_hours = models.DecimalField(
        _("urgent: handle within (working hours)"), max_digits=5, decimal_places=1, default=8
    )

    class Meta:
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        constraints = [
            models.UniqueConstraint(
                fields=["case_type"],
                condition=Q(category__isnull=True),
                name="timelimit_one_default_per_type",
            ),
            models.UniqueConstraint(fields=["case_type", "category"], name="timelimit_one_per_category"),
            models.CheckConstraint(condition=Q(handle_days__gte=1), name="timelimit_at_least_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_case_type_display()} {self.category or ''}".strip()


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(state__in=[State.DECLINED, State.CLOSED])


class Case(BaseModel):
    """A resident's request (诉求/工单). Its state changes only through the workflow services."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    case_type = models.CharField(_("type"), max_length=16, choices=CaseType.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    text = models.TextField(_("what happened"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    # Where it is: decides who may see and handle it.
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="cases", verbose_name=_("area")
    )
    grid = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grid"),
    )
    community = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )

    reporter = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("reporter")
    )
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_cases",
        verbose_name=_("reported by account"),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    is_confidential = models.BooleanField(_("confidential"), default=False)
    callback_phone = EncryptedTextField(_("callback phone"), blank=True)

    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    unit = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("handling unit"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    accept_due = models.DateTimeField(_("accept by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reply = models.TextField(_("reply to the resident"), blank=True)
    extension_days = models.PositiveSmallIntegerField(
        _("extension asked (working days)"), null=True, blank=True
    )
    is_supervised = models.BooleanField(_("under supervision"), default=False)
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices, blank=True)
    reopened = models.BooleanField(_("reopened once"), default=False)
    returns = models.PositiveSmallIntegerField(_("times returned"), default=0)
    reworks = models.PositiveSmallIntegerField(_("times sent back"), default=0)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(reporter__isnull=True),
                name="case_anonymous_has_no_reporter",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="case_point_complete",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="case_not_merged_into_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="case_state_due"),
            models.Index(fields=["unit", "state", "due_at"], name="case_unit_queue"),
            models.Index(fields=["node", "submitted_at"], name="case_node_submitted"),
            # The measures and figures of a period and the Open311 list (newest first) read a range.
            models.Index(fields=["submitted_at"], name="case_submitted"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def callback_phone_masked(self) -> str:
        return mask_phone(self.callback_phone)


# Events that are not workflow transitions.
SYSTEM_ACTIONS = {"submit": _("Submitted"), "overdue": _("Overdue: under supervision")}


class CaseEvent(models.Model):
    """One step in a case's life; append-only. The timeline is read from these."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    note = models.TextField(_("note"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="caseevent_case_at")]

    def __str__(self) -> str:
        return f"{self.case} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("case events are append-only")
        super().save(*args, **kwargs)

    @property
    def action_label(self) -> str:
        if self.action in TRANSITIONS:
            return str(TRANSITIONS[self.action].label)
        return str(SYSTEM_ACTIONS.get(self.action, self.action))


class CaseNumberCounter(models.Model):
    """The last number given out per prefix and day (CD-20261128-0007)."""

    prefix = models.CharField(max_length=8)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="casenumber_one_per_day")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day:%Y%m%d} {self.last}"


class IdempotencyKey(models.Model):
    """A client's retry key for case creation: the same key gives back the same case."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the request body
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_one_per_user_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class CasePhoto(models.Model):
    """A photo sent with a case, or with a step of it (the unit's proof with its reply);
    served only to those who may see the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos", verbose_name=_("case"))
    event = models.ForeignKey(
        CaseEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("step"),
    )
    image = models.FileField(_("photo"), upload_to="cases/%Y/%m/")
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} #{self.pk}"


class CaseCounts(models.Model):
    """How many requests each figure counts: one column per condition of ``measures.WHERE``."""

    node = models.ForeignKey("orgs.OrgNode", on_delete=models.CASCADE, related_name="+")
    submitted = models.PositiveIntegerField(default=0)
    responded_on_time = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    closed_on_time = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    matters_handled_online = models.PositiveIntegerField(default=0)
    requests_resolved = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class CaseDay(CaseCounts):
    """The counts over the requests one node received on one day (Beijing time). Kept exact by
    the services in the same transaction as every change to those requests (``daily.refresh``),
    so a dashboard adds up a row per node and day instead of reading every request."""

    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "day"], name="caseday_node_day")]
        indexes = [models.Index(fields=["day"], name="caseday_day")]

    def __str__(self) -> str:
        return f"{self.node_id} {self.day}"


class CaseMonth(CaseCounts):
    """The same counts over a whole calendar month (``month`` is its first day): the sum of the
    node's day rows of that month, kept with them, so a year is twelve rows a node."""

    month = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "month"], name="casemonth_node_month")]
        indexes = [models.Index(fields=["month"], name="casemonth_month")]

    def __str__(self) -> str:
        return f"{self.node_id} {self.month:%Y-%m}"

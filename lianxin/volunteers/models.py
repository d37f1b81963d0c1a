"""Volunteer service (志愿服务): party-building service brands, volunteer teams and their members,
activities with sign-up, waitlist and QR check-in, service hours, the volunteer's record by the
national rules (志愿服务记录与证明出具办法), corrections and certificates.

Every record hangs off a team or a brand, and those sit at an org node: that node decides who
may see and manage it. A volunteer sees only their own sign-ups, record and certificates.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel, ends_after_start


class Brand(BaseModel):
    """A party-building service brand (党建服务品牌), e.g. 志平工作平台, 老党员说事会."""

    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="service_brands", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service brand")
        verbose_name_plural = _("service brands")
        ordering = ["node__path", "name"]
        constraints = [models.UniqueConstraint(fields=["node", "name"], name="brand_unique_name_per_node")]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    """A volunteer team (党员志愿者服务队) under a brand, in a node, with a leader."""

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="teams", verbose_name=_("brand"))
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="volunteer_teams", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_led",
        verbose_name=_("team leader"),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["node__path", "name"]
        constraints = [models.UniqueConstraint(fields=["brand", "name"], name="team_unique_name_per_brand")]

    def __str__(self) -> str:
        return self.name


class MembershipState(models.TextChoices):
    REQUESTED = "requested", _("Asked to join")
    ACTIVE = "active", _("Member")
    REFUSED = "refused", _("Not accepted")
    LEFT = "left", _("Left")


class Membership(BaseModel):
    """A volunteer in a team: asked to join (or added by staff), joined, left."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="team_memberships",
        verbose_name=_("volunteer"),
    )
    state = models.CharField(_("state"), max_length=16, choices=MembershipState.choices)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(state__in=["requested", "active"]),
                name="team_membership_one_open",
            ),
            ends_after_start("joined_on", "left_on", "team_membership_dates"),
            models.CheckConstraint(
                condition=~Q(state="active") | Q(joined_on__isnull=False),
                name="team_membership_active_joined",
            ),
        ]
        indexes = [models.Index(fields=["person", "state"], name="team_membership_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.team}"


class ActivityState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Carried out")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(BaseModel):
    """A volunteer service activity of a team."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="activities", verbose_name=_("team")
    )
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("service content"), blank=True)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    state = models.CharField(
        _("state"), max_length=16, choices=ActivityState.choices, default=ActivityState.PLANNED
    )
    # How many people the activity served, the known ones below included (never added on top).
    served_count = models.PositiveIntegerField(_("people served"), default=0)
    served_people = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="served_by_activities",
        verbose_name=_("known people served"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="activity_capacity_positive"),
        ]
        indexes = [models.Index(fields=["team", "starts_at"], name="activity_team_starts")]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d}"

    @property
    def span_hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / Decimal(3600)


class SignUpState(models.TextChoices):
    CONFIRMED = "confirmed", _("Has a place")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class SignUp(BaseModel):
    """A volunteer's place (or waitlist place) in an activity, their attendance and hours.

    ``hours`` is what the organiser confirmed (kept as confirmed); ``hours_final`` is what
    counts: the confirmed hours, or an approved correction's (the corrections keep the history).
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="signups", verbose_name=_("activity")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="volunteer_signups",
        verbose_name=_("volunteer"),
    )
    state = models.CharField(_("state"), max_length=16, choices=SignUpState.choices)
    promoted_at = models.DateTimeField(_("moved up from the waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    hours = models.DecimalField(_("confirmed hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    adjust_reason = models.CharField(_("why adjusted"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hours_final = models.DecimalField(
        _("service hours"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    content_final = models.CharField(_("service content as corrected"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=~Q(state="cancelled"),
                name="signup_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_in_at__isnull=False),
                name="signup_out_needs_in",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0), name="signup_hours_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "state"], name="signup_activity_state"),
            models.Index(fields=["person", "state"], name="signup_person_state"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.activity}"

    @property
    def is_confirmed(self) -> bool:
        return self.hours_final is not None

    @property
    def content(self) -> str:
        return self.content_final or self.activity.content or self.activity.title


class EntryKind(models.TextChoices):
    TRAINING = "training", _("Training")
    AWARD = "award", _("Award")
    EVALUATION = "evaluation", _("Evaluation")


class RecordEntry(BaseModel):
    """A training, award or evaluation on a volunteer's record."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="volunteer_entries",
        verbose_name=_("volunteer"),
    )
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("record entry")
        verbose_name_plural = _("record entries")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return self.title


class CorrectionState(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Correction(BaseModel):
    """A request to correct a service on a volunteer's record; decided, never silently applied."""

    signup = models.ForeignKey(
        SignUp, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("service")
    )
    old_hours = models.DecimalField(_("hours before"), max_digits=5, decimal_places=2, null=True)
    new_hours = models.DecimalField(_("correct hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    old_content = models.CharField(_("content before"), max_length=200, blank=True)
    new_content = models.CharField(_("correct content"), max_length=200, blank=True)
    reason = models.TextField(_("why"))
    state = models.CharField(
        _("state"), max_length=16, choices=CorrectionState.choices, default=CorrectionState.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("record correction")
        verbose_name_plural = _("record corrections")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["signup"], condition=Q(state="pending"), name="correction_one_pending_per_service"
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="correction_state_created")]

    def __str__(self) -> str:
        return f"{self.signup} ({self.get_state_display()})"


class Certificate(BaseModel):
    """A volunteer service certificate (志愿服务证明), verifiable by its code without a log-in."""

    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    code = models.CharField(max_length=32, unique=True, editable=False)  # in the verification URL
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="volunteer_certificates",
        verbose_name=_("volunteer"),
    )
    issuer = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"))
    hours = models.DecimalField(_("service hours"), max_digits=7, decimal_places=2)
    services = models.PositiveIntegerField(_("services"))
    content = models.TextField(_("service content"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("why revoked"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service certificate")
        verbose_name_plural = _("service certificates")
        ordering = ["-created_at", "-id"]
        constraints = [ends_after_start("period_from", "period_to", "certificate_period")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

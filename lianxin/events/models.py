"""Notices (通知公告), events (活动) and trainings: audiences drawn from the org tree and the
person flags, read receipts, sign-ups with a waitlist, check-in and hazards filed from trainings.

A notice or event sits at an org node (its publisher's area: who may manage it); its audience
rows say who it is for: the people registered under a node whose flag matches the group.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class Group(models.TextChoices):
    """Which of the people registered under an audience node a notice or event is for."""

    EVERYONE = "everyone", _("Everyone")
    PARTY_MEMBERS = "party_members", _("Party members")
    IN_SERVICE_MEMBERS = "in_service_members", _("In-service party members")
    VOLUNTEERS = "volunteers", _("Volunteers")
    RESIDENTS = "residents", _("Residents")


# The Person flag each group needs (None: everyone registered there).
GROUP_FLAG: dict[str, str | None] = {
    Group.EVERYONE: None,
    Group.PARTY_MEMBERS: "is_party_member",
    Group.IN_SERVICE_MEMBERS: "is_in_service_member",
    Group.VOLUNTEERS: "is_volunteer",
    Group.RESIDENTS: "is_resident",
}


class StoredFile(BaseModel):
    """A checked upload kept in our storage, served only through our own views."""

    file = models.FileField(_("file"), upload_to="events/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Notice(BaseModel):
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="notices", verbose_name=_("area")
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), blank=True)  # sanitised HTML
    publish_at = models.DateTimeField(_("published from"))
    expires_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-is_pinned", "-publish_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("publish_at")),
                name="notice_expires_after_publish",
            )
        ]
        indexes = [models.Index(fields=["node", "publish_at"], name="notice_node_publish")]

    def __str__(self) -> str:
        return self.title


class NoticeAudience(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="audiences")
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    group = models.CharField(_("who"), max_length=24, choices=Group.choices)

    class Meta:
        verbose_name = _("notice audience")
        verbose_name_plural = _("notice audiences")
        constraints = [
            models.UniqueConstraint(fields=["notice", "node", "group"], name="notice_audience_unique")
        ]

    def __str__(self) -> str:
        return f"{self.node} · {self.get_group_display()}"


class NoticeAttachment(StoredFile):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]


class ReadReceipt(models.Model):
    """The first time a person opened a notice."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        constraints = [models.UniqueConstraint(fields=["notice", "person"], name="read_receipt_once")]

    def __str__(self) -> str:
        return f"{self.notice_id}:{self.person_id}"


class EventKind(models.TextChoices):
    PARTY_DAY = "party_day", _("Party day")  # 主题党日
    VOLUNTEER = "volunteer", _("Volunteer activity")
    TRAINING = "training", _("Lecture or training")
    PUBLIC = "public", _("Public activity")


class EventState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Event(BaseModel):
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="events", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))
    state = models.CharField(_("state"), max_length=16, choices=EventState.choices, default=EventState.DRAFT)
    speakers = models.CharField(_("speakers"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), blank=True)  # trainings: one a line
    is_safety = models.BooleanField(_("safety training (attendees may report hazards)"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(kind="training") | Q(is_safety=False), name="event_safety_training"
            ),
        ]
        indexes = [models.Index(fields=["node", "starts_at"], name="event_node_starts")]

    def __str__(self) -> str:
        return self.title

    @property
    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class EventAudience(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="audiences")
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    group = models.CharField(_("who"), max_length=24, choices=Group.choices)

    class Meta:
        verbose_name = _("event audience")
        verbose_name_plural = _("event audiences")
        constraints = [
            models.UniqueConstraint(fields=["event", "node", "group"], name="event_audience_unique")
        ]

    def __str__(self) -> str:
        return f"{self.node} · {self.get_group_display()}"


class FileKind(models.TextChoices):
    MATERIAL = "material", _("Material")
    PHOTO = "photo", _("Photo")


class EventFile(StoredFile):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=16, choices=FileKind.choices)

    class Meta:
        verbose_name = _("event file")
        verbose_name_plural = _("event files")
        ordering = ["id"]


class RegState(models.TextChoices):
    REGISTERED = "registered", _("Signed up")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(BaseModel):
    """A person's sign-up (报名): themself, or by their unit's liaison."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="event_registrations")
    code = models.CharField(_("registration code"), max_length=12, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=RegState.choices)
    unit = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed up by unit"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("signed up by")
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], condition=~Q(state="cancelled"), name="registration_one_live"
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(state="registered"),
                name="registration_check_in_needs_place",
            ),
        ]
        indexes = [models.Index(fields=["event", "state", "created_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.event_id}"


class RegistrationStep(models.Model):
    """One change of a registration (signed up, waitlisted, promoted, cancelled, checked in)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("change"), max_length=16)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.action}"


class HazardKind(models.TextChoices):
    WIRING = "wiring", _("Aging wiring")
    APPLIANCES = "appliances", _("High-power appliances")
    EBIKE = "ebike", _("E-bike charging in corridors")
    EXITS = "exits", _("Blocked exits")
    OTHER = "other", _("Other")


# The casework category each hazard kind is filed under.
HAZARD_CATEGORY = {
    HazardKind.WIRING: "safety-wiring",
    HazardKind.APPLIANCES: "safety-appliances",
    HazardKind.EBIKE: "safety-ebike",
    HazardKind.EXITS: "safety-fire",
    HazardKind.OTHER: "safety",
}


class TrainingHazard(BaseModel):
    """A hazard an attendee found after a safety training, filed as a casework request."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="hazards")
    case = models.OneToOneField(
        "casework.Case", on_delete=models.PROTECT, related_name="training_hazard", verbose_name=_("request")
    )
    kind = models.CharField(_("hazard"), max_length=16, choices=HazardKind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("hazard from a training")
        verbose_name_plural = _("hazards from trainings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.get_kind_display()}"

"""Party representative studios (党代表工作室): representatives, their linked members and
residents (联系帮扶), studio and mobile service sessions (驻室、流动), and what people raise.

Every record hangs off a studio, and a studio sits at an org node: that node decides who may
see and manage it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel, ends_after_start

DEFAULT_STALE_DAYS = 30


class Studio(BaseModel):
    """A party representative studio, e.g. 东大街社区党代表工作室."""

    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="rep_studios", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=32, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    stale_after_days = models.PositiveSmallIntegerField(
        _("warn when a linked person has had no contact for (days)"), default=DEFAULT_STALE_DAYS
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("party representative studio")
        verbose_name_plural = _("party representative studios")
        ordering = ["node__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["node", "name"], name="studio_unique_name_per_node"),
            models.CheckConstraint(condition=Q(stale_after_days__gte=1), name="studio_stale_days_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Representative(BaseModel):
    """A party representative (党代表) on duty in a studio, from when to when."""

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="representatives", verbose_name=_("studio")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="rep_duties",
        verbose_name=_("representative"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("party representative")
        verbose_name_plural = _("party representatives")
        ordering = ["studio", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "person"],
                condition=Q(ended_on__isnull=True),
                name="representative_one_open_per_studio",
            ),
            ends_after_start("started_on", "ended_on", "representative_dates"),
        ]
        indexes = [models.Index(fields=["studio", "ended_on"], name="representative_current")]

    def __str__(self) -> str:
        return f"{self.person} · {self.studio}"


class Link(BaseModel):
    """A party member or resident a representative is linked to (联系帮扶)."""

    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="links", verbose_name=_("representative")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="rep_links", verbose_name=_("linked person")
    )
    reason = models.CharField(_("why linked"), max_length=100, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["representative", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["representative", "person"],
                condition=Q(ended_on__isnull=True),
                name="link_one_open_per_person",
            ),
            ends_after_start("started_on", "ended_on", "link_dates"),
        ]
        indexes = [models.Index(fields=["representative", "ended_on"], name="link_current")]

    def __str__(self) -> str:
        return f"{self.representative.person} → {self.person}"


class ContactMethod(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")  # 走访入户
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Message")  # 微信、短信
    STUDIO = "studio", _("At the studio")
    SESSION = "session", _("At a service session")
    OTHER = "other", _("Other")


class Contact(BaseModel):
    """One contact between a representative and a linked person."""

    link = models.ForeignKey(
        Link, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("linked person")
    )
    on = models.DateField(_("date"))
    method = models.CharField(_("how"), max_length=16, choices=ContactMethod.choices)
    note = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["link", "on"], name="contact_link_on")]

    def __str__(self) -> str:
        return f"{self.link} {self.on:%Y-%m-%d}"


class SessionKind(models.TextChoices):
    STUDIO = "studio", _("In the studio")  # 驻室
    MOBILE = "mobile", _("Mobile")  # 流动


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Session(BaseModel):
    """A service session: representatives receive people in the studio or out in a community."""

    studio = models.ForeignKey(
        Studio, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("studio")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    venue = models.CharField(_("venue"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    hosts = models.ManyToManyField(Representative, related_name="sessions", verbose_name=_("representatives"))
    state = models.CharField(
        _("state"), max_length=16, choices=SessionState.choices, default=SessionState.PLANNED
    )
    visitors = models.PositiveSmallIntegerField(_("people received"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service session")
        verbose_name_plural = _("service sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind="studio") | Q(place__isnull=False), name="session_mobile_has_place"
            ),
        ]
        indexes = [models.Index(fields=["studio", "starts_at"], name="session_studio_starts")]

    def __str__(self) -> str:
        return f"{self.studio} {self.get_kind_display()} {self.starts_at:%Y-%m-%d}"


class Concern(BaseModel):
    """Something a person raised with a representative, at a session or in a contact. It may be
    answered on the spot or become a residents' request (a casework case)."""

    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("received by")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("session"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("contact"),
    )
    # The registered person, when the representative found them; the name is as entered.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered person"),
    )
    name = models.CharField(_("who"), max_length=50)
    text = models.TextField(_("what they raised"))
    answer = models.TextField(_("answered on the spot"), blank=True)
    case = models.OneToOneField(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rep_concern",
        verbose_name=_("request"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("concern raised")
        verbose_name_plural = _("concerns raised")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False, contact__isnull=True)
                | Q(session__isnull=True, contact__isnull=False),
                name="concern_from_session_or_contact",
            )
        ]
        indexes = [models.Index(fields=["representative", "created_at"], name="concern_rep_created")]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:30]}"

    @property
    def raised_on(self) -> Any:
        """The day it was raised: the session's or the contact's (select them with the concern)."""
        if self.session is not None:
            return timezone.localtime(self.session.starts_at).date()
        if self.contact is not None:
            return self.contact.on
        return timezone.localtime(self.created_at).date()

"""Purchased social-work services (政府购买社会工作服务): a subdistrict or community signs a
contract (战略合作协议) with a social-work organisation, sets the deliverables and their targets,
and the organisation's social workers log the services they deliver against them. Only logs the
buyer's staff have confirmed count towards the targets.

A contract belongs to the buying node (its staff see and manage it) and names the organisation
(a unit node: its social workers see it and log against it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class ContractState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated early")


class Contract(BaseModel):
    """A purchase of social-work services for a term, with its deliverables."""

    buyer = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="sw_contracts", verbose_name=_("buyer")
    )
    organisation = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.PROTECT,
        related_name="sw_contracts_served",
        verbose_name=_("social-work organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("contract number"), max_length=50, unique=True)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    state = models.CharField(
        _("state"), max_length=16, choices=ContractState.choices, default=ContractState.DRAFT
    )
    end_reason = models.CharField(_("why it ended early"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("social-work contract")
        verbose_name_plural = _("social-work contracts")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="sw_contract_term"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="sw_contract_amount"),
            models.CheckConstraint(
                condition=~Q(state="terminated") | ~Q(end_reason=""), name="sw_contract_terminated_reason"
            ),
        ]
        indexes = [models.Index(fields=["state", "starts_on"], name="sw_contract_state_start")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ContractEvent(models.Model):
    """One step in a contract's life (drafted, signed, ended, terminated); appended, never edited."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="events", verbose_name=_("contract")
    )
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    state = models.CharField(_("state"), max_length=16, choices=ContractState.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contract event")
        verbose_name_plural = _("contract events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.contract} {self.get_state_display()}"


class Deliverable(BaseModel):
    """What the organisation owes, e.g. 个案服务 30 个案 or 服务居民 2000 人次."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("contract")
    )
    name = models.CharField(_("service"), max_length=100)
    unit = models.CharField(_("counted in"), max_length=20)
    target = models.PositiveIntegerField(_("target"))
    # Targets per quarter of the term (four numbers), or empty for none.
    quarter_targets = models.JSONField(_("targets per quarter"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["contract", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "name"], name="sw_deliverable_unique_name"),
            models.CheckConstraint(condition=Q(target__gt=0), name="sw_deliverable_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.target}{self.unit}"


class LogState(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned")


class ServiceLog(BaseModel):
    """A service a social worker delivered against a deliverable; it counts once confirmed."""

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.PROTECT, related_name="logs", verbose_name=_("deliverable")
    )
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    content = models.TextField(_("what was done"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity delivered"))
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person served"),
    )
    photo = models.FileField(_("photo"), upload_to="socialwork/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=32, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("social worker")
    )
    state = models.CharField(_("state"), max_length=16, choices=LogState.choices, default=LogState.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.CharField(_("why returned"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service log")
        verbose_name_plural = _("service logs")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="sw_log_quantity_positive"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="sw_log_hours_positive"),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(reviewed_at__isnull=False), name="sw_log_reviewed"
            ),
        ]
        indexes = [
            models.Index(fields=["deliverable", "state", "on"], name="sw_log_deliverable_state"),
            models.Index(fields=["state", "on"], name="sw_log_state_on"),
            models.Index(fields=["worker", "on"], name="sw_log_worker_on"),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable.name} {self.on:%Y-%m-%d}"

    @property
    def person_masked(self) -> str:
        """The person served as lists show them: the family name only (张*)."""
        return mask_name(self.person.name) if self.person is not None else ""


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""

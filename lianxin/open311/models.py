"""Who may use the Open311 interface (a client and its key), and what each POST created."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.casework.models import Channel


class Client(models.Model):
    """A system that calls the interface (a hotline, a city app …) with its own key.

    It acts as ``user``, a service account holding a role with request intake on the area it
    serves: it submits there and reads what that account may see. The key itself is shown once
    and only a keyed hash of it is kept.
    """

    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="open311_clients",
        verbose_name=_("service account"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.HOTLINE)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key begins with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_active=True, revoked_at__isnull=True)
                | models.Q(is_active=False, revoked_at__isnull=False),
                name="open311client_revoked_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Submission(models.Model):
    """One request created through the interface: its token, and what the client sent with it."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("client")
    )
    case = models.OneToOneField(
        "casework.Case", on_delete=models.PROTECT, related_name="open311_submission", verbose_name=_("case")
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    media_url = models.URLField(_("media URL"), max_length=1000, blank=True)
    device_id = models.CharField(_("device ID"), max_length=100, blank=True)
    account_id = models.CharField(_("account ID"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.token[:8]}…"

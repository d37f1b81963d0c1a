"""Password history, failed log-ins and lock-outs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PasswordHistory(models.Model):
    """The hash of each password a user had; the last few may not be used again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(_("password hash"), max_length=128)
    at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("old password")
        verbose_name_plural = _("old passwords")
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """A failed log-in (password or second factor); counted toward a lock-out, then cleared."""

    username = models.CharField(_("user name"), max_length=150)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["ip", "at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.ip or ''}"


class LockoutKind(models.TextChoices):
    ACCOUNT = "account", _("Account")
    ADDRESS = "address", _("Client address")


class Lockout(models.Model):
    """An account or a client address that may not log in until ``until`` or an unlock."""

    kind = models.CharField(_("kind"), max_length=8, choices=LockoutKind.choices)
    key = models.CharField(_("user name or address"), max_length=150)
    locked_at = models.DateTimeField(_("locked at"), default=timezone.now)
    until = models.DateTimeField(_("locked until"))
    failures = models.PositiveIntegerField(_("failed attempts"))
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lock-out")
        verbose_name_plural = _("lock-outs")
        ordering = ["-locked_at"]
        indexes = [models.Index(fields=["kind", "key", "-locked_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"

    @property
    def active(self) -> bool:
        return self.unlocked_at is None and self.until > timezone.now()

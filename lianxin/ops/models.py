"""What operations keep in the database: the task worker's heartbeat."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a process (by name, e.g. ``worker``) showed it was alive.

    In the database rather than the cache, so every web process sees the same stamp even
    without Redis.
    """

    name = models.CharField(_("name"), max_length=40, unique=True)
    at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"

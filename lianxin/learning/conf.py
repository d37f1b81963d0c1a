"""The study timer's rules, overridable in settings."""

from __future__ import annotations

from django.conf import settings


def heartbeat_seconds() -> int:
    """How often an open, visible lesson page reports that it is being studied."""
    return int(getattr(settings, "LEARNING_HEARTBEAT_SECONDS", 15))


def heartbeat_slack() -> int:
    """How late a heartbeat may come and still be credited (network, a busy phone)."""
    return int(getattr(settings, "LEARNING_HEARTBEAT_SLACK", max(5, heartbeat_seconds() // 3)))


def max_credit() -> int:
    """The most one heartbeat can credit; a longer gap credits nothing."""
    return heartbeat_seconds() + heartbeat_slack()

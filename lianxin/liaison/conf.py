"""The rules of the page, overridable in settings: each representative is linked to 2–3 party
members or residents (每位党代表联系帮扶2~3名党员群众) and serves at least once a week."""

from __future__ import annotations

from django.conf import settings


def links_per_representative() -> tuple[int, int]:
    """(fewest, most) open links a representative should have."""
    return (getattr(settings, "LIAISON_LINKS_MIN", 2), getattr(settings, "LIAISON_LINKS_MAX", 3))


def sessions_per_week() -> int:
    return int(getattr(settings, "LIAISON_SESSIONS_PER_WEEK", 1))

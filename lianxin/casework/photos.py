"""Checking photos before they are kept: real image types only, and not too large."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What the first bytes of each accepted format look like.
SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),  # and "WEBP" at offset 8
}


def sniff(head: bytes) -> str | None:
    for content_type, prefixes in SIGNATURES.items():
        if any(head.startswith(prefix) for prefix in prefixes):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    return None


def check_photos(files: list[Any]) -> list[tuple[Any, str, int]]:
    """(file, content type, size) for each upload, or a ValidationError naming the bad one."""
    limit = settings.CASE_PHOTO_MAX_BYTES
    if len(files) > settings.CASE_PHOTO_MAX_COUNT:
        raise ValidationError(
            {"photos": [_("Send at most %(n)d photos.") % {"n": settings.CASE_PHOTO_MAX_COUNT}]}
        )
    checked = []
    for upload in files:
        size = upload.size
        if size > limit:
            raise ValidationError(
                {
                    "photos": [
                        _("%(name)s is larger than %(mb)d MB.") % {"name": upload.name, "mb": limit // 2**20}
                    ]
                }
            )
        upload.seek(0)
        content_type = sniff(upload.read(16))
        upload.seek(0)
        if content_type is None:
            raise ValidationError(
                {"photos": [_("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": upload.name}]}
            )
        checked.append((upload, content_type, size))
    return checked

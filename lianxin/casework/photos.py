"""Checking photos before they are kept: real images by their content (not their name), not
too large, and re-encoded so that nothing but the pixels is kept (no EXIF: no location)."""

from __future__ import annotations

import io
import warnings
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# What the first bytes of each accepted format look like.
SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),  # and "WEBP" at offset 8
}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
MAX_PIXELS = 40_000_000  # larger pictures are refused (decompression bombs)


def sniff(head: bytes) -> str | None:
    for content_type, prefixes in SIGNATURES.items():
        if any(head.startswith(prefix) for prefix in prefixes):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    return None


def _not_a_photo(name: str) -> ValidationError:
    return ValidationError({"photos": [_("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": name}]})


def reencode(upload: Any, content_type: str) -> ContentFile[bytes]:
    """The picture decoded and written again: orientation applied, metadata (EXIF, GPS,
    comments, ICC text) dropped. Anything Pillow cannot decode as that format is refused."""
    name = str(getattr(upload, "name", "") or "photo")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[PILLOW_FORMATS[content_type]]) as source:
                if source.width * source.height > MAX_PIXELS:
                    raise _not_a_photo(name)
                image = ImageOps.exif_transpose(source)
                image.load()
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise _not_a_photo(name) from exc
    finally:
        upload.seek(0)
    out = io.BytesIO()
    if content_type == "image/jpeg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True)
    elif content_type == "image/png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=88)
    stem = PurePath(name).stem or "photo"
    return ContentFile(out.getvalue(), name=f"{stem}{EXTENSIONS[content_type]}")


def check_photos(files: list[Any]) -> list[tuple[Any, str, int]]:
    """(file, content type, size) for each upload, or a ValidationError naming the bad one.

    The file returned is the re-encoded picture (without metadata), not the upload itself.
    """
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
            raise _not_a_photo(upload.name)
        clean = reencode(upload, content_type)
        checked.append((clean, content_type, clean.size))
    return checked

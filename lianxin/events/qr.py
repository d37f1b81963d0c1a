"""QR codes drawn as inline SVG (segno), for registration and door codes."""

from __future__ import annotations

import io

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, scale: int = 6) -> SafeString:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False, svgns=True)
    return mark_safe(buffer.getvalue().decode())  # noqa: S308  (segno's own SVG, no user markup)

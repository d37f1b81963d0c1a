"""Lesson files served from our own storage, with HTTP Range support so that a video can be
sought (Django's FileResponse always sends the whole file). One range per request; a request
for several ranges gets the whole file, as RFC 9110 allows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(handle: IO[bytes], length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def _span(header: str, size: int) -> tuple[int, int] | bool | None:
    """(first, last) byte of a single satisfiable range; None: no usable range; False: unsatisfiable."""
    match = RANGE.match(header.strip())
    if match is None or not (match[1] or match[2]):
        return None
    if match[1]:
        first = int(match[1])
        last = min(int(match[2]), size - 1) if match[2] else size - 1
    else:
        first, last = max(size - int(match[2]), 0), size - 1
        if int(match[2]) == 0:
            return False
    if first >= size or first > last:
        return False
    return first, last


def serve_file(request: HttpRequest, file: FieldFile, content_type: str) -> HttpResponse:
    size = file.size
    span = _span(request.headers.get("Range", ""), size)
    response: HttpResponse | StreamingHttpResponse | FileResponse
    if span is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif span is None or span is True:
        response = FileResponse(file.open("rb"), content_type=content_type or "application/octet-stream")
    else:
        first, last = span
        handle = file.open("rb")
        handle.seek(first)
        response = StreamingHttpResponse(
            _chunks(handle, last - first + 1),
            status=206,
            content_type=content_type or "application/octet-stream",
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]

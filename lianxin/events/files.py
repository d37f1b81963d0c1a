"""Checks on what comes in: notice text is sanitised HTML, uploads are of known types and sizes."""

from __future__ import annotations

from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 2**20
MAX_FILES = 10
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# What the first bytes of each accepted document look like (Office files are zip or OLE2).
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0", "application/x-ole-storage"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {
    "application/pdf": {"pdf"},
    "application/zip": {"docx", "xlsx", "pptx"},
    "application/x-ole-storage": {"doc", "xls", "ppt"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
}


def sanitise(html: str) -> str:
    """Keep a small set of harmless tags; scripts, event handlers and javascript: links go."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def check_documents(files: list[Any], field: str = "files") -> list[tuple[Any, str, int]]:
    """(file, content type, size) for each upload, or a ValidationError naming the bad one."""
    if len(files) > MAX_FILES:
        raise ValidationError({field: [_("Attach at most %(n)d files.") % {"n": MAX_FILES}]})
    checked = []
    for upload in files:
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                {
                    field: [
                        _("%(name)s is larger than %(mb)d MB.")
                        % {"name": upload.name, "mb": MAX_FILE_BYTES // 2**20}
                    ]
                }
            )
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        content_type = next((kind for prefix, kind in SIGNATURES if head.startswith(prefix)), None)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if content_type is None or extension not in EXTENSIONS[content_type]:
            raise ValidationError(
                {
                    field: [
                        _("%(name)s is not a PDF, Word, Excel, PowerPoint or image file.")
                        % {"name": upload.name}
                    ]
                }
            )
        checked.append((upload, content_type, upload.size))
    return checked

"""The GeoReport v2 wire formats: XML written with ElementTree, JSON by the Spark convention
(a container of repeated elements is an array), W3C date-times, and the error document."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element name of one item in each list container.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# The W3C profile of ISO 8601: a date, or a date and time with a zone (Z or ±hh:mm).
W3C_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


class Problem(Exception):
    """An answer in the error format: HTTP ``status`` and one description per error."""

    def __init__(self, status: int, descriptions: Sequence[str | Promise]) -> None:
        self.status = status
        self.descriptions = [str(text) for text in descriptions]
        super().__init__("; ".join(self.descriptions))


def w3c(value: dt.datetime | None) -> str | None:
    """2026-11-28T09:30:00+08:00 (Beijing time, with its offset)."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value is not None else None


def parse_w3c(text: str) -> dt.datetime:
    """A W3C date-time with its zone, or a date (midnight, Beijing time); ValueError otherwise.

    A "+" left unencoded in a query string arrives as a space; it is read as the "+" it was.
    """
    text = text.strip().replace(" ", "+")
    if W3C_DATE.match(text):
        return timezone.make_aware(dt.datetime.fromisoformat(text))
    if not W3C_DATETIME.match(text):
        raise ValueError(text)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            _fill(ET.SubElement(element, name), inner)
    elif isinstance(value, list):
        for inner in value:
            _fill(ET.SubElement(element, ITEMS[element.tag]), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    return (XML_DECLARATION + ET.tostring(element, encoding="unicode")).encode()


def to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def respond(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    """``value`` as a document: ``root`` names the XML root (JSON has no root of its own)."""
    body = to_xml(root, value) if fmt == "xml" else to_json(value)
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


def errors(fmt: str, status: int, descriptions: Sequence[str | Promise]) -> HttpResponse:
    entries = [{"code": status, "description": str(text)} for text in descriptions]
    return respond(fmt, "errors", entries, status=status)

"""The arguments of GET requests, read and checked: bad ones answer 400, one entry each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lianxin.open311.formats import Problem, parse_w3c

MAX_SPAN = dt.timedelta(days=90)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
STATUSES = ("open", "closed")


@dataclass(frozen=True)
class RequestQuery:
    numbers: tuple[str, ...] = ()  # service_request_id: overrides every other argument
    service_codes: tuple[str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    statuses: frozenset[str] = frozenset()
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _list(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _whole(params: Mapping[str, str], name: str, default: int, low: int, high: int, errors: list[str]) -> int:
    text = (params.get(name) or "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        message = _("%(name)s: give a whole number from %(low)d to %(high)d.")
        errors.append(message % {"name": name, "low": low, "high": high})
        return default
    return int(text)


def _moment(params: Mapping[str, str], name: str, errors: list[str]) -> dt.datetime | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        return parse_w3c(text)
    except ValueError:
        errors.append(
            _("%(name)s: give a W3C date-time with its time zone, e.g. 2026-11-01T00:00:00+08:00.")
            % {"name": name}
        )
        return None


def parse_request_query(
    params: Mapping[str, str], *, now: dt.datetime, known_codes: Callable[[], set[str]]
) -> RequestQuery:
    """Read the arguments; without dates the last 90 days, and never a longer span."""
    numbers = _list(params.get("service_request_id") or "")
    if numbers:
        if len(numbers) > MAX_PAGE_SIZE:
            message = _("service_request_id: ask for at most %(n)d at once.")
            raise Problem(400, [message % {"n": MAX_PAGE_SIZE}])
        return RequestQuery(numbers=numbers)
    errors: list[str] = []
    codes = _list(params.get("service_code") or "")
    known = known_codes() if codes else set()
    unknown = [code for code in codes if code not in known]
    if unknown:
        errors.append(_("service_code: no such service: %(codes)s.") % {"codes": ", ".join(unknown)})
    statuses = _list(params.get("status") or "")
    if any(status not in STATUSES for status in statuses):
        errors.append(_("status: use open, closed or both (comma-separated)."))
    start, end = _moment(params, "start_date", errors), _moment(params, "end_date", errors)
    page = _whole(params, "page", 1, 1, 10**6, errors)
    page_size = _whole(params, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors)
    if start is None and end is None and not errors:
        start, end = now - MAX_SPAN, now
    elif start is None and end is not None:
        start = end - MAX_SPAN
    elif end is None and start is not None:
        end = start + MAX_SPAN
    if start is not None and end is not None:
        if start > end:
            errors.append(_("start_date: it comes after end_date."))
        elif end - start > MAX_SPAN:
            errors.append(_("start_date and end_date may not span more than 90 days."))
    if errors:
        raise Problem(400, errors)
    return RequestQuery(
        service_codes=codes,
        start=start,
        end=end,
        statuses=frozenset(statuses),
        page=page,
        page_size=page_size,
    )

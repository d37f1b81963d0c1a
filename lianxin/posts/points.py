"""Where party members' points (积分) come from: each app declares its sources here.

A source reads, for some people and a date range, the records that earn points (a confirmed
service, a duty shift, a meeting attended …) as ``PointsItem`` rows, each naming the record
behind it. The ledger (``lianxin.posts.selectors``) prices them with the configured rules, so
every entry of a member's yearly ledger is traceable to the record that earned it and nothing
is copied or counted twice. Apps register their sources in their own ``points.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise


@dataclass(frozen=True)
class PointsItem:
    person_id: int
    on: dt.date
    quantity: Decimal  # in the source's unit: hours, shifts, meetings …
    label: str  # what was done, as the ledger shows it
    url: str  # the page of the record behind it
    record: str  # "<app_label>.<model>:<pk>", unique per source and record


@dataclass(frozen=True)
class PointsSource:
    key: str  # the rule key that prices it, e.g. "volunteers.service_hour"
    title: str | Promise
    unit: str | Promise
    items: Callable[[Collection[int] | None, dt.date, dt.date], Iterable[PointsItem]]
    # (person ids or None for everyone, first day, last day) -> the records in that range


SOURCES: dict[str, PointsSource] = {}


def register(source: PointsSource) -> PointsSource:
    if source.key in SOURCES:
        raise ValueError(f"points source {source.key!r} is registered twice")
    SOURCES[source.key] = source
    return source


# Posts' own sources (kept in their own module, which needs the models).
from lianxin.posts import sources  # noqa: E402,F401

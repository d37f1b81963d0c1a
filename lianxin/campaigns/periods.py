"""Months, quarters and weeks as the campaign counts them (Beijing dates)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lianxin.reports.periods import next_month


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_month(text: str | None) -> dt.date | None:
    """``2026-05`` → 2026-05-01; None when it is not a month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def this_month() -> dt.date:
    return month_start(timezone.localdate())


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def quarter_of(month: dt.date) -> tuple[int, int]:
    return month.year, (month.month - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> list[dt.date]:
    if not 1 <= quarter <= 4:
        raise ValueError(f"no quarter {quarter}")
    first = 3 * (quarter - 1) + 1
    return [dt.date(year, first + offset, 1) for offset in range(3)]


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month from ``start``'s to ``end``'s, both included."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months

"""The one working-day clock of the project.

Official holidays and make-up workdays (调休) come from ``chinese-calendar``; the office can
record more in ``WorkdayOverride`` (for a year the library does not know yet, or a local
closure). Years the library does not cover fall back to Monday–Friday, with a warning.

Working hours are ``settings.WORK_PERIODS`` (default 09:00–12:00 and 13:00–17:00, Beijing
time). "Within N working days" ends at the close of the Nth working day after the day the
clock starts; "within N working hours" counts only time inside working periods.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from functools import cache

import chinese_calendar
from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)
SEARCH_DAYS = 400  # no run of days off is longer than this


def work_periods() -> list[tuple[dt.time, dt.time]]:
    return [(dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in settings.WORK_PERIODS]


@cache
def _warn_no_data(year: int) -> None:
    log.warning("No official holiday data for %s: counting Monday to Friday as working days.", year)


def _official_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        _warn_no_data(day.year)
        return day.weekday() < 5


class WorkCalendar:
    """Working days over a span, with the office's overrides for that span read once."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        from lianxin.core.models import WorkdayOverride

        self.overrides = dict(
            WorkdayOverride.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_workday")
        )

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return _official_workday(day)

    def workdays_from(self, day: dt.date) -> Iterator[dt.date]:
        """Working days from ``day`` on (``day`` included if it is one)."""
        for offset in range(SEARCH_DAYS):
            candidate = day + dt.timedelta(days=offset)
            if self.is_workday(candidate):
                yield candidate
        raise RuntimeError(f"no working day within {SEARCH_DAYS} days of {day}")


def _calendar(start: dt.date, days: int = SEARCH_DAYS) -> WorkCalendar:
    return WorkCalendar(start, start + dt.timedelta(days=days))


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def is_workday(day: dt.date) -> bool:
    return WorkCalendar(day, day).is_workday(day)


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """Close of business of the ``days``-th working day after the day of ``start``."""
    if days < 1:
        raise ValueError("count at least one working day")
    first = _local(start).date() + dt.timedelta(days=1)
    workdays = _calendar(first).workdays_from(first)
    for _ in range(days - 1):
        next(workdays)
    return _at(next(workdays), work_periods()[-1][1])


def add_working_hours(start: dt.datetime, hours: float) -> dt.datetime:
    """The moment when ``hours`` of working time have passed since ``start``."""
    if hours <= 0:
        raise ValueError("count a positive number of working hours")
    left = dt.timedelta(hours=hours)
    local = _local(start)
    for day in _calendar(local.date()).workdays_from(local.date()):
        for opens, closes in work_periods():
            begin, end = max(_at(day, opens), local), _at(day, closes)
            if begin >= end:
                continue
            if end - begin >= left:
                return begin + left
            left -= end - begin
    raise RuntimeError("unreachable")  # workdays_from raises first


def working_time_between(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Working time from ``start`` to ``end``; negative when ``end`` is earlier (overdue)."""
    if end < start:
        return -working_time_between(end, start)
    first, last = _local(start), _local(end)
    calendar = WorkCalendar(first.date(), last.date())
    total = dt.timedelta()
    day = first.date()
    while day <= last.date():
        if calendar.is_workday(day):
            for opens, closes in work_periods():
                begin, finish = max(_at(day, opens), first), min(_at(day, closes), last)
                if finish > begin:
                    total += finish - begin
        day += dt.timedelta(days=1)
    return total

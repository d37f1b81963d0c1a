"""Reporting periods: a month, a quarter, a year, or any span of days (both ends included)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("month", "quarter", "year", "custom")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included
    kind: str = "custom"

    @property
    def token(self) -> str:
        """How the period is written in a URL (2026-11, 2026-Q4, 2026, 2026-01-05..2026-02-01)."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(year)d-%(month)02d") % {"year": self.start.year, "month": self.start.month}
        if self.kind == "quarter":
            return _("Q%(quarter)d %(year)d") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind == "year":
            return _("%(year)d") % {"year": self.start.year}
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches (for trends)."""
        first, out = self.start.replace(day=1), []
        while first <= self.end:
            out.append(first)
            first = next_month(first)
        return out


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month(year: int, number: int) -> Period:
    return Period(
        dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1]), "month"
    )


def quarter(year: int, number: int) -> Period:
    first = 3 * (number - 1) + 1
    return Period(month(year, first).start, month(year, first + 2).end, "quarter")


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), "year")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day``, Beijing time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def within(field: str, period: Period) -> Q:
    """``field`` (a date-time) falls in the period: between two local midnights, an index range
    (a cast to a date would read every row)."""
    return Q(
        **{
            f"{field}__gte": day_start(period.start),
            f"{field}__lt": day_start(period.end + dt.timedelta(days=1)),
        }
    )


class BadPeriod(ValueError):
    pass


def parse(token: str, *, today: dt.date) -> Period:
    """Read a period token; an empty one is this month. Raises BadPeriod with a message."""
    token = (token or "").strip()
    try:
        if not token:
            return month(today.year, today.month)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", token):
            return month(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", token, re.IGNORECASE):
            return quarter(int(m[1]), int(m[2]))
        if re.fullmatch(r"\d{4}", token):
            return year(int(token))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", token):
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            if end < start:
                raise BadPeriod(_("The period ends before it starts."))
            if (end - start).days > 3660:
                raise BadPeriod(_("Choose a period of at most ten years."))
            return Period(start, end, "custom")
    except ValueError as exc:
        if isinstance(exc, BadPeriod):
            raise
        raise BadPeriod(_("That is not a date.")) from exc
    raise BadPeriod(_("Write the period as 2026-11, 2026-Q4, 2026 or 2026-01-05..2026-02-01."))

"""The working-day clock across holidays, make-up workdays and office hours."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404

from lianxin.core import clock
from lianxin.core.models import AuditLog
from lianxin.core.services import workday_override_set

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BJ)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # National Day 2026: 1–7 October off (a Thursday to a Wednesday).
        ("2026-09-30 10:00", 2, "2026-10-09 17:00"),
        ("2026-09-30 10:00", 1, "2026-10-08 17:00"),
        # Spring Festival 2026: Saturday 14 February is a make-up workday, 15–23 February off.
        ("2026-02-13 16:00", 1, "2026-02-14 17:00"),
        ("2026-02-13 16:00", 2, "2026-02-24 17:00"),
        # Saturday 10 October 2026 is a make-up workday.
        ("2026-10-09 09:30", 1, "2026-10-10 17:00"),
        # An ordinary week: Friday + 2 skips the weekend.
        ("2026-11-27 11:00", 2, "2026-12-01 17:00"),
        # A case taken on a holiday counts from the next working day.
        ("2026-10-03 12:00", 1, "2026-10-08 17:00"),
    ],
)
def test_add_working_days(start: str, days: int, due: str) -> None:
    assert clock.add_working_days(at(start), days) == at(due)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-11-27 09:00", 2, "2026-11-27 11:00"),
        ("2026-11-27 11:30", 1, "2026-11-27 13:30"),  # the lunch break does not count
        ("2026-11-27 16:30", 2, "2026-11-30 10:30"),  # Friday evening → Monday morning
        ("2026-09-30 16:30", 2, "2026-10-08 10:30"),  # over National Day
        ("2026-10-03 10:00", 2, "2026-10-08 11:00"),  # taken on a holiday
        ("2026-11-27 07:00", 0.5, "2026-11-27 09:30"),  # before opening time
    ],
)
def test_add_working_hours(start: str, hours: float, due: str) -> None:
    assert clock.add_working_hours(at(start), hours) == at(due)


def test_working_time_between_counts_only_office_hours_and_is_negative_when_late() -> None:
    friday, monday = at("2026-11-27 16:00"), at("2026-11-30 10:00")
    assert clock.working_time_between(friday, monday) == dt.timedelta(hours=2)
    assert clock.working_time_between(monday, friday) == -dt.timedelta(hours=2)
    assert clock.working_time_between(at("2026-10-01 09:00"), at("2026-10-07 17:00")) == dt.timedelta(0)


def test_official_calendar() -> None:
    assert not clock.is_workday(dt.date(2026, 10, 1))
    assert clock.is_workday(dt.date(2026, 10, 10))  # a Saturday
    assert not clock.is_workday(dt.date(2026, 11, 28))  # an ordinary Saturday


def test_office_overrides_win_and_cover_years_the_library_does_not_know(admin: Any) -> None:
    assert clock.is_workday(dt.date(2027, 1, 1))  # a Friday; no official data for 2027 yet
    workday_override_set(actor=admin, day=dt.date(2027, 1, 1), is_workday=False, note="元旦")
    assert not clock.is_workday(dt.date(2027, 1, 1))
    assert clock.add_working_days(at("2026-12-31 10:00"), 1) == at("2027-01-04 17:00")
    assert AuditLog.objects.filter(action="core.calendar.set", actor=admin).exists()


def test_only_a_superuser_changes_the_calendar(worker: Any) -> None:
    with pytest.raises(Http404):
        workday_override_set(actor=worker, day=dt.date(2026, 12, 24), is_workday=False)
    assert clock.is_workday(dt.date(2026, 12, 24))


def test_office_hours_come_from_settings(settings: Any) -> None:
    settings.WORK_PERIODS = [("08:30", "12:00"), ("14:30", "17:30")]
    assert clock.add_working_hours(at("2026-11-27 11:00"), 2) == at("2026-11-27 15:30")
    assert clock.add_working_days(at("2026-11-27 11:00"), 1) == at("2026-11-30 17:30")

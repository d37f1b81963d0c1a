"""Duties served at a post: recorded by the community's worker on the line's weekday, in force,
not in the future, once per line and day; withdrawn (never deleted) on the day; priced in the
ledger as "posts.duty" and traceable to its record; a one-click button on the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lianxin.core.models import AuditLog
from lianxin.core.permissions import NotInScope
from lianxin.core.roles import Role
from lianxin.posts import ledger, services
from lianxin.posts.models import DutyServed, Shift
from tests.factories import DaysFromToday, dated
from tests.posts.conftest import user_with


def today() -> dt.date:
    return timezone.localdate()


def line(pw, weekday: int | None = None, **extra) -> Shift:  # type: ignore[no-untyped-def]
    """A line on today's weekday (unless told), all day, started 60 days ago."""
    fields = {"starts": dt.time(0), "ends": dt.time(23, 59), "started_on": today() - dt.timedelta(days=60)}
    fields.update(dated(extra))
    weekday = today().weekday() if weekday is None else weekday
    return Shift.objects.create(post=pw.post, person=pw.member, weekday=weekday, **fields)


def test_a_worker_records_a_duty_once_per_line_and_day_with_an_audit_row(pw, worker):
    shift = line(pw)
    duty = services.duty_record(actor=worker, shift=shift, on=today())
    assert (duty.post, duty.person, duty.on, duty.recorded_by) == (pw.post, pw.member, today(), worker)
    assert AuditLog.objects.filter(action="posts.duty.record", actor=worker).count() == 1
    last_week = services.duty_record(actor=worker, shift=shift, on=today() - dt.timedelta(days=7))
    assert last_week.on == today() - dt.timedelta(days=7)
    with pytest.raises(ValidationError) as exc:
        services.duty_record(actor=worker, shift=shift, on=today())
    assert "already recorded" in str(exc.value.message_dict["on"])
    assert DutyServed.objects.count() == 2


@pytest.mark.parametrize(
    ("why", "days", "extra"),
    [
        ("wrong weekday", -1, {}),
        ("future", 7, {}),
        ("before the line started", -14, {"started_on": DaysFromToday(-10)}),
        ("after the line ended", 0, {"ended_on": DaysFromToday(0)}),
    ],
)
def test_a_duty_off_the_line_is_refused_and_nothing_is_written(pw, worker, why, days, extra):
    shift = line(pw, **extra)
    with pytest.raises(ValidationError) as exc:
        services.duty_record(actor=worker, shift=shift, on=today() + dt.timedelta(days=days))
    assert "on" in exc.value.message_dict, why
    assert not DutyServed.objects.exists()


def test_a_worker_of_another_community_gets_404_and_nothing_is_written(pw, tree):
    shift = line(pw)
    stranger = user_with(Role.COMMUNITY_WORKER, tree.other_community)
    with pytest.raises(NotInScope):
        services.duty_record(actor=stranger, shift=shift, on=today())
    colleague = user_with(Role.COMMUNITY_WORKER, tree.community)
    duty = services.duty_record(actor=colleague, shift=shift, on=today())
    with pytest.raises(NotInScope):
        services.duty_withdraw(actor=stranger, duty=duty)
    assert DutyServed.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_a_duty_is_withdrawn_on_its_day_with_who_and_when_and_can_be_recorded_again(pw, worker):
    shift = line(pw)
    duty = services.duty_withdraw(
        actor=worker, duty=services.duty_record(actor=worker, shift=shift, on=today())
    )
    assert duty.withdrawn_by == worker and duty.withdrawn_at is not None
    with pytest.raises(ValidationError):
        services.duty_withdraw(actor=worker, duty=duty)
    again = services.duty_record(actor=worker, shift=shift, on=today())
    assert DutyServed.objects.count() == 2 and again.pk != duty.pk
    old = services.duty_record(actor=worker, shift=shift, on=today() - dt.timedelta(days=7))
    DutyServed.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=7))
    with pytest.raises(ValidationError) as exc:
        services.duty_withdraw(actor=worker, duty=old)
    assert "day it was recorded" in str(exc.value.message_dict["duty"])
    assert DutyServed.objects.filter(withdrawn_at__isnull=True).count() == 2


def test_the_ledger_prices_each_duty_by_its_rule_and_links_its_record(pw, worker, admin):
    services.rule_save(actor=admin, key="posts.duty", points=Decimal("1.5"), yearly_cap=Decimal(100))
    shift = line(pw)
    kept = services.duty_record(actor=worker, shift=shift, on=today())
    gone = services.duty_record(actor=worker, shift=shift, on=today() - dt.timedelta(days=7))
    services.duty_withdraw(actor=worker, duty=gone)
    book = ledger.ledger_of(person_id=pw.member.pk, year=today().year)
    duties = [e for e in book.entries if e.key == "posts.duty"]
    assert [(e.record, e.points, e.quantity, e.url) for e in duties] == [
        (f"posts.dutyserved:{kept.pk}", Decimal("1.50"), Decimal(1), reverse("posts:post", args=[pw.post.pk]))
    ]
    assert pw.post.name in duties[0].label


def test_the_served_button_on_the_on_duty_and_post_pages(client, pw, worker):
    shift = line(pw)
    client.force_login(worker)
    page = client.get(reverse("posts:on-duty")).content.decode()
    assert f'data-serve="{shift.pk}"' in page
    url = reverse("posts:duty-record", args=[shift.pk])
    response = client.post(url, {"next": reverse("posts:on-duty")})
    assert response.status_code == 302 and response["Location"] == reverse("posts:on-duty")
    page = client.get(reverse("posts:on-duty")).content.decode()
    assert f'data-served="{shift.pk}"' in page and f'data-serve="{shift.pk}"' not in page
    response = client.post(url, {"next": "https://evil.example/"})  # twice: refused, and no foreign redirect
    assert response["Location"] == reverse("posts:post", args=[pw.post.pk])
    assert DutyServed.objects.count() == 1
    duty = DutyServed.objects.get()
    page = client.get(reverse("posts:post", args=[pw.post.pk])).content.decode()
    assert f'data-duty="{duty.pk}"' in page and f'data-served="{shift.pk}"' in page
    response = client.post(reverse("posts:duty-withdraw", args=[duty.pk]))
    assert response["Location"] == reverse("posts:post", args=[pw.post.pk])
    page = client.get(reverse("posts:post", args=[pw.post.pk])).content.decode()
    assert f'data-withdrawn="{duty.pk}"' in page and f'data-serve="{shift.pk}"' in page

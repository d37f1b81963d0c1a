"""QR check-in and check-out: the codes, the refusals with a clear message, and the hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lianxin.volunteers import checkin
from lianxin.volunteers.models import SignUp
from tests.volunteers.conftest import activity_at, at, days, place_for


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_a_volunteer_checks_in_and_out_by_the_organisers_codes(vw):
    place_for(vw.activity, vw.volunteer)
    start = vw.activity.starts_at
    code_in = checkin.activity_code(vw.activity, checkin.IN)
    signup = checkin.check_by_scan(actor=vw.volunteer_user, activity=vw.activity, code=code_in, at=start)
    assert signup.checked_in_at == start
    code_out = checkin.activity_code(vw.activity, checkin.OUT)
    signup = checkin.check_by_scan(
        actor=vw.volunteer_user, activity=vw.activity, code=code_out, at=start + dt.timedelta(minutes=100)
    )
    assert checkin.computed_hours(signup) == Decimal("1.50")  # 100 minutes, rounded down to quarters


def test_an_expired_code_is_refused_clearly(vw):
    place_for(vw.activity, vw.volunteer)
    code = checkin.activity_code(vw.activity, checkin.IN)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)
    with time_machine.travel(later), pytest.raises(ValidationError) as exc:
        checkin.check_by_scan(
            actor=vw.volunteer_user, activity=vw.activity, code=code, at=vw.activity.starts_at
        )
    assert "expired" in messages_of(exc)
    assert SignUp.objects.get().checked_in_at is None


def test_a_code_of_another_activity_or_a_forged_one_is_refused(vw):
    place_for(vw.activity, vw.volunteer)
    other = activity_at(vw.team, at(days(2)))
    with pytest.raises(ValidationError) as exc:
        checkin.check_by_scan(
            actor=vw.volunteer_user,
            activity=vw.activity,
            code=checkin.activity_code(other, checkin.IN),
            at=vw.activity.starts_at,
        )
    assert "another activity" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        checkin.check_by_scan(
            actor=vw.volunteer_user, activity=vw.activity, code="abc:def", at=vw.activity.starts_at
        )
    assert "not a check-in code" in messages_of(exc)


def test_double_check_in_and_check_out_before_check_in_are_refused(vw):
    place_for(vw.activity, vw.volunteer)
    start = vw.activity.starts_at
    code_in, code_out = (checkin.activity_code(vw.activity, d) for d in (checkin.IN, checkin.OUT))
    with pytest.raises(ValidationError) as exc:
        checkin.check_by_scan(actor=vw.volunteer_user, activity=vw.activity, code=code_out, at=start)
    assert "Check in first" in messages_of(exc)
    checkin.check_by_scan(actor=vw.volunteer_user, activity=vw.activity, code=code_in, at=start)
    with pytest.raises(ValidationError) as exc:
        checkin.check_by_scan(actor=vw.volunteer_user, activity=vw.activity, code=code_in, at=start)
    assert "Already checked in at 09:00" in messages_of(exc)


def test_someone_without_a_place_cannot_check_in(vw):
    code = checkin.activity_code(vw.activity, checkin.IN)
    with pytest.raises(ValidationError) as exc:
        checkin.check_by_scan(
            actor=vw.volunteer_user, activity=vw.activity, code=code, at=vw.activity.starts_at
        )
    assert "has no place" in messages_of(exc)


def test_check_in_opens_an_hour_before_the_start(vw):
    place_for(vw.activity, vw.volunteer)
    code = checkin.activity_code(vw.activity, checkin.IN)
    early = vw.activity.starts_at - dt.timedelta(minutes=61)
    with pytest.raises(ValidationError):
        checkin.check_by_scan(actor=vw.volunteer_user, activity=vw.activity, code=code, at=early)


@pytest.mark.parametrize(
    ("came", "left", "hours"),
    [
        ((8, 0), (12, 30), "2.00"),  # early and late: capped at the activity's 9:00–11:00
        ((9, 5), (10, 59), "1.75"),  # 114 minutes → 7 quarters
        ((9, 0), (9, 14), "0.00"),  # less than a quarter
        ((10, 0), (10, 45), "0.75"),
        ((11, 10), (11, 40), "0.00"),  # after the end: travel time, not service
    ],
)
def test_hours_count_only_within_the_activity_rounded_down_to_quarters(vw, came, left, hours):
    day = vw.activity.starts_at.date()
    assert checkin.quarter_hours(vw.activity, at(day, *came), at(day, *left)) == Decimal(hours)


def test_the_organiser_accepts_a_volunteers_personal_code(vw):
    place_for(vw.activity, vw.volunteer)
    code = checkin.person_code(vw.volunteer)
    signup = checkin.check_by_person_code(
        actor=vw.worker, activity=vw.activity, code=code, direction=checkin.IN, at=vw.activity.starts_at
    )
    assert signup.checked_in_at == vw.activity.starts_at


def test_hours_confirmed_or_adjusted_with_a_reason(vw):
    signup = place_for(
        vw.activity,
        vw.volunteer,
        checked_in_at=vw.activity.starts_at,
        checked_out_at=vw.activity.starts_at + dt.timedelta(minutes=80),
    )
    with pytest.raises(ValidationError) as exc:
        checkin.hours_confirm(actor=vw.worker, signup=signup, hours=Decimal("2"))
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        checkin.hours_confirm(
            actor=vw.worker, signup=signup, hours=Decimal("3"), reason="多算"
        )  # over the span
    confirmed = checkin.hours_confirm(actor=vw.worker, signup=signup)
    assert confirmed.hours == confirmed.hours_final == Decimal("1.25")
    with pytest.raises(ValidationError):
        checkin.hours_confirm(actor=vw.worker, signup=confirmed, hours=Decimal("2"), reason="again")


def test_the_check_page_of_the_qr_url_checks_in_and_shows_refusals(client, vw):
    now = timezone.now()
    running = activity_at(vw.team, now - dt.timedelta(minutes=10))
    place_for(running, vw.volunteer)
    client.force_login(vw.volunteer_user)
    url = reverse("volunteers:app-check", args=[running.pk, checkin.activity_code(running, checkin.IN)])
    page = client.get(url)
    assert page.status_code == 200
    assert "data-check-error" not in page.content.decode()
    done = client.post(url)
    assert done.status_code == 200
    assert "data-check-done" in done.content.decode()
    again = client.post(url)
    assert again.status_code == 400
    assert "data-check-error" in again.content.decode()
    with time_machine.travel(now + dt.timedelta(minutes=6)):
        expired = client.post(
            reverse("volunteers:app-check", args=[running.pk, checkin.activity_code(running, checkin.OUT)])
        )
        assert expired.status_code == 200  # made after the travel: fresh, so it checks out
        stale = client.get(url)
        assert "data-check-error" in stale.content.decode()
    other = client.get(
        reverse("volunteers:app-check", args=[vw.activity.pk, checkin.activity_code(running, checkin.IN)])
    )
    assert "data-check-error" in other.content.decode()

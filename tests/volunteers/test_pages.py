"""Pages: list pages pin their query count; bad input shows the field's error; the phone pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from lianxin.volunteers import checkin
from lianxin.volunteers.models import Activity, Correction, Membership, MembershipState, SignUp, Team
from tests.factories import PersonFactory
from tests.volunteers.conftest import YEAR_START, activity_at, at, days, place_for


def crowd(vw, tree, n: int) -> None:
    for i in range(n):
        team = Team.objects.create(brand=vw.brand, node=tree.community, name=f"队{i}")
        person = PersonFactory.create(node=tree.grid, is_volunteer=True)
        Membership.objects.create(
            team=team, person=person, state=MembershipState.ACTIVE, joined_on=YEAR_START
        )
        past = activity_at(team, at(days(-2 - i)))
        signup = place_for(
            past, person, checked_in_at=past.starts_at, hours=Decimal(1), hours_final=Decimal(1)
        )
        Correction.objects.create(
            signup=signup, old_hours=Decimal(1), new_hours=Decimal(2), reason="x", requested_by=vw.worker
        )
        place_for(vw.activity, person) if i < 2 else None


def test_list_pages_do_not_grow_with_rows(client, vw, tree, django_assert_max_num_queries):
    crowd(vw, tree, 6)
    client.force_login(vw.worker)
    pages = [
        (reverse("volunteers:home"), 12),
        (reverse("volunteers:team", args=[vw.team.pk]), 16),
        (reverse("volunteers:activity", args=[vw.activity.pk]), 16),
        (reverse("volunteers:people"), 12),
        (reverse("volunteers:corrections"), 12),
        (reverse("volunteers:certificates"), 14),
    ]
    for url, most in pages:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
    client.force_login(vw.volunteer_user)
    for url, most in [(reverse("volunteers:app-home"), 16), (reverse("volunteers:app-record"), 14)]:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url


def test_a_bad_activity_form_shows_the_fields_error(client, vw):
    client.force_login(vw.worker)
    response = client.post(
        reverse("volunteers:team", args=[vw.team.pk]),
        {
            "form": "activity",
            "activity-title": "清扫",
            "activity-place": "1号楼",
            "activity-starts_at": f"{days(3)}T11:00",
            "activity-ends_at": f"{days(3)}T09:00",
            "activity-capacity": 5,
        },
    )
    assert response.status_code == 400
    assert "结束时间应晚于开始时间。" in response.content.decode()
    assert Activity.objects.count() == 1


def test_the_organiser_page_shows_codes_that_point_to_the_check_page(client, vw):
    client.force_login(vw.worker)
    page = client.get(reverse("volunteers:activity-qr", args=[vw.activity.pk])).content.decode()
    assert "<svg" in page and f"/app/volunteers/activities/{vw.activity.pk}/check/" in page
    partial = client.get(reverse("volunteers:activity-qr", args=[vw.activity.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 60s"' in partial.content.decode()


def test_the_volunteer_signs_up_and_sees_the_waitlist_on_the_phone(client, vw, tree):
    vw.activity.capacity = 1
    vw.activity.save()
    place_for(vw.activity, PersonFactory.create(node=tree.grid))
    client.force_login(vw.volunteer_user)
    home = client.get(reverse("volunteers:app-home")).content.decode()
    assert f'data-open-activity="{vw.activity.pk}"' in home
    client.post(reverse("volunteers:app-activity", args=[vw.activity.pk]), {"action": "sign_up"})
    page = client.get(reverse("volunteers:app-activity", args=[vw.activity.pk])).content.decode()
    assert 'data-signup-state="waitlisted"' in page
    assert SignUp.objects.get(person=vw.volunteer).state == "waitlisted"


def test_hours_show_as_waiting_then_confirmed(client, vw):
    start = vw.activity.starts_at - dt.timedelta(days=2)
    past = activity_at(vw.team, start)
    signup = place_for(past, vw.volunteer, checked_in_at=start, checked_out_at=start + dt.timedelta(hours=1))
    client.force_login(vw.volunteer_user)
    assert (
        'data-pending-hours="1.00"'
        in client.get(reverse("volunteers:app-activity", args=[past.pk])).content.decode()
    )
    checkin.hours_confirm(actor=vw.worker, signup=signup)
    assert (
        'data-hours="1.00"' in client.get(reverse("volunteers:app-activity", args=[past.pk])).content.decode()
    )
    assert 'data-total-hours="1.00"' in client.get(reverse("volunteers:app-home")).content.decode()


def test_the_personal_code_page_shows_a_code_the_organiser_accepts(client, vw):
    client.force_login(vw.volunteer_user)
    page = client.get(reverse("volunteers:app-code")).content.decode()
    assert "<svg" in page
    assert checkin.read_person_code(checkin.person_code(vw.volunteer)) == vw.volunteer.pk

"""The studio's pages: what each shows, and list pages with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lianxin.liaison.models import Concern, Contact, Representative, Session, Studio
from tests.factories import PersonFactory
from tests.liaison.conftest import at, link_to, session_on

BJ = ZoneInfo("Asia/Shanghai")


def english(client):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "en"


def test_residents_see_the_coming_sessions_and_who_will_be_there(client, tree, sw):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    session_on(sw.studio, tomorrow, kind="mobile", place=tree.grid, venue="文化广场")
    session_on(sw.studio, tomorrow + dt.timedelta(days=40))  # too far ahead
    session_on(Studio.objects.create(node=tree.other_community, name="东二工作室"), tomorrow)  # not theirs
    link_to(sw.rep, sw.resident)
    client.force_login(sw.resident_user)
    english(client)
    page = client.get(reverse("liaison:app-sessions")).content.decode()
    assert page.count("data-session=") == 1
    assert "文化广场" in page and "李代表" in page and "Your linked representative" in page
    assert "My duty as a representative" not in page


def test_the_representative_sees_their_duty_on_the_phone(client, tree, sw):
    link_to(sw.rep, sw.resident, dt.date(2026, 1, 1))
    today = timezone.localdate()
    session_on(sw.studio, today + dt.timedelta(days=2))
    client.force_login(sw.rep_user)
    english(client)
    page = client.get(reverse("liaison:rep-home")).content.decode()
    assert "王居民" in page and 'data-stale="1"' in page  # never contacted since January
    assert page.count("data-session=") == 1
    assert "Log a session" in page


def test_a_representative_logs_a_mobile_session_on_the_phone(client, tree, sw):
    client.force_login(sw.rep_user)
    response = client.post(
        reverse("liaison:rep-session-new"),
        {
            "kind": "mobile",
            "day": timezone.localdate().isoformat(),
            "starts": "09:00",
            "ends": "11:00",
            "place": tree.grid.pk,
            "venue": "小区广场",
            "hosts": [sw.rep.pk],
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "liaison:rep-session", args=[session.pk]
    )
    response = client.post(
        reverse("liaison:rep-session", args=[session.pk]),
        {
            "form": "concern",
            "concern-name": "王大爷",
            "concern-phone": "13912345678",
            "concern-text": "路灯坏了",
        },
    )
    assert response.status_code == 302
    assert Concern.objects.get().person == sw.resident


def test_a_bad_form_shows_the_error_and_changes_nothing(client, tree, sw):
    client.force_login(sw.rep_user)
    english(client)
    response = client.post(
        reverse("liaison:rep-session-new"),
        {
            "kind": "mobile",
            "day": timezone.localdate().isoformat(),
            "starts": "09:00",
            "ends": "08:00",
            "hosts": [sw.rep.pk],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The session ends after it starts." in page and "Say where the mobile session goes." in page
    assert not Session.objects.exists()


@pytest.mark.parametrize("clock", ["2026-11-28 09:40", "2026-11-28 22:15", "2026-11-28 23:50"])
def test_the_new_session_form_suggests_times_that_can_be_saved_as_they_are(client, tree, sw, clock):
    """The suggested start and end stay on one day, even late in the evening."""
    with time_machine.travel(dt.datetime.fromisoformat(clock).replace(tzinfo=BJ), tick=False):
        client.force_login(sw.rep_user)
        form = client.get(reverse("liaison:rep-session-new")).context["form"]
        data = {name: form[name].value() for name in ("kind", "day", "starts", "ends")}
        data |= {"place": tree.grid.pk, "venue": "小区广场", "hosts": [sw.rep.pk]}
        response = client.post(reverse("liaison:rep-session-new"), data)
    assert response.status_code == 302, response.context["form"].errors
    session = Session.objects.get()
    assert session.starts_at < session.ends_at
    assert timezone.localtime(session.starts_at).date() == timezone.localtime(session.ends_at).date()


def test_staff_see_gap_weeks_stale_links_and_short_representatives(client, tree, sw, as_staff):
    link_to(sw.rep, sw.resident, dt.date(2026, 1, 1))
    english(client)
    page = client.get(reverse("liaison:studios")).content.decode()
    assert "东一社区党代表工作室" in page
    assert "data-gaps=" in page and "data-stale=" in page and "too few links" in page
    detail = client.get(reverse("liaison:studio", args=[sw.studio.pk])).content.decode()
    assert "No session this week." in detail and "Only 1 link" in detail


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(tree, sw, n: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    """More studios, representatives, links, contacts, sessions and concerns."""
    today = timezone.localdate()
    for i in range(start, start + n):
        studio = Studio.objects.create(node=tree.community, name=f"工作室{i}")
        rep = Representative.objects.create(
            studio=studio,
            person=PersonFactory.create(node=tree.grid, is_party_rep=True),
            started_on=dt.date(2026, 1, 1),
        )
        for j in range(3):
            link = link_to(rep, PersonFactory.create(node=tree.building))
            Contact.objects.create(
                link=link, on=today - dt.timedelta(days=j * 20), method="phone", recorded_by=sw.rep_user
            )
        for week in range(0, 10, 2):
            session_on(studio, today - dt.timedelta(weeks=week))
    duty_link = link_to(sw.rep, PersonFactory.create(node=tree.building))
    Contact.objects.create(link=duty_link, on=today, method="phone", recorded_by=sw.rep_user)
    for d in range(n):
        session = session_on(
            sw.studio, today + dt.timedelta(days=d), starts_at=at(today + dt.timedelta(days=d), 8)
        )
        Concern.objects.create(
            representative=sw.rep, session=session, name="来访", text="事项", recorded_by=sw.rep_user
        )


# Each page: session, user, grants, unread notifications and the user's name in the header, and
PINNED = {
    "liaison:studios": 11,  # scope node, studios, representatives, links, sessions, calendar overrides
    "liaison:rep-home": 12,  # duties, weeks, links, sessions with hosts, recent sessions, concerns
    "liaison:app-sessions": 9,  # the person, sessions with hosts, linked representatives, studios
}


@pytest.mark.parametrize("name", list(PINNED))
def test_list_pages_run_a_fixed_number_of_queries(client, tree, sw, staff, name):
    user = sw.rep_user if name != "liaison:studios" else staff
    if name == "liaison:app-sessions":
        user = sw.resident_user
        link_to(sw.rep, sw.resident)
        session_on(sw.studio, timezone.localdate() + dt.timedelta(days=1))
    client.force_login(user)
    url = reverse(name)
    grow(tree, sw, 1)
    few = count(client, url)
    grow(tree, sw, 4, start=1)
    many = count(client, url)
    assert (few, many) == (PINNED[name], PINNED[name])

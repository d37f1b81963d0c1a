"""Points: each ledger entry is priced by its rule, capped per year, counted once and traceable
to its record; the in-service figures on a hand-made set, each with its records list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lianxin.core.roles import Role
from lianxin.meetings.models import Attendance, Meeting, MeetingKind
from lianxin.posts import ledger, services
from lianxin.posts.models import Post, PostKind, ServiceRecord, State
from lianxin.posts.points import SOURCES, PointsItem, PointsSource
from lianxin.reports import selectors as figures
from lianxin.reports.periods import Period
from lianxin.reports.registry import registry
from tests.posts.conftest import confirmed, member, service, user_with

YEAR = timezone.localdate().year


def on(month: int, day: int = 10) -> dt.date:
    return dt.date(YEAR, month, day)


@pytest.fixture
def priced(admin):  # type: ignore[no-untyped-def]
    services.rule_save(actor=admin, key="posts.service", points=Decimal(2), yearly_cap=Decimal(10))
    services.rule_save(actor=admin, key="meetings.attended", points=Decimal(3))


def test_the_ledger_prices_services_and_meetings_caps_the_year_and_links_each_record(
    client, pw, priced, tree
):
    report = confirmed(pw.member, pw.community, pw.unit)
    service(report, on(1), "2")  # 4 points
    service(report, on(2), "2")  # 4 points
    service(report, on(3), "3")  # 6, capped to 2
    service(report, on(3, 11), "1", state=State.PENDING)  # not confirmed: nothing
    service(report, dt.date(YEAR - 1, 12, 30), "2")  # last year
    meeting = Meeting.objects.create(
        node=tree.community,
        kind=MeetingKind.GENERAL_ASSEMBLY,
        title="党员大会",
        starts_at=timezone.make_aware(dt.datetime.combine(on(4), dt.time(9))),
        state="held",
    )
    Attendance.objects.create(meeting=meeting, person=pw.member, status="present")
    book = ledger.ledger_of(person_id=pw.member.pk, year=YEAR)
    assert [(e.key, e.points, e.capped) for e in book.entries] == [
        ("posts.service", Decimal("4.00"), False),
        ("posts.service", Decimal("4.00"), False),
        ("posts.service", Decimal("2.00"), True),
        ("meetings.attended", Decimal("3.00"), False),
    ]
    assert book.total == Decimal(13)
    for entry in book.entries:  # each entry's record exists and its link opens it
        label, pk = entry.record.split(":")
        rows = {"posts.servicerecord": ServiceRecord.objects, "meetings.attendance": Attendance.objects}[
            label
        ]
        assert rows.filter(pk=pk).exists()
    client.force_login(pw.member_user)
    page = client.get(reverse("posts:app-points")).content.decode()
    assert 'data-total="13.00"' in page
    for entry in book.entries[:3]:
        assert entry.url in page and client.get(entry.url).status_code == 200


def test_a_record_yielded_twice_is_counted_once(pw, priced, monkeypatch):
    report = confirmed(pw.member, pw.community, pw.unit)
    record = service(report, on(1), "1")
    original = SOURCES["posts.service"]

    def twice(people, first, last):  # type: ignore[no-untyped-def]
        items = list(original.items(people, first, last))
        return [*items, PointsItem(**items[0].__dict__)]

    monkeypatch.setitem(SOURCES, "posts.service", PointsSource("posts.service", "x", "h", twice))
    book = ledger.ledger_of(person_id=pw.member.pk, year=YEAR)
    assert [e.record for e in book.entries] == [f"posts.servicerecord:{record.pk}"]
    assert book.total == Decimal(2)


def test_points_rules_are_kept_by_the_subdistrict_not_by_a_community(tree):
    community_worker = user_with(Role.COMMUNITY_WORKER, tree.community)
    staff = user_with(Role.SUBDISTRICT_STAFF, tree.east)
    from django.http import Http404

    with pytest.raises(Http404):
        services.rule_save(actor=community_worker, key="posts.service", points=Decimal(1))
    with pytest.raises(ValidationError):
        services.rule_save(actor=staff, key="no.such.source", points=Decimal(1))
    assert services.rule_save(actor=staff, key="posts.service", points=Decimal(1)).points == Decimal(1)


def test_the_in_service_figures_and_their_records_on_a_hand_made_set(pw, tree):
    period = Period(on(1, 1), on(6, 30))
    inside = confirmed(pw.member, pw.community, pw.unit, day=on(1, 5))
    other = confirmed(member(tree.other_grid, pw.other_unit), tree.other_community, pw.other_unit, day=on(2))
    confirmed(member(tree.grid, pw.unit), pw.community, pw.unit, day=on(7))  # after the period
    confirmed(member(tree.village_grid, pw.unit), tree.village, pw.unit, day=on(2))  # another subdistrict
    service(inside, on(2), "2")
    service(inside, on(3), "1.5")
    service(inside, on(3), "4", state=State.RETURNED)
    service(other, on(5), "3")
    service(other, on(8), "3")  # after the period
    Post.objects.create(community=tree.other_community, kind=PostKind.MODEL, name="示范岗")  # + pw.post
    Post.objects.create(community=pw.community, kind=PostKind.MODEL, name="已关闭", is_active=False)
    Post.objects.update(created_at=timezone.make_aware(dt.datetime.combine(on(1), dt.time(9))))
    Post.objects.create(community=pw.community, kind=PostKind.MODEL, name="下半年新设")  # after the period
    want = {
        "posts.reported_members": 2,
        "posts.services": 3,
        "posts.service_hours": Decimal("6.5"),
        "posts.posts": 2,
    }
    for key, value in want.items():
        figure = registry.get(key)
        assert figure is not None
        assert figures.value(figure, tree.east, period) == value, key
        rows = figures.records(actor=_staff(tree), figure=figure, node=tree.east, period=period)
        assert rows.count() == (value if key != "posts.service_hours" else 3), key
    community_only = figures.value(registry.figures["posts.services"], tree.community, period)
    assert community_only == 2


def _staff(tree):  # type: ignore[no-untyped-def]
    return user_with(Role.SUBDISTRICT_STAFF, tree.east)

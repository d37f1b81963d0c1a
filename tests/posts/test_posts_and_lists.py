"""Posts and rosters (who is on duty now, in Beijing time) and versioned responsibility lists
(an edit keeps the old version; residents see only the public items of the current one)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lianxin.posts import selectors, services
from lianxin.posts.models import ListVersion, PostKind
from lianxin.posts.services import ItemInput, PostInput
from tests.factories import PersonFactory, UserFactory
from tests.posts.conftest import member

TODAY = dt.date.today()
MONDAY = TODAY + dt.timedelta(days=7 - TODAY.weekday())  # next Monday: the grants are in force
BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


def test_an_extended_hours_post_needs_its_closing_time_and_an_in_service_post_its_field(worker, tree):
    with pytest.raises(ValidationError) as exc:
        services.post_create(
            actor=worker,
            community=tree.community,
            data=PostInput(kind=PostKind.EXTENDED_HOURS, name="延时岗"),
        )
    assert "extends_until" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.post_create(
            actor=worker, community=tree.community, data=PostInput(kind=PostKind.IN_SERVICE, name="服务岗")
        )
    assert "field" in exc.value.message_dict
    post = services.post_create(
        actor=worker,
        community=tree.community,
        data=PostInput(
            kind=PostKind.EXTENDED_HOURS, name="延时岗", extends_until=dt.time(20), on_weekends=True
        ),
    )
    assert post.extends_until == dt.time(20) and post.on_weekends


def test_who_is_on_duty_now_in_beijing_time(client, worker, tree):
    post = services.post_create(
        actor=worker, community=tree.community, data=PostInput(kind=PostKind.MODEL, name="模范党员示范岗")
    )
    morning = member(tree.building, None, name="早班党员")
    evening = member(tree.grid, None, name="晚班党员")
    services.shift_add(
        actor=worker,
        post=post,
        person=morning,
        weekdays=[0, 2],
        starts=dt.time(8),
        ends=dt.time(12),
        started_on=MONDAY - dt.timedelta(days=7),
    )
    services.shift_add(
        actor=worker,
        post=post,
        person=evening,
        weekdays=[0],
        starts=dt.time(17),
        ends=dt.time(20),
        started_on=MONDAY - dt.timedelta(days=7),
    )
    # 02:30 UTC is 10:30 in Beijing on Monday.
    with time_machine.travel(beijing(MONDAY, 10, 30), tick=False):
        assert [s.person.name for s in selectors.on_duty(actor=worker)] == ["早班党员"]
        client.force_login(worker)
        page = client.get(reverse("posts:on-duty")).content.decode()
        assert "早班党员" in page and "晚班党员" not in page
    with time_machine.travel(beijing(MONDAY, 18), tick=False):
        assert [s.person.name for s in selectors.on_duty(actor=worker)] == ["晚班党员"]
    with time_machine.travel(beijing(MONDAY + dt.timedelta(days=1), 10, 30), tick=False):
        assert list(selectors.on_duty(actor=worker)) == []


def test_a_roster_line_taken_off_stays_in_the_history(worker, tree):
    post = services.post_create(
        actor=worker, community=tree.community, data=PostInput(kind=PostKind.MODEL, name="示范岗")
    )
    [shift] = services.shift_add(
        actor=worker,
        post=post,
        person=member(tree.building, None),
        weekdays=[0],
        starts=dt.time(8),
        ends=dt.time(12),
        started_on=MONDAY - dt.timedelta(days=7),
    )
    services.shift_end(actor=worker, shift=shift, ended_on=MONDAY)
    with time_machine.travel(beijing(MONDAY, 10, 30), tick=False):
        assert list(selectors.on_duty(actor=worker)) == []
    shift.refresh_from_db()
    assert shift.ended_on == MONDAY
    with pytest.raises(ValidationError):
        services.shift_add(
            actor=worker,
            post=post,
            person=PersonFactory.create(node=tree.building),
            weekdays=[1],
            starts=dt.time(8),
            ends=dt.time(12),
            started_on=MONDAY,
        )  # not a party member


def items(*rows: tuple[str, bool]) -> list[ItemInput]:
    return [
        ItemInput(
            matter=m, responsible_post="社区党委书记", legal_basis="《城市居民委员会组织法》", is_public=p
        )
        for m, p in rows
    ]


def test_an_edit_publishes_a_new_version_and_residents_see_public_items_of_the_current_one(
    client, worker, tree
):
    first = services.list_publish(actor=worker, community=tree.community, items=items(("居民议事", True)))
    second = services.list_publish(
        actor=worker,
        community=tree.community,
        items=items(("居民议事", True), ("低保初审", True), ("内部考核", False)),
        note="新增一项",
    )
    assert (first.number, second.number) == (1, 2)
    assert [i.matter for i in ListVersion.objects.get(pk=first.pk).items.all()] == ["居民议事"]  # kept
    resident = UserFactory.create()
    PersonFactory.create(node=tree.building, user=resident)
    client.force_login(resident)
    page = client.get(reverse("posts:app-list")).content.decode()
    assert "低保初审" in page and "内部考核" not in page and 'data-version="2"' in page
    client.force_login(worker)
    page = client.get(reverse("posts:list", args=[tree.community.pk])).content.decode()
    assert "内部考核" in page and reverse("posts:version", args=[first.pk]) in page
    old = client.get(reverse("posts:version", args=[first.pk])).content.decode()
    assert "居民议事" in old and "低保初审" not in old


def test_the_list_editor_publishes_through_the_form_and_shows_errors(client, worker, tree):
    client.force_login(worker)
    client.cookies["django_language"] = "en"
    url = reverse("posts:list-edit", args=[tree.community.pk])
    base = {"items-TOTAL_FORMS": 2, "items-INITIAL_FORMS": 0, "note": "首版"}
    bad = client.post(url, {**base, "items-0-matter": "只有事项"})
    assert bad.status_code == 200 and "needs the matter and the responsible post" in bad.content.decode()
    assert not ListVersion.objects.exists()
    ok = client.post(
        url,
        {
            **base,
            "items-0-matter": "居民议事",
            "items-0-responsible_post": "居委会主任",
            "items-0-is_public": "on",
        },
    )
    assert ok.status_code == 302
    [version] = ListVersion.objects.all()
    assert [(i.matter, i.is_public) for i in version.items.all()] == [("居民议事", True)]

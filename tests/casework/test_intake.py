"""Taking a request in: number, place, deadlines, who may take it in."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404

from lianxin.casework.models import Case, Category
from lianxin.casework.services import CaseInput, Step, case_submit, case_transition
from lianxin.core.roles import Role
from lianxin.orgs.models import OrgNode
from tests.casework.conftest import new_case
from tests.factories import UserFactory, grant

BJ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BJ)


def test_numbers_are_readable_and_count_up_per_day(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 10:00"), tick=False):
        first, second = new_case(tree, cast), new_case(tree, cast)
    assert re.fullmatch(r"[A-Z0-9]+-20261127-0001", first.number)
    assert second.number.endswith("-20261127-0002")
    with time_machine.travel(at("2026-11-30 10:00"), tick=False):
        assert new_case(tree, cast).number.endswith("-20261130-0001")


def test_deadlines_are_in_working_time(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 16:30"), tick=False):
        case = new_case(tree, cast)
    assert case.accept_due == at("2026-11-30 10:30")  # 2 working hours, over the weekend
    with time_machine.travel(at("2026-09-30 10:00"), tick=False):
        accepted = case_transition(actor=cast.dispatcher, case=case, action="accept")
    # A complaint: 15 working days. 1–7 October (National Day) are not counted, Saturday
    # 10 October (a make-up workday) is: 8, 9, 10, 12–16, 19–23, 26, 27 October.
    assert accepted.due_at == at("2026-10-27 17:00")


def test_urgent_cases_are_due_in_working_hours(tree: Any, cast: Any) -> None:
    case = new_case(tree, cast, priority="urgent")
    with time_machine.travel(at("2026-11-27 15:00"), tick=False):
        accepted = case_transition(actor=cast.dispatcher, case=case, action="accept")
    assert accepted.due_at == at("2026-11-30 11:00")  # 4 working hours


def test_an_approved_extension_moves_the_deadline(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 10:00"), tick=False):
        case = new_case(tree, cast)
        for action, who in [("accept", "dispatcher"), ("dispatch", "dispatcher"), ("acknowledge", "unit")]:
            case = case_transition(
                actor=cast.by_name(who), case=case, action=action, step=Step(unit=tree.unit)
            )
        due = case.due_at
        asked = case_transition(
            actor=cast.unit, case=case, action="request_extension", step=Step(note="需协调供电局", days=3)
        )
        with pytest.raises(ValidationError):  # one request at a time
            case_transition(
                actor=cast.unit, case=asked, action="request_extension", step=Step(note="再延", days=1)
            )
        granted = case_transition(actor=cast.dispatcher, case=asked, action="approve_extension")
    assert due == at("2026-12-18 17:00")  # 15 working days from Friday 27 November
    assert granted.due_at == at("2026-12-23 17:00")  # and 3 more: 21, 22, 23 December
    assert granted.extension_days is None


def test_the_grid_is_found_from_the_point_or_the_address(tree: Any, cast: Any) -> None:
    ring = [[113.70, 34.74], [113.71, 34.74], [113.71, 34.75], [113.70, 34.75], [113.70, 34.74]]
    OrgNode.objects.filter(pk=tree.grid.pk).update(boundary={"type": "Polygon", "coordinates": [ring]})
    by_point = new_case(tree, cast, latitude=Decimal("34.745"), longitude=Decimal("113.705"))
    assert (by_point.node, by_point.grid, by_point.community) == (tree.grid, tree.grid, tree.community)
    by_address = new_case(tree, cast, address="东一路1号")
    assert (by_address.node, by_address.grid, by_address.community) == (
        tree.building,
        tree.grid,
        tree.community,
    )
    elsewhere = new_case(tree, cast, latitude=Decimal("30.0"), longitude=Decimal("120.0"))
    assert elsewhere.node == tree.building  # outside every grid: where the reporter lives


def test_anonymous_requests_need_a_callback_number_kept_encrypted(tree: Any, cast: Any) -> None:
    with pytest.raises(ValidationError) as missing:
        new_case(tree, cast, is_anonymous=True, node=tree.grid)
    assert "callback_phone" in missing.value.message_dict
    case = new_case(tree, cast, is_anonymous=True, callback_phone="13912340000", node=tree.grid)
    assert case.reporter is None and case.callback_phone_masked == "139****0000"
    with connection.cursor() as cursor:
        cursor.execute("SELECT callback_phone FROM casework_case WHERE id = %s", [case.pk])
        assert "13912340000" not in cursor.fetchone()[0]


def test_only_staff_of_the_area_take_requests_by_phone(tree: Any, cast: Any) -> None:
    data = CaseInput(
        channel="hotline",
        case_type="help",
        category=Category.objects.get(code="welfare-relief"),
        text="独居老人需要帮助",
        node=tree.grid,
    )
    before = Case.objects.count()
    with pytest.raises(Http404):
        case_submit(actor=cast.reporter, data=data)
    with pytest.raises(Http404):
        case_submit(actor=cast.outsider, data=data)
    assert Case.objects.count() == before
    grid_worker = UserFactory.create()
    grant(grid_worker, Role.GRID_WORKER, tree.grid)
    case = case_submit(actor=grid_worker, data=data)
    assert case.channel == "hotline" and case.reporter_user is None and case.node == tree.grid


def test_a_request_must_say_what_and_where(tree: Any, cast: Any) -> None:
    stranger = UserFactory.create()  # no person record: nothing to fall back on
    data = CaseInput(
        channel="app", case_type="complaint", category=Category.objects.get(code="city-garbage"), text=" "
    )
    with pytest.raises(ValidationError) as errors:
        case_submit(actor=stranger, data=data)
    assert "text" in errors.value.message_dict
    data.text = "垃圾没人清"
    with pytest.raises(ValidationError) as nowhere:
        case_submit(actor=stranger, data=data)
    assert "address" in nowhere.value.message_dict

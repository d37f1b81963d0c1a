"""Overdue cases go under supervision once, and the people who must act are told."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.urls import reverse

from lianxin.casework.models import Case, CaseEvent
from lianxin.casework.overdue import cases_escalate_overdue
from lianxin.casework.services import Step, case_transition
from lianxin.core.models import Notification
from tests.casework.conftest import new_case

BJ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BJ)


def test_a_case_not_accepted_in_time_is_escalated_once(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 09:00"), tick=False):
        case = new_case(tree, cast)  # to be accepted by 11:00
    assert cases_escalate_overdue(now=at("2026-11-27 10:59")) == 0
    assert cases_escalate_overdue(now=at("2026-11-27 11:01")) == 1
    assert cases_escalate_overdue(now=at("2026-11-27 15:00")) == 0  # idempotent
    case.refresh_from_db()
    assert case.is_supervised and case.state == "submitted"
    event = CaseEvent.objects.get(case=case, action="overdue")
    assert event.actor is None and event.to_state == "submitted"
    told = set(Notification.objects.filter(title__contains=case.number).values_list("user", flat=True))
    assert told == {cast.dispatcher.pk, cast.supervisor.pk}  # the unit has nothing yet


def test_a_case_the_unit_lets_slip_tells_the_unit(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 09:00"), tick=False):
        case = new_case(tree, cast, priority="urgent")
        for action, who in [("accept", "dispatcher"), ("dispatch", "dispatcher"), ("acknowledge", "unit")]:
            case = case_transition(
                actor=cast.by_name(who), case=case, action=action, step=Step(unit=tree.unit)
            )
    assert case.due_at == at("2026-11-27 14:00")  # urgent: 4 working hours
    assert cases_escalate_overdue(now=at("2026-11-27 14:30")) == 1
    told = set(Notification.objects.filter(title__contains=case.number).values_list("user", flat=True))
    assert told == {cast.unit.pk, cast.supervisor.pk}


def test_replied_and_closed_cases_are_never_overdue(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 09:00"), tick=False):
        case = new_case(tree, cast, priority="urgent")
        for action, who in [
            ("accept", "dispatcher"),
            ("dispatch", "dispatcher"),
            ("acknowledge", "unit"),
            ("reply", "unit"),
        ]:
            case = case_transition(
                actor=cast.by_name(who), case=case, action=action, step=Step(unit=tree.unit, reply="已修好")
            )
    assert cases_escalate_overdue(now=at("2026-12-31 09:00")) == 0
    assert not Case.objects.get(pk=case.pk).is_supervised


def test_the_command_runs_it_and_the_bell_shows_it(client: Any, tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 09:00"), tick=False):
        new_case(tree, cast)
    out = io.StringIO()
    call_command("cases_overdue", stdout=out)  # now is long after 27 November 11:00
    assert "1" in out.getvalue()
    client.force_login(cast.dispatcher)
    page = client.get(reverse("workbench")).content.decode()
    assert 'href="/notifications/"' in page and ">1</span>" in page
    inbox = client.get(reverse("notifications")).content.decode()
    assert "逾期" in inbox
    assert not Notification.objects.filter(user=cast.dispatcher, read_at__isnull=True).exists()

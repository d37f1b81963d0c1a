"""Overdue cases go under supervision once, and the people who must act are told."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from lianxin.casework.models import Case, CaseEvent
from lianxin.casework.overdue import cases_escalate_overdue
from lianxin.casework.services import Step, case_transition
from lianxin.casework.tasks import escalate_overdue_cases, overdue_check_waiting
from lianxin.core.models import Notification
from lianxin.core.roles import CAPABILITIES, Cap, Role
from tests.casework.conftest import new_case
from tests.factories import UserFactory, grant

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


def run_worker() -> str:
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Between tasks the worker closes database connections it thinks stale, as it should in
    production; inside a test's transaction that would close the test's own connection on
    PostgreSQL, so here the test's one connection is kept (the tasks still run for real)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def test_the_task_worker_escalates_and_keeps_the_next_check_waiting(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 09:00"), tick=False):
        case = new_case(tree, cast)
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        out = io.StringIO()
        call_command("cases_overdue", "--schedule", stdout=out)
        assert "2026-11-30 09:05" in out.getvalue()
        call_command("cases_overdue", "--schedule", stdout=io.StringIO())  # still one waiting
        assert DBTaskResult.objects.count() == 1
        run_worker()  # nothing is due before 09:05
        assert not Case.objects.get(pk=case.pk).is_supervised
    with time_machine.travel(at("2026-11-30 09:06"), tick=False):
        run_worker()
        assert Case.objects.get(pk=case.pk).is_supervised
        done = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
        assert done.return_value == 1
        waiting = overdue_check_waiting()
        assert waiting is not None and waiting.run_after == at("2026-11-30 09:11")
    with time_machine.travel(at("2026-11-30 09:12"), tick=False):
        run_worker()  # a second run finds nothing new
    assert CaseEvent.objects.filter(case=case, action="overdue").count() == 1
    results = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).order_by("finished_at")
    assert [r.return_value for r in results] == [1, 0]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_check_run_twice_at_once_escalates_once(tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-27 09:00"), tick=False):
        case = new_case(tree, cast)
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        escalate_overdue_cases.enqueue()
        escalate_overdue_cases.enqueue()
        run_worker()
    assert CaseEvent.objects.filter(case=case, action="overdue").count() == 1
    results = DBTaskResult.objects.exclude(return_value=None).values_list("return_value", flat=True)
    assert sorted(int(str(r)) for r in results) == [0, 1]


def test_the_supervision_list_shows_overdue_and_supervised_cases_longest_first(
    client: Any, tree: Any, cast: Any
) -> None:
    with time_machine.travel(at("2026-11-23 09:00"), tick=False):
        oldest = new_case(tree, cast)
    with time_machine.travel(at("2026-11-26 09:00"), tick=False):
        newer = new_case(tree, cast)
        cases_escalate_overdue(now=at("2026-11-26 15:00"))  # both late: supervised
    with time_machine.travel(at("2026-11-27 09:00"), tick=False):
        late_not_yet = new_case(tree, cast)
        on_time = new_case(tree, cast)
    with time_machine.travel(at("2026-11-27 11:30"), tick=False):
        client.force_login(cast.supervisor)
        page = client.get(reverse("case-supervision")).content.decode()
        assert on_time.number in page  # accept by 11:00 too
        shown = [c.number for c in (oldest, newer, late_not_yet)]
        assert all(number in page for number in shown)
        assert page.index(oldest.number) < page.index(newer.number) < page.index(late_not_yet.number)
        supervised = client.get(reverse("case-supervision"), {"show": "supervised"}).content.decode()
        assert oldest.number in supervised and late_not_yet.number not in supervised
        overdue = client.get(reverse("case-supervision"), {"show": "overdue"}).content.decode()
        assert late_not_yet.number in overdue and oldest.number not in overdue
        assert "尚未派遣" in page  # the by-unit count: none dispatched yet
        client.force_login(cast.outsider)  # another community's worker
        elsewhere = client.get(reverse("case-supervision")).content.decode()
        assert not any(number in elsewhere for number in shown) and "暂无超期诉求" in elsewhere


@pytest.mark.parametrize("role", Role.values)
def test_who_may_open_the_supervision_list(client: Any, tree: Any, role: str) -> None:
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    caps = CAPABILITIES[role]
    may = Cap.WORKBENCH in caps and bool(caps & {Cap.CASES_SUPERVISE, Cap.CASES_DISPATCH})
    assert client.get(reverse("case-supervision")).status_code == (200 if may else 404)


def test_the_supervision_list_query_count_is_flat(client: Any, tree: Any, cast: Any) -> None:
    with time_machine.travel(at("2026-11-23 09:00"), tick=False):
        new_case(tree, cast)
    client.force_login(cast.supervisor)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("case-supervision"))
    with time_machine.travel(at("2026-11-23 09:00"), tick=False):
        for _ in range(6):
            new_case(tree, cast)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("case-supervision"))
    assert len(few) == len(many) <= 10

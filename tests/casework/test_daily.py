"""The daily counts the dashboards add up are the records' own counts, after every kind of
write, after a rebuild, and with writers on the same day at once."""

from __future__ import annotations

import datetime as dt
import re
import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import F
from django.utils import timezone

from lianxin.casework import daily
from lianxin.casework.measures import WHERE
from lianxin.casework.models import Case, CaseDay, CaseMonth
from lianxin.casework.services import case_transition
from lianxin.reports import selectors
from lianxin.reports.periods import Period
from lianxin.reports.registry import registry
from tests.casework.conftest import PATH, case_in, full_step, new_case
from tests.casework.test_measures import BJ, NOW, make


def from_records() -> dict[tuple[int, Any], dict[str, int]]:
    """Every cell counted straight from the case records."""
    found: dict[tuple[int, Any], dict[str, int]] = {}
    for case in Case.objects.filter(merged_into__isnull=True):
        cell = found.setdefault(daily.cell_of(case), dict.fromkeys(WHERE, 0))
        for name, where in WHERE.items():
            cell[name] += Case.objects.filter(pk=case.pk).filter(where).exists()
    return found


def kept() -> dict[tuple[int, Any], dict[str, int]]:
    """The day rows, after checking that every month row is the sum of its days."""
    days = {
        (row.node_id, row.day): {name: getattr(row, name) for name in WHERE} for row in CaseDay.objects.all()
    }
    months: dict[tuple[int, Any], dict[str, int]] = {}
    for (node_id, day), counts in days.items():
        month = months.setdefault((node_id, day.replace(day=1)), dict.fromkeys(WHERE, 0))
        for name, count in counts.items():
            month[name] += count
    kept_months = {
        (row.node_id, row.month): {name: getattr(row, name) for name in WHERE}
        for row in CaseMonth.objects.all()
    }
    assert kept_months == months
    return days


def test_every_step_keeps_the_days_counts(tree: Any, cast: Any) -> None:
    cases = {state: case_in(tree, cast, state) for state in ("accepted", "replied", "closed", "declined")}
    assert kept() == from_records()
    case_transition(actor=cast.reporter, case=cases["closed"], action="rate", step=full_step(tree, "rate"))
    case_transition(
        actor=cast.dispatcher, case=new_case(tree, cast), action="merge", step=full_step(tree, "merge", cast)
    )
    assert kept() == from_records()
    (cell,) = kept().values()  # all made today at one building; the merged one left out
    assert cell["submitted"] == 5 and cell["closed"] == 1 and cell["rated"] == 1 and cell["declined"] == 1


def test_the_dashboard_adds_up_the_kept_counts_and_they_match_the_drill_down(tree: Any, cast: Any) -> None:
    for state in PATH:
        case_in(tree, cast, state)
    today = timezone.localdate()
    period = Period(today.replace(day=1), today, "month")
    board = selectors.dashboard(actor=cast.supervisor, node=tree.east, period=period)
    shown = {card.figure.key: card.value for card in board.cards}
    for key in [k for k in shown if k.startswith("cases.") and not registry.figures[k].is_rate]:
        rows = selectors.records(
            actor=cast.supervisor, figure=registry.figures[key], node=tree.east, period=period
        )
        assert shown[key] == rows.count(), key
    assert shown["cases.submitted"] == Case.objects.filter(merged_into__isnull=True).count() > 5


def test_rebuild_counts_what_the_writes_kept(tree: Any, cast: Any) -> None:
    case_in(tree, cast, "closed")
    case_in(tree, cast, "in_progress")
    before = kept()
    CaseDay.objects.update(submitted=0, closed=0)  # as if rows had been loaded in bulk
    out = StringIO()
    call_command("cases_recount", stdout=out)
    assert kept() == before == from_records()
    assert re.search(r"(?<!\d)1(?!\d)", out.getvalue())  # one row: one node, one day


def test_a_day_without_requests_left_keeps_no_row(tree: Any, cast: Any) -> None:
    case = new_case(tree, cast)
    today = daily.cell_of(case)
    Case.objects.filter(pk=case.pk).update(submitted_at=F("submitted_at") - dt.timedelta(days=1))
    yesterday = daily.cell_of(Case.objects.get(pk=case.pk))
    daily.refresh([today, yesterday])
    assert list(kept()) == [yesterday] and kept() == from_records()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
def test_writers_on_the_same_day_at_once_lose_nothing(tree: Any, cast: Any) -> None:
    cases = [new_case(tree, cast) for _ in range(6)]
    start = threading.Barrier(len(cases))
    failures: list[BaseException] = []

    def accept(case: Case) -> None:
        try:
            start.wait()
            case_transition(actor=cast.dispatcher, case=case, action="accept")
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert CaseDay.objects.get().accepted == 6 and kept() == from_records()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-01-15", "2026-04-10"),  # days, whole months, days
        ("2026-01-01", "2026-12-31"),  # whole months only
        ("2026-03-03", "2026-03-20"),  # days inside one month
        ("2026-02-01", "2026-03-19"),  # a whole month, then days
        ("2026-02-20", "2026-04-30"),  # days, then whole months
    ],
)
def test_any_period_adds_up_to_the_records(tree: Any, start: str, end: str) -> None:
    for month, day in [
        (1, 14),
        (1, 15),
        (1, 31),
        (2, 1),
        (2, 28),
        (3, 3),
        (3, 19),
        (3, 20),
        (3, 31),
        (4, 10),
        (4, 11),
    ]:
        make(
            tree.grid, submitted_at=dt.datetime(2026, month, day, 9, tzinfo=BJ), state="closed", closed_at=NOW
        )
        make(tree.building, submitted_at=dt.datetime(2026, month, day, 23, 30, tzinfo=BJ))
    period = Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    for key in ("cases.submitted", "cases.closed"):
        figure = registry.figures[key]
        assert figure.records is not None
        expected = figure.records(tree.east, period).count()
        assert selectors.value(figure, tree.east, period) == expected > 0
        assert selectors.values([figure], tree.east, period)[key] == expected
        board = selectors._board([figure], tree.east, period)
        assert board["values"][key] == expected
        if figure.chart:  # ranked by community and drawn month by month
            assert sum(v for _name, _pk, v in board["rankings"][key]) == expected
            assert sum(v for _month, v in board["trends"][key]) == expected
    kept()

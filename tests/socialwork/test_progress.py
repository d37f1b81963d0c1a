"""Progress on a hand-made set: done/target per deliverable from confirmed logs only, the time
gone by, the lag flag, the monthly series, and the dashboard figures with their drill-down."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lianxin.reports import selectors as reports
from lianxin.reports.periods import Period
from lianxin.reports.registry import registry
from lianxin.socialwork import selectors
from lianxin.socialwork.models import ContractState, LogState
from tests.socialwork.conftest import log_on, make_contract

pytestmark = pytest.mark.django_db

JAN1, DEC31, JULY1 = dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 7, 1)


@pytest.fixture
def year(tree, sw):  # type: ignore[no-untyped-def]
    """A 2026 contract: 15 of 30 cases, 6 of 24 groups, 700 of 2000 people confirmed by July."""
    contract = make_contract(tree.community, sw.org, number="Y2026", starts_on=JAN1, ends_on=DEC31)
    cases, groups, people = contract.deliverables.order_by("position")
    worker = sw.social_worker
    for month in range(1, 6):
        log_on(cases, worker, dt.date(2026, month, 10), quantity=3, people=3, hours="2.5")
    log_on(cases, worker, dt.date(2026, 6, 10), quantity=5, state=LogState.PENDING)
    log_on(cases, worker, dt.date(2026, 6, 11), quantity=3, state=LogState.RETURNED)
    for month in range(1, 7):
        log_on(groups, worker, dt.date(2026, month, 20), quantity=1, people=12, hours="3")
    log_on(people, worker, dt.date(2026, 3, 5), quantity=700, people=700, hours="6")
    return contract


def test_progress_counts_confirmed_logs_against_targets_and_time(year):
    progress = selectors.contract_progress(contract=year, today=JULY1)
    assert progress.time_percent == 182 * 100 // 365 == 49
    rows = {row.deliverable.name: (row.done, row.pending, row.percent, row.lagging) for row in progress.rows}
    assert rows == {
        "个案服务": (15, 5, 50, False),
        "小组活动": (6, 0, 25, True),  # 49 − 25 = 24 points behind
        "服务居民": (700, 0, 35, False),  # 14 points behind
    }
    assert [row.deliverable.name for row in progress.lagging] == ["小组活动"]
    assert progress.percent == (50 + 25 + 35) // 3


def test_time_is_clamped_to_the_term_and_only_a_contract_in_force_is_flagged(year):
    assert selectors.time_percent(year, dt.date(2025, 12, 1)) == 0
    assert selectors.time_percent(year, dt.date(2027, 3, 1)) == 100
    year.state = ContractState.ENDED
    assert selectors.contract_progress(contract=year, today=JULY1).lagging == []


def test_the_monthly_series_covers_the_term_with_confirmed_services(year, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        months = selectors.monthly(contract=year)
    assert len(months) == 12
    march = months[2]
    assert (march.services, march.quantity, march.people, march.hours) == (3, 704, 715, Decimal("11.5"))
    june = months[5]
    assert (june.services, june.quantity) == (1, 1)  # the pending and the returned logs do not count
    assert months[11].services == 0


def test_quarters_count_confirmed_quantity_from_the_start_of_the_term(year):
    cases = year.deliverables.get(name="个案服务")
    cases.quarter_targets = [7, 8, 8, 7]
    cases.save()
    progress = selectors.contract_progress(contract=year, today=JULY1)
    rows = {row.deliverable.name: row for row in progress.rows}
    assert rows["个案服务"].quarters == [(9, 7), (6, 8), (0, 8), (0, 7)]
    assert rows["小组活动"].quarters == []  # no quarterly targets
    assert rows["小组活动"].quarters_done == [3, 3, 0, 0]


def test_figures_count_confirmed_services_hours_and_people_with_drill_down(tree, year, staff):
    period = Period(JAN1, DEC31, "year")
    figures = {
        key: registry.figures[key]
        for key in ("socialwork.services", "socialwork.hours", "socialwork.people_served")
    }
    values = {key: reports.value(f, tree.east, period) for key, f in figures.items()}
    assert values == {
        "socialwork.services": 5 + 6 + 1,
        "socialwork.hours": Decimal("12.5") + Decimal(18) + Decimal(6),
        "socialwork.people_served": 15 + 72 + 700,
    }
    rows = reports.records(actor=staff, figure=figures["socialwork.services"], node=tree.east, period=period)
    assert len(rows) == 12
    first = Period(JAN1, dt.date(2026, 3, 31), "quarter")
    assert reports.value(figures["socialwork.services"], tree.east, first) == 3 + 3 + 1
    assert reports.value(figures["socialwork.services"], tree.west, period) == 0
    months = reports.month_totals(list(figures.values()), tree.east, period)
    assert months["socialwork.services"][dt.date(2026, 3, 1)] == 3

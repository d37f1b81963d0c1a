"""Numbers the way a briefing writes them, at the edges of each rule; periods as URLs write them."""

from __future__ import annotations

import datetime as dt

import pytest

from lianxin.reports.numbers import briefing_number, rate
from lianxin.reports.periods import BadPeriod, parse


@pytest.mark.parametrize(
    ("value", "about", "measure"),
    [
        (199, "199", "199"),
        (200, "200", "200"),
        (201, "200余", "约200"),
        (454, "400余", "约450"),
        (842, "800余", "约840"),
        (9386, "9000余", "约9400"),
        (1523, "1500余", "约1500"),
        (9999, "9000余", "约1万"),
        (10000, "1万", "1万"),
        (18000.4, "1.8万余", "约1.8万"),
        (20345, "2万余", "约2万"),
        (600000, "60万", "60万"),
        (0, "0", "0"),
        (12.5, "12.5", "12.5"),
    ],
)
def test_briefing_numbers(value: float, about: str, measure: str) -> None:
    assert briefing_number(value, "about") == about
    assert briefing_number(value, "measure") == measure


def test_exact_figures_stay_exact() -> None:
    assert briefing_number(454, "exact") == "454"
    assert briefing_number(20345, "exact") == "20345"


def test_rates_round_half_up_and_nothing_to_rate_is_none() -> None:
    assert str(rate(5, 9)) == "55.6" and str(rate(2, 3)) == "66.7" and rate(0, 0) is None


TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("token", "start", "end", "kind"),
    [
        ("", "2026-11-01", "2026-11-30", "month"),
        ("2026-02", "2026-02-01", "2026-02-28", "month"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "quarter"),
        ("2026-q1", "2026-01-01", "2026-03-31", "quarter"),
        ("2025", "2025-01-01", "2025-12-31", "year"),
        ("2026-01-05..2026-02-01", "2026-01-05", "2026-02-01", "custom"),
    ],
)
def test_periods(token: str, start: str, end: str, kind: str) -> None:
    period = parse(token, today=TODAY)
    assert (period.start.isoformat(), period.end.isoformat(), period.kind) == (start, end, kind)
    assert parse(period.token, today=TODAY) == period


@pytest.mark.parametrize(
    "token", ["2026-13", "2026-Q5", "nov", "2026-02-01..2026-01-01", "1900-01-01..2026-01-01"]
)
def test_bad_periods_are_refused_with_a_reason(token: str) -> None:
    with pytest.raises(BadPeriod) as bad:
        parse(token, today=TODAY)
    assert str(bad.value)


def test_a_figure_may_write_smaller_numbers_the_rounded_way() -> None:
    assert briefing_number(68, "about", exact_below=50) == "60余"
    assert briefing_number(49, "about", exact_below=50) == "49"
    assert briefing_number(50, "about", exact_below=50) == "50"
    assert briefing_number(68, "exact", exact_below=50) == "68"

"""Quarterly assessment: the months weighted by the campaign's weights, flags as points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lianxin.campaigns.models import Campaign
from lianxin.campaigns.quarter import quarter_results
from lianxin.campaigns.services.scoring import flags_award
from tests.campaigns.test_scoring import score

D = Decimal
APRIL, MAY, JUNE = dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)


@pytest.fixture
def scored(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(
        month1_weight=D(3),
        month2_weight=D(3),
        month3_weight=D(4),
        red_flag_points=D(2),
        black_flag_points=D(1),
    )
    world.campaign.refresh_from_db()
    score(world, world.post_a, 90, 90, month=APRIL)
    score(world, world.post_a, 80, 80, month=MAY)
    score(world, world.post_a, 70, 70, month=JUNE)
    score(world, world.post_b, 60, 60, month=APRIL)
    score(world, world.post_b, 90, 90, month=JUNE)  # not scored in May
    return world


def test_the_months_are_weighted(scored):
    results = quarter_results(campaign=scored.campaign, year=2026, quarter=2)
    rows = {row.holder.name: row for row in results.posts}
    a = rows["第一指挥部"]
    assert a.months == [D(90), D(80), D(70)]
    assert a.weighted == D("79.00")  # (90×3 + 80×3 + 70×4) / 10


def test_a_missing_month_is_left_out_and_the_others_count_in_full(scored):
    b = {
        row.holder.name: row for row in quarter_results(campaign=scored.campaign, year=2026, quarter=2).posts
    }["第二指挥部"]
    assert b.months == [D(60), None, D(90)] and b.missing == 1
    assert b.weighted == D("77.14")  # (60×3 + 90×4) / 7


def test_flags_add_and_take_off_points_and_the_result_is_ranked(scored):
    flags_award(actor=scored.staff, campaign=scored.campaign, month=APRIL)  # red A, black B
    results = quarter_results(campaign=scored.campaign, year=2026, quarter=2)
    rows = {row.holder.name: row for row in results.posts}
    assert (rows["第一指挥部"].red, rows["第一指挥部"].result) == (1, D("81.00"))
    assert (rows["第二指挥部"].black, rows["第二指挥部"].result) == (1, D("76.14"))
    assert [row.rank for row in results.posts] == [1, 2]
    assert [row.holder.name for row in results.posts] == ["第一指挥部", "第二指挥部"]


def test_nobody_scored_in_the_quarter_has_no_result(scored):
    results = quarter_results(campaign=scored.campaign, year=2026, quarter=1)
    assert all(row.result is None and row.rank is None for row in results.posts + results.villages)
    villages = quarter_results(campaign=scored.campaign, year=2026, quarter=2).villages
    assert [row.holder.name for row in villages] == ["河西村", "河东村"] and villages[0].result is None

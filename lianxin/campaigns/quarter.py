"""Quarterly assessment (季考核): the quarter's three monthly scores weighted by the campaign's
month weights, plus points for each red flag and minus points for each black flag.

A month without a score for a subject is left out and the other months' weights count in
full (the result says which months are missing); with no score in the quarter there is no
result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg

from lianxin.campaigns.models import Campaign, CommandPost, FlagAward, ScoreSheet, Subject
from lianxin.campaigns.periods import quarter_months
from lianxin.campaigns.ranking import CENT, competition_ranks, villages


@dataclass
class QuarterRow:
    subject: str
    holder: Any
    months: list[Decimal | None]
    weighted: Decimal | None = None
    red: int = 0
    black: int = 0
    result: Decimal | None = None
    rank: int | None = None

    @property
    def missing(self) -> int:
        return sum(1 for score in self.months if score is None)


@dataclass
class QuarterResults:
    year: int
    quarter: int
    months: list[Any]
    weights: tuple[Decimal, Decimal, Decimal]
    posts: list[QuarterRow]
    villages: list[QuarterRow]


def _weighted(months: list[Decimal | None], weights: tuple[Decimal, ...]) -> Decimal | None:
    pairs = [
        (score, weight) for score, weight in zip(months, weights, strict=True) if score is not None and weight
    ]
    total_weight = sum((weight for _score, weight in pairs), Decimal(0))
    if not total_weight:
        return None
    return (sum((score * weight for score, weight in pairs), Decimal(0)) / total_weight).quantize(
        CENT, ROUND_HALF_UP
    )


def _ranked(rows: list[QuarterRow]) -> list[QuarterRow]:
    scored = [(r.result, r) for r in rows if r.result is not None]
    scored.sort(key=lambda pair: pair[0], reverse=True)
    for (_result, row), rank in zip(
        scored, competition_ranks([result for result, _r in scored]), strict=True
    ):
        row.rank = rank
    return [r for _result, r in scored] + [r for r in rows if r.result is None]


def quarter_results(
    *, campaign: Campaign, year: int, quarter: int, posts: list[CommandPost] | None = None
) -> QuarterResults:
    """Every post's and village's quarterly result, ranked (four queries)."""
    months = quarter_months(year, quarter)
    posts = posts if posts is not None else list(campaign.posts.order_by("sort", "id"))
    places = villages(campaign)
    sums = (
        ScoreSheet.objects.filter(campaign=campaign, month__in=months)
        .order_by()
        .values_list("month", "subject", "post_id", "village_id")
        .annotate(mean=Avg("total"))
    )
    means = {
        (month, subject, post or village): Decimal(mean).quantize(CENT, ROUND_HALF_UP)
        for month, subject, post, village, mean in sums
    }
    flags = Counter(
        (colour, subject, post or village)
        for colour, subject, post, village in FlagAward.objects.filter(
            campaign=campaign, month__in=months
        ).values_list("colour", "subject", "post_id", "village_id")
    )
    weights = campaign.month_weights

    def row(subject: str, holder: Any) -> QuarterRow:
        scores = [means.get((month, subject, holder.pk)) for month in months]
        line = QuarterRow(subject=subject, holder=holder, months=scores)
        line.weighted = _weighted(scores, weights)
        line.red = flags[("red", subject, holder.pk)]
        line.black = flags[("black", subject, holder.pk)]
        if line.weighted is not None:
            line.result = (
                line.weighted + line.red * campaign.red_flag_points - line.black * campaign.black_flag_points
            ).quantize(CENT, ROUND_HALF_UP)
        return line

    return QuarterResults(
        year=year,
        quarter=quarter,
        months=months,
        weights=weights,
        posts=_ranked([row(Subject.POST, post) for post in posts]),
        villages=_ranked([row(Subject.VILLAGE, place) for place in places]),
    )

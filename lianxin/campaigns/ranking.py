"""Monthly results (月测评) and the rule for the month's red and black flags.

A subject's monthly score is the mean of its inspectors' sheet totals. Subjects nobody scored
that month have no rank and can get no flag.

The red flag goes to the highest score, the black flag to the lowest. On a tie the one with
fewer inspection findings that month gets the red flag, the one with more gets the black
flag; if they are still level, the leading group chooses among them when the flags are
awarded. A black flag needs at least two scored subjects and never goes to the holder of the
same month's red flag.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy as _

from lianxin.campaigns.models import Campaign, Colour, CommandPost, Finding, ScoreSheet, Subject
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.reports.periods import next_month

CENT = Decimal("0.01")
VILLAGE_KINDS = (NodeKind.VILLAGE, NodeKind.COMMUNITY)


def villages(campaign: Campaign) -> list[OrgNode]:
    """The villages (and communities) of the campaign's area: who is scored besides the posts."""
    return list(
        OrgNode.objects.filter(
            subtree_q(campaign.node.path), kind__in=VILLAGE_KINDS, is_active=True
        ).order_by("path")
    )


@dataclass
class Standing:
    subject: str
    holder: Any  # a CommandPost or a village OrgNode
    score: Decimal | None = None
    sheets: int = 0
    findings: int = 0
    rank: int | None = None

    @property
    def key(self) -> str:
        return f"{self.subject}-{self.holder.pk}"


def competition_ranks(values: list[Decimal]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of ``values``, the highest first, in their order."""
    return [1 + sum(1 for other in values if other > value) for value in values]


def _rank(standings: list[Standing]) -> list[Standing]:
    """Ranked by score, the best first; the unscored last, in their own order."""
    scored = [(s.score, s) for s in standings if s.score is not None]
    scored.sort(key=lambda pair: pair[0], reverse=True)
    for (_score, standing), rank in zip(
        scored, competition_ranks([score for score, _s in scored]), strict=True
    ):
        standing.rank = rank
    return [s for _score, s in scored] + [s for s in standings if s.score is None]


@dataclass
class MonthResults:
    month: dt.date
    posts: list[Standing]
    villages: list[Standing]

    def of(self, subject: str) -> list[Standing]:
        return self.posts if subject == Subject.POST else self.villages

    @property
    def unscored(self) -> list[Standing]:
        return [s for s in self.posts + self.villages if s.score is None]


def month_results(
    *, campaign: Campaign, month: dt.date, posts: list[CommandPost] | None = None
) -> MonthResults:
    """Scores, ranks and finding counts of every post and village for ``month`` (four queries)."""
    posts = posts if posts is not None else list(campaign.posts.order_by("sort", "id"))
    places = villages(campaign)
    sums = (
        ScoreSheet.objects.filter(campaign=campaign, month=month)
        .order_by()
        .values_list("subject", "post_id", "village_id")
        .annotate(mean=Avg("total"), n=Count("id"))
    )
    scores = {(subject, post or village): (mean, n) for subject, post, village, mean, n in sums}
    found = list(
        Finding.objects.filter(
            campaign=campaign, found_at__date__gte=month, found_at__date__lt=next_month(month)
        ).values_list("post_id", "node__path")
    )
    by_post = Counter(post for post, _path in found)

    def standing(subject: str, holder: Any, findings: int) -> Standing:
        mean, n = scores.get((subject, holder.pk), (None, 0))
        score = Decimal(mean).quantize(CENT, ROUND_HALF_UP) if mean is not None else None
        return Standing(subject=subject, holder=holder, score=score, sheets=n, findings=findings)

    return MonthResults(
        month=month,
        posts=_rank([standing(Subject.POST, post, by_post[post.pk]) for post in posts]),
        villages=_rank(
            [
                standing(Subject.VILLAGE, place, sum(1 for _p, path in found if path.startswith(place.path)))
                for place in places
            ]
        ),
    )


@dataclass
class Pick:
    colour: str
    subject: str
    winner: Standing | None = None
    tied: list[Standing] = field(default_factory=list)  # left for the leading group to choose from
    how: str = ""

    @property
    def slot(self) -> str:
        return f"{self.colour}-{self.subject}"

    @property
    def needs_choice(self) -> bool:
        return self.winner is None and len(self.tied) > 1


def _pick(colour: str, subject: str, candidates: list[Standing]) -> Pick:
    pick = Pick(colour=colour, subject=subject)
    if not candidates:
        pick.how = str(_("Nobody was scored this month."))
        return pick
    red = colour == Colour.RED
    scores = [s.score for s in candidates if s.score is not None]
    edge = max(scores) if red else min(scores)
    level = [s for s in candidates if s.score == edge]
    if len(level) == 1:
        pick.winner = level[0]
        pick.how = str(_("Highest score.") if red else _("Lowest score."))
        return pick
    findings = min(s.findings for s in level) if red else max(s.findings for s in level)
    fewest = [s for s in level if s.findings == findings]
    if len(fewest) == 1:
        pick.winner = fewest[0]
        pick.how = str(
            _("Level on score; fewer inspection findings this month.")
            if red
            else _("Level on score; more inspection findings this month.")
        )
        return pick
    pick.tied = fewest
    pick.how = str(_("Level on score and on inspection findings; the leading group chooses."))
    return pick


def flag_picks(results: MonthResults) -> list[Pick]:
    """The four flags of the month by the rule above: red and black, post and village."""
    picks = []
    for subject in (Subject.POST, Subject.VILLAGE):
        scored = [s for s in results.of(subject) if s.score is not None]
        red = _pick(Colour.RED, subject, scored)
        picks.append(red)
        if len(scored) < 2:
            black = Pick(colour=Colour.BLACK, subject=subject)
            black.how = str(_("A black flag needs at least two scored this month."))
        else:
            others = [s for s in scored if red.winner is None or s.key != red.winner.key]
            black = _pick(Colour.BLACK, subject, others)
        picks.append(black)
    return picks

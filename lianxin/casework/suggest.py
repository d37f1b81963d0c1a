"""Smart intake: suggest a category and a unit from the text, flag likely duplicates.

Suggestions only: the dispatcher confirms. Categories come from keyword rules (each category's
keywords, editable in the admin); the unit from what closed cases of that category in the
same area were dispatched to; duplicates from open cases of the same category in the last 7
days, nearby, whose words (jieba segmentation) overlap.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass
from functools import lru_cache

import jieba
from django.db.models import Count

from lianxin.casework.models import Case, Category
from lianxin.casework.workflow import OPEN_STATES, State
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.orgs.selectors import nearest_ancestor

DUPLICATE_WINDOW = dt.timedelta(days=7)
DUPLICATE_METRES = 300
DUPLICATE_SIMILARITY = 0.3
jieba.setLogLevel(logging.WARNING)  # else it prints each dictionary load, past the log settings

STOP = set(
    "的了在是我有和就不人都一也很到说要去你会着没看好自己这那里给让被把吧呢啊吗，。！？、；：“”（）() ,.!?"
)


@dataclass(frozen=True)
class Suggestion:
    category: Category
    score: int  # keywords matched


def suggest_categories(text: str, limit: int = 3) -> list[Suggestion]:
    """Leaf categories whose keywords occur in the text, best first."""
    scored = []
    for category in Category.objects.filter(is_active=True, parent__isnull=False).select_related("parent"):
        words = {
            w
            for w in f"{category.keywords} {category.parent.keywords if category.parent else ''}".split()
            if w
        }
        score = sum(1 for word in words if word in text)
        if score:
            scored.append(Suggestion(category, score))
    scored.sort(key=lambda s: (-s.score, s.category.sort, s.category.code))
    return scored[:limit]


def suggest_unit(case: Case) -> OrgNode | None:
    """The unit most often given closed cases of this category in the case's community."""
    area = case.community or case.node
    row = (
        Case.objects.filter(
            subtree_q(area.path, field="node__path"), category=case.category, state=State.CLOSED
        )
        .exclude(unit__isnull=True)
        .values("unit")
        .annotate(n=Count("id"))
        .order_by("-n", "unit")
        .first()
    )
    return OrgNode.objects.get(pk=row["unit"]) if row else None


def warm() -> None:
    """Load the segmenter's dictionary now (a second or more of CPU) rather than in the first
    request that needs it."""
    jieba.initialize()


@lru_cache(maxsize=2048)
def words(text: str) -> frozenset[str]:
    return frozenset(w for w in jieba.lcut(text) if w.strip() and w not in STOP)


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the two texts' words."""
    left, right = words(a), words(b)
    return len(left & right) / len(left | right) if left and right else 0.0


def _metres(case: Case, other: Case) -> float | None:
    points = [case.latitude, case.longitude, other.latitude, other.longitude]
    if any(value is None for value in points):
        return None
    lat1, lon1, lat2, lon2 = (math.radians(float(value or 0)) for value in points)
    # Equirectangular distance: plenty at neighbourhood scale.
    x = (lon2 - lon1) * math.cos((lat1 + lat2) / 2)
    return math.hypot(x, lat2 - lat1) * 6_371_000


def likely_duplicates(case: Case, limit: int = 5) -> list[tuple[Case, float]]:
    """Open cases of the same category from the last 7 days, nearby, with similar words."""
    grid = case.grid or nearest_ancestor(node=case.node, kinds={NodeKind.GRID}) or case.node
    candidates = (
        Case.objects.filter(
            category=case.category,
            state__in=OPEN_STATES,
            merged_into__isnull=True,
            submitted_at__gte=case.submitted_at - DUPLICATE_WINDOW,
        )
        .exclude(pk=case.pk)
        .select_related("node")
    )
    found: list[tuple[Case, float]] = []
    for other in candidates[:200]:
        distance = _metres(case, other)
        near = distance <= DUPLICATE_METRES if distance is not None else other.node.path.startswith(grid.path)
        if not near:
            continue
        score = similarity(case.text, other.text)
        if score >= DUPLICATE_SIMILARITY:
            found.append((other, score))
    found.sort(key=lambda pair: -pair[1])
    return found[:limit]

"""Full coverage (全覆盖): every grid of the campaign's area covered by exactly one command post.

A post covers a grid directly, or through the village or community the grid belongs to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from lianxin.campaigns.models import Campaign, CommandPost, CommandPostArea
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import NodeKind, OrgNode

# What a command post may cover.
AREA_KINDS = (NodeKind.GRID, NodeKind.VILLAGE, NodeKind.COMMUNITY)


@dataclass
class Coverage:
    grids: list[OrgNode]
    posts_of: dict[int, list[CommandPost]]  # grid id → the posts covering it
    outside: list[CommandPostArea] = field(default_factory=list)  # areas not in the campaign's area

    @property
    def gaps(self) -> list[OrgNode]:
        """Grids no command post covers."""
        return [grid for grid in self.grids if not self.posts_of.get(grid.pk)]

    @property
    def overlaps(self) -> list[tuple[OrgNode, list[CommandPost]]]:
        """Grids covered by more than one command post, with those posts."""
        return [
            (grid, self.posts_of[grid.pk]) for grid in self.grids if len(self.posts_of.get(grid.pk, [])) > 1
        ]

    @property
    def is_full(self) -> bool:
        return bool(self.grids) and not self.gaps and not self.overlaps and not self.outside

    @property
    def covered_count(self) -> int:
        return sum(1 for grid in self.grids if self.posts_of.get(grid.pk))


def coverage(*, campaign: Campaign) -> Coverage:
    """The coverage of the campaign's active grids by its command posts (two queries)."""
    grids = list(
        OrgNode.objects.filter(subtree_q(campaign.node.path), kind=NodeKind.GRID, is_active=True).order_by(
            "path"
        )
    )
    areas = list(
        CommandPostArea.objects.filter(post__campaign=campaign)
        .select_related("post", "node")
        .order_by("post__sort", "post_id", "node__path")
    )
    posts_of: dict[int, list[CommandPost]] = defaultdict(list)
    outside = []
    for area in areas:
        if not area.node.path.startswith(campaign.node.path):
            outside.append(area)
            continue
        for grid in grids:
            if grid.path.startswith(area.node.path) and area.post not in posts_of[grid.pk]:
                posts_of[grid.pk].append(area.post)
    return Coverage(grids=grids, posts_of=dict(posts_of), outside=outside)

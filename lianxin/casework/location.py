"""Where a case is: the grid whose boundary holds its point, else the building at its address."""

from __future__ import annotations

from decimal import Decimal

from lianxin.orgs.geo import polygon_contains
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.orgs.selectors import nearest_ancestor


def grid_at(latitude: Decimal, longitude: Decimal) -> OrgNode | None:
    """The grid whose boundary contains the point (the deepest one if boundaries nest)."""
    lon, lat = float(longitude), float(latitude)
    grids = OrgNode.objects.filter(kind=NodeKind.GRID, boundary__isnull=False, is_active=True)
    hits = [  # only the boundaries are read; the grid found is then fetched alone
        (depth, pk)
        for pk, depth, boundary in grids.values_list("id", "depth", "boundary")
        if boundary is not None and polygon_contains(boundary, lon, lat)
    ]
    return OrgNode.objects.get(pk=max(hits)[1]) if hits else None


def building_at(address: str) -> OrgNode | None:
    address = address.strip()
    if not address:
        return None
    return OrgNode.objects.filter(kind=NodeKind.BUILDING, address=address, is_active=True).first()


def resolve(
    *, latitude: Decimal | None, longitude: Decimal | None, address: str, fallback: OrgNode | None
) -> tuple[OrgNode | None, OrgNode | None, OrgNode | None]:
    """(area node, grid, community) of a case; the area is the most specific place found."""
    place = None
    if latitude is not None and longitude is not None:
        place = grid_at(latitude, longitude)
    if place is None:
        place = building_at(address)
    if place is None:
        place = fallback
    if place is None:
        return None, None, None
    grid = place if place.kind == NodeKind.GRID else nearest_ancestor(node=place, kinds={NodeKind.GRID})
    community = nearest_ancestor(node=place, kinds={NodeKind.COMMUNITY, NodeKind.VILLAGE})
    return place, grid, community

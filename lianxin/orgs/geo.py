"""GeoJSON checks and point-in-polygon for grid boundaries (planar; fine at grid scale)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_polygon(value: Any) -> None:
    """A GeoJSON Polygon: closed rings of [longitude, latitude] pairs in range."""
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        raise ValidationError(_("The boundary must be a GeoJSON Polygon."), code="geojson")
    rings = value.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise ValidationError(_("The polygon has no coordinates."), code="geojson")
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            raise ValidationError(_("Each ring needs at least four positions."), code="geojson")
        for point in ring:
            if (
                not isinstance(point, list | tuple)
                or len(point) < 2
                or not all(isinstance(c, int | float) for c in point[:2])
            ):
                raise ValidationError(_("Each position must be [longitude, latitude]."), code="geojson")
            lon, lat = point[0], point[1]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValidationError(_("A position is out of range."), code="geojson")
        if list(ring[0][:2]) != list(ring[-1][:2]):
            raise ValidationError(_("Each ring must end where it starts."), code="geojson")


def _in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygon_contains(polygon: dict[str, Any], lon: float, lat: float) -> bool:
    """Ray casting; the first ring is the outline, the others are holes."""
    outline, *holes = polygon["coordinates"]
    return _in_ring(lon, lat, outline) and not any(_in_ring(lon, lat, hole) for hole in holes)

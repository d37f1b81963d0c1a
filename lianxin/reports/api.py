"""Figures over JSON: every figure the caller may see, for a node and a period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from ninja import Router, Schema

from lianxin.core import scope
from lianxin.core.api import Error
from lianxin.core.roles import Cap
from lianxin.orgs import selectors as org_selectors
from lianxin.reports import selectors
from lianxin.reports.periods import BadPeriod, parse

router = Router(tags=["figures"])


class FigureOut(Schema):
    key: str
    title: str
    unit: str
    section: str
    value: int | Decimal | None
    is_rate: bool
    records_url: str


class FiguresOut(Schema):
    node_id: int
    node_name: str
    period: str
    period_start: str
    period_end: str
    figures: list[FigureOut]


@router.get(
    "",
    response={200: FiguresOut, 400: Error, 404: Error},
    summary="Figures for a node and period (period: 2026-11, 2026-Q4, 2026 or 2026-01-05..2026-02-01)",
)
def figures(request: HttpRequest, node: int, period: str = "") -> Any:
    if not scope.has_capability(request.user, Cap.FIGURES_VIEW):
        raise Http404
    place = org_selectors.node_get(actor=request.user, pk=node, capability=Cap.FIGURES_VIEW)
    try:
        span = parse(period, today=timezone.localdate())
    except BadPeriod as bad:
        raise ValidationError({"period": [str(bad)]}) from bad
    board = selectors.dashboard(actor=request.user, node=place, period=span)
    query = urlencode({"node": str(place.pk), "period": span.token})
    return {
        "node_id": place.pk,
        "node_name": place.name,
        "period": span.token,
        "period_start": span.start.isoformat(),
        "period_end": span.end.isoformat(),
        "figures": [
            {
                "key": card.figure.key,
                "title": str(card.figure.title),
                "unit": str(card.figure.unit),
                "section": card.figure.section,
                "value": card.value,
                "is_rate": card.figure.is_rate,
                "records_url": f"{reverse('reports:records', args=[card.figure.key])}?{query}",
            }
            for card in board.cards
        ],
    }

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.orgs import selectors as org_selectors
from lianxin.orgs.models import OrgNode
from lianxin.reports import ledger, selectors
from lianxin.reports.periods import BadPeriod, Period, parse
from lianxin.reports.registry import SECTIONS

PAGE_SIZE = 50


def where(request: HttpRequest, data: Any = None) -> tuple[OrgNode, Period, str]:
    """The node (``node``, else the scope picker's) and period (``period``) asked for, in the
    query string or ``data``; a period that cannot be read gives this month and the reason."""
    if not scope.has_capability(request.user, Cap.FIGURES_VIEW):
        raise Http404
    data = request.GET if data is None else data
    picked = data.get("node")
    node = (
        org_selectors.node_get(actor=request.user, pk=picked, capability=Cap.FIGURES_VIEW)
        if picked
        else current_scope(request)
    )
    if node is None or not scope.in_scope(request.user, Cap.FIGURES_VIEW, node.path):
        raise Http404
    today = timezone.localdate()
    try:
        return node, parse(data.get("period", ""), today=today), ""
    except BadPeriod as bad:
        return node, parse("", today=today), str(bad)


def _periods(today: dt.date) -> list[tuple[str, str]]:
    """Quick choices: this and last month, this quarter, this and last year."""
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    choices = [parse(f"{today:%Y-%m}", today=today), parse(f"{last_month:%Y-%m}", today=today)]
    choices += [parse(f"{today.year}-Q{(today.month - 1) // 3 + 1}", today=today)]
    choices += [parse(str(today.year), today=today), parse(str(today.year - 1), today=today)]
    return [(p.token, p.label) for p in choices]


def _query(node: OrgNode, period: Period) -> str:
    return urlencode({"node": str(node.pk), "period": period.token})


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _chart_data(charts: list[dict[str, Any]]) -> dict[str, Any]:
    """What the charts script draws: per figure, the ranking and the monthly trend."""
    return {
        chart["figure"].key: {
            "title": str(chart["figure"].title),
            "unit": str(chart["figure"].unit),
            "ranking": [[name, _number(value)] for name, _pk, value in chart["ranking"]],
            "trend": [[month, _number(value)] for month, value in chart["trend"]],
        }
        for chart in charts
    }


@workbench_required
def dashboard(request: HttpRequest, screen: bool = False) -> HttpResponse:
    node, period, problem = where(request)
    board = selectors.dashboard(actor=request.user, node=node, period=period)
    if problem:
        messages.error(request, problem)
    charts = [
        {
            "figure": card.figure,
            "value": card.value,
            "ranking": board.rankings.get(card.figure.key, []),
            "trend": board.trends.get(card.figure.key, []),
        }
        for card in board.cards
        if card.figure.chart
    ]
    context = {
        "board": board,
        "charts": charts,
        "chart_data": _chart_data(charts),
        "section_titles": SECTIONS,
        "cache_minutes": max(1, settings.FIGURES_CACHE_SECONDS // 60),
        "board_time": timezone.now(),
        "node": node,
        "period": period,
        "periods": _periods(timezone.localdate()),
        "query": _query(node, period),
        "children": org_selectors.children(node=node) if not screen else [],
        "ancestors": [
            a
            for a in org_selectors.ancestors(node=node)
            if scope.in_scope(request.user, Cap.FIGURES_VIEW, a.path)
        ],
    }
    return render(request, "reports/screen.html" if screen else "reports/dashboard.html", context)


@workbench_required
def screen(request: HttpRequest) -> HttpResponse:
    """The large-screen mode for the office wall (refreshes itself)."""
    return dashboard(request, screen=True)


@workbench_required
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind one number: as many rows as the number says."""
    node, period, _problem = where(request)
    figure = selectors.figure_get(actor=request.user, key=key, node=node)
    if figure.rate_of is not None:
        parts = [selectors.figure_get(actor=request.user, key=k, node=node) for k in figure.rate_of]
        context = {
            "figure": figure,
            "node": node,
            "period": period,
            "value": selectors.value(figure, node, period),
            "parts": [(p, selectors.value(p, node, period)) for p in parts],
            "query": _query(node, period),
        }
        return render(request, "reports/rate.html", context)
    rows = selectors.records(actor=request.user, figure=figure, node=node, period=period)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "figure": figure,
        "node": node,
        "period": period,
        "value": selectors.value(figure, node, period),
        "page": page,
        "rows": [(record, [c.value(record) for c in figure.columns]) for record in page],
        "query": _query(node, period),
    }
    return render(request, "reports/records.html", context)


@workbench_required
def figure_ledger(request: HttpRequest, key: str) -> HttpResponse:
    """The drill-down list as an Excel ledger (台账), headed with who exported what; audited."""
    node, period, _problem = where(request)
    figure = selectors.figure_get(actor=request.user, key=key, node=node)
    rows = selectors.records(actor=request.user, figure=figure, node=node, period=period)
    user: Any = request.user
    content = ledger.workbook(figure=figure, node=node, period=period, rows=rows, user=user)
    audit_record(
        actor=user,
        action="reports.ledger.export",
        obj=node,
        detail={"figure": figure.key, "period": period.token, "rows": rows.count()},
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"ledger-{figure.key}-{node.code}-{period.token}.xlsx".replace("..", "_")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

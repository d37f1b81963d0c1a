"""Reading figures: values, the records behind them, rankings by child node and monthly
trends, for a node the actor may see. Everything is counted or summed in the database."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404
from django.utils import timezone

from lianxin.core import datastamp, scope
from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.reports.briefings import number_text, tokens
from lianxin.reports.models import Briefing
from lianxin.reports.numbers import rate
from lianxin.reports.periods import Period
from lianxin.reports.registry import Figure, registry
from lianxin.reports.together import Shared, shared

Number = int | Decimal | None


def visible_figures(*, actor: Any, node: OrgNode) -> list[Figure]:
    """The registered figures the actor may see for ``node``."""
    return [f for f in registry.all() if scope.in_scope(actor, f.capability, node.path)]


def figure_get(*, actor: Any, key: str, node: OrgNode) -> Figure:
    figure = registry.get(key)
    if figure is None or not scope.in_scope(actor, figure.capability, node.path):
        raise Http404
    return figure


def _rows(figure: Figure, node: OrgNode, period: Period) -> QuerySet[Any]:
    assert figure.records is not None
    return figure.records(node, period)


def _total(figure: Figure, rows: QuerySet[Any]) -> int | Decimal:
    if figure.sum_field:
        total = rows.order_by().aggregate(total=Sum(figure.sum_field))["total"]
        return total or 0
    return rows.order_by().count()


def value(figure: Figure, node: OrgNode, period: Period) -> Number:
    """The figure for the node's subtree and the period (callers check the actor's scope)."""
    if figure.rate_of is not None:
        part, whole = (registry.figures[key] for key in figure.rate_of)
        return rate(int(value(part, node, period) or 0), int(value(whole, node, period) or 0))
    counted = shared(figure)
    if figure.daily is not None and counted is not None:
        return sum(
            rows.aggregate(total=counted.measure)["total"] for rows, _date in counted.parts(node, period)
        )
    return _total(figure, _rows(figure, node, period))


def _add_rates(figures: list[Figure], found: dict[str, Number], node: OrgNode, period: Period) -> None:
    """Each rate among ``figures`` from the counts it divides (counted now if not yet found)."""
    for figure in figures:
        if figure.rate_of is not None:
            part, whole = (
                found[key] if key in found else value(registry.figures[key], node, period)
                for key in figure.rate_of
            )
            found[figure.key] = rate(int(part or 0), int(whole or 0))


def values(figures: list[Figure], node: OrgNode, period: Period) -> dict[str, Number]:
    """Several figures at once; a rate reuses the counts it divides when they are among them."""
    found: dict[str, Number] = {}
    together: dict[Any, list[tuple[Figure, Shared]]] = {}
    for f in figures:
        counted = shared(f)
        if counted is not None:
            together.setdefault(counted.key, []).append((f, counted))
        elif f.rate_of is None:
            found[f.key] = value(f, node, period)
    for group in together.values():  # one query per kind of rows (and part of the period)
        measures = {f"n{i}": counted.measure for i, (_f, counted) in enumerate(group)}
        for rows, _date in group[0][1].parts(node, period):
            row = rows.order_by().aggregate(**measures)
            for i, (f, _) in enumerate(group):
                found[f.key] = (found.get(f.key) or 0) + row[f"n{i}"]
    _add_rates(figures, found, node, period)
    return {f.key: found[f.key] for f in figures}


def records(*, actor: Any, figure: Figure, node: OrgNode, period: Period) -> QuerySet[Any]:
    """The records a figure counts: its drill-down list, as long as the number it explains."""
    if figure.records is None or not scope.in_scope(actor, figure.capability, node.path):
        raise Http404
    return _rows(figure, node, period)


def _grouped(figure: Figure, rows: QuerySet[Any], group: Any) -> dict[Any, int | Decimal]:
    measure = Sum(figure.sum_field) if figure.sum_field else Count("pk")
    grouped = rows.order_by().annotate(group=group).values("group").annotate(total=measure)
    return {row["group"]: row["total"] or 0 for row in grouped}


# What a node's figures are ranked by: the areas one level of government below it.
RANKED_BY: dict[str, list[str]] = {
    NodeKind.DISTRICT: [NodeKind.SUBDISTRICT],
    NodeKind.SUBDISTRICT: [NodeKind.COMMUNITY, NodeKind.VILLAGE],
    NodeKind.COMMUNITY: [NodeKind.GRID],
    NodeKind.VILLAGE: [NodeKind.GRID],
    NodeKind.GRID: [NodeKind.BUILDING],
}


def ranked_areas(node: OrgNode) -> list[OrgNode]:
    """The areas ``node``'s figures are ranked by (its children for other kinds of node)."""
    below = OrgNode.objects.filter(subtree_q(node.path), is_active=True).exclude(pk=node.pk)
    kinds = RANKED_BY.get(node.kind)
    areas = below.filter(kind__in=kinds) if kinds else below.filter(depth=node.depth + 1)
    return list(areas.order_by("path"))


def _counted(figures: list[Figure]) -> list[Figure]:
    """The figures actually counted for ``figures``: a rate stands for its two parts."""
    found: dict[str, Figure] = {}
    for figure in figures:
        for key in figure.rate_of or (figure.key,):
            found[key] = registry.figures[key]
    return list(found.values())


Totals = dict[str, dict[Any, int | Decimal]]  # figure key → group → total


def _totals_by(
    figures: list[Figure], node: OrgNode, period: Period, field_of: Callable[[Figure], str], expr: Any
) -> Totals:
    """Each figure's totals grouped by ``expr(field_of(figure))``; figures on the same records
    (and grouped by the same field) share one query."""
    found: Totals = {}
    together: dict[tuple[Any, str], list[Figure]] = {}
    for f in figures:
        if not field_of(f):
            continue
        if f.base is not None and not f.sum_field:
            together.setdefault((f.base, field_of(f)), []).append(f)
        else:
            found[f.key] = _grouped(f, _rows(f, node, period), expr(field_of(f)))
    for (base, field), group in together.items():
        counts = {
            f"n{i}": Count("pk", filter=f.where) if f.where else Count("pk") for i, f in enumerate(group)
        }
        rows = list(
            base(node, period).order_by().annotate(group=expr(field)).values("group").annotate(**counts)
        )
        for i, f in enumerate(group):
            found[f.key] = {row["group"]: row[f"n{i}"] for row in rows}
    return found


def area_totals(figures: list[Figure], node: OrgNode, period: Period, areas: list[OrgNode]) -> Totals:
    """Totals by area below ``node``: one query per kind of records and depth of the areas."""
    found: Totals = {}
    for length in sorted({len(area.path) for area in areas}):
        part = _totals_by(
            _counted(figures),
            node,
            period,
            lambda f: f.path_field,
            lambda field, n=length: Substr(field, 1, n),
        )
        for key, totals in part.items():
            found.setdefault(key, {}).update(totals)
    return found


def month_totals(figures: list[Figure], node: OrgNode, period: Period) -> Totals:
    """Totals by calendar month: one query per kind of records."""
    part = _totals_by(_counted(figures), node, period, lambda f: f.date_field, TruncMonth)
    return {
        key: {(k.date() if isinstance(k, dt.datetime) else k): v for k, v in totals.items() if k}
        for key, totals in part.items()
    }


def _combine(figure: Figure, totals: Totals, group: Any) -> Number:
    if figure.rate_of is not None:
        part, whole = (totals.get(key, {}).get(group, 0) for key in figure.rate_of)
        return rate(int(part), int(whole))
    return totals.get(figure.key, {}).get(group, 0)


def by_child(
    figure: Figure,
    node: OrgNode,
    period: Period,
    areas: list[OrgNode] | None = None,
    totals: Totals | None = None,
) -> list[tuple[OrgNode, Number]]:
    """The figure for each area below ``node``, largest first, counted in the database."""
    areas = ranked_areas(node) if areas is None else areas
    if not areas:
        return []
    totals = area_totals([figure], node, period, areas) if totals is None else totals
    pairs = [(area, _combine(figure, totals, area.path)) for area in areas]
    return sorted(pairs, key=lambda pair: (pair[1] is None, -(pair[1] or 0)))


def trend(
    figure: Figure, node: OrgNode, period: Period, totals: Totals | None = None
) -> list[tuple[dt.date, Number]]:
    """The figure month by month over the period up to today (rates: each month's own rate)."""
    counted = _counted([figure])
    if not all(f.date_field for f in counted):
        return []
    totals = month_totals([figure], node, period) if totals is None else totals
    months = [m for m in period.months() if m <= timezone.localdate()]  # no figures for the future
    return [(m, _combine(figure, totals, m)) for m in months]


@dataclass(frozen=True)
class Card:
    figure: Figure
    value: Number


@dataclass(frozen=True)
class Dashboard:
    node: OrgNode
    period: Period
    cards: list[Card]
    rankings: dict[str, list[tuple[str, int, Number]]]  # figure key → (child name, child pk, value)
    trends: dict[str, list[tuple[str, Number]]]  # figure key → (YYYY-MM, value)


def _cache_key(node: OrgNode, period: Period, keys: list[str]) -> str:
    which = hashlib.sha256(",".join(keys).encode()).hexdigest()[:16]  # the figures this viewer sees
    return f"lianxin:dashboard:{datastamp.current()}:{node.pk}:{period.token}:{which}"


def _in_one_pass(figure: Figure) -> bool:
    """A count on shared rows with a place and a date: counted by area and month at once."""
    counted = shared(figure)
    return counted is not None and bool(counted.path_field and counted.dated)


def _month(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _one_pass(
    figures: list[Figure], node: OrgNode, period: Period, lengths: list[int]
) -> tuple[dict[str, Number], Totals, Totals]:
    """Totals, totals by area and totals by month of count figures, from one grouped query per
    kind of rows and part of the period (grouped by area and month together), instead of one
    pass for each."""
    found: dict[str, Number] = {}
    by_area: Totals = {}
    by_month: Totals = {}
    together: dict[tuple[Any, str], list[tuple[Figure, Shared]]] = {}
    for f in figures:
        counted = shared(f)
        assert counted is not None
        together.setdefault((counted.key, counted.path_field), []).append((f, counted))
    for group in together.values():
        first = group[0][1]
        measures = {f"n{i}": counted.measure for i, (_f, counted) in enumerate(group)}
        found |= {f.key: 0 for f, _ in group}
        for part, date_field in first.parts(node, period):
            for depth, length in enumerate(lengths):
                rows = list(
                    part.order_by()
                    .annotate(in_area=Substr(first.path_field, 1, length), in_month=TruncMonth(date_field))
                    .values("in_area", "in_month")
                    .annotate(**measures)
                )
                for i, (f, _) in enumerate(group):
                    areas = by_area.setdefault(f.key, {})
                    for row in rows:
                        areas[row["in_area"]] = areas.get(row["in_area"], 0) + row[f"n{i}"]
                    if depth == 0:  # every row is in exactly one group of each query
                        found[f.key] = (found[f.key] or 0) + sum(row[f"n{i}"] for row in rows)
                        months = by_month.setdefault(f.key, {})
                        for row in rows:
                            if row["in_month"]:
                                month = _month(row["in_month"])
                                months[month] = months.get(month, 0) + row[f"n{i}"]
    return found, by_area, by_month


def _board(figures: list[Figure], node: OrgNode, period: Period) -> dict[str, Any]:
    """The dashboard's numbers as plain data: card values, rankings by area, monthly trends."""
    areas = ranked_areas(node)
    charted = [f for f in figures if f.chart]
    lengths = sorted({len(area.path) for area in areas}) or [len(node.path)]
    fast = [f for f in _counted(figures) if _in_one_pass(f)]
    found, by_area, by_month = _one_pass(fast, node, period, lengths)
    rest = [f for f in charted if not all(_in_one_pass(c) for c in _counted([f]))]
    if rest:
        if areas:
            by_area |= area_totals(rest, node, period, areas)
        by_month |= month_totals(rest, node, period)
    others = [f for f in figures if f.rate_of is None and f.key not in found]
    found |= values(others, node, period)
    _add_rates(figures, found, node, period)
    return {
        "values": {f.key: found[f.key] for f in figures},
        "rankings": {
            f.key: [(c.name, c.pk, v) for c, v in by_child(f, node, period, areas, by_area)] for f in charted
        },
        "trends": {f.key: [(f"{m:%Y-%m}", v) for m, v in trend(f, node, period, by_month)] for f in charted},
    }


def dashboard(*, actor: Any, node: OrgNode, period: Period) -> Dashboard:
    """Every figure the actor may see for the node and period, with rankings of the child
    nodes and monthly trends; cached until the next write (or FIGURES_CACHE_SECONDS)."""
    figures = visible_figures(actor=actor, node=node)
    if not figures:
        raise Http404
    key = _cache_key(node, period, [f.key for f in figures])
    payload = cache.get(key)
    if payload is None:  # plain data only: figures hold functions, which a cache cannot keep
        payload = _board(figures, node, period)
        cache.set(key, payload, timeout=settings.FIGURES_CACHE_SECONDS)
    return Dashboard(
        node=node,
        period=period,
        cards=[Card(f, payload["values"][f.key]) for f in figures],
        rankings=payload["rankings"],
        trends=payload["trends"],
    )


def briefing_list(*, actor: Any, node: OrgNode | None = None) -> QuerySet[Briefing]:
    """Briefings of the areas the actor may see figures of (optionally those of one node)."""
    rows = Briefing.objects.filter(scope.scope_q(actor, Cap.FIGURES_VIEW, field="node__path"))
    if node is not None:
        rows = rows.filter(node=node)
    return rows.select_related("node", "written_by", "issued_by")


def briefing_get(*, actor: Any, pk: int | str) -> Briefing:
    try:
        return briefing_list(actor=actor).get(pk=pk)
    except (Briefing.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def briefing_period(briefing: Briefing) -> Period:
    return Period(briefing.period_start, briefing.period_end, briefing.period_kind)


def briefing_numbers(*, actor: Any, briefing: Briefing) -> dict[str, str]:
    """The numbers a briefing's tokens stand for: frozen when issued, live in a draft."""
    if briefing.is_issued:
        return {key: entry["text"] for key, entry in briefing.figures.items()}
    named = set(tokens(briefing.body))
    figures = [f for f in visible_figures(actor=actor, node=briefing.node) if f.key in named]
    found = values(figures, briefing.node, briefing_period(briefing))
    return {f.key: number_text(f, found[f.key]) for f in figures}

"""The figure registry. Each app declares its figures in its ``figures.py``:

    register(Figure(key="cases.received", title=_("Requests received"), unit=_("items"), ...))

A figure is the records it counts for a node's subtree and a period (a queryset, so the
count, sum and the rankings by child node are computed in the database), and how to show
those records when someone drills into the number. Rates are two figures divided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lianxin.orgs.models import OrgNode
from lianxin.reports.numbers import EXACT_BELOW
from lianxin.reports.periods import Period

Records = Callable[[OrgNode, Period], QuerySet[Any]]


@dataclass(frozen=True)
class Column:
    title: str | Promise
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Daily:
    """Where a count figure is kept day by day: a table with one row per node and day (fields
    ``node`` and ``day``) and a column per figure, which the app owning the records keeps exact
    in the same transaction as every write. Values, rankings and trends add up its rows; the
    drill-down still lists the records themselves."""

    model: Any  # rows per node and day (field ``day``)
    column: str
    months: Any = None  # the same per node and month (field ``month``: its first day), if kept


@dataclass(frozen=True)
class Figure:
    key: str  # "<app>.<name>"
    title: str | Promise  # English msgid; zh-Hans through the catalogue
    unit: str | Promise  # what the number counts: 件, 名, 小时, 立方米, %
    capability: str  # needed on the node to see the figure and its records
    section: str  # which part of the dashboard and briefing it belongs to (see SECTIONS)
    records: Records | None = None  # the records counted (None for a rate)
    # Or: ``base`` records narrowed by ``where``; figures on the same base are counted together,
    # in one query (e.g. all the request counts of a period).
    base: Records | None = None
    where: Q | None = None
    path_field: str = "node__path"  # the records' place in the tree, for rankings by child node
    date_field: str = ""  # the records' date, for trends by month
    sum_field: str = ""  # sum this field instead of counting rows (hours, cubic metres …)
    rate_of: tuple[str, str] | None = None  # (numerator key, denominator key): a percentage
    daily: Daily | None = None  # the figure kept day by day (see Daily)
    wording: str = "about"  # how a briefing writes it: exact | about | measure (see numbers.py)
    exact_below: int = EXACT_BELOW  # a briefing writes smaller numbers exactly
    columns: tuple[Column, ...] = ()  # the drill-down list's columns after the record itself
    link: Callable[[Any], str] | None = None  # where a record of the drill-down list opens
    order: int = 0
    chart: bool = False  # the dashboard ranks the child nodes by it and draws its monthly trend

    @property
    def is_rate(self) -> bool:
        return self.rate_of is not None


@dataclass(frozen=True)
class Sentence:
    """A sentence of the briefing, in the page's register, naming figures as {key} tokens, e.g.
    _("{cases.submitted} requests were received …"). Said when ``lead`` has a non-zero value."""

    section: str
    text: str | Promise
    lead: str
    order: int = 0


def _narrowed(base: Records, where: Q | None) -> Records:
    def records(node: OrgNode, period: Period) -> QuerySet[Any]:
        rows = base(node, period)
        return rows.filter(where) if where else rows

    return records


@dataclass
class Registry:
    figures: dict[str, Figure] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)

    def say(self, sentence: Sentence) -> Sentence:
        self.sentences.append(sentence)
        return sentence

    def register(self, figure: Figure) -> Figure:
        if figure.key in self.figures:
            raise ValueError(f"figure {figure.key} is registered twice")
        if figure.base is not None:
            figure = replace(figure, records=_narrowed(figure.base, figure.where))
        if (figure.records is None) == (figure.rate_of is None):
            raise ValueError(f"figure {figure.key} needs records or rate_of, not both")
        self.figures[figure.key] = figure
        return figure

    def get(self, key: str) -> Figure | None:
        return self.figures.get(key)

    def all(self) -> list[Figure]:
        return sorted(self.figures.values(), key=lambda f: (SECTION_ORDER.get(f.section, 99), f.order, f.key))


registry = Registry()
register = registry.register
say = registry.say

# Sections in the order a briefing tells them (the page's mechanisms, teams and platforms).
SECTIONS: dict[str, str | Promise] = {
    "organisation": _("Organisation"),
    "meetings": _("Working mechanism"),
    "teams": _("Service teams"),
    "volunteers": _("Volunteers"),
    "in_service": _("In-service party members"),
    "liaison": _("Party representatives"),
    "engagement": _("Learning and activities"),
    "requests": _("Residents' requests"),
    "campaigns": _("Campaigns"),
}
SECTION_ORDER = {key: n for n, key in enumerate(SECTIONS)}

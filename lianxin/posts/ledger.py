"""The yearly points ledger (积分台账) of party members, priced from the registered sources.

Each entry is one record a source names (a confirmed service, a meeting attended …) priced by
the active rule of its source, capped per year; a record is counted once however often a
source yields it, and every entry links to its record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise

from lianxin.posts.models import PointsRule
from lianxin.posts.points import SOURCES


@dataclass(frozen=True)
class Entry:
    on: dt.date
    key: str
    title: str | Promise
    label: str
    quantity: Decimal
    unit: str | Promise
    points: Decimal
    capped: bool
    url: str
    record: str


@dataclass
class Ledger:
    person_id: int
    year: int
    entries: list[Entry] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((entry.points for entry in self.entries), Decimal(0))


def ledgers(*, person_ids: Collection[int], year: int) -> dict[int, Ledger]:
    """Each person's ledger for the year (an empty one when they earned nothing)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rules = {rule.key: rule for rule in PointsRule.objects.filter(is_active=True, key__in=list(SOURCES))}
    found: dict[int, Ledger] = {pk: Ledger(person_id=pk, year=year) for pk in person_ids}
    seen: set[tuple[str, str]] = set()
    for key in sorted(rules):
        source, rule = SOURCES[key], rules[key]
        earned: dict[int, Decimal] = defaultdict(Decimal)
        items = sorted(source.items(list(person_ids), first, last), key=lambda item: (item.on, item.record))
        for item in items:
            if (key, item.record) in seen or item.person_id not in found:
                continue
            seen.add((key, item.record))
            points = (item.quantity * rule.points).quantize(Decimal("0.01"))
            capped = False
            if rule.yearly_cap is not None and earned[item.person_id] + points > rule.yearly_cap:
                points, capped = max(rule.yearly_cap - earned[item.person_id], Decimal(0)), True
            earned[item.person_id] += points
            found[item.person_id].entries.append(
                Entry(
                    on=item.on,
                    key=key,
                    title=source.title,
                    label=item.label,
                    quantity=item.quantity,
                    unit=source.unit,
                    points=points,
                    capped=capped,
                    url=item.url,
                    record=item.record,
                )
            )
    for ledger in found.values():
        ledger.entries.sort(key=lambda entry: (entry.on, entry.key, entry.record))
    return found


def ledger_of(*, person_id: int, year: int) -> Ledger:
    return ledgers(person_ids=[person_id], year=year)[person_id]

"""The daily counts of the request figures (``CaseDay``), kept from the case records.

Every service that creates or changes a request calls ``refresh`` with the node-and-day cells
the change touched, inside its transaction: the cell's row is locked, then counted again from
the records, so two writers on the same cell never lose each other's change. ``rebuild``
counts every cell again from the records (after rows were loaded or moved in bulk, and when
the table is first made).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from lianxin.casework.measures import WHERE
from lianxin.casework.models import Case, CaseDay
from lianxin.reports.periods import day_start

Cell = tuple[int, dt.date]  # (node id, Beijing day)
COLUMNS = tuple(WHERE)


def cell_of(case: Case) -> Cell:
    return (case.node_id, timezone.localdate(case.submitted_at))


def _counts() -> dict[str, Any]:
    return {name: Count("id", filter=where) if where else Count("id") for name, where in WHERE.items()}


def refresh(cells: Iterable[Cell]) -> None:
    """Count the cells again from the records; call inside the transaction that changed them."""
    with transaction.atomic():
        for node_id, day in sorted(set(cells)):  # one order for every writer: no deadlock
            row, _created = CaseDay.objects.get_or_create(node_id=node_id, day=day)
            CaseDay.objects.select_for_update().filter(pk=row.pk).first()
            counts = Case.objects.filter(
                node_id=node_id,
                submitted_at__gte=day_start(day),
                submitted_at__lt=day_start(day + dt.timedelta(days=1)),
                merged_into__isnull=True,
            ).aggregate(**_counts())
            if counts["submitted"]:
                CaseDay.objects.filter(pk=row.pk).update(**counts)
            else:
                CaseDay.objects.filter(pk=row.pk).delete()


def rebuild(case_model: Any = Case, day_model: Any = CaseDay, batch: int = 5000) -> int:
    """Count every cell again from the records, in one grouped query; returns the rows made."""
    rows = (
        case_model.objects.filter(merged_into__isnull=True)
        .order_by()
        .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_default_timezone()))
        .values("node_id", "day")
        .annotate(**_counts())
    )
    with transaction.atomic():
        day_model.objects.all().delete()
        made = day_model.objects.bulk_create((day_model(**row) for row in rows.iterator()), batch_size=batch)
    return len(made)

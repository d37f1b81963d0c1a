"""The request figures kept day by day (``CaseDay``) and month by month (``CaseMonth``).

Every service that creates or changes a request calls ``refresh`` with the node-and-day cells
the change touched, inside its transaction: each cell's row is locked, then counted again from
the records, and its month's row is added up again from the day rows, so two writers on the
same cell never lose each other's change. Rows are always locked days first, then months, each
in one order, so writers never deadlock. ``rebuild`` counts everything again from the records
(after rows were loaded or moved in bulk, and when the tables are first made).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from lianxin.casework.measures import WHERE
from lianxin.casework.models import Case, CaseDay, CaseMonth
from lianxin.reports.periods import day_start, next_month

Cell = tuple[int, dt.date]  # (node id, Beijing day)
COLUMNS = tuple(WHERE)


def cell_of(case: Case) -> Cell:
    return (case.node_id, timezone.localdate(case.submitted_at))


def _counts() -> dict[str, Any]:
    return {name: Count("id", filter=where) if where else Count("id") for name, where in WHERE.items()}


def _sums() -> dict[str, Any]:
    return {name: Sum(name, default=0) for name in COLUMNS}


def _locked(model: Any, **key: Any) -> Any:
    row, _created = model.objects.select_for_update().get_or_create(**key)  # locked either way
    return row


def _keep(model: Any, row: Any, counts: dict[str, int]) -> None:
    if counts["submitted"]:
        model.objects.filter(pk=row.pk).update(**counts)
    else:  # nothing left on that day or month
        model.objects.filter(pk=row.pk).delete()


def refresh(cells: Iterable[Cell]) -> None:
    """Count the cells (and their months) again from the records; call inside the transaction
    that changed them."""
    days = sorted(set(cells))
    with transaction.atomic():
        for node_id, day in days:
            row = _locked(CaseDay, node_id=node_id, day=day)
            counts = Case.objects.filter(
                node_id=node_id,
                submitted_at__gte=day_start(day),
                submitted_at__lt=day_start(day + dt.timedelta(days=1)),
                merged_into__isnull=True,
            ).aggregate(**_counts())
            _keep(CaseDay, row, counts)
        for node_id, month in sorted({(node_id, day.replace(day=1)) for node_id, day in days}):
            row = _locked(CaseMonth, node_id=node_id, month=month)
            in_month = CaseDay.objects.filter(node_id=node_id, day__gte=month, day__lt=next_month(month))
            sums = in_month.aggregate(**_sums())
            _keep(CaseMonth, row, sums)


def rebuild(case_model: Any = Case, day_model: Any = CaseDay, month_model: Any = CaseMonth) -> int:
    """Count every day and month again from the records; returns the day rows made."""
    local = timezone.get_default_timezone()
    days = (
        case_model.objects.filter(merged_into__isnull=True)
        .order_by()
        .annotate(day=TruncDate("submitted_at", tzinfo=local))
        .values("node_id", "day")
        .annotate(**_counts())
    )
    with transaction.atomic():
        month_model.objects.all().delete()
        day_model.objects.all().delete()
        made = day_model.objects.bulk_create((day_model(**row) for row in days.iterator()), batch_size=5000)
        months = (
            day_model.objects.order_by()
            .annotate(month=TruncMonth("day"))
            .values("node_id", "month")
            .annotate(**_sums())
        )
        month_model.objects.bulk_create((month_model(**row) for row in months.iterator()), batch_size=5000)
    return len(made)

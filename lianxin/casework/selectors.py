"""Reads of cases, always scoped to the acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lianxin.casework.models import Case, CaseEvent, Category, TimeLimit
from lianxin.core import scope
from lianxin.core.roles import Cap


def case_list(*, actor: Any) -> QuerySet[Case]:
    """Cases of the actor's areas, cases with the actor's units, and the actor's own."""
    if not getattr(actor, "is_authenticated", False):
        return Case.objects.none()
    visible = scope.scope_q(actor, Cap.CASES_VIEW, field="node__path")
    visible |= scope.scope_q(actor, Cap.CASES_DISPATCH, field="node__path")
    visible |= scope.scope_q(actor, Cap.CASES_HANDLE, field="unit__path")
    visible |= Q(reporter_user_id=actor.pk)
    return Case.objects.filter(visible).select_related("category", "node", "unit")


def case_get(*, actor: Any, pk: int | str) -> Case:
    """One case the actor may see, else 404."""
    try:
        return case_list(actor=actor).select_related("category__parent", "grid", "community").get(pk=pk)
    except (Case.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def timeline(*, case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def time_limit_for(*, case_type: str, category: Category) -> TimeLimit:
    """The most specific limit: for the category (or its parent), else the type's default."""
    categories = [category.pk] + ([category.parent_id] if category.parent_id else [])
    limits = {
        t.category_id: t
        for t in TimeLimit.objects.filter(case_type=case_type).filter(
            Q(category_id__in=categories) | Q(category__isnull=True)
        )
    }
    for key in (category.pk, category.parent_id, None):
        if key in limits:
            return limits[key]
    raise TimeLimit.DoesNotExist(f"no time limit for {case_type}")

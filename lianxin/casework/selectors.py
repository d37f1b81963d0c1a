"""Reads of cases, always scoped to the acting user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from lianxin.casework.models import Case, CaseEvent, CasePhoto, Category, IdempotencyKey, TimeLimit
from lianxin.casework.overdue import overdue_q
from lianxin.casework.workflow import OPEN_STATES
from lianxin.core import scope
from lianxin.core.roles import Cap


def case_list(*, actor: Any, own: bool = True) -> QuerySet[Case]:
    """Cases of the actor's areas, cases with the actor's units, and (``own``) the actor's own.

    Leave ``own`` out where the actor's own requests are not wanted anyway: OR-ing
    ``reporter_user_id`` with the subtree ranges makes the database read every case instead
    of index ranges."""
    if not getattr(actor, "is_authenticated", False):
        return Case.objects.none()
    visible = scope.scope_q(actor, Cap.CASES_VIEW, field="node__path")
    visible |= scope.scope_q(actor, Cap.CASES_DISPATCH, field="node__path")
    visible |= scope.scope_q(actor, Cap.CASES_HANDLE, field="unit__path")
    if own:
        visible |= Q(reporter_user_id=actor.pk)
    return Case.objects.filter(visible).select_related("category", "node", "unit")


def supervision_list(*, actor: Any, now: dt.datetime, show: str = "all") -> QuerySet[Case]:
    """Open cases past their deadline or under supervision (督办), in the actor's areas,
    longest overdue first. ``show``: "all", "overdue" (not yet supervised) or "supervised"."""
    watched = case_list(actor=actor).filter(
        scope.scope_q(actor, Cap.CASES_SUPERVISE, field="node__path")
        | scope.scope_q(actor, Cap.CASES_DISPATCH, field="node__path")
    )
    supervised = Q(is_supervised=True, state__in=OPEN_STATES)
    wanted = {"overdue": overdue_q(now) & Q(is_supervised=False), "supervised": supervised}
    cases = watched.filter(wanted.get(show, supervised | overdue_q(now)))
    return cases.annotate(deadline=Coalesce("due_at", "accept_due")).order_by("deadline", "id")


def supervision_by_unit(*, cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """How many of those cases each handling unit holds (None: not dispatched yet)."""
    rows = cases.order_by().values("unit__name").annotate(count=Count("id")).order_by("-count", "unit__name")
    return [dict(row) for row in rows]


def case_get(*, actor: Any, pk: int | str) -> Case:
    """One case the actor may see, else 404."""
    try:
        return case_list(actor=actor).select_related("category__parent", "grid", "community").get(pk=pk)
    except (Case.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """The case's steps, oldest first, each with the photos sent with it."""
    return case.events.select_related("actor").prefetch_related("photos").order_by("at", "id")


def case_photos(*, case: Case) -> QuerySet[CasePhoto]:
    """The photos sent with the request itself (not those sent with a later step)."""
    return case.photos.filter(event__isnull=True).order_by("id")


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


def idempotency_key_taken(*, user: Any, key: str) -> bool:
    """The user already sent a request with this Idempotency-Key (a retry, not a new request)."""
    return IdempotencyKey.objects.filter(user_id=user.pk, key=key).exists()

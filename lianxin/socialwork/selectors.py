"""Reads of purchased social-work services, always scoped to the acting user: the buyer's staff
through the buying node, social workers through their organisation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import NodeKind, OrgNode, UnitType
from lianxin.reports.periods import next_month
from lianxin.socialwork.models import Contract, ContractState, Deliverable, LogState, ServiceLog

LAG_POINTS = 20  # a deliverable lags when its progress trails the time gone by this much


def visible_q(actor: Any, prefix: str = "") -> Q:
    """Contracts (``prefix`` leads to one) the actor sees: as staff of the buyer, or as a social
    worker of the organisation."""
    return scope.scope_q(actor, Cap.SOCIALWORK_VIEW, field=f"{prefix}buyer__path") | scope.scope_q(
        actor, Cap.SOCIALWORK_SERVE, field=f"{prefix}organisation__path"
    )


def contract_list(
    *, actor: Any, within: OrgNode | None = None, capability: str = Cap.SOCIALWORK_VIEW
) -> QuerySet[Contract]:
    if capability == Cap.SOCIALWORK_VIEW:
        where = visible_q(actor)
    else:
        where = scope.scope_q(actor, capability, field="buyer__path")
    contracts = Contract.objects.filter(where)
    if within is not None:
        contracts = contracts.filter(
            subtree_q(within.path, field="buyer__path") | subtree_q(within.path, field="organisation__path")
        )
    return contracts.select_related("buyer", "organisation").order_by("-starts_on", "-id")


def contract_get(*, actor: Any, pk: int | str, capability: str = Cap.SOCIALWORK_VIEW) -> Contract:
    try:
        return contract_list(actor=actor, capability=capability).get(pk=pk)
    except (Contract.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def own_contracts(*, actor: Any) -> QuerySet[Contract]:
    """Contracts in force of the organisations the actor works for as a social worker."""
    return (
        Contract.objects.filter(
            scope.scope_q(actor, Cap.SOCIALWORK_SERVE, field="organisation__path"),
            state=ContractState.IN_FORCE,
        )
        .select_related("buyer", "organisation")
        .order_by("-starts_on", "-id")
    )


def own_deliverables(*, actor: Any) -> QuerySet[Deliverable]:
    """What a social worker may log against: the deliverables of their contracts in force."""
    return (
        Deliverable.objects.filter(contract__in=own_contracts(actor=actor))
        .select_related("contract")
        .order_by("contract__number", "position", "id")
    )


def deliverable_get(*, actor: Any, pk: int | str, contract: Contract | None = None) -> Deliverable:
    """A deliverable of a contract the actor sees (of ``contract`` when given)."""
    rows = Deliverable.objects.filter(visible_q(actor, "contract__")).select_related(
        "contract__buyer", "contract__organisation"
    )
    if contract is not None:
        rows = rows.filter(contract=contract)
    try:
        return rows.get(pk=pk)
    except (Deliverable.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def organisations(*, actor: Any) -> QuerySet[OrgNode]:
    """Social-work organisations a contract may be signed with: those in the actor's area."""
    return OrgNode.objects.filter(
        scope.scope_q(actor, Cap.SOCIALWORK_MANAGE), kind=NodeKind.UNIT, unit_type=UnitType.SOCIAL_WORK_ORG
    ).order_by("path")


def buyer_nodes(*, actor: Any) -> QuerySet[OrgNode]:
    """Where the actor may buy services: subdistricts, communities and villages they manage."""
    return OrgNode.objects.filter(
        scope.scope_q(actor, Cap.SOCIALWORK_MANAGE),
        kind__in=[NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.VILLAGE],
    ).order_by("path")


# --- logs ------------------------------------------------------------------------------------------


def _logs(where: Q) -> QuerySet[ServiceLog]:
    return (
        ServiceLog.objects.filter(where)
        .select_related("deliverable__contract", "worker__person", "person")
        .order_by("-on", "-id")
    )


def log_list(*, actor: Any, contract: Contract) -> QuerySet[ServiceLog]:
    """The service log of a contract the actor sees (the caller fetched it through contract_get)."""
    return _logs(visible_q(actor, "deliverable__contract__") & Q(deliverable__contract=contract))


def own_logs(*, actor: Any) -> QuerySet[ServiceLog]:
    """What the actor logged, on contracts of their organisations."""
    if not getattr(actor, "is_authenticated", False):
        return ServiceLog.objects.none()
    where = scope.scope_q(actor, Cap.SOCIALWORK_SERVE, field="deliverable__contract__organisation__path")
    return _logs(where & Q(worker_id=actor.pk))


def review_queue(*, actor: Any, within: OrgNode | None = None) -> QuerySet[ServiceLog]:
    """Logs awaiting confirmation on contracts the actor manages, oldest first."""
    where = scope.scope_q(actor, Cap.SOCIALWORK_MANAGE, field="deliverable__contract__buyer__path")
    if within is not None:
        where &= subtree_q(within.path, field="deliverable__contract__buyer__path")
    return _logs(where & Q(state=LogState.PENDING)).order_by("on", "id")


def log_get(*, actor: Any, pk: int | str) -> ServiceLog:
    """A log the actor sees: on a contract they see."""
    try:
        return _logs(visible_q(actor, "deliverable__contract__")).get(pk=pk)
    except (ServiceLog.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --- progress --------------------------------------------------------------------------------------


@dataclass
class DeliverableProgress:
    deliverable: Deliverable
    done: int  # confirmed quantity
    pending: int  # logged, awaiting confirmation
    time_percent: int
    quarters_done: list[int] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return int(self.done * 100 // self.deliverable.target)

    @property
    def quarters(self) -> list[tuple[int, int]]:
        """(done, target) per quarter, when the deliverable has quarterly targets."""
        targets = self.deliverable.quarter_targets
        if not targets or not self.quarters_done:
            return []
        return list(zip(self.quarters_done, targets, strict=True))

    @property
    def lagging(self) -> bool:
        return self.time_percent - self.percent > LAG_POINTS


@dataclass
class ContractProgress:
    contract: Contract
    time_percent: int
    rows: list[DeliverableProgress] = field(default_factory=list)

    @property
    def lagging(self) -> list[DeliverableProgress]:
        if self.contract.state != ContractState.IN_FORCE:
            return []
        return [row for row in self.rows if row.lagging]

    @property
    def percent(self) -> int:
        """Overall: the mean of the deliverables' percentages, each capped at 100."""
        if not self.rows:
            return 0
        return sum(min(row.percent, 100) for row in self.rows) // len(self.rows)


def time_percent(contract: Contract, today: dt.date) -> int:
    """How much of the term has gone by, 0–100 (days, counting today)."""
    days = (contract.ends_on - contract.starts_on).days + 1
    gone = (min(today, contract.ends_on) - contract.starts_on).days + 1
    return max(0, min(100, gone * 100 // days))


def progress(*, contracts: list[Contract], today: dt.date) -> dict[int, ContractProgress]:
    """Each contract's deliverables with their confirmed and pending quantities (one query)."""
    found = {c.pk: ContractProgress(c, time_percent(c, today)) for c in contracts}
    rows = (
        Deliverable.objects.filter(contract__in=contracts)
        .annotate(
            done=Sum("logs__quantity", filter=Q(logs__state=LogState.CONFIRMED), default=0),
            pending=Sum("logs__quantity", filter=Q(logs__state=LogState.PENDING), default=0),
        )
        .order_by("position", "id")
    )
    for row in rows:
        entry = found[row.contract_id]
        row.contract = entry.contract
        entry.rows.append(
            DeliverableProgress(row, row.done, row.pending, entry.time_percent)  # type: ignore[attr-defined]
        )
    return found


def contract_progress(*, contract: Contract, today: dt.date) -> ContractProgress:
    """One contract's progress, with each deliverable's quarters (two queries)."""
    found = progress(contracts=[contract], today=today)[contract.pk]
    quarters = quarter_totals(contract=contract)
    for row in found.rows:
        row.quarters_done = quarters[row.deliverable.pk]
    return found


@dataclass
class Month:
    month: dt.date
    services: int
    quantity: int
    people: int
    hours: Decimal


def monthly(*, contract: Contract) -> list[Month]:
    """Confirmed services of the contract by month, every month of the term (one query)."""
    grouped = (
        ServiceLog.objects.filter(deliverable__contract=contract, state=LogState.CONFIRMED)
        .annotate(month=TruncMonth("on"))
        .values("month")
        .annotate(n=Count("id"), q=Sum("quantity"), p=Sum("people_served"), h=Sum("hours"))
        .order_by("month")
    )
    by_month = {row["month"]: row for row in grouped}
    months: list[Month] = []
    day = contract.starts_on.replace(day=1)
    while day <= contract.ends_on:
        row: Any = by_month.get(day) or defaultdict(int)
        months.append(Month(day, row["n"] or 0, row["q"] or 0, row["p"] or 0, Decimal(row["h"] or 0)))
        day = next_month(day)
    return months


def quarter_totals(*, contract: Contract) -> dict[int, list[int]]:
    """Confirmed quantity of each deliverable in each quarter of the term (quarters of three
    months from the start; one query)."""
    start = contract.starts_on
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    rows = (
        ServiceLog.objects.filter(deliverable__contract=contract, state=LogState.CONFIRMED)
        .annotate(month=TruncMonth("on"))
        .values("deliverable_id", "month")
        .annotate(q=Sum("quantity"))
        .order_by()
    )
    for row in rows:
        month: dt.date = row["month"]
        months = (month.year - start.year) * 12 + month.month - start.month
        found[row["deliverable_id"]][min(max(months // 3, 0), 3)] += row["q"] or 0
    return found

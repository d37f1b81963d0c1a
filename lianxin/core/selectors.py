"""Reads of core records: a user's grants, and the audit log (for the auditor role only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.dateparse import parse_date

from lianxin.core.models import AuditLog, AuditOutcome, RoleGrant


def grants_in_force(*, user: Any) -> QuerySet[RoleGrant]:
    """The user's role grants valid today, with their nodes, in tree order."""
    return (
        RoleGrant.objects.filter(user_id=user.pk)
        .in_force()
        .select_related("node")
        .order_by("node__path", "role")
    )


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    outcome: str = ""
    who: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_query(cls, query: Any) -> AuditFilters:
        def day(name: str) -> dt.date | None:
            try:
                return parse_date(query.get(name, "") or "")
            except ValueError:
                return None

        outcome = query.get("outcome", "")
        return cls(
            action=query.get("action", "").strip(),
            outcome=outcome if outcome in AuditOutcome.values else "",
            who=query.get("who", "").strip(),
            since=day("since"),
            until=day("until"),
        )

    def as_query(self) -> dict[str, str]:
        return {
            "action": self.action,
            "outcome": self.outcome,
            "who": self.who,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }


def audit_entries(*, actor: Any, filters: AuditFilters) -> QuerySet[AuditLog]:
    """Audit rows matching ``filters``, newest first; 404 for anyone but an auditor."""
    if not actor.has_perm("core.view_auditlog"):
        raise Http404
    entries = AuditLog.objects.all()
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.outcome:
        entries = entries.filter(outcome=filters.outcome)
    if filters.who:
        entries = entries.filter(actor_label__startswith=filters.who)
    if filters.since:
        entries = entries.filter(at__date__gte=filters.since)
    if filters.until:
        entries = entries.filter(at__date__lte=filters.until)
    return entries.order_by("-at", "-id")

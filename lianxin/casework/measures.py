"""Casework measures for any node and period, all counted from the case records.

Definitions (the period is the day a case was submitted, Beijing time; merged duplicates
are left out):
- response rate: cases answered (accepted, or declined with a reason) by their accept-by
  time, over all cases submitted;
- resolution rate: closed cases over accepted ones (declined cases are not the office's to
  resolve);
- satisfaction rate: satisfied + basically satisfied over rated cases;
- on-time closure rate: cases closed by their due time over closed cases;
- returns and reworks: how often units sent cases back and how often replies were redone;
- matters handled online: "办事" cases from the app that are closed; requests resolved: all
  other closed cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from lianxin.casework.models import Case, CaseType, Channel, Rating
from lianxin.casework.workflow import State
from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.reports.numbers import rate
from lianxin.reports.periods import day_start


@dataclass(frozen=True)
class Measures:
    submitted: int
    responded_on_time: int
    accepted: int
    declined: int
    closed: int
    closed_on_time: int
    rated: int
    satisfied: int  # satisfied + basically satisfied
    returns: int
    reworks: int
    overdue_open: int
    matters_handled_online: int
    requests_resolved: int

    @property
    def response_rate(self) -> Decimal | None:
        return rate(self.responded_on_time, self.submitted)

    @property
    def resolution_rate(self) -> Decimal | None:
        return rate(self.closed, self.accepted)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)

    @property
    def on_time_closure_rate(self) -> Decimal | None:
        return rate(self.closed_on_time, self.closed)


def cases_submitted(node: OrgNode, since: dt.date, until: dt.date) -> QuerySet[Case]:
    """Cases in ``node``'s subtree submitted from ``since`` to ``until`` (Beijing dates), merged
    duplicates left out: what every measure counts in."""
    return Case.objects.filter(
        subtree_q(node.path, field="node__path"),
        # Between two local midnights: an index range (a cast to a date would read every row).
        submitted_at__gte=day_start(since),
        submitted_at__lt=day_start(until + dt.timedelta(days=1)),
        merged_into__isnull=True,
    )


CLOSED = Q(state=State.CLOSED)
# Each count of the measures, as a condition on those cases.
WHERE: dict[str, Q] = {
    "submitted": Q(),
    "responded_on_time": Q(accepted_at__lte=F("accept_due"))
    | Q(state=State.DECLINED, closed_at__lte=F("accept_due")),
    "accepted": Q(accepted_at__isnull=False),
    "declined": Q(state=State.DECLINED),
    "closed": CLOSED,
    "closed_on_time": CLOSED & Q(closed_at__lte=F("due_at")),
    "rated": ~Q(rating=""),
    "satisfied": Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED]),
    "matters_handled_online": CLOSED & Q(channel=Channel.APP, case_type=CaseType.SERVICE),
    "requests_resolved": CLOSED & ~Q(case_type=CaseType.SERVICE),
}


def overdue_open_q(now: dt.datetime) -> Q:
    return Q(due_at__lt=now) & ~Q(state__in=[State.CLOSED, State.DECLINED, State.REPLIED])


def case_measures(*, actor: Any, node: OrgNode, since: dt.date, until: dt.date, now: dt.datetime) -> Measures:
    """Measures of the cases in ``node``'s subtree submitted from ``since`` to ``until``."""
    if not scope.in_scope(actor, Cap.CASES_VIEW, node.path):
        raise Http404
    counts = cases_submitted(node, since, until).aggregate(
        **{name: Count("id", filter=where) if where else Count("id") for name, where in WHERE.items()},
        returns=Sum("returns", default=0),
        reworks=Sum("reworks", default=0),
        overdue_open=Count("id", filter=overdue_open_q(now)),
    )
    return Measures(**counts)

"""The figures casework gives the dashboards and briefings (see lianxin/reports/registry.py).

All are counted over the requests submitted in the period (merged duplicates left out), with
the definitions of ``measures.py``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.casework.measures import WHERE, cases_submitted
from lianxin.casework.models import Case, CaseDay, CaseMonth
from lianxin.core.roles import Cap
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import Period
from lianxin.reports.registry import Column, Daily, Figure, Sentence, register, say


def _submitted(node: OrgNode, period: Period) -> QuerySet[Case]:
    rows = cases_submitted(node, period.start, period.end)
    return rows.select_related("category", "node", "unit").order_by("-submitted_at", "-id")


COLUMNS = (
    Column(_("Category"), lambda case: case.category.name),
    Column(_("Area"), lambda case: case.node.name),
    Column(_("Handling unit"), lambda case: case.unit.name if case.unit else "—"),
    Column(_("State"), lambda case: case.get_state_display()),
    Column(_("Submitted"), lambda case: f"{case.submitted_at:%Y-%m-%d}"),
)


def _count(key: str, title: Any, where: str, order: int, **extra: Any) -> Figure:
    return register(
        Figure(
            key=f"cases.{key}",
            title=title,
            unit=_("items"),
            capability=Cap.CASES_VIEW,
            section="requests",
            base=_submitted,
            where=WHERE[where] or None,
            daily=Daily(CaseDay, where, months=CaseMonth),
            date_field="submitted_at",
            columns=COLUMNS,
            link=lambda case: reverse("case", args=[case.pk]),
            order=order,
            **extra,
        )
    )


def _rate(key: str, title: Any, part: str, whole: str, order: int, **extra: Any) -> Figure:
    return register(
        Figure(
            key=f"cases.{key}",
            title=title,
            unit="%",
            capability=Cap.CASES_VIEW,
            section="requests",
            rate_of=(f"cases.{part}", f"cases.{whole}"),
            wording="exact",
            order=order,
            **extra,
        )
    )


_count("submitted", _("Requests received"), "submitted", 10, chart=True)
_count("requests_resolved", _("Requests resolved"), "requests_resolved", 20)
_count("matters_handled_online", _("Matters handled online"), "matters_handled_online", 30)
_count("accepted", _("Requests accepted"), "accepted", 40)
_count("responded_on_time", _("Answered on time"), "responded_on_time", 41)
_count("closed", _("Requests closed"), "closed", 42)
_count("closed_on_time", _("Closed on time"), "closed_on_time", 43)
_count("rated", _("Requests rated"), "rated", 44)
_count("satisfied", _("Rated satisfied"), "satisfied", 45)
_rate("response_rate", _("Response rate"), "responded_on_time", "submitted", 50, chart=True)
_rate("resolution_rate", _("Resolution rate"), "closed", "accepted", 51, chart=True)
_rate("satisfaction_rate", _("Satisfaction rate"), "satisfied", "rated", 52, chart=True)
_rate("on_time_closure_rate", _("On-time closure rate"), "closed_on_time", "closed", 53)

say(
    Sentence(
        section="requests",
        lead="cases.submitted",
        text=_(
            "Through the residents' request platform {cases.submitted} of requests were received and "
            "{cases.requests_resolved} resolved, {cases.matters_handled_online} of matters were handled "
            "online, and the satisfaction rate reached {cases.satisfaction_rate}."
        ),
    )
)

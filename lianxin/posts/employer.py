"""What an employer unit's party organisation sees of its in-service members: their receipts, the
quarterly feedback sheet (服务登记反馈) and who has not reported yet; and its Excel export."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.people.models import Person
from lianxin.posts.models import Claim, QuarterComment, Report, State
from lianxin.reports.periods import Period


def receipts(*, actor: Any) -> QuerySet[Report]:
    """Confirmed reports of the members employed in the actor's units."""
    return (
        Report.objects.filter(scope.scope_q(actor, Cap.POSTS_EMPLOYER, field="employer__path"))
        .filter(state=State.CONFIRMED)
        .select_related("person", "community", "employer")
        .order_by("employer__path", "person__name", "id")
    )


def unreported(*, actor: Any) -> QuerySet[Person]:
    """In-service members of the actor's units with no confirmed report (a pending one shows)."""
    confirmed = Report.objects.filter(state=State.CONFIRMED).values("person_id")
    pending = Report.objects.filter(state=State.PENDING)
    return (
        Person.objects.filter(scope.scope_q(actor, Cap.POSTS_EMPLOYER, field="employer__path"))
        .filter(is_in_service_member=True)
        .exclude(pk__in=confirmed)
        .select_related("employer", "node")
        .prefetch_related(Prefetch("post_reports", pending.select_related("community"), to_attr="pending"))
        .order_by("employer__path", "name", "id")
    )


@dataclass
class FeedbackRow:
    report: Report
    claims: list[Claim]
    services: int
    hours: Decimal
    comment: str


def feedback(*, actor: Any, period: Period) -> list[FeedbackRow]:
    """One row per reported member: where, claims, confirmed services and hours in the quarter,
    and the community's comment on it."""
    year, quarter = period.start.year, (period.start.month - 1) // 3 + 1
    in_period = Q(
        services__state=State.CONFIRMED, services__on__gte=period.start, services__on__lte=period.end
    )
    rows = receipts(actor=actor).annotate(
        n_services=Count("services", filter=in_period), n_hours=Sum("services__hours", filter=in_period)
    )
    confirmed_claims = Claim.objects.filter(state=State.CONFIRMED).select_related("post", "need")
    comments = QuarterComment.objects.filter(year=year, quarter=quarter)
    rows = rows.prefetch_related(
        Prefetch("claims", confirmed_claims, to_attr="confirmed_claims"),
        Prefetch("comments", comments, to_attr="quarter_comments"),
    )
    return [
        FeedbackRow(
            report=row,
            claims=cast(list[Claim], row.confirmed_claims),  # type: ignore[attr-defined]
            services=row.n_services,  # type: ignore[attr-defined]
            hours=row.n_hours or Decimal(0),  # type: ignore[attr-defined]
            comment=" ".join(c.text for c in row.quarter_comments),  # type: ignore[attr-defined]
        )
        for row in rows
    ]


def feedback_xlsx(*, rows: list[FeedbackRow], period: Period) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = period.token
    sheet.append([_("In-service party members: service feedback, %(period)s") % {"period": period.label}])
    sheet.append(
        [
            _("Member"),
            _("Employer unit"),
            _("Reported to"),
            _("Receipt number"),
            _("Claims"),
            _("Confirmed services"),
            _("Hours"),
            _("Community's comment"),
        ]
    )
    for row in rows:
        sheet.append(
            [
                row.report.person.name,
                row.report.employer.name,
                row.report.community.name,
                row.report.number,
                "、".join(str(claim) for claim in row.claims),
                row.services,
                float(row.hours),
                row.comment,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

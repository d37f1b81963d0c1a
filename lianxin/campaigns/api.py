"""Campaigns over JSON: the same reads and writes as the pages, through the same selectors
and services. Out-of-scope objects answer 404; bad input 400 with each field's error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from lianxin.campaigns import access, selectors
from lianxin.campaigns.coverage import coverage
from lianxin.campaigns.models import Campaign, Subject
from lianxin.campaigns.periods import parse_month
from lianxin.campaigns.quarter import QuarterRow, quarter_results
from lianxin.campaigns.ranking import Standing, flag_picks, month_results, villages
from lianxin.campaigns.rollup import build_tree, flatten
from lianxin.campaigns.services.figures import figures_report
from lianxin.campaigns.services.inspections import FindingInput, finding_record, reinspection_record
from lianxin.campaigns.services.scoring import LineInput, sheet_submit
from lianxin.campaigns.services.tasks import task_progress
from lianxin.campaigns.totals import figure_table
from lianxin.casework.models import Category
from lianxin.core.api import Error
from lianxin.orgs.models import OrgNode

router = Router(tags=["campaigns"])


class CampaignPostOut(Schema):
    id: int
    name: str
    leader: str | None
    duties: str


class CampaignOut(Schema):
    id: int
    name: str
    node_id: int
    node_name: str
    starts_on: dt.date
    ends_on: dt.date
    goals: str
    whole: bool  # the caller sees the campaign in full, not just their own command post
    posts: list[CampaignPostOut]


class CoverageOut(Schema):
    grids: int
    covered: int
    full: bool
    gaps: list[str]
    overlaps: dict[str, list[str]]


class TaskOut(Schema):
    id: int
    parent_id: int | None
    title: str
    standard: str
    post_id: int | None
    responsible_unit: str | None
    responsible_person: str | None
    due_at: dt.datetime
    status: str  # rolled up for a task with sub-tasks
    progress: float
    overdue: bool
    source: str


class ProgressIn(Schema):
    status: str
    progress: int = 0
    note: str = ""


class CampaignFigureOut(Schema):
    metric_id: int
    name: str
    unit: str
    target: Decimal | None
    total: Decimal
    by_post: dict[str, Decimal]


class FiguresIn(Schema):
    span: str = "day"
    starts_on: dt.date
    values: dict[int, Decimal]  # metric id → value
    note: str = ""


class StandingOut(Schema):
    subject: str
    id: int
    name: str
    score: Decimal | None
    sheets: int
    findings: int
    rank: int | None


class PickOut(Schema):
    flag: str
    subject: str
    winner: str | None
    tied: list[str]
    how: str


class MonthOut(Schema):
    month: str
    posts: list[StandingOut]
    villages: list[StandingOut]
    awarded: bool
    flags: list[PickOut]  # the awards when awarded, else the picks by the rule so far


class SheetIn(Schema):
    subject: str  # "post" or "village"
    id: int
    scores: dict[int, Decimal]  # criterion id → score 0–100
    remarks: dict[int, str] = {}
    comment: str = ""


class SheetOut(Schema):
    id: int
    total: Decimal


class FlagOut(Schema):
    month: str
    flag: str
    subject: str
    name: str
    score: Decimal
    consequence: str
    reward: Decimal | None
    how: str


class QuarterRowOut(Schema):
    subject: str
    id: int
    name: str
    months: list[Decimal | None]
    weighted: Decimal | None
    red: int
    black: int
    result: Decimal | None
    rank: int | None


class QuarterOut(Schema):
    year: int
    quarter: int
    posts: list[QuarterRowOut]
    villages: list[QuarterRowOut]


class FindingOut(Schema):
    id: int
    place: str
    node_id: int
    post_id: int
    description: str
    found_at: dt.datetime
    due_at: dt.datetime
    status: str
    task_id: int | None
    case_number: str | None


class FindingIn(Schema):
    place: str
    node_id: int
    post_id: int
    description: str
    working_days: int
    involves_residents: bool = False
    category: str = ""  # a request category code, when residents are involved
    case_type: str = "report"


class ReinspectionIn(Schema):
    passed: bool
    note: str = ""
    working_days: int | None = None


def _campaign(request: HttpRequest, campaign_id: int, whole: bool = True) -> Campaign:
    return selectors.campaign_get(actor=request.user, pk=campaign_id, whole=whole)


def _campaign_out(request: HttpRequest, campaign: Campaign) -> dict[str, Any]:
    posts = selectors.post_list(actor=request.user, campaign=campaign)
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "node_id": campaign.node_id,
        "node_name": campaign.node.name,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "goals": campaign.goals,
        "whole": access.sees_all(request.user, campaign),
        "posts": [
            {"id": p.pk, "name": p.name, "leader": p.leader.name if p.leader else None, "duties": p.duties}
            for p in posts
        ],
    }


@router.get("", response=list[CampaignOut], summary="Campaigns I see in full or have a command post in")
def list_campaigns(request: HttpRequest) -> Any:
    return [_campaign_out(request, c) for c in selectors.campaign_list(actor=request.user)]


@router.get("/{campaign_id}", response={200: CampaignOut, 404: Error}, summary="One campaign")
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    return _campaign_out(request, _campaign(request, campaign_id, whole=False))


@router.get("/{campaign_id}/coverage", response={200: CoverageOut, 404: Error}, summary="Full coverage check")
def get_coverage(request: HttpRequest, campaign_id: int) -> Any:
    found = coverage(campaign=_campaign(request, campaign_id))
    return {
        "grids": len(found.grids),
        "covered": found.covered_count,
        "full": found.is_full,
        "gaps": [grid.name for grid in found.gaps],
        "overlaps": {grid.name: [post.name for post in posts] for grid, posts in found.overlaps},
    }


@router.get(
    "/{campaign_id}/tasks", response={200: list[TaskOut], 404: Error}, summary="Tasks I may see, rolled up"
)
def list_tasks(request: HttpRequest, campaign_id: int) -> Any:
    campaign = _campaign(request, campaign_id, whole=False)
    rows = flatten(build_tree(selectors.task_list(actor=request.user, campaign=campaign), timezone.now()))
    return [
        {
            "id": n.task.pk,
            "parent_id": n.task.parent_id,
            "title": n.task.title,
            "standard": n.task.standard,
            "post_id": n.task.post_id,
            "responsible_unit": n.task.responsible_unit.name if n.task.responsible_unit else None,
            "responsible_person": n.task.responsible_person.name if n.task.responsible_person else None,
            "due_at": n.task.due_at,
            "status": n.status,
            "progress": round(n.progress, 1),
            "overdue": n.overdue,
            "source": n.task.source,
        }
        for n in rows
    ]


@router.post(
    "/tasks/{task_id}/progress",
    response={200: dict[str, Any], 400: Error, 404: Error},
    summary="Move a task on (not started, in progress with a percentage, done)",
)
def post_progress(request: HttpRequest, task_id: int, payload: ProgressIn) -> Any:
    task = selectors.task_get(actor=request.user, pk=task_id)
    done = task_progress(
        actor=request.user, task=task, status=payload.status, progress=payload.progress, note=payload.note
    )
    return {"id": done.pk, "status": done.status, "progress": done.progress}


@router.get(
    "/{campaign_id}/figures",
    response={200: list[CampaignFigureOut], 404: Error},
    summary="Figure totals over a period",
)
def get_figures(
    request: HttpRequest, campaign_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> Any:
    table = figure_table(campaign=_campaign(request, campaign_id), start=start, end=end)
    return [
        {
            "metric_id": metric.pk,
            "name": metric.name,
            "unit": metric.unit,
            "target": metric.target,
            "total": table.total(metric),
            "by_post": {post.name: table.cell(post, metric) for post in table.posts},
        }
        for metric in table.metrics
    ]


@router.post(
    "/posts/{post_id}/figures",
    response={200: dict[str, int], 400: Error, 404: Error},
    summary="A command post reports its figures for a day or a week",
)
def post_figures(request: HttpRequest, post_id: int, payload: FiguresIn) -> Any:
    post = selectors.post_get(actor=request.user, pk=post_id)
    metrics = {m.pk: m for m in post.campaign.metrics.all()}
    unknown = [str(pk) for pk in payload.values if pk not in metrics]
    if unknown:
        raise ValidationError(
            {"values": [_("Not a figure of the campaign: %(ids)s") % {"ids": ", ".join(unknown)}]}
        )
    values: dict[Any, Decimal | None] = {metrics[pk]: value for pk, value in payload.values.items()}
    written = figures_report(
        actor=request.user,
        post=post,
        span=payload.span,
        starts_on=payload.starts_on,
        values=values,
        note=payload.note,
    )
    return {"written": written}


def _standing(s: Standing) -> dict[str, Any]:
    return {
        "subject": s.subject,
        "id": s.holder.pk,
        "name": s.holder.name,
        "score": s.score,
        "sheets": s.sheets,
        "findings": s.findings,
        "rank": s.rank,
    }


def _month(text: str) -> dt.date:
    month = parse_month(text)
    if month is None:
        raise Http404
    return month


@router.get(
    "/{campaign_id}/months/{month}",
    response={200: MonthOut, 404: Error},
    summary="A month's scores, ranks and flags (YYYY-MM)",
)
def get_month(request: HttpRequest, campaign_id: int, month: str) -> Any:
    campaign = _campaign(request, campaign_id)
    first = _month(month)
    results = month_results(campaign=campaign, month=first)
    awards = list(selectors.flag_history(campaign=campaign).filter(month=first))
    flags: list[dict[str, Any]]
    if awards:
        flags = [
            {"flag": a.colour, "subject": a.subject, "winner": str(a.holder), "tied": [], "how": a.how}
            for a in awards
        ]
    else:
        flags = [
            {
                "flag": p.colour,
                "subject": p.subject,
                "winner": p.winner.holder.name if p.winner else None,
                "tied": [s.holder.name for s in p.tied],
                "how": p.how,
            }
            for p in flag_picks(results)
        ]
    return {
        "month": f"{first:%Y-%m}",
        "posts": [_standing(s) for s in results.posts],
        "villages": [_standing(s) for s in results.villages],
        "awarded": bool(awards),
        "flags": flags,
    }


@router.post(
    "/{campaign_id}/months/{month}/sheets",
    response={201: SheetOut, 400: Error, 404: Error},
    summary="An inspector scores a command post or village for the month",
)
def post_sheet(request: HttpRequest, campaign_id: int, month: str, payload: SheetIn) -> Any:
    campaign = _campaign(request, campaign_id)
    first = _month(month)
    holder: Any
    if payload.subject == Subject.POST:
        holder = campaign.posts.filter(pk=payload.id).first()
    else:
        holder = next((v for v in villages(campaign) if v.pk == payload.id), None)
    if holder is None:
        raise Http404
    lines = {
        pk: LineInput(score=score, comment=payload.remarks.get(pk, ""))
        for pk, score in payload.scores.items()
    }
    sheet = sheet_submit(
        actor=request.user,
        campaign=campaign,
        month=first,
        holder=holder,
        lines=lines,
        comment=payload.comment,
    )
    return Status(201, {"id": sheet.pk, "total": sheet.total})


@router.get("/{campaign_id}/flags", response={200: list[FlagOut], 404: Error}, summary="The flags' history")
def list_flags(request: HttpRequest, campaign_id: int) -> Any:
    return [
        {
            "month": f"{a.month:%Y-%m}",
            "flag": a.colour,
            "subject": a.subject,
            "name": str(a.holder),
            "score": a.score,
            "consequence": a.consequence,
            "reward": a.reward,
            "how": a.how,
        }
        for a in selectors.flag_history(campaign=_campaign(request, campaign_id))
    ]


def _quarter_row(row: QuarterRow) -> dict[str, Any]:
    return {
        "subject": row.subject,
        "id": row.holder.pk,
        "name": row.holder.name,
        "months": row.months,
        "weighted": row.weighted,
        "red": row.red,
        "black": row.black,
        "result": row.result,
        "rank": row.rank,
    }


@router.get(
    "/{campaign_id}/quarters/{year}/{quarter}",
    response={200: QuarterOut, 404: Error},
    summary="Quarterly assessment",
)
def get_quarter(request: HttpRequest, campaign_id: int, year: int, quarter: int) -> Any:
    campaign = _campaign(request, campaign_id)
    if not 1 <= quarter <= 4:
        raise Http404
    results = quarter_results(campaign=campaign, year=year, quarter=quarter)
    return {
        "year": year,
        "quarter": quarter,
        "posts": [_quarter_row(r) for r in results.posts],
        "villages": [_quarter_row(r) for r in results.villages],
    }


def _finding_out(f: Any) -> dict[str, Any]:
    return {
        "id": f.pk,
        "place": f.place,
        "node_id": f.node_id,
        "post_id": f.post_id,
        "description": f.description,
        "found_at": f.found_at,
        "due_at": f.due_at,
        "status": f.status,
        "task_id": f.task_id,
        "case_number": f.case.number if f.case_id and f.case else None,
    }


@router.get(
    "/{campaign_id}/findings", response={200: list[FindingOut], 404: Error}, summary="Inspection findings"
)
def list_findings(request: HttpRequest, campaign_id: int) -> Any:
    campaign = _campaign(request, campaign_id, whole=False)
    return [_finding_out(f) for f in selectors.finding_list(actor=request.user, campaign=campaign)]


@router.post(
    "/{campaign_id}/findings",
    response={201: FindingOut, 400: Error, 404: Error},
    summary="Record an inspection finding (it becomes a task, or a residents' request)",
)
def post_finding(request: HttpRequest, campaign_id: int, payload: FindingIn) -> Any:
    campaign = _campaign(request, campaign_id)
    node = OrgNode.objects.filter(pk=payload.node_id).first()
    post = campaign.posts.filter(pk=payload.post_id).first()
    if node is None or post is None or not node.path.startswith(campaign.node.path):
        raise Http404
    category = None
    if payload.category:
        category = Category.objects.filter(
            code=payload.category, is_active=True, parent__isnull=False
        ).first()
        if category is None:
            raise ValidationError({"category": [_("No such category.")]})
    data = FindingInput(
        place=payload.place,
        node=node,
        post=post,
        description=payload.description,
        working_days=payload.working_days,
        involves_residents=payload.involves_residents,
        category=category,
        case_type=payload.case_type,
    )
    finding = finding_record(actor=request.user, campaign=campaign, data=data)
    return Status(201, _finding_out(finding))


@router.post(
    "/findings/{finding_id}/reinspections",
    response={200: FindingOut, 400: Error, 404: Error},
    summary="Re-inspect a finding",
)
def post_reinspection(request: HttpRequest, finding_id: int, payload: ReinspectionIn) -> Any:
    finding = selectors.finding_get(actor=request.user, pk=finding_id)
    reinspection_record(
        actor=request.user,
        finding=finding,
        passed=payload.passed,
        note=payload.note,
        working_days=payload.working_days,
    )
    return _finding_out(selectors.finding_get(actor=request.user, pk=finding_id))

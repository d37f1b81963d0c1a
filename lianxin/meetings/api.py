"""Meetings over JSON: the list and one meeting with its attendance, decisions, actions and the
actions it carries over; the monthly review schedule; follow-up actions; duty reports (a
reporter reads the outcome, a member grades; no answer ever says who gave which grade)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.core.roles import Cap
from lianxin.meetings import selectors, services
from lianxin.meetings.models import Action, Decision, DutyReport, Meeting, MeetingKind
from lianxin.orgs import selectors as org_selectors
from lianxin.people.selectors import person_list

FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a filter may name (a calendar year, not 85735)

router = Router(tags=["meetings and duty reports"])


class MeetingOut(Schema):
    id: int
    node_id: int
    node_name: str
    kind: str
    kind_label: str
    title: str
    starts_at: dt.datetime
    place: str
    state: str

    @staticmethod
    def resolve_node_name(obj: Meeting) -> str:
        return obj.node.name

    @staticmethod
    def resolve_kind_label(obj: Meeting) -> str:
        return str(obj.get_kind_display())


class MeetingRowOut(MeetingOut):
    invited: int
    present: int
    decision_count: int
    open_actions: int


class ActionOut(Schema):
    id: int
    meeting_id: int
    decision_id: int
    text: str
    owner_node: str
    owner_person: str
    working_days: int
    due_at: dt.datetime
    state: str
    done_at: dt.datetime | None
    overdue: bool

    @staticmethod
    def resolve_owner_node(obj: Action) -> str:
        return obj.owner_node.name

    @staticmethod
    def resolve_owner_person(obj: Action) -> str:
        return obj.owner_person.name

    @staticmethod
    def resolve_overdue(obj: Action) -> bool:
        return obj.is_overdue


class DecisionOut(Schema):
    id: int
    number: int
    text: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj: Decision) -> list[Action]:
        return list(obj.actions.all())


class AttendanceOut(Schema):
    person_id: int
    name: str
    status: str


class ReportRowOut(Schema):
    id: int
    reporter: str
    post: str
    submitted: bool


class MeetingDetailOut(MeetingOut):
    agenda: list[str]
    minutes: str
    grading: str
    year: int | None
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]
    carried_over: list[ActionOut]
    duty_reports: list[ReportRowOut]

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[str]:
        return obj.agenda_items()

    @staticmethod
    def resolve_attendance(obj: Meeting) -> list[dict[str, Any]]:
        return [
            {"person_id": a.person_id, "name": a.person.name, "status": a.status}
            for a in selectors.attendance(meeting=obj)
        ]

    @staticmethod
    def resolve_decisions(obj: Meeting) -> list[Decision]:
        return list(selectors.decisions(meeting=obj))

    @staticmethod
    def resolve_carried_over(obj: Meeting) -> list[Action]:
        return list(selectors.carried_over(meeting=obj)) if obj.kind == MeetingKind.REVIEW else []

    @staticmethod
    def resolve_duty_reports(obj: Meeting) -> list[dict[str, Any]]:
        return [
            {"id": r.pk, "reporter": r.reporter.name, "post": r.post, "submitted": r.submitted_at is not None}
            for r in selectors.duty_reports(meeting=obj)
        ]


class MeetingIn(Schema):
    node_id: int
    kind: str
    title: str
    starts_at: dt.datetime
    place: str = ""
    agenda: str = ""
    year: int | None = None


class MinutesIn(Schema):
    minutes: str


class MeetingDecisionIn(Schema):
    text: str


class ActionIn(Schema):
    text: str
    owner_node_id: int
    owner_person_id: int
    working_days: int


class NoteIn(Schema):
    note: str = ""


class ReviewMonthOut(Schema):
    month: int
    status: str
    held: int
    planned: int


class ScheduleOut(Schema):
    node_id: int
    node_name: str
    months: list[ReviewMonthOut]


class OutcomeOut(Schema):
    """Tallies and nameless comments: all there is to know about a report's grades."""

    good: int
    fairly_good: int
    average: int
    poor: int
    total: int
    good_rate: float
    score: float
    overall: str
    comments: list[str]


class MyReportOut(Schema):
    id: int
    meeting_id: int
    meeting_title: str
    post: str
    submitted_at: dt.datetime | None
    grading: str
    outcome: OutcomeOut | None


class GradeIn(Schema):
    grade: str
    comment: str = ""


class GradedOut(Schema):
    graded: bool


def _outcome(value: selectors.Outcome | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "good": value.good,
        "fairly_good": value.fairly_good,
        "average": value.average,
        "poor": value.poor,
        "total": value.total,
        "good_rate": value.good_rate,
        "score": value.score,
        "overall": value.overall,
        "comments": list(value.comments),
    }


@router.get("", response=list[MeetingRowOut], summary="Meetings in my areas, newest first")
@paginate(Pages)
def list_meetings(
    request: HttpRequest, kind: str = "", year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR)
) -> Any:
    meetings = selectors.meeting_list(actor=request.user)
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.filter(starts_at__year=year)
    return selectors.meeting_rows(meetings=meetings)


@router.post("", response={201: MeetingDetailOut, 400: Error, 404: Error}, summary="Schedule a meeting")
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Any:
    node = org_selectors.node_get(actor=request.user, pk=payload.node_id)
    data = services.MeetingInput(**payload.dict(exclude={"node_id"}))
    meeting = services.meeting_create(actor=request.user, node=node, data=data)
    return Status(201, selectors.meeting_get(actor=request.user, pk=meeting.pk))


@router.get(
    "/reviews",
    response=list[ScheduleOut],
    summary="Monthly review meetings of each big working committee: held, planned or missing",
)
def review_schedule(request: HttpRequest, year: int | None = Query(None, ge=FIRST_YEAR, le=LAST_YEAR)) -> Any:
    today = timezone.localdate()
    rows = selectors.review_schedule(actor=request.user, year=year or today.year, today=today)
    return [
        {
            "node_id": node.pk,
            "node_name": node.name,
            "months": [
                {"month": m.month, "status": m.status, "held": m.held, "planned": m.planned} for m in months
            ],
        }
        for node, months in rows
    ]


@router.get(
    "/actions", response=list[ActionOut], summary="Follow-up actions I may see (open, overdue, done, all)"
)
@paginate(Pages)
def list_actions(request: HttpRequest, show: str = "open", mine: bool = False) -> Any:
    user: Any = request.user
    actions = selectors.action_list(actor=user)
    if mine:
        actions = actions.filter(owner_person__user_id=user.pk)
    return selectors.action_filter(
        actions, show=show if show in selectors.ACTION_SHOWS else "open", now=timezone.now()
    )


@router.get("/actions/{action_id}", response={200: ActionOut, 404: Error}, summary="One follow-up action")
def get_action(request: HttpRequest, action_id: int) -> Any:
    return selectors.action_get(actor=request.user, pk=action_id)


@router.post(
    "/actions/{action_id}/progress",
    response={200: ActionOut, 400: Error, 404: Error},
    summary="Report progress",
)
def action_progress(request: HttpRequest, action_id: int, payload: NoteIn) -> Any:
    action = selectors.action_get(actor=request.user, pk=action_id)
    services.action_progress(actor=request.user, action=action, note=payload.note)
    return selectors.action_get(actor=request.user, pk=action_id)


@router.post(
    "/actions/{action_id}/done", response={200: ActionOut, 400: Error, 404: Error}, summary="Mark done"
)
def action_done(request: HttpRequest, action_id: int, payload: NoteIn) -> Any:
    action = selectors.action_get(actor=request.user, pk=action_id)
    services.action_done(actor=request.user, action=action, note=payload.note)
    return selectors.action_get(actor=request.user, pk=action_id)


@router.get(
    "/duty-reports/mine", response=list[MyReportOut], summary="My duty reports, with the outcome once kept"
)
def my_reports(request: HttpRequest) -> Any:
    return [
        {
            "id": r.pk,
            "meeting_id": r.meeting_id,
            "meeting_title": r.meeting.title,
            "post": r.post,
            "submitted_at": r.submitted_at,
            "grading": r.meeting.grading,
            "outcome": _outcome(selectors.outcome(actor=request.user, report=r)),
        }
        for r in selectors.my_reports(actor=request.user)
    ]


@router.get(
    "/duty-reports/{report_id}/outcome",
    response={200: OutcomeOut | None, 404: Error},
    summary="A report's kept outcome (null until grading closes): tallies and comments, no names",
)
def report_outcome(request: HttpRequest, report_id: int) -> Any:
    report = selectors.my_report_get(actor=request.user, pk=report_id)
    return _outcome(selectors.outcome(actor=request.user, report=report))


@router.post(
    "/duty-reports/{report_id}/grade",
    response={200: GradedOut, 400: Error, 404: Error},
    summary="Grade a report (good, fairly_good, average, poor), once, anonymously",
)
def grade_report(request: HttpRequest, report_id: int, payload: GradeIn) -> Any:
    report: DutyReport = selectors.my_report_get(actor=request.user, pk=report_id)
    services.duty_report_grade(
        actor=request.user, report=report, grade=payload.grade, comment=payload.comment
    )
    return {"graded": True}


@router.get("/{meeting_id}", response={200: MeetingDetailOut, 404: Error}, summary="One meeting in full")
def get_meeting(request: HttpRequest, meeting_id: int) -> Any:
    return selectors.meeting_get(actor=request.user, pk=meeting_id)


@router.post(
    "/{meeting_id}/held",
    response={200: MeetingDetailOut, 400: Error, 404: Error},
    summary="Record the minutes (the meeting is then held)",
)
def hold_meeting(request: HttpRequest, meeting_id: int, payload: MinutesIn) -> Any:
    meeting = selectors.meeting_get(actor=request.user, pk=meeting_id)
    services.meeting_hold(actor=request.user, meeting=meeting, minutes=payload.minutes)
    return selectors.meeting_get(actor=request.user, pk=meeting_id)


@router.post(
    "/{meeting_id}/decisions",
    response={201: DecisionOut, 400: Error, 404: Error},
    summary="Record a decision",
)
def add_decision(request: HttpRequest, meeting_id: int, payload: MeetingDecisionIn) -> Any:
    meeting = selectors.meeting_get(actor=request.user, pk=meeting_id)
    decision = services.decision_add(actor=request.user, meeting=meeting, text=payload.text)
    return Status(201, decision)


@router.post(
    "/{meeting_id}/decisions/{number}/actions",
    response={201: ActionOut, 400: Error, 404: Error},
    summary="Add a follow-up action to a decision (due in working days from the meeting)",
)
def add_action(request: HttpRequest, meeting_id: int, number: int, payload: ActionIn) -> Any:
    meeting = selectors.meeting_get(actor=request.user, pk=meeting_id, capability=Cap.MEETINGS_MANAGE)
    decision = meeting.decisions.filter(number=number).first()
    if decision is None:
        raise ValidationError({"number": [_("No such decision.")]})
    owner_node = org_selectors.node_get(actor=request.user, pk=payload.owner_node_id)
    owner = (
        person_list(actor=request.user, capability=Cap.MEETINGS_MANAGE)
        .filter(pk=payload.owner_person_id)
        .first()
    )
    if owner is None:
        raise ValidationError({"owner_person_id": [_("Choose someone registered in your area.")]})
    action = services.action_add(
        actor=request.user,
        decision=decision,
        text=payload.text,
        owner_node=owner_node,
        owner_person=owner,
        working_days=payload.working_days,
    )
    return Status(201, selectors.action_get(actor=request.user, pk=action.pk))

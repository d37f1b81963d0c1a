"""Reads of meetings, always scoped to the acting user. Duty-report outcomes are tallies and
nameless comments only: there is nothing else to read."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.meetings.models import (
    Action,
    ActionState,
    Attendance,
    AttendanceStatus,
    Ballot,
    Decision,
    DutyReport,
    Grade,
    Grading,
    Meeting,
    MeetingKind,
    MeetingState,
)
from lianxin.orgs.models import NodeKind, OrgNode, PositionTitle
from lianxin.orgs.selectors import nearest_ancestor
from lianxin.people.models import Person

# Which organisations hold which meetings.
COMMITTEE_KINDS: set[str] = {
    NodeKind.WORKING_COMMITTEE,
    NodeKind.PARTY_COMMITTEE,
    NodeKind.COMMUNITY_COMMITTEE,
}
BRANCH_KINDS: set[str] = {NodeKind.PARTY_BRANCH, NodeKind.GENERAL_BRANCH}
HELD_BY: dict[str, set[str]] = {
    MeetingKind.REVIEW: COMMITTEE_KINDS,
    MeetingKind.AD_HOC: COMMITTEE_KINDS,
    MeetingKind.DUTY_REPORT: COMMITTEE_KINDS,
    MeetingKind.BRANCH_COMMITTEE: BRANCH_KINDS,
    MeetingKind.GENERAL_ASSEMBLY: BRANCH_KINDS,
    MeetingKind.PARTY_GROUP: {NodeKind.PARTY_GROUP},
    MeetingKind.PARTY_CLASS: COMMITTEE_KINDS | BRANCH_KINDS | {NodeKind.PARTY_GROUP},
}
# The monthly review meeting is the big working committee's (每月召开一次党建点评会).
MONTHLY_REVIEW_KINDS = {NodeKind.WORKING_COMMITTEE}
GRADE_SCORES = {Grade.GOOD: 4, Grade.FAIRLY_GOOD: 3, Grade.AVERAGE: 2, Grade.POOR: 1}


def _signed_in(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


# --- meetings ----------------------------------------------------------------------------------


def meeting_list(
    *, actor: Any, within: OrgNode | None = None, capability: str = Cap.MEETINGS_VIEW
) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(scope.scope_q(actor, capability, field="node__path"))
    if within is not None:
        meetings = meetings.filter(subtree_q(within.path, field="node__path"))
    return meetings.select_related("node")


def meeting_rows(*, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with their attendance, decisions and open actions counted (one query)."""
    return meetings.annotate(
        invited=Count("attendances", distinct=True),
        present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT), distinct=True),
        decision_count=Count("decisions", distinct=True),
        open_actions=Count("actions", filter=Q(actions__state=ActionState.OPEN), distinct=True),
    ).order_by("-starts_at", "-id")


def meeting_get(*, actor: Any, pk: int | str, capability: str = Cap.MEETINGS_VIEW) -> Meeting:
    try:
        return meeting_list(actor=actor, capability=capability).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def meeting_nodes(*, actor: Any) -> QuerySet[OrgNode]:
    """Organisations whose meetings the actor may hold."""
    kinds = sorted(set().union(*HELD_BY.values()))
    return OrgNode.objects.filter(scope.scope_q(actor, Cap.MEETINGS_MANAGE), kind__in=kinds).order_by("path")


def area_of(node: OrgNode) -> OrgNode:
    """The community, village or subdistrict a meeting's organisation belongs to."""
    return (
        nearest_ancestor(node=node, kinds={NodeKind.COMMUNITY, NodeKind.VILLAGE, NodeKind.SUBDISTRICT})
        or node
    )


def attendee_candidates(*, actor: Any, meeting: Meeting) -> QuerySet[Person]:
    """Who may be invited: post holders of the area, its party representatives, and the members
    of the party organisation holding the meeting; only people registered in the actor's area."""
    area = area_of(meeting.node)
    invited = meeting.attendances.values("person_id")
    holds_post = Q(positions__ended_on__isnull=True) & subtree_q(area.path, field="positions__node__path")
    member = subtree_q(meeting.node.path, field="party_branch__path")
    rep = Q(is_party_rep=True) & subtree_q(area.path, field="node__path")
    return (
        Person.objects.filter(scope.scope_q(actor, Cap.MEETINGS_MANAGE, field="node__path"))
        .filter(holds_post | member | rep)
        .exclude(pk__in=invited)
        .select_related("node")
        .distinct()
        .order_by("name", "id")
    )


def attendance(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("person__node").order_by("person__name", "id")


def decisions(*, meeting: Meeting) -> QuerySet[Decision]:
    actions = Action.objects.select_related("owner_node", "owner_person").order_by("due_at", "id")
    return meeting.decisions.prefetch_related(Prefetch("actions", queryset=actions)).order_by("number")


def carried_over(*, meeting: Meeting) -> QuerySet[Action]:
    """The actions an organisation's meeting opens with: those of its earlier meetings that were
    still open when this one began (the last meeting's open actions, and any older still open)."""
    return (
        Action.objects.filter(
            meeting__node_id=meeting.node_id,
            meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(Q(state=ActionState.OPEN) | Q(done_at__gt=meeting.starts_at))
        .select_related("meeting", "owner_node", "owner_person")
        .order_by("due_at", "id")
    )


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(node_id=meeting.node_id, kind=meeting.kind, starts_at__lt=meeting.starts_at)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


# --- the monthly review schedule ------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    held: int
    planned: int
    today: dt.date

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def status(self) -> str:
        """held · planned · missing (the month is over without one) · due (this month, none
        planned yet) · later (a month still to come)."""
        if self.held:
            return "held"
        if self.last < self.today:
            return "missing"
        if self.planned:
            return "planned"
        return "due" if self.first <= self.today else "later"


def review_schedule(
    *, actor: Any, year: int, today: dt.date, within: OrgNode | None = None
) -> list[tuple[OrgNode, list[Month]]]:
    """For each big working committee in the actor's areas, its twelve months of ``year``: was the
    monthly review meeting held, is it planned, or is it missing (two queries in all)."""
    committees = OrgNode.objects.filter(
        scope.scope_q(actor, Cap.MEETINGS_VIEW), kind__in=MONTHLY_REVIEW_KINDS
    )
    if within is not None:
        committees = committees.filter(subtree_q(within.path))
    nodes = list(committees.order_by("path"))
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    rows = (
        Meeting.objects.filter(
            node__in=nodes, kind=MeetingKind.REVIEW, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(state=MeetingState.CANCELLED)
        .values_list("node_id", "starts_at", "state")
    )
    counts: dict[tuple[int, int], list[int]] = {}
    for node_id, starts_at, state in rows:
        key = (node_id, timezone.localtime(starts_at).month)
        held, planned = counts.setdefault(key, [0, 0])
        counts[key] = [held + (state == MeetingState.HELD), planned + (state == MeetingState.PLANNED)]
    schedule = []
    for node in nodes:
        months = []
        for month in range(1, 13):
            held, planned = counts.get((node.pk, month), [0, 0])
            months.append(Month(year=year, month=month, held=held, planned=planned, today=today))
        schedule.append((node, months))
    return schedule


# --- follow-up actions -------------------------------------------------------------------------


def action_list(*, actor: Any) -> QuerySet[Action]:
    """Actions of meetings in the actor's areas, actions owned by units the actor follows up,
    and the actor's own."""
    if not _signed_in(actor):
        return Action.objects.none()
    visible = (
        scope.scope_q(actor, Cap.MEETINGS_VIEW, field="meeting__node__path")
        | scope.scope_q(actor, Cap.MEETINGS_FOLLOW_UP, field="owner_node__path")
        | Q(owner_person__user_id=actor.pk)
    )
    return Action.objects.filter(visible).select_related(
        "meeting__node", "owner_node", "owner_person", "decision"
    )


ACTION_SHOWS = ("open", "overdue", "done", "all")


def action_filter(actions: QuerySet[Action], *, show: str, now: dt.datetime) -> QuerySet[Action]:
    if show == "open":
        return actions.filter(state=ActionState.OPEN).order_by("due_at", "id")
    if show == "overdue":
        return actions.filter(state=ActionState.OPEN, due_at__lt=now).order_by("due_at", "id")
    if show == "done":
        return actions.filter(state=ActionState.DONE).order_by("-done_at", "-id")
    return actions.order_by("-due_at", "-id")


def action_get(*, actor: Any, pk: int | str) -> Action:
    try:
        return action_list(actor=actor).get(pk=pk)
    except (Action.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def action_events(*, action: Action) -> QuerySet[Any]:
    return action.events.select_related("actor").order_by("at", "id")


def owner_nodes(*, actor: Any) -> QuerySet[OrgNode]:
    kinds = [
        NodeKind.SUBDISTRICT,
        NodeKind.WORKING_COMMITTEE,
        NodeKind.PARTY_COMMITTEE,
        NodeKind.COMMUNITY,
        NodeKind.COMMUNITY_COMMITTEE,
        NodeKind.VILLAGE,
        NodeKind.GRID,
        NodeKind.UNIT,
        NodeKind.PARTY_BRANCH,
        NodeKind.GENERAL_BRANCH,
    ]
    return OrgNode.objects.filter(scope.scope_q(actor, Cap.MEETINGS_MANAGE), kind__in=kinds).order_by("path")


def owner_candidates(*, actor: Any, meeting: Meeting) -> QuerySet[Person]:
    """Who may own an action: people holding a post in the meeting's area, registered in the actor's."""
    area = area_of(meeting.node)
    return (
        Person.objects.filter(scope.scope_q(actor, Cap.MEETINGS_MANAGE, field="node__path"))
        .filter(Q(positions__ended_on__isnull=True) & subtree_q(area.path, field="positions__node__path"))
        .select_related("node")
        .distinct()
        .order_by("name", "id")
    )


# --- duty reports -------------------------------------------------------------------------------


def duty_reports(*, meeting: Meeting) -> QuerySet[DutyReport]:
    return (
        meeting.duty_reports.select_related("reporter").annotate(ballots_cast=Count("ballots")).order_by("id")
    )


def reporter_candidates(*, actor: Any, meeting: Meeting) -> list[tuple[Person, str, bool]]:
    """(person, their post, suggested) for a duty report meeting: everyone who may be invited,
    with the community secretaries suggested (each community secretary reports at year end)."""
    already = set(meeting.duty_reports.values_list("reporter_id", flat=True))
    people = (
        Person.objects.filter(scope.scope_q(actor, Cap.MEETINGS_MANAGE, field="node__path"))
        .filter(
            Q(positions__ended_on__isnull=True)
            & subtree_q(area_of(meeting.node).path, field="positions__node__path")
        )
        .exclude(pk__in=already)
        .prefetch_related("positions__node")
        .distinct()
        .order_by("name", "id")
    )
    found = []
    for person in people:
        posts = [p for p in person.positions.all() if p.ended_on is None]
        posts.sort(key=lambda p: (p.title != PositionTitle.SECRETARY, p.node.path))
        main = posts[0] if posts else None
        suggested = any(
            p.title == PositionTitle.SECRETARY and p.node.kind == NodeKind.COMMUNITY_COMMITTEE for p in posts
        )
        label = f"{main.node.name}{main.get_title_display()}" if main else ""
        found.append((person, label, suggested))
    found.sort(key=lambda row: (not row[2], row[0].name))
    return found


@dataclass(frozen=True)
class Outcome:
    """A duty report's result: how many gave each grade, and the comments, without names."""

    good: int
    fairly_good: int
    average: int
    poor: int
    comments: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.good + self.fairly_good + self.average + self.poor

    @property
    def good_rate(self) -> float:
        """Share of 好 and 较好 (好评率), 0–100."""
        return round(100 * (self.good + self.fairly_good) / self.total, 1) if self.total else 0.0

    @property
    def score(self) -> float:
        """Average on 好 4, 较好 3, 一般 2, 差 1."""
        if not self.total:
            return 0.0
        points = 4 * self.good + 3 * self.fairly_good + 2 * self.average + self.poor
        return round(points / self.total, 2)

    @property
    def overall(self) -> str:
        """The grade nearest the average (a half rounds up)."""
        if not self.total:
            return ""
        nearest = int(self.score + 0.5)
        return next(grade for grade, points in GRADE_SCORES.items() if points == max(1, min(4, nearest)))

    @property
    def overall_label(self) -> str:
        return str(Grade(self.overall).label) if self.overall else ""

    def rows(self) -> list[tuple[str, str, int]]:
        return [(g.value, str(g.label), getattr(self, g.value)) for g in Grade]


def tally(report: DutyReport) -> Outcome:
    """A report's counts alone (for tables of reports; comments are read with ``outcome``)."""
    return Outcome(report.good, report.fairly_good, report.average, report.poor, ())


def outcome(*, actor: Any, report: DutyReport) -> Outcome | None:
    """The kept result of a report, for its reporter and those who see the meeting; None until
    grading closes. Nothing in it says who gave which grade."""
    if not actor.has_perm("meetings.see_outcome", report):
        raise Http404
    if report.meeting.grading != Grading.CLOSED:
        return None
    comments = tuple(report.comments.order_by("id").values_list("text", flat=True))
    return Outcome(report.good, report.fairly_good, report.average, report.poor, comments)


def my_reports(*, actor: Any) -> QuerySet[DutyReport]:
    """The actor's own duty reports."""
    if not _signed_in(actor):
        return DutyReport.objects.none()
    return (
        DutyReport.objects.filter(reporter__user_id=actor.pk)
        .exclude(meeting__state=MeetingState.CANCELLED)
        .select_related("meeting__node")
        .order_by("-meeting__starts_at", "-id")
    )


def my_report_get(*, actor: Any, pk: int | str) -> DutyReport:
    """A report the actor wrote, grades, or sees as staff."""
    if not _signed_in(actor):
        raise Http404
    membership = Attendance.objects.filter(
        meeting_id=OuterRef("meeting_id"),
        person__user_id=actor.pk,
        status__in=[AttendanceStatus.INVITED, AttendanceStatus.PRESENT],
    )
    visible = (
        Q(reporter__user_id=actor.pk)
        | Q(Exists(membership))
        | scope.scope_q(actor, Cap.MEETINGS_VIEW, field="meeting__node__path")
    )
    try:
        return DutyReport.objects.select_related("meeting__node", "reporter").filter(visible).get(pk=pk)
    except (DutyReport.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def to_grade(*, actor: Any) -> QuerySet[DutyReport]:
    """Reports waiting for the actor's grade: open grading, the actor a member, not yet graded."""
    if not _signed_in(actor):
        return DutyReport.objects.none()
    membership = Attendance.objects.filter(
        meeting_id=OuterRef("meeting_id"),
        person__user_id=actor.pk,
        status__in=[AttendanceStatus.INVITED, AttendanceStatus.PRESENT],
    )
    graded = Ballot.objects.filter(report_id=OuterRef("pk"), grader_id=actor.pk)
    return (
        DutyReport.objects.filter(Exists(membership), meeting__grading=Grading.OPEN)
        .exclude(reporter__user_id=actor.pk)
        .exclude(Exists(graded))
        .select_related("meeting__node", "reporter")
        .order_by("meeting__starts_at", "id")
    )


def has_graded(*, actor: Any, report: DutyReport) -> bool:
    return Ballot.objects.filter(report=report, grader_id=actor.pk).exists()

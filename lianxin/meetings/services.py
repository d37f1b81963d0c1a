"""Writes of meetings: each checks permission first, then writes in one transaction with an
audit row. Action deadlines are working days on the project's clock, counted from the meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import clock, scope
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.roles import Cap
from lianxin.core.services import notify
from lianxin.meetings.models import (
    Action,
    ActionEvent,
    ActionState,
    Attendance,
    AttendanceStatus,
    Ballot,
    Decision,
    DutyReport,
    Grade,
    GradeComment,
    Grading,
    Meeting,
    MeetingKind,
    MeetingState,
)
from lianxin.meetings.selectors import HELD_BY
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person

MAX_ACTION_DAYS = 120


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("node").get(pk=meeting.pk)


def _started(meeting: Meeting) -> bool:
    return meeting.starts_at <= timezone.now()


# --- meetings -----------------------------------------------------------------------------------


@dataclass
class MeetingInput:
    kind: str
    title: str
    starts_at: dt.datetime
    place: str = ""
    agenda: str = ""
    year: int | None = None  # the year a duty report meeting reports on


def _meeting_errors(node: OrgNode, data: MeetingInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in MeetingKind.values:
        errors["kind"] = [_("Choose the kind of meeting.")]
    elif node.kind not in HELD_BY[data.kind]:
        errors["kind"] = [
            _("A %(node)s does not hold this kind of meeting.") % {"node": node.get_kind_display()}
        ]
    if not data.title.strip():
        errors["title"] = [_("Give the meeting a title.")]
    if data.kind == MeetingKind.DUTY_REPORT and not data.year:
        errors["year"] = [_("Say which year is reported on.")]
    return errors


def meeting_create(*, actor: Any, node: OrgNode, data: MeetingInput) -> Meeting:
    require(actor, "meetings.manage", node, action="meetings.meeting.create")
    errors = _meeting_errors(node, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            node=node,
            kind=data.kind,
            title=data.title.strip(),
            starts_at=data.starts_at,
            place=data.place.strip(),
            agenda=data.agenda.strip(),
            year=data.year if data.kind == MeetingKind.DUTY_REPORT else None,
        )
        audit_record(actor=actor, action="meetings.meeting.create", obj=meeting)
    return meeting


def meeting_update(*, actor: Any, meeting: Meeting, data: MeetingInput) -> Meeting:
    """Change a planned meeting's title, time, place and agenda (not its kind)."""
    require(actor, "meetings.manage", meeting, action="meetings.meeting.update")
    data.kind = meeting.kind
    errors = _meeting_errors(meeting.node, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.state != MeetingState.PLANNED:
            raise ValidationError({"title": [_("Only a planned meeting can be changed.")]})
        locked.title, locked.starts_at = data.title.strip(), data.starts_at
        locked.place, locked.agenda = data.place.strip(), data.agenda.strip()
        if locked.kind == MeetingKind.DUTY_REPORT:
            locked.year = data.year
        locked.save()
        audit_record(actor=actor, action="meetings.meeting.update", obj=locked)
    return locked


def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    require(actor, "meetings.manage", meeting, action="meetings.meeting.cancel")
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.state != MeetingState.PLANNED:
            raise ValidationError({"reason": [_("Only a planned meeting can be cancelled.")]})
        locked.state, locked.cancel_reason = MeetingState.CANCELLED, reason.strip()[:200]
        locked.save(update_fields=["state", "cancel_reason", "updated_at"])
        audit_record(actor=actor, action="meetings.meeting.cancel", obj=locked)
    return locked


def meeting_hold(*, actor: Any, meeting: Meeting, minutes: str) -> Meeting:
    """Record that the meeting took place, with its minutes (they may be corrected later)."""
    require(actor, "meetings.manage", meeting, action="meetings.meeting.hold")
    if not minutes.strip():
        raise ValidationError({"minutes": [_("Write the minutes.")]})
    if not _started(meeting):
        raise ValidationError({"minutes": [_("Record the meeting once it has begun.")]})
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.state == MeetingState.CANCELLED:
            raise ValidationError({"minutes": [_("This meeting was cancelled.")]})
        locked.state, locked.minutes = MeetingState.HELD, minutes.strip()
        locked.save(update_fields=["state", "minutes", "updated_at"])
        audit_record(actor=actor, action="meetings.meeting.hold", obj=locked)
    return locked


# --- attendance ------------------------------------------------------------------------------------


def attendees_invite(*, actor: Any, meeting: Meeting, people: Iterable[Person]) -> int:
    """Invite people to the meeting; returns how many were newly invited (each is notified)."""
    require(actor, "meetings.manage", meeting, action="meetings.attendance.invite")
    people = list(people)
    if not people:
        raise ValidationError({"people": [_("Choose who to invite.")]})
    if any(not scope.in_scope(actor, Cap.MEETINGS_MANAGE, p.node.path) for p in people):
        raise ValidationError({"people": [_("Invite people registered in your area.")]})
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError({"people": [_("This meeting was cancelled.")]})
    with transaction.atomic():
        already = set(meeting.attendances.values_list("person_id", flat=True))
        new = [p for p in people if p.pk not in already]
        Attendance.objects.bulk_create([Attendance(meeting=meeting, person=p) for p in new])
        audit_record(
            actor=actor,
            action="meetings.attendance.invite",
            obj=meeting,
            detail={"people": [p.pk for p in new]},
        )
        users = [p.user for p in new if p.user_id is not None and p.user is not None]
        _notify_invited(users, meeting)
    return len(new)


def _notify_invited(users: list[Any], meeting: Meeting) -> None:
    when = timezone.localtime(meeting.starts_at)
    notify(
        users=users,
        title=_("Invited: %(title)s") % {"title": meeting.title},
        body=_("%(when)s, %(place)s") % {"when": f"{when:%Y-%m-%d %H:%M}", "place": meeting.place or "—"},
    )


def attendance_record(*, actor: Any, meeting: Meeting, statuses: Mapping[int, str]) -> int:
    """Record who was present, absent or on leave (by attendee person id); returns how many changed."""
    require(actor, "meetings.manage", meeting, action="meetings.attendance.record")
    if not _started(meeting):
        raise ValidationError({"statuses": [_("Record attendance once the meeting has begun.")]})
    if any(status not in AttendanceStatus.values for status in statuses.values()):
        raise ValidationError({"statuses": [_("Choose present, absent or on leave.")]})
    changed = 0
    with transaction.atomic():
        _lock(meeting)
        for row in meeting.attendances.select_for_update().filter(person_id__in=list(statuses)):
            status = statuses[row.person_id]
            if row.status != status:
                row.status = status
                row.save(update_fields=["status", "updated_at"])
                changed += 1
        audit_record(
            actor=actor, action="meetings.attendance.record", obj=meeting, detail={"changed": changed}
        )
    return changed


# --- decisions and actions ---------------------------------------------------------------------------


def decision_add(*, actor: Any, meeting: Meeting, text: str) -> Decision:
    require(actor, "meetings.manage", meeting, action="meetings.decision.add")
    if not text.strip():
        raise ValidationError({"text": [_("Write the decision.")]})
    if meeting.state == MeetingState.CANCELLED or not _started(meeting):
        raise ValidationError({"text": [_("Decisions are recorded once the meeting has begun.")]})
    with transaction.atomic():
        _lock(meeting)
        number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
        decision = Decision.objects.create(meeting=meeting, number=number, text=text.strip())
        audit_record(actor=actor, action="meetings.decision.add", obj=decision)
    return decision


def action_add(
    *, actor: Any, decision: Decision, text: str, owner_node: OrgNode, owner_person: Person, working_days: int
) -> Action:
    """An action the decision spawns: who does it, and within how many working days of the meeting."""
    meeting = decision.meeting
    require(actor, "meetings.manage", meeting, action="meetings.action.add")
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Say what is to be done.")]
    if not scope.in_scope(actor, Cap.MEETINGS_MANAGE, owner_node.path):
        errors["owner_node"] = [_("Choose a unit of your area.")]
    if not scope.in_scope(actor, Cap.MEETINGS_MANAGE, owner_person.node.path):
        errors["owner_person"] = [_("Choose someone registered in your area.")]
    if not 1 <= working_days <= MAX_ACTION_DAYS:
        errors["working_days"] = [_("Allow 1 to %(n)d working days.") % {"n": MAX_ACTION_DAYS}]
    if errors:
        raise ValidationError(errors)
    due = clock.add_working_days(meeting.starts_at, working_days)
    with transaction.atomic():
        action = Action.objects.create(
            decision=decision,
            meeting=meeting,
            text=text.strip(),
            owner_node=owner_node,
            owner_person=owner_person,
            working_days=working_days,
            due_at=due,
        )
        ActionEvent.objects.create(action=action, actor=actor, kind=ActionEvent.Kind.CREATED)
        audit_record(actor=actor, action="meetings.action.add", obj=action, detail={"due": due.isoformat()})
        if owner_person.user_id is not None:
            _notify_owner(owner_person.user, action)
    return action


def _notify_owner(owner: Any, action: Action) -> None:
    notify(
        users=[owner],
        title=_("A follow-up action for you: %(text)s") % {"text": action.text[:60]},
        body=_("Due %(due)s") % {"due": f"{timezone.localtime(action.due_at):%Y-%m-%d}"},
        url=reverse("meetings:action", args=[action.pk]),
    )


def _action_step(actor: Any, action: Action, kind: str, note: str, perm: str) -> Action:
    require(actor, perm, action, action=f"meetings.action.{kind}")
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        if kind in {ActionEvent.Kind.PROGRESS, ActionEvent.Kind.DONE} and locked.state != ActionState.OPEN:
            raise ValidationError({"note": [_("This action is already done.")]})
        if kind == ActionEvent.Kind.REOPENED and locked.state != ActionState.DONE:
            raise ValidationError({"note": [_("Only a finished action can be reopened.")]})
        now = timezone.now()
        if kind == ActionEvent.Kind.DONE:
            locked.state, locked.done_at = ActionState.DONE, now
        elif kind == ActionEvent.Kind.REOPENED:
            locked.state, locked.done_at = ActionState.OPEN, None
        locked.save()
        ActionEvent.objects.create(action=locked, at=now, actor=actor, kind=kind, note=note.strip())
        audit_record(actor=actor, action=f"meetings.action.{kind}", obj=locked)
    return locked


def action_progress(*, actor: Any, action: Action, note: str) -> Action:
    """The owner (or whoever follows up the owner unit) reports progress."""
    if not note.strip():
        raise ValidationError({"note": [_("Say what has been done so far.")]})
    return _action_step(actor, action, ActionEvent.Kind.PROGRESS, note, "meetings.follow_up")


def action_done(*, actor: Any, action: Action, note: str = "") -> Action:
    return _action_step(actor, action, ActionEvent.Kind.DONE, note, "meetings.follow_up")


def action_reopen(*, actor: Any, action: Action, note: str) -> Action:
    """The meeting's organisers send a finished action back (not done well enough)."""
    if not note.strip():
        raise ValidationError({"note": [_("Give a reason.")]})
    return _action_step(actor, action, ActionEvent.Kind.REOPENED, note, "meetings.manage")


# --- duty reports and their grading ------------------------------------------------------------------


def duty_reports_add(*, actor: Any, meeting: Meeting, reporters: Iterable[tuple[Person, str]]) -> int:
    """Name who reports at a duty report meeting (with their post); returns how many were added."""
    require(actor, "meetings.manage", meeting, action="meetings.report.add")
    reporters = list(reporters)
    if meeting.kind != MeetingKind.DUTY_REPORT:
        raise ValidationError({"reporters": [_("Only a duty report meeting hears duty reports.")]})
    if not reporters:
        raise ValidationError({"reporters": [_("Choose who reports.")]})
    if any(not scope.in_scope(actor, Cap.MEETINGS_MANAGE, p.node.path) for p, _post in reporters):
        raise ValidationError({"reporters": [_("Choose people registered in your area.")]})
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.grading != Grading.NOT_OPEN:
            raise ValidationError({"reporters": [_("Grading has begun: no more reports can be added.")]})
        already = set(locked.duty_reports.values_list("reporter_id", flat=True))
        new = [
            DutyReport(meeting=locked, reporter=p, post=post[:100])
            for p, post in reporters
            if p.pk not in already
        ]
        DutyReport.objects.bulk_create(new)
        # Reporters sit in the meeting too.
        invited = set(locked.attendances.values_list("person_id", flat=True))
        Attendance.objects.bulk_create(
            [Attendance(meeting=locked, person=r.reporter) for r in new if r.reporter_id not in invited]
        )
        audit_record(actor=actor, action="meetings.report.add", obj=locked, detail={"added": len(new)})
    return len(new)


def duty_report_submit(*, actor: Any, report: DutyReport, text: str) -> DutyReport:
    """The reporter (or the organisers for them) hands in the report's text, until grading opens."""
    require(actor, "meetings.write_report", report, action="meetings.report.submit")
    if not text.strip():
        raise ValidationError({"text": [_("Write the report.")]})
    with transaction.atomic():
        meeting = _lock(report.meeting)
        if meeting.grading != Grading.NOT_OPEN:
            raise ValidationError({"text": [_("Grading has begun: the report can no longer change.")]})
        locked = DutyReport.objects.select_for_update().get(pk=report.pk)
        locked.text, locked.submitted_at = text.strip(), timezone.now()
        locked.save(update_fields=["text", "submitted_at", "updated_at"])
        audit_record(actor=actor, action="meetings.report.submit", obj=locked)
    return locked


def grading_open(*, actor: Any, meeting: Meeting) -> Meeting:
    """Open grading at the meeting; its members are told."""
    require(actor, "meetings.manage", meeting, action="meetings.grading.open")
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.kind != MeetingKind.DUTY_REPORT or locked.grading != Grading.NOT_OPEN:
            raise ValidationError({"grading": [_("Grading can be opened once, at a duty report meeting.")]})
        if locked.state == MeetingState.CANCELLED or not _started(locked):
            raise ValidationError({"grading": [_("Grading opens when the meeting has begun.")]})
        if not locked.duty_reports.exists():
            raise ValidationError({"grading": [_("Name who reports first.")]})
        locked.grading = Grading.OPEN
        locked.save(update_fields=["grading", "updated_at"])
        audit_record(actor=actor, action="meetings.grading.open", obj=locked)
        reporters = set(locked.duty_reports.values_list("reporter_id", flat=True))
        members = [
            a.person.user
            for a in locked.attendances.select_related("person__user").filter(
                status__in=[AttendanceStatus.INVITED, AttendanceStatus.PRESENT], person__user__isnull=False
            )
            if reporters - {a.person_id}  # someone else's report to grade
        ]
        notify(
            users=members,
            title=_("Grade the duty reports: %(title)s") % {"title": locked.title},
            url=reverse("meetings:app-duty"),
        )
    return locked


def grading_close(*, actor: Any, meeting: Meeting) -> Meeting:
    """Close grading: the tallies are final and kept, and each reporter is told their outcome."""
    require(actor, "meetings.manage", meeting, action="meetings.grading.close")
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.grading != Grading.OPEN:
            raise ValidationError({"grading": [_("Grading is not open.")]})
        locked.grading, locked.grading_closed_at = Grading.CLOSED, timezone.now()
        locked.save(update_fields=["grading", "grading_closed_at", "updated_at"])
        audit_record(actor=actor, action="meetings.grading.close", obj=locked)
        reporters = [
            r.reporter.user
            for r in locked.duty_reports.select_related("reporter__user")
            if r.reporter.user_id
        ]
        notify(
            users=reporters,
            title=_("The outcome of your duty report: %(title)s") % {"title": locked.title},
            url=reverse("meetings:app-duty"),
        )
    return locked


GRADE_COLUMNS = {
    Grade.GOOD: "good",
    Grade.FAIRLY_GOOD: "fairly_good",
    Grade.AVERAGE: "average",
    Grade.POOR: "poor",
}


def duty_report_grade(*, actor: Any, report: DutyReport, grade: str, comment: str = "") -> Ballot:
    """A member grades a report, once. Only the receipt (who, when) and the tally are kept; the
    comment is kept without a name; nothing ties the grade to the grader."""
    require(actor, "meetings.grade", report, action="meetings.report.grade")
    if grade not in GRADE_COLUMNS:
        raise ValidationError({"grade": [_("Choose good, fairly good, average or poor.")]})
    if len(comment) > 1000:
        raise ValidationError({"comment": [_("Keep it under 1,000 characters.")]})
    try:
        with transaction.atomic():
            meeting = _lock(report.meeting)
            if meeting.grading != Grading.OPEN:
                raise ValidationError({"grade": [_("Grading is not open.")]})
            ballot = Ballot.objects.create(report=report, grader=actor)
            column = GRADE_COLUMNS[Grade(grade)]
            DutyReport.objects.filter(pk=report.pk).update(**{column: F(column) + 1})
            if comment.strip():
                GradeComment.objects.create(report=report, text=comment.strip())
            audit_record(actor=actor, action="meetings.report.grade", obj=report)  # no grade in the detail
    except IntegrityError as exc:
        raise ValidationError({"grade": [_("You have already graded this report.")]}) from exc
    return ballot

"""Who may do what with meetings. Staff act by capability on the meeting's organisation; an
action's owner reports on it; members of a duty report meeting grade; reporters see outcomes."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core import scope
from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap
from lianxin.meetings.models import Action, Attendance, AttendanceStatus, Decision, DutyReport, Meeting


def meeting_of(obj: Any) -> Meeting | None:
    if isinstance(obj, Meeting):
        return obj
    if isinstance(obj, Action | Decision | DutyReport):
        return obj.meeting
    return None


def org_path(obj: Any) -> str | None:
    """A node stands for itself; a meeting record for the organisation that held the meeting."""
    if hasattr(obj, "path"):
        return obj.path
    meeting = meeting_of(obj)
    return meeting.node.path if meeting is not None else None


can_view = scoped_predicate(Cap.MEETINGS_VIEW, org_path)
can_manage = scoped_predicate(Cap.MEETINGS_MANAGE, org_path)


def is_own(user: Any, person: Any) -> bool:
    return person is not None and person.user_id is not None and person.user_id == getattr(user, "pk", None)


@rules.predicate
def follows_up(user: Any, action: Any = None) -> bool:
    """The action's owner, or someone who follows up actions of the owner unit's area."""
    if action is None:
        return scope.has_capability(user, Cap.MEETINGS_FOLLOW_UP)
    if not isinstance(action, Action):
        return False
    return is_own(user, action.owner_person) or scope.in_scope(
        user, Cap.MEETINGS_FOLLOW_UP, action.owner_node.path
    )


@rules.predicate
def is_reporter(user: Any, report: Any = None) -> bool:
    return isinstance(report, DutyReport) and is_own(user, report.reporter)


@rules.predicate
def is_member(user: Any, report: Any = None) -> bool:
    """A member of the duty report meeting (invited or present), other than the reporter."""
    if not isinstance(report, DutyReport) or not getattr(user, "is_authenticated", False):
        return False
    if is_own(user, report.reporter):
        return False
    return Attendance.objects.filter(
        meeting_id=report.meeting_id,
        person__user_id=user.pk,
        status__in=[AttendanceStatus.INVITED, AttendanceStatus.PRESENT],
    ).exists()


rules.add_perm("meetings.view", can_view)  # obj: a node or a meeting record
rules.add_perm("meetings.manage", can_manage)  # obj: a node (a new meeting) or a meeting record
rules.add_perm("meetings.follow_up", can_manage | follows_up)  # obj: an Action
rules.add_perm("meetings.write_report", can_manage | is_reporter)  # obj: a DutyReport
rules.add_perm("meetings.grade", is_member)  # obj: a DutyReport
rules.add_perm("meetings.see_outcome", can_view | is_reporter)  # obj: a DutyReport

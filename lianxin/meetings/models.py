"""Meetings of the party organisations: the big working committee's monthly review meeting
(党建点评会), meetings on major matters, the year-end duty report meeting (述职评议) and the
branches' own meetings; attendance, minutes, decisions and the follow-up actions they spawn.

Duty-report grades are a secret ballot: who graded is kept (to grade once), what each gave
is not. Each grade only adds to its report's tallies, and comments are kept without a name.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class MeetingKind(models.TextChoices):
    REVIEW = "review", _("Party-building review meeting")  # 党建点评会 (monthly)
    AD_HOC = "ad_hoc", _("Meeting on a major matter")  # 遇有重大事项随时召开
    DUTY_REPORT = "duty_report", _("Year-end duty report meeting")  # 年底述职评议
    BRANCH_COMMITTEE = "branch_committee", _("Branch committee meeting")  # 支委会
    GENERAL_ASSEMBLY = "general_assembly", _("General meeting of party members")  # 党员大会
    PARTY_GROUP = "party_group", _("Party group meeting")  # 党小组会
    PARTY_CLASS = "party_class", _("Party class")  # 党课


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Grading(models.TextChoices):
    """Where a duty report meeting's grading stands."""

    NOT_OPEN = "not_open", _("Not open yet")
    OPEN = "open", _("Grading under way")
    CLOSED = "closed", _("Closed: results kept")


class Meeting(BaseModel):
    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("held by")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=150, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    state = models.CharField(
        _("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year reported on"), null=True, blank=True)
    grading = models.CharField(_("grading"), max_length=16, choices=Grading.choices, default=Grading.NOT_OPEN)
    grading_closed_at = models.DateTimeField(_("grading closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="duty_report") | Q(year__isnull=True, grading="not_open"),
                name="meeting_grading_only_duty_report",
            ),
            models.CheckConstraint(
                condition=~Q(kind="duty_report") | Q(year__isnull=False), name="meeting_duty_report_has_year"
            ),
        ]
        indexes = [models.Index(fields=["node", "kind", "starts_at"], name="meeting_node_kind_starts")]

    def __str__(self) -> str:
        return f"{self.title} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("On leave")  # 请假


class Attendance(BaseModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class Decision(BaseModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"


class ActionState(models.TextChoices):
    OPEN = "open", _("Not done yet")
    DONE = "done", _("Done")


class Action(BaseModel):
    """A follow-up action a decision spawned: who does it (node and person), by when."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="actions", verbose_name=_("decision")
    )
    meeting = models.ForeignKey(  # the decision's meeting, kept here for the lists
        Meeting, on_delete=models.PROTECT, related_name="actions", verbose_name=_("meeting")
    )
    text = models.TextField(_("what is to be done"))
    owner_node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="meeting_actions", verbose_name=_("owner unit")
    )
    owner_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="meeting_actions", verbose_name=_("owner")
    )
    working_days = models.PositiveSmallIntegerField(_("working days allowed"))
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(_("state"), max_length=8, choices=ActionState.choices, default=ActionState.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(working_days__gte=1), name="action_at_least_a_day"),
            models.CheckConstraint(
                condition=Q(state="open", done_at__isnull=True) | Q(state="done", done_at__isnull=False),
                name="action_done_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="action_state_due"),
            models.Index(fields=["meeting", "state"], name="action_meeting_state"),
        ]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def is_overdue(self) -> bool:
        return self.state == ActionState.OPEN and self.due_at < timezone.now()

    @property
    def done_late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at


class ActionEvent(models.Model):
    """One step of an action (set, progress reported, done, reopened); append-only."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Set")
        PROGRESS = "progress", _("Progress")
        DONE = "done", _("Done")
        REOPENED = "reopened", _("Reopened")

    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="events", verbose_name=_("follow-up action")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["action", "at"], name="actionevent_action_at")]

    def __str__(self) -> str:
        return f"{self.action_id} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("action steps are append-only")
        super().save(*args, **kwargs)


class Grade(models.TextChoices):
    GOOD = "good", _("Good")  # 好
    FAIRLY_GOOD = "fairly_good", _("Fairly good")  # 较好
    AVERAGE = "average", _("Average")  # 一般
    POOR = "poor", _("Poor")  # 差


class DutyReport(BaseModel):
    """One person's year-end duty report (述职报告), and the tally of the grades it received."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="duty_reports", verbose_name=_("meeting")
    )
    reporter = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="duty_reports",
        verbose_name=_("reporting member"),
    )
    post = models.CharField(_("post"), max_length=100)
    text = models.TextField(_("report"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    good = models.PositiveIntegerField(_("good"), default=0)
    fairly_good = models.PositiveIntegerField(_("fairly good"), default=0)
    average = models.PositiveIntegerField(_("average"), default=0)
    poor = models.PositiveIntegerField(_("poor"), default=0)

    class Meta:
        verbose_name = _("duty report")
        verbose_name_plural = _("duty reports")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "reporter"], name="dutyreport_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.reporter} · {self.post}"


class Ballot(models.Model):
    """That a member graded a report, and when: never what they gave."""

    report = models.ForeignKey(DutyReport, on_delete=models.PROTECT, related_name="ballots")
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["report", "grader"], name="ballot_once_per_grader")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.grader_id}"


class GradeComment(models.Model):
    """A grader's comment on a report, kept without a name or a time (a random key, so that not
    even the order of rows ties it to a ballot)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(DutyReport, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:30]

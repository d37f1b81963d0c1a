"""Meeting pages of the workbench: the list, the monthly review schedule, and one meeting with
its attendance, minutes, decisions and actions. Each form on a page calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.meetings import selectors, services
from lianxin.meetings.forms import (
    ActionForm,
    AttendanceForm,
    DecisionForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    ReasonForm,
    ReportersForm,
)
from lianxin.meetings.models import Grading, Meeting, MeetingKind, MeetingState

PAGE_SIZE = 25


def bound(request: HttpRequest, name: str) -> QueryDict | None:
    if request.method == "POST" and request.POST.get("form") == name:
        return request.POST
    return None


def run(request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], Any]) -> Any:
    return submit(request, form, action) if form.is_bound else None


@workbench_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    if not scope.has_capability(request.user, Cap.MEETINGS_VIEW):
        raise Http404
    within = current_scope(request)
    kind = request.GET.get("kind", "")
    year = request.GET.get("year", "")
    meetings = selectors.meeting_list(actor=request.user, within=within)
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    if year.isdigit():
        meetings = meetings.filter(starts_at__year=int(year))
    page = Paginator(selectors.meeting_rows(meetings=meetings), PAGE_SIZE).get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    context = {
        "page": page,
        "within": within,
        "kind": kind,
        "kinds": MeetingKind.choices,
        "year": year,
        "years": list(range(this_year + 1, this_year - 4, -1)),
        "query": urlencode({"kind": kind, "year": year}),
        "can_add": scope.has_capability(request.user, Cap.MEETINGS_MANAGE),
        "now": timezone.now(),
    }
    return render(request, "meetings/list.html", context)


@workbench_required
def review_schedule(request: HttpRequest) -> HttpResponse:
    """The big working committees' monthly review meetings, month by month: held, planned, missing."""
    if not scope.has_capability(request.user, Cap.MEETINGS_VIEW):
        raise Http404
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year_value = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    rows = selectors.review_schedule(
        actor=request.user, year=year_value, today=today, within=current_scope(request)
    )
    context = {
        "rows": rows,
        "year": year_value,
        "years": [year_value - 1, year_value + 1],
        "missing": sum(1 for _node, months in rows for m in months if m.status == "missing"),
        "can_add": scope.has_capability(request.user, Cap.MEETINGS_MANAGE),
    }
    return render(request, "meetings/schedule.html", context)


@workbench_required
def meeting_add(request: HttpRequest) -> HttpResponse:
    nodes = selectors.meeting_nodes(actor=request.user)
    if not nodes.exists():
        raise Http404
    initial: dict[str, Any] = {"day": timezone.localdate()}
    picked = request.GET.get("node", "")
    if picked.isdigit():
        initial["node"] = nodes.filter(pk=int(picked)).first()
    if request.GET.get("kind") in MeetingKind.values:
        initial["kind"] = request.GET["kind"]
    form = MeetingForm(request.POST or None, nodes=nodes, initial=initial)

    def create(data: dict[str, Any]) -> Meeting:
        return services.meeting_create(actor=request.user, node=data["node"], data=form.to_input())

    meeting = submit(request, form, create)
    if meeting is not None:
        messages.success(request, _("The meeting is on the schedule."))
        return redirect("meetings:meeting", meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("New meeting")})


@workbench_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, pk=pk, capability=Cap.MEETINGS_MANAGE)
    if meeting.state != MeetingState.PLANNED:
        raise Http404
    form = MeetingForm(request.POST or None, meeting=meeting)

    def update(data: dict[str, Any]) -> Meeting:
        return services.meeting_update(actor=request.user, meeting=meeting, data=form.to_input(meeting.kind))

    if submit(request, form, update):
        messages.success(request, _("Changes saved."))
        return redirect("meetings:meeting", meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": meeting.title, "meeting": meeting})


def _manage_forms(request: HttpRequest, meeting: Meeting) -> tuple[dict[str, Any], Any]:
    """The forms an organiser has on a meeting's page, and the result of the one sent."""
    user: Any = request.user
    started = meeting.starts_at <= timezone.now()
    live = meeting.state != MeetingState.CANCELLED
    found: dict[str, Any] = {}
    done: Any = None

    def offer(name: str, form: forms.Form, action: Callable[[dict[str, Any]], Any]) -> None:
        nonlocal done
        found[name] = form
        result = run(request, form, action)
        if result is not None:
            done = result

    if live:
        candidates = selectors.attendee_candidates(actor=user, meeting=meeting)
        offer(
            "invite",
            InviteForm(bound(request, "invite"), candidates=candidates, prefix="invite"),
            lambda d: services.attendees_invite(actor=user, meeting=meeting, people=d["people"]) or True,
        )
    if meeting.state == MeetingState.PLANNED:
        offer(
            "cancel",
            ReasonForm(bound(request, "cancel"), prefix="cancel"),
            lambda d: services.meeting_cancel(actor=user, meeting=meeting, reason=d["reason"]),
        )
    if live and started:
        rows = selectors.attendance(meeting=meeting)
        attendance = AttendanceForm(bound(request, "attendance"), rows=rows, prefix="att")
        offer(
            "attendance",
            attendance,
            lambda d: (
                services.attendance_record(actor=user, meeting=meeting, statuses=attendance.statuses())
                or True
            ),
        )
        offer(
            "minutes",
            MinutesForm(bound(request, "minutes"), prefix="minutes", initial={"minutes": meeting.minutes}),
            lambda d: services.meeting_hold(actor=user, meeting=meeting, minutes=d["minutes"]),
        )
        offer(
            "decision",
            DecisionForm(bound(request, "decision"), prefix="decision"),
            lambda d: services.decision_add(actor=user, meeting=meeting, text=d["text"]),
        )
    if meeting.kind == MeetingKind.DUTY_REPORT and meeting.grading == Grading.NOT_OPEN and live:
        reporters = ReportersForm(
            bound(request, "reporters"),
            candidates=selectors.reporter_candidates(actor=user, meeting=meeting),
            prefix="rep",
        )
        offer(
            "reporters",
            reporters,
            lambda d: (
                services.duty_reports_add(actor=user, meeting=meeting, reporters=reporters.chosen()) or True
            ),
        )
    return found, done


def _action_form(request: HttpRequest, meeting: Meeting, decisions: list[Any]) -> tuple[Any, Any]:
    """One form adds an action to any of the meeting's decisions."""
    if not decisions:
        return None, None
    user: Any = request.user
    form = ActionForm(
        bound(request, "action"),
        decisions=meeting.decisions.order_by("number"),
        nodes=selectors.owner_nodes(actor=user),
        people=selectors.owner_candidates(actor=user, meeting=meeting),
        prefix="action",
        initial={"owner_node": meeting.node, "decision": decisions[-1]},
    )
    return form, run(request, form, lambda d: services.action_add(actor=user, **d))


def _grading_step(request: HttpRequest, meeting: Meeting) -> Any:
    step = request.POST.get("form", "")
    if request.method != "POST" or step not in {"grading_open", "grading_close"}:
        return None
    service = services.grading_open if step == "grading_open" else services.grading_close
    try:
        return service(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            messages.error(request, " ".join(errors))
        return False


@workbench_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    manage = request.user.has_perm("meetings.manage", meeting)
    if request.method == "POST" and not manage:
        raise Http404
    decisions = list(selectors.decisions(meeting=meeting))
    found: dict[str, Any] = {}
    if manage:
        found, done = _manage_forms(request, meeting)
        if meeting.state != MeetingState.CANCELLED:
            found["action"], added = _action_form(request, meeting, decisions)
            done = done or added
        graded = _grading_step(request, meeting)
        if done is not None or graded is not None:
            if done is not None or graded:
                messages.success(request, _("Saved."))
            return redirect("meetings:meeting", meeting.pk)
    context = {
        "meeting": meeting,
        "manage": manage,
        "forms": found,
        "attendance": selectors.attendance(meeting=meeting),
        "decisions": decisions,
        "carried": selectors.carried_over(meeting=meeting) if meeting.kind == MeetingKind.REVIEW else None,
        "previous": selectors.previous_meeting(meeting=meeting),
        "reports": (
            [(r, selectors.tally(r)) for r in selectors.duty_reports(meeting=meeting)]
            if meeting.kind == MeetingKind.DUTY_REPORT
            else None
        ),
        "open_form": request.POST.get("form", "") if request.method == "POST" else "",
        "now": timezone.now(),
    }
    return render(request, "meetings/meeting.html", context, status=400 if request.method == "POST" else 200)

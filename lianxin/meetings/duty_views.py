"""Duty reports: the reporter writes and later sees the outcome; members grade on their phones;
the workbench shows a report with its kept tally. Nobody sees who gave which grade."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianxin.core.views import workbench_required
from lianxin.meetings import selectors, services
from lianxin.meetings.forms import GradeForm, ReportTextForm
from lianxin.meetings.models import DutyReport, Grading
from lianxin.meetings.views import bound, run


def _outcomes(actor: Any, reports: list[DutyReport]) -> list[tuple[DutyReport, selectors.Outcome | None]]:
    return [(report, selectors.outcome(actor=actor, report=report)) for report in reports]


@login_required
def app_duty(request: HttpRequest) -> HttpResponse:
    """My duty reports (write them, then see the outcome) and the reports waiting for my grade."""
    user: Any = request.user
    context = {
        "mine": _outcomes(user, list(selectors.my_reports(actor=user))),
        "to_grade": selectors.to_grade(actor=user),
    }
    return render(request, "meetings/app_duty.html", context)


@login_required
def app_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.my_report_get(actor=request.user, pk=pk)
    user: Any = request.user
    is_reporter = report.reporter.user_id == user.pk
    text_form = grade_form = None
    done = None
    if is_reporter and report.meeting.grading == Grading.NOT_OPEN:
        text_form = ReportTextForm(bound(request, "text"), prefix="text", initial={"text": report.text})
        done = run(
            request,
            text_form,
            lambda d: services.duty_report_submit(actor=user, report=report, text=d["text"]),
        )
    graded = selectors.has_graded(actor=user, report=report)
    if report.meeting.grading == Grading.OPEN and user.has_perm("meetings.grade", report) and not graded:
        grade_form = GradeForm(bound(request, "grade"), prefix="grade")
        done = run(request, grade_form, lambda d: services.duty_report_grade(actor=user, report=report, **d))
    if request.method == "POST" and text_form is None and grade_form is None:
        raise Http404
    if done is not None and grade_form is not None:
        messages.success(request, _("Thank you: your grade is in."))
        return redirect("meetings:app-duty")
    if done is not None:
        messages.success(request, _("Your report was saved."))
        return redirect("meetings:app-report", report.pk)
    context = {
        "report": report,
        "is_reporter": is_reporter,
        "outcome": selectors.outcome(actor=user, report=report)
        if user.has_perm("meetings.see_outcome", report)
        else None,
        "text_form": text_form,
        "grade_form": grade_form,
        "graded": graded,
    }
    return render(
        request, "meetings/app_report.html", context, status=400 if request.method == "POST" else 200
    )


@workbench_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A duty report on the workbench: its text and, once grading closed, its tally."""
    report = selectors.my_report_get(actor=request.user, pk=pk)
    user: Any = request.user
    if not user.has_perm("meetings.view", report):
        raise Http404
    form = None
    if user.has_perm("meetings.manage", report) and report.meeting.grading == Grading.NOT_OPEN:
        form = ReportTextForm(request.POST or None, initial={"text": report.text})
        if run(
            request, form, lambda d: services.duty_report_submit(actor=user, report=report, text=d["text"])
        ):
            messages.success(request, _("Saved."))
            return redirect("meetings:report", report.pk)
    elif request.method == "POST":
        raise Http404
    context = {
        "report": report,
        "outcome": selectors.outcome(actor=user, report=report),
        "ballots": report.ballots.count(),
        "form": form,
    }
    return render(request, "meetings/report.html", context, status=400 if request.method == "POST" else 200)

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.casework import rules as case_rules
from lianxin.casework import selectors, suggest
from lianxin.casework.forms import CaseForm, IntakeForm, StepForm
from lianxin.casework.models import Case
from lianxin.casework.services import StateConflict, case_submit, case_transition
from lianxin.casework.workflow import OPEN_STATES, TRANSITIONS, Party, State, available
from lianxin.core import clock, scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required

PAGE_SIZE = 25
CASE_CAPS = (Cap.CASES_VIEW, Cap.CASES_DISPATCH, Cap.CASES_HANDLE)


def _remaining(case: Case) -> dict[str, Any]:
    """Working time left before the case's current deadline (negative: overdue)."""
    deadline = case.accept_due if case.state == State.SUBMITTED else case.due_at
    if deadline is None or case.state not in OPEN_STATES or case.state == State.REPLIED:
        return {}
    left = clock.working_time_between(timezone.now(), deadline)
    hours = left.total_seconds() / 3600
    return {"deadline": deadline, "overdue": hours < 0, "hours_left": round(abs(hours), 1)}


def _originals(actor: Any, duplicates: list[tuple[Case, float]]) -> Any:
    """Requests a case may be merged into: its likely duplicates the actor can see."""
    return selectors.case_list(actor=actor).filter(pk__in=[other.pk for other, _score in duplicates])


def _steps_for(
    actor: Any, case: Case, duplicates: list[tuple[Case, float]] | None = None
) -> list[tuple[Any, StepForm]]:
    parties = case_rules.parties(actor, case)
    steps = []
    for t in available(case.state):
        if t.action == "reopen" or not parties & t.parties:
            continue
        initial = {"unit": suggest.suggest_unit(case)} if t.action == "dispatch" else None
        if t.action == "merge" and duplicates is None:
            duplicates = suggest.likely_duplicates(case)
        originals = _originals(actor, duplicates or []) if t.action == "merge" else None
        steps.append(
            (t, StepForm(transition=t, actor=actor, prefix=t.action, initial=initial, originals=originals))
        )
    return steps


# --- resident app ---------------------------------------------------------------------------


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    cases = selectors.case_list(actor=user).filter(reporter_user=user).order_by("-submitted_at")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/app_list.html", {"page": page})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None, request.FILES or None)
    case = submit(request, form, lambda data: case_submit(actor=request.user, data=form.to_input()))
    if case is not None:
        messages.success(request, _("Your request %(number)s was received.") % {"number": case.number})
        return redirect("app-case", case.pk)
    return render(request, "casework/app_new.html", {"form": form})


@login_required
def my_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    if case.reporter_user_id != request.user.pk:
        raise Http404
    events = list(selectors.timeline(case=case))
    rate = None
    if case.state == State.CLOSED and not any(e.action == "rate" for e in events):
        rate = StepForm(transition=TRANSITIONS["rate"], actor=request.user, prefix="rate")
    context = {"case": case, "photos": selectors.case_photos(case=case), "events": events, "rate": rate}
    return render(request, "casework/app_detail.html", context)


@require_POST
@login_required
def my_case_rate(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    if case.reporter_user_id != request.user.pk:
        raise Http404
    form = StepForm(request.POST, transition=TRANSITIONS["rate"], actor=request.user, prefix="rate")

    def rate(data: dict[str, Any]) -> Case:
        return case_transition(actor=request.user, case=case, action="rate", step=form.to_step())

    try:
        rated = submit(request, form, rate)
    except StateConflict as conflict:
        messages.error(request, str(conflict))
        return redirect("app-case", case.pk)
    if rated is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("app-case", case.pk)


# --- workbench --------------------------------------------------------------------------------


def _may_see_cases(user: Any) -> bool:
    return any(scope.has_capability(user, cap) for cap in CASE_CAPS)


@workbench_required
def case_queue(request: HttpRequest) -> HttpResponse:
    if not _may_see_cases(request.user):
        raise Http404
    state = request.GET.get("state", "open")
    user: Any = request.user
    cases = selectors.case_list(actor=user, own=False).exclude(reporter_user=user)
    if state == "open":
        cases = cases.filter(state__in=OPEN_STATES)
    elif state in State.values:
        cases = cases.filter(state=state)
    if request.GET.get("mine") == "1":
        cases = cases.filter(scope.scope_q(request.user, Cap.CASES_HANDLE, field="unit__path"))
    cases = cases.order_by("due_at", "accept_due", "id")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "states": State.choices,
        "mine": request.GET.get("mine") == "1",
        "query": urlencode({"state": state, "mine": request.GET.get("mine", "")}),
        "can_intake": scope.has_capability(request.user, Cap.CASES_INTAKE),
        "now": timezone.now(),
    }
    return render(request, "casework/queue.html", context)


SUPERVISION_SHOWS = {
    "all": _("All"),
    "overdue": _("Overdue, not yet supervised"),
    "supervised": _("Under supervision"),
}


@workbench_required
def case_supervision(request: HttpRequest) -> HttpResponse:
    """督办: open requests past their deadline or under supervision, longest overdue first."""
    if not any(scope.has_capability(request.user, cap) for cap in (Cap.CASES_SUPERVISE, Cap.CASES_DISPATCH)):
        raise Http404
    show = request.GET.get("show", "all")
    show = show if show in SUPERVISION_SHOWS else "all"
    now = timezone.now()
    cases = selectors.supervision_list(actor=request.user, now=now, show=show)
    context = {
        "page": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
        "by_unit": selectors.supervision_by_unit(cases=cases),
        "show": show,
        "shows": SUPERVISION_SHOWS,
        "query": urlencode({"show": show}),
        "may_supervise": scope.has_capability(request.user, Cap.CASES_SUPERVISE),
        "now": now,
    }
    return render(request, "casework/supervision.html", context)


def _case_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    dispatching = case.state in {State.SUBMITTED, State.ACCEPTED, State.RETURNED}
    suggesting = dispatching and Party.DISPATCHER in case_rules.parties(request.user, case)
    duplicates = suggest.likely_duplicates(case) if suggesting else None
    context = {
        "case": case,
        "photos": selectors.case_photos(case=case),
        "events": selectors.timeline(case=case),
        "steps": _steps_for(request.user, case, duplicates),
        "remaining": _remaining(case),
        **extra,
    }
    if suggesting:
        context["duplicates"] = duplicates
        context["suggested_categories"] = [
            s.category for s in suggest.suggest_categories(case.text) if s.category.pk != case.category_id
        ]
    return context


@workbench_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    return render(request, "casework/case.html", _case_context(request, case))


@require_POST
@workbench_required
def case_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    transition = TRANSITIONS.get(action)
    if transition is None or action == "reopen":
        raise Http404
    originals = _originals(request.user, suggest.likely_duplicates(case)) if action == "merge" else None
    form = StepForm(
        request.POST,
        request.FILES,
        transition=transition,
        actor=request.user,
        prefix=action,
        originals=originals,
    )
    try:
        done = submit(
            request,
            form,
            lambda data: case_transition(actor=request.user, case=case, action=action, step=form.to_step()),
        )
    except StateConflict as conflict:
        return _conflict(request, case, str(conflict))
    if done is not None:
        messages.success(request, _("Done: %(action)s.") % {"action": transition.label})
        if not selectors.case_list(actor=request.user).filter(pk=case.pk).exists():
            # e.g. a unit that sent the case back no longer sees it: back to its queue, not a 404
            return redirect("cases")
        return redirect("case", case.pk)
    context = _case_context(request, case, open_step=action)
    context["steps"] = [(t, form if t.action == action else f) for t, f in context["steps"]]
    return render(request, "casework/case.html", context, status=400)


def _conflict(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    fresh = selectors.case_get(actor=request.user, pk=case.pk)
    return render(request, "casework/case.html", _case_context(request, fresh, conflict=message), status=409)


@workbench_required
def case_intake(request: HttpRequest) -> HttpResponse:
    if not scope.has_capability(request.user, Cap.CASES_INTAKE):
        raise Http404
    form = IntakeForm(request.POST or None, request.FILES or None, actor=request.user)
    case = submit(request, form, lambda data: case_submit(actor=request.user, data=form.to_input()))
    if case is not None:
        messages.success(request, _("Request %(number)s was taken in.") % {"number": case.number})
        return redirect("case", case.pk)
    return render(request, "casework/intake.html", {"form": form})


@login_required
def case_photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    """A photo of a case, for those who may see the case (residents: their own)."""
    case = selectors.case_get(actor=request.user, pk=pk)
    photo = case.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response

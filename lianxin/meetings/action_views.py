"""Follow-up actions: the list (overdue ones first to see) and one action with its steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.meetings import selectors, services
from lianxin.meetings.forms import NoteForm
from lianxin.meetings.models import ActionState
from lianxin.meetings.views import PAGE_SIZE, bound, run

SHOWS = {
    "open": gettext_lazy("Not done yet"),
    "overdue": gettext_lazy("Overdue"),
    "done": gettext_lazy("Done"),
    "all": gettext_lazy("All"),
}


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Actions of the meetings in one's areas, of the units one follows up, and one's own."""
    user: Any = request.user
    show = request.GET.get("show", "open")
    show = show if show in SHOWS else "open"
    mine = request.GET.get("mine") == "1"
    now = timezone.now()
    actions = selectors.action_list(actor=user)
    if mine:
        actions = actions.filter(owner_person__user_id=user.pk)
    everything = actions
    actions = selectors.action_filter(actions, show=show, now=now)
    context = {
        "page": Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page")),
        "show": show,
        "shows": SHOWS,
        "mine": mine,
        "overdue": everything.filter(state=ActionState.OPEN, due_at__lt=now).count(),
        "query": urlencode({"show": show, "mine": "1" if mine else ""}),
        "now": now,
        "shell": _shell(request),
    }
    return render(request, "meetings/actions.html", context)


def _shell(request: HttpRequest) -> str:
    """Staff see these pages in the workbench; owners without it, on the phone."""
    return "shell/workbench.html" if request.user.has_perm("core.use_workbench") else "shell/app.html"


@login_required
def action_page(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(actor=request.user, pk=pk)
    user: Any = request.user
    follow = user.has_perm("meetings.follow_up", action)
    manage = user.has_perm("meetings.manage", action)
    if request.method == "POST" and not (follow or manage):
        raise Http404
    found: dict[str, Any] = {}
    done = None
    if follow and action.state == ActionState.OPEN:
        found["progress"] = NoteForm(
            bound(request, "progress"), prefix="progress", required=True, label=_("Progress")
        )
        found["done"] = NoteForm(bound(request, "done"), prefix="done", label=_("What was done"))
        done = run(
            request,
            found["progress"],
            lambda d: services.action_progress(actor=user, action=action, note=d["note"]),
        ) or run(
            request, found["done"], lambda d: services.action_done(actor=user, action=action, note=d["note"])
        )
    if manage and action.state == ActionState.DONE:
        found["reopen"] = NoteForm(
            bound(request, "reopen"), prefix="reopen", required=True, label=_("Why reopen")
        )
        done = run(
            request,
            found["reopen"],
            lambda d: services.action_reopen(actor=user, action=action, note=d["note"]),
        )
    if done is not None:
        messages.success(request, _("Saved."))
        return redirect("meetings:action", action.pk)
    context = {
        "action": action,
        "events": selectors.action_events(action=action),
        "forms": found,
        "now": timezone.now(),
        "shell": _shell(request),
        "can_see_meeting": user.has_perm("meetings.view", action),
    }
    return render(request, "meetings/action.html", context, status=400 if request.method == "POST" else 200)

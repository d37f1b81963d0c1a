"""Workbench pages on in-service members' records: the community's confirmation queue and its
decisions, a member's report (receipt, claims, services, timeline), and the employer unit's
receipts, quarterly feedback sheet and list of members not yet reported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.posts import employer, member_services, selectors
from lianxin.posts.forms import CommentForm, DecisionForm
from lianxin.posts.models import Step
from lianxin.reports.periods import BadPeriod, parse, quarter


@workbench_required
def queue(request: HttpRequest) -> HttpResponse:
    if not scope.has_capability(request.user, Cap.POSTS_MANAGE):
        raise Http404
    within = current_scope(request)
    context = {"queue": selectors.queue(actor=request.user, within=within), "within": within}
    return render(request, "posts/queue.html", context)


def _decide(
    request: HttpRequest, record: Any, kind: str, decide: Callable[..., Any], back: str
) -> HttpResponse:
    if not request.user.has_perm("posts.manage", record):
        raise Http404
    form = DecisionForm(request.POST or None)

    def act(data: dict[str, Any]) -> Any:
        return decide(
            actor=request.user, confirm=data["decision"] == "confirm", reason=data["reason"], **{kind: record}
        )

    if submit(request, form, act):
        messages.success(request, _("The decision was recorded."))
        return redirect(back)
    return render(request, "posts/decide.html", {"form": form, "record": record, "kind": kind})


@workbench_required
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    return _decide(request, report, "report", member_services.report_decide, "posts:queue")


@workbench_required
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get(actor=request.user, pk=pk)
    return _decide(request, claim, "claim", member_services.claim_decide, "posts:queue")


@workbench_required
def service_decide(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get(actor=request.user, pk=pk)
    return _decide(request, service, "service", member_services.service_decide, "posts:queue")


@workbench_required
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's report: the receipt, claims, services and timeline; staff add quarterly comments."""
    report = selectors.report_get(actor=request.user, pk=pk)
    if not (request.user.has_perm("posts.view", report) or request.user.has_perm("posts.employer", report)):
        raise Http404  # the member's own receipt is on the phone
    manage = request.user.has_perm("posts.manage", report)
    if request.method == "POST" and not manage:
        raise Http404
    today = timezone.localdate()
    form = (
        CommentForm(request.POST or None, initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1})
        if manage
        else None
    )
    if (
        form is not None
        and submit(
            request, form, lambda data: member_services.comment_set(actor=request.user, report=report, **data)
        )
        is not None
    ):
        messages.success(request, _("Changes saved."))
        return redirect("posts:report", report.pk)
    context = {
        "report": report,
        "claims": list(selectors.claims_of(report=report)),
        "services": list(report.services.select_related("claim__post", "claim__need").order_by("-on", "-id")),
        "steps": list(Step.objects.filter(report=report).select_related("by")),
        "comments": list(report.comments.order_by("-year", "-quarter")),
        "form": form,
        "manage": manage,
    }
    return render(request, "posts/report.html", context)


# --- the employer unit ---------------------------------------------------------------------------


def _employer(request: HttpRequest) -> None:
    if not scope.has_capability(request.user, Cap.POSTS_EMPLOYER):
        raise Http404


@workbench_required
def employer_home(request: HttpRequest) -> HttpResponse:
    """The unit's reported members (with their receipts) and those not reported yet."""
    _employer(request)
    context = {
        "receipts": list(employer.receipts(actor=request.user)),
        "unreported": list(employer.unreported(actor=request.user)),
    }
    return render(request, "posts/employer.html", context)


@workbench_required
def employer_feedback(request: HttpRequest) -> HttpResponse:
    """The quarterly feedback sheet (服务登记反馈); ``?format=xlsx`` downloads it."""
    _employer(request)
    today = timezone.localdate()
    try:
        period = parse(request.GET.get("quarter", ""), today=today)
    except BadPeriod:
        period = quarter(today.year, (today.month - 1) // 3 + 1)
    if period.kind != "quarter":
        period = quarter(period.start.year, (period.start.month - 1) // 3 + 1)
    rows = employer.feedback(actor=request.user, period=period)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            employer.feedback_xlsx(rows=rows, period=period),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="feedback-{period.token}.xlsx"'
        return response
    year, number = period.start.year, (period.start.month - 1) // 3 + 1
    previous = quarter(year - 1, 4) if number == 1 else quarter(year, number - 1)
    following = quarter(year + 1, 1) if number == 4 else quarter(year, number + 1)
    context = {"rows": rows, "period": period, "previous": previous, "following": following}
    return render(request, "posts/feedback.html", context)

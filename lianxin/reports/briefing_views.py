"""Work briefings: write one from the figures, edit it, issue it, download it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.reports import exports, selectors, services
from lianxin.reports.briefings import is_heading, pieces
from lianxin.reports.forms import BriefingForm
from lianxin.reports.models import Briefing
from lianxin.reports.views import where


@workbench_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    node, period, problem = where(request)
    if problem:
        messages.error(request, problem)
    rows = selectors.briefing_list(actor=request.user, node=node)
    context = {
        "page": Paginator(rows, 25).get_page(request.GET.get("page")),
        "node": node,
        "period": period,
        "query": urlencode({"node": str(node.pk), "period": period.token}),
        "may_write": scope.in_scope(request.user, Cap.BRIEFINGS_WRITE, node.path),
    }
    return render(request, "reports/briefings.html", context)


@require_POST
@workbench_required
def briefing_new(request: HttpRequest) -> HttpResponse:
    node, period, problem = where(request, data=request.POST)
    if problem:
        messages.error(request, problem)
        return redirect(f"{reverse('reports:briefings')}?{urlencode({'node': str(node.pk)})}")
    briefing = services.briefing_create(actor=request.user, node=node, period=period)
    messages.success(request, _("A draft was written from the figures; read it through and edit it."))
    return redirect("reports:briefing", briefing.pk)


def _numbers(request: HttpRequest, briefing: Briefing) -> dict[str, str]:
    return selectors.briefing_numbers(actor=request.user, briefing=briefing)


@workbench_required
def briefing_page(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(actor=request.user, pk=pk)
    period = selectors.briefing_period(briefing)
    numbers = _numbers(request, briefing)
    paragraphs = [
        (is_heading(text.strip()), list(pieces(text.strip(), numbers)))
        for text in briefing.body.split("\n\n")
    ]
    context = {
        "briefing": briefing,
        "paragraphs": paragraphs,
        "query": urlencode({"node": str(briefing.node.pk), "period": period.token}),
        "period": period,
        "may_write": scope.in_scope(request.user, Cap.BRIEFINGS_WRITE, briefing.node.path),
    }
    return render(request, "reports/briefing.html", context)


@workbench_required
def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(actor=request.user, pk=pk)
    if briefing.is_issued or not scope.in_scope(request.user, Cap.BRIEFINGS_WRITE, briefing.node.path):
        raise Http404
    form = BriefingForm(request.POST or None, initial={"title": briefing.title, "body": briefing.body})

    def save(data: dict[str, Any]) -> Briefing:
        return services.briefing_update(
            actor=request.user, briefing=briefing, title=data["title"], body=data["body"]
        )

    if submit(request, form, save) is not None:
        messages.success(request, _("Saved."))
        return redirect("reports:briefing", briefing.pk)
    return render(request, "reports/briefing_edit.html", {"briefing": briefing, "form": form})


@require_POST
@workbench_required
def briefing_issue(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_get(actor=request.user, pk=pk)
    try:
        services.briefing_issue(actor=request.user, briefing=briefing)
    except ValidationError as invalid:
        for problem in invalid.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("Issued: its figures are frozen as they are now."))
    return redirect("reports:briefing", briefing.pk)


@workbench_required
def briefing_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    briefing = selectors.briefing_get(actor=request.user, pk=pk)
    numbers = _numbers(request, briefing)
    if kind == "docx":
        content = exports.docx_bytes(briefing, numbers)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "pdf":
        content, mime = exports.pdf_bytes(briefing, numbers), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="briefing-{briefing.pk}.{kind}"'
    return response

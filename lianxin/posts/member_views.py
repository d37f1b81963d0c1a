"""Phone pages: an in-service party member reports to their community, claims posts and needs,
logs services and reads their points; a resident reads their community's responsibility list.
A service's page is shared with staff and the employer (the ledger and figures link to it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.forms import submit
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.selectors import person_of
from lianxin.posts import ledger, member_services, selectors
from lianxin.posts.forms import ReportForm, ServiceForm
from lianxin.posts.member_services import member_of
from lianxin.posts.models import Claim, Need, Post, State


@login_required
def member_home(request: HttpRequest) -> HttpResponse:
    person = member_of(actor=request.user, action="posts.member.home")
    report = selectors.open_report(person=person)
    posts: list[Post] = []
    needs: list[Need] = []
    claims: list[Claim] = []
    if report is not None and report.state == State.CONFIRMED:
        posts, needs = selectors.claimable(report=report)
        claims = list(selectors.claims_of(report=report))
    claimed = {(c.post_id, c.need_id) for c in claims if c.state != State.RETURNED}
    context = {
        "person": person,
        "report": report,
        "returned": selectors.reports_of(person=person).filter(state=State.RETURNED).first(),
        "posts": [(p, (p.pk, None) in claimed) for p in posts],
        "needs": [(n, (None, n.pk) in claimed) for n in needs],
        "claims": claims,
    }
    return render(request, "posts/app_home.html", context)


@login_required
def member_report(request: HttpRequest) -> HttpResponse:
    person = member_of(actor=request.user, action="posts.report.submit")
    home = selectors.community_of(person.node)
    communities = OrgNode.objects.filter(pk=home.pk) if home else OrgNode.objects.none()
    units = OrgNode.objects.filter(kind=NodeKind.UNIT, is_active=True).order_by("path")
    initial = {"community": home, "employer": person.employer}
    form = ReportForm(request.POST or None, communities=communities, units=units, initial=initial)
    if submit(request, form, lambda data: member_services.report_submit(actor=request.user, **data)):
        messages.success(request, _("You have reported to the community. It will confirm soon."))
        return redirect("posts:app-home")
    return render(request, "posts/app_form.html", {"form": form, "title": _("Report to my community")})


@login_required
def member_receipt(request: HttpRequest) -> HttpResponse:
    person = member_of(actor=request.user, action="posts.receipt")
    report = selectors.open_report(person=person)
    if report is None or report.state != State.CONFIRMED:
        raise Http404
    return render(request, "posts/app_receipt.html", {"report": report, "person": person})


@login_required
@require_POST
def member_claim(request: HttpRequest) -> HttpResponse:
    person = member_of(actor=request.user, action="posts.claim.submit")
    report = selectors.open_report(person=person)
    if report is None:
        raise Http404
    posts, needs = selectors.claimable(report=report)
    post = next((p for p in posts if str(p.pk) == request.POST.get("post")), None)
    need = next((n for n in needs if str(n.pk) == request.POST.get("need")), None)
    if post is None and need is None:
        raise Http404
    try:
        member_services.claim_submit(actor=request.user, post=post, need=need)
        messages.success(request, _("Claimed. The community will confirm it."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("posts:app-home")


@login_required
def member_services_page(request: HttpRequest) -> HttpResponse:
    person = member_of(actor=request.user, action="posts.services")
    services = list(selectors.services_of(person=person)[:200])
    return render(request, "posts/app_services.html", {"services": services})


@login_required
def member_service_new(request: HttpRequest) -> HttpResponse:
    person = member_of(actor=request.user, action="posts.service.log")
    report = selectors.open_report(person=person)
    if report is None or report.state != State.CONFIRMED:
        messages.error(request, _("Report to your community first; it must be confirmed."))
        return redirect("posts:app-home")
    claims = report.claims.filter(state=State.CONFIRMED).select_related("post", "need")
    form = ServiceForm(request.POST or None, request.FILES or None, claims=claims)
    if submit(
        request, form, lambda data: member_services.service_log(actor=request.user, data=form.to_input())
    ):
        messages.success(request, _("The service was logged. The community will confirm it."))
        return redirect("posts:app-services")
    return render(
        request, "posts/app_form.html", {"form": form, "title": _("Log a service"), "multipart": True}
    )


@login_required
def service_page(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get(actor=request.user, pk=pk)
    steps = list(service.steps.select_related("by"))
    manage = request.user.has_perm("posts.manage", service) and service.state == State.PENDING
    return render(request, "posts/app_service.html", {"service": service, "steps": steps, "manage": manage})


@login_required
def service_photo(request: HttpRequest, pk: int) -> FileResponse:
    service = selectors.service_get(actor=request.user, pk=pk)
    if not service.photo:
        raise Http404
    return FileResponse(service.photo.open("rb"), content_type=service.photo_type)


@login_required
def member_points(request: HttpRequest) -> HttpResponse:
    person = member_of(actor=request.user, action="posts.points")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year:
        year = today.year
    book = ledger.ledger_of(person_id=person.pk, year=year)
    years = list(range(today.year, today.year - 3, -1))
    return render(request, "posts/app_points.html", {"ledger": book, "year": year, "years": years})


@login_required
def resident_list(request: HttpRequest) -> HttpResponse:
    """The public items of the current responsibility list of the resident's community."""
    person = person_of(user=request.user)
    community = selectors.community_of(person.node) if person is not None else None
    version = selectors.current_version(community=community) if community is not None else None
    items: list[Any] = [item for item in version.items.all() if item.is_public] if version else []
    context = {"person": person, "community": community, "version": version, "items": items}
    return render(request, "posts/app_list.html", context)

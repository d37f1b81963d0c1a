"""Workbench pages of volunteer service for staff and leaders. Each page parses, calls one
service, and renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.permissions import require
from lianxin.core.roles import Cap
from lianxin.core.scope import scope_q
from lianxin.core.tree import subtree_q
from lianxin.core.views import workbench_required
from lianxin.orgs import selectors as org_selectors
from lianxin.volunteers import checkin, records, selectors, services
from lianxin.volunteers.forms import (
    ActivityForm,
    BrandForm,
    CertificateForm,
    DecideForm,
    EntryForm,
    HoursForm,
    MemberForm,
    PersonCodeForm,
    RevokeForm,
    ServedForm,
    TeamForm,
)
from lianxin.volunteers.models import CorrectionState, SignUpState
from lianxin.volunteers.pdf import certificate_pdf, qr_svg

MANAGE = Cap.VOLUNTEERS_MANAGE


def _bound(request: HttpRequest, name: str) -> QueryDict | None:
    if request.method == "POST" and request.POST.get("form") == name:
        return request.POST
    return None


def _run(request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], Any]) -> Any:
    return submit(request, form, action) if form.is_bound else None


def _managed_nodes(request: HttpRequest, within: Any = None) -> Any:
    nodes = org_selectors.node_list(actor=request.user, capability=MANAGE)
    return nodes.filter(subtree_q(within.path)) if within is not None else nodes


def _viewer(request: HttpRequest) -> None:
    if not scope.has_capability(request.user, Cap.VOLUNTEERS_VIEW):
        raise Http404


def _posting_manager(request: HttpRequest, obj: Any) -> None:
    """A form sent to a page needs the manage permission on its record (else 404, nothing saved)."""
    if request.method == "POST":
        require(request.user, "volunteers.manage", obj, action="volunteers.page.post")


# --- brands and teams ----------------------------------------------------------------------------


@workbench_required
def home(request: HttpRequest) -> HttpResponse:
    """Brands with their teams; a new brand."""
    _viewer(request)
    form = BrandForm(_bound(request, "brand"), prefix="brand", nodes=_managed_nodes(request))
    if form.is_bound and not scope.has_capability(request.user, MANAGE):
        raise Http404
    brand = _run(
        request,
        form,
        lambda d: services.brand_create(
            actor=request.user, node=d["node"], name=d["name"], description=d["description"]
        ),
    )
    if brand is not None:
        messages.success(request, _("Brand added."))
        return redirect("volunteers:brand", brand.pk)
    brands = list(selectors.brand_list(actor=request.user))
    teams = list(selectors.team_list(actor=request.user))
    context = {
        "brands": brands,
        "teams": teams,
        "form": form,
        "can_manage": scope.has_capability(request.user, MANAGE),
    }
    return render(request, "volunteers/home.html", context, status=400 if form.is_bound else 200)


@workbench_required
def brand(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.brand_get(actor=request.user, pk=pk)
    _posting_manager(request, item)
    form = TeamForm(
        _bound(request, "team"), prefix="team", nodes=_managed_nodes(request, item.node), area=item.node
    )
    team = _run(
        request,
        form,
        lambda d: services.team_create(
            actor=request.user,
            brand=item,
            data=services.TeamInput(
                name=d["name"], node=d["node"], leader=d["leader"], description=d["description"]
            ),
        ),
    )
    if team is not None:
        messages.success(request, _("Team added."))
        return redirect("volunteers:team", team.pk)
    context = {
        "brand": item,
        "teams": selectors.team_list(actor=request.user, brand=item),
        "form": form,
        "can_manage": request.user.has_perm("volunteers.manage", item),
    }
    return render(request, "volunteers/brand.html", context, status=400 if form.is_bound else 200)


@workbench_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.team_get(actor=request.user, pk=pk)
    _posting_manager(request, item)
    member_form = MemberForm(_bound(request, "member"), prefix="member", area=item.brand.node)
    activity_form = ActivityForm(_bound(request, "activity"), prefix="activity")
    if _run(
        request, member_form, lambda d: services.member_add(actor=request.user, team=item, person=d["person"])
    ):
        messages.success(request, _("Member added."))
        return redirect("volunteers:team", item.pk)
    activity = _run(
        request,
        activity_form,
        lambda d: services.activity_create(
            actor=request.user,
            team=item,
            data=services.ActivityInput(
                title=d["title"],
                place=d["place"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                capacity=d["capacity"],
                content=d["content"],
            ),
        ),
    )
    if activity is not None:
        messages.success(request, _("Activity added."))
        return redirect("volunteers:activity", activity.pk)
    context = {
        "team": item,
        "members": selectors.members(team=item),
        "activities": selectors.activity_list(actor=request.user, team=item)[:50],
        "member_form": member_form,
        "activity_form": activity_form,
        "can_manage": request.user.has_perm("volunteers.manage", item),
    }
    bad = member_form.is_bound or activity_form.is_bound
    return render(request, "volunteers/team.html", context, status=400 if bad else 200)


@require_POST
@workbench_required
def membership_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "end":
            services.membership_end(actor=request.user, membership=membership)
        else:
            services.membership_decide(actor=request.user, membership=membership, approve=action == "approve")
    except services.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("volunteers:team", membership.team_id)


# --- activities ----------------------------------------------------------------------------------


@workbench_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign-ups and waitlist, attendance and hours, people served; a volunteer's code accepted."""
    item = selectors.activity_get(actor=request.user, pk=pk)
    _posting_manager(request, item)
    code_form = PersonCodeForm(_bound(request, "code"), prefix="code")
    served_form = ServedForm(
        _bound(request, "served"),
        prefix="served",
        area=item.team.node,
        initial={"count": item.served_count, "people": list(item.served_people.all())},
    )
    signup = _run(
        request,
        code_form,
        lambda d: checkin.check_by_person_code(
            actor=request.user, activity=item, code=d["code"], direction=d["direction"]
        ),
    )
    if signup is not None:
        messages.success(request, _("%(name)s checked.") % {"name": signup.person.name})
        return redirect("volunteers:activity", item.pk)
    held = _run(
        request,
        served_form,
        lambda d: checkin.served_record(
            actor=request.user, activity=item, count=d["count"], people=list(d["people"])
        ),
    )
    if held is not None:
        messages.success(request, _("People served recorded."))
        return redirect("volunteers:activity", item.pk)
    if request.method == "POST" and request.POST.get("form") in ("confirm_all", "cancel"):
        try:
            if request.POST["form"] == "cancel":
                services.activity_cancel(actor=request.user, activity=item)
                messages.success(request, _("Activity cancelled."))
            else:
                done = checkin.hours_confirm_all(actor=request.user, activity=item)
                messages.success(request, _("Hours confirmed: %(n)d.") % {"n": done})
        except services.ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("volunteers:activity", item.pk)
    rows = [(s, checkin.computed_hours(s)) for s in selectors.signups(activity=item)]
    context = {
        "activity": item,
        "rows": rows,
        "taken": sum(1 for s, _h in rows if s.state == SignUpState.CONFIRMED),
        "code_form": code_form,
        "served_form": served_form,
        "hours_form": HoursForm(prefix="hours"),
        "can_manage": request.user.has_perm("volunteers.manage", item),
    }
    bad = code_form.is_bound or served_form.is_bound
    return render(request, "volunteers/activity.html", context, status=400 if bad else 200)


def _codes(request: HttpRequest, activity: Any) -> dict[str, Any]:
    urls = {
        direction: request.build_absolute_uri(
            reverse("volunteers:app-check", args=[activity.pk, checkin.activity_code(activity, direction)])
        )
        for direction in (checkin.IN, checkin.OUT)
    }
    return {
        "activity": activity,
        "urls": urls,
        "svg_in": qr_svg(urls[checkin.IN]),
        "svg_out": qr_svg(urls[checkin.OUT]),
        "refresh": checkin.CODE_REFRESH_SECONDS,
        "minutes": int(checkin.CODE_LIFETIME.total_seconds() // 60),
    }


@workbench_required
def activity_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's screen: check-in and check-out codes, renewed every minute."""
    item = selectors.activity_get(actor=request.user, pk=pk, capability=MANAGE)
    template = "volunteers/_codes.html" if request.headers.get("HX-Request") else "volunteers/qr.html"
    return render(request, template, _codes(request, item))


@require_POST
@workbench_required
def signup_hours(request: HttpRequest, pk: int) -> HttpResponse:
    signup = selectors.signup_get(actor=request.user, pk=pk)
    form = HoursForm(request.POST, prefix="hours")
    if form.is_valid():
        try:
            checkin.hours_confirm(
                actor=request.user,
                signup=signup,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Hours confirmed for %(name)s.") % {"name": signup.person.name})
        except services.ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Enter the hours as a number."))
    return redirect("volunteers:activity", signup.activity_id)


# --- records, corrections, certificates ----------------------------------------------------------


@workbench_required
def people(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    rows = selectors.volunteer_list(actor=request.user).order_by("name", "id")
    return render(request, "volunteers/people.html", {"people": rows[:200], "total": rows.count()})


@workbench_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.volunteer_get(actor=request.user, pk=pk)
    _posting_manager(request, item)
    form = EntryForm(_bound(request, "entry"), prefix="entry")
    entry = _run(
        request,
        form,
        lambda d: records.entry_add(
            actor=request.user, person=item, node=item.node, kind=d["kind"], title=d["title"], on=d["on"]
        ),
    )
    if entry is not None:
        messages.success(request, _("Added to the record."))
        return redirect("volunteers:person", item.pk)
    context = {
        "record": selectors.record(person=item),
        "form": form,
        "can_manage": request.user.has_perm("volunteers.manage", item),
    }
    return render(request, "volunteers/person.html", context, status=400 if form.is_bound else 200)


@workbench_required
def corrections(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    state = request.GET.get("state", CorrectionState.PENDING)
    rows = selectors.correction_list(
        actor=request.user, state=state if state in CorrectionState.values else None
    )
    context = {
        "corrections": rows[:100],
        "state": state,
        "states": CorrectionState.choices,
        "form": DecideForm(),
    }
    return render(request, "volunteers/corrections.html", context)


@require_POST
@workbench_required
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = selectors.correction_get(actor=request.user, pk=pk)
    try:
        records.correction_decide(
            actor=request.user,
            correction=correction,
            approve=request.POST.get("action") == "approve",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Correction decided."))
    except services.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("volunteers:corrections")


@workbench_required
def certificates(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    nodes = _managed_nodes(request)
    people_q = selectors.volunteer_list(actor=request.user).filter(
        scope_q(request.user, MANAGE, "node__path")
    )
    form = CertificateForm(_bound(request, "certificate"), prefix="certificate", people=people_q, nodes=nodes)
    if form.is_bound and not scope.has_capability(request.user, MANAGE):
        raise Http404
    issued = _run(
        request,
        form,
        lambda d: records.certificate_issue(
            actor=request.user,
            person=d["person"],
            issuer=d["issuer"],
            period_from=d["period_from"],
            period_to=d["period_to"],
        ),
    )
    if issued is not None:
        messages.success(request, _("Certificate %(number)s issued.") % {"number": issued.number})
        return redirect("volunteers:certificates")
    context = {
        "certificates": selectors.certificate_list(actor=request.user)[:100],
        "form": form,
        "can_manage": scope.has_capability(request.user, MANAGE),
        "revoke_form": RevokeForm(),
    }
    return render(request, "volunteers/certificates.html", context, status=400 if form.is_bound else 200)


@workbench_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.certificate_get(actor=request.user, pk=pk)
    return pdf_response(request, item)


@require_POST
@workbench_required
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.certificate_get(actor=request.user, pk=pk, capability=MANAGE)
    try:
        records.certificate_revoke(
            actor=request.user, certificate=item, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Certificate revoked."))
    except services.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("volunteers:certificates")


def pdf_response(request: HttpRequest, item: Any) -> HttpResponse:
    url = request.build_absolute_uri(reverse("volunteers:verify", args=[item.code]))
    response = HttpResponse(certificate_pdf(item, url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{item.number}.pdf"'
    return response

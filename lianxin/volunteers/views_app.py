"""Phone pages of volunteer service: a volunteer's teams, activities, check-in, hours, record and
certificates; and the public verification page of a certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.forms import submit
from lianxin.core.permissions import NotInScope
from lianxin.people.selectors import person_of
from lianxin.volunteers import checkin, records, selectors, services
from lianxin.volunteers.forms import CorrectionForm
from lianxin.volunteers.models import SignUpState, Team
from lianxin.volunteers.pdf import qr_svg
from lianxin.volunteers.views import pdf_response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = person_of(user=request.user)
    if person is None:
        return render(request, "volunteers/app_home.html", {"person": None})
    record = selectors.record(person=person)
    mine = {s.activity_id: s for s in selectors.my_signups(person=person)}
    context = {
        "person": person,
        "record": record,
        "teams": record.teams,
        "joinable": selectors.joinable_teams(person=person)[:20],
        "activities": [(a, mine.get(a.pk)) for a in selectors.open_activities(person=person)[:30]],
        "signups": [s for s in mine.values() if s.activity.state == "planned"],
    }
    return render(request, "volunteers/app_home.html", context)


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_of(user=request.user)
    item = selectors.activity_for_volunteer(person=person, pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                signup = selectors.my_signup(person=person, pk=int(request.POST.get("signup", 0)))
                services.signup_cancel(actor=request.user, signup=signup)
                messages.success(request, _("Your sign-up is cancelled."))
            else:
                signup = services.signup_create(actor=request.user, activity=item)
                if signup.state == SignUpState.CONFIRMED:
                    messages.success(request, _("You have a place."))
                else:
                    messages.info(request, _("The places are taken: you are on the waitlist."))
        except (ValidationError, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("volunteers:app-activity", item.pk)
    mine = item.signups.filter(person=person).exclude(state=SignUpState.CANCELLED).first()
    waiting_before = 0
    if mine is not None and mine.state == SignUpState.WAITLISTED:
        waiting_before = item.signups.filter(
            state=SignUpState.WAITLISTED, created_at__lt=mine.created_at
        ).count()
    context = {
        "activity": item,
        "signup": mine,
        "taken": item.signups.filter(state=SignUpState.CONFIRMED).count(),
        "waiting_before": waiting_before,
        "hours": checkin.computed_hours(mine) if mine else None,
    }
    return render(request, "volunteers/app_activity.html", context)


@login_required
def check(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The page the organiser's QR code opens: shows what it does, checks in or out on POST."""
    person = person_of(user=request.user)
    item = selectors.activity_for_volunteer(person=person, pk=pk)
    error, done = "", None
    direction = ""
    try:
        direction = checkin.read_activity_code(code, item)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.method == "POST" and not error:
        try:
            done = checkin.check_by_scan(actor=request.user, activity=item, code=code)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    context = {"activity": item, "direction": direction, "error": error, "done": done}
    if done is not None:
        context["hours"] = checkin.computed_hours(done)
    return render(
        request,
        "volunteers/app_check.html",
        context,
        status=400 if error and request.method == "POST" else 200,
    )


@require_POST
@login_required
def join(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team.objects.select_related("brand__node", "node"), pk=pk)
    try:
        services.membership_request(actor=request.user, team=team)
        messages.success(
            request, _("You asked to join %(team)s; the team will decide.") % {"team": team.name}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("volunteers:app-home")


@login_required
def my_code(request: HttpRequest) -> HttpResponse:
    """The volunteer's personal code, for the organiser to scan; renewed every minute."""
    person = person_of(user=request.user)
    if person is None:
        raise NotInScope
    code = checkin.person_code(person)
    context = {"person": person, "code": code, "svg": qr_svg(code), "refresh": checkin.CODE_REFRESH_SECONDS}
    template = "volunteers/_my_code.html" if request.headers.get("HX-Request") else "volunteers/app_code.html"
    return render(request, template, context)


@login_required
def record(request: HttpRequest) -> HttpResponse:
    person = person_of(user=request.user)
    if person is None:
        raise NotInScope
    return render(request, "volunteers/app_record.html", {"record": selectors.record(person=person)})


@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    signup = selectors.my_signup(person=person_of(user=request.user), pk=pk)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    done = submit(
        request,
        form,
        lambda d: records.correction_request(
            actor=request.user,
            signup=signup,
            new_hours=d["new_hours"],
            new_content=d["new_content"],
            reason=d["reason"],
        ),
    )
    if done is not None:
        messages.success(request, _("Your correction was sent; you will see the decision on your record."))
        return redirect("volunteers:app-record")
    return render(
        request,
        "volunteers/app_correct.html",
        {"signup": signup, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.my_certificate(person=person_of(user=request.user), pk=pk)
    return pdf_response(request, item)


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public, no log-in: the number, the name with the given name masked, hours, issuer, state."""
    item = selectors.certificate_by_code(code=code)
    context = {"certificate": item, "name": records.mask_name(item.person.name)}
    return render(request, "volunteers/verify.html", context)

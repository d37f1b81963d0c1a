"""Phone pages for residents, members and volunteers: notices addressed to them, events they may
join, their registration code, door check-in, and hazards after a safety training."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core.forms import submit
from lianxin.events import registrations as regs
from lianxin.events import selectors, services
from lianxin.events.forms import HazardForm
from lianxin.events.models import EventKind, EventState, FileKind, RegState
from lianxin.events.qr import qr_svg
from lianxin.people.models import Person
from lianxin.people.selectors import person_of


def _person(request: HttpRequest) -> Person:
    person = person_of(user=request.user)
    if person is None:
        raise Http404
    return person


@login_required
def app_notices(request: HttpRequest) -> HttpResponse:
    person = person_of(user=request.user)
    notices = list(selectors.notices_for(person=person)[:100]) if person else []
    return render(request, "events/app_notices.html", {"person": person, "notices": notices})


@login_required
def app_notice(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    notice = selectors.notice_for(person=person, pk=pk)
    services.notice_read(person=person, notice=notice)
    return render(request, "events/app_notice.html", {"notice": notice})


@login_required
def app_notice_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    notice = selectors.notice_for(person=_person(request), pk=pk)
    stored = notice.attachments.filter(pk=file_pk).first()
    if stored is None:
        raise Http404
    return FileResponse(stored.file.open("rb"), filename=stored.name, content_type=stored.content_type)


@login_required
def app_events(request: HttpRequest) -> HttpResponse:
    person = person_of(user=request.user)
    events = list(selectors.events_for(person=person)) if person else []
    mine = selectors.my_registrations(person=person) if person else {}
    rows = [(event, mine.get(event.pk)) for event in events]
    return render(request, "events/app_events.html", {"person": person, "rows": rows})


@login_required
def app_event(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    event = selectors.event_for(person=person, pk=pk)
    registration = selectors.registration_of(person=person, event=event)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "cancel" and registration is not None:
                regs.cancel(actor=request.user, registration=registration)
                messages.success(request, _("Your sign-up was withdrawn."))
            else:
                registration = regs.sign_up(actor=request.user, person=person, event=event)
                if registration.state == RegState.WAITLISTED:
                    messages.warning(request, _("The event is full: you are on the waitlist."))
                else:
                    messages.success(request, _("You are signed up."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("events:app-event", event.pk)
    now = timezone.now()
    context = {
        "event": event,
        "registration": registration,
        "qr": qr_svg(registration.code) if registration and registration.state == RegState.REGISTERED else "",
        "can_sign_up": registration is None and event.state == EventState.PUBLISHED and event.starts_at > now,
        "can_cancel": registration is not None
        and registration.checked_in_at is None
        and event.starts_at > now,
        "can_report": bool(
            registration
            and registration.checked_in_at
            and event.kind == EventKind.TRAINING
            and event.is_safety
        ),
        "materials": [f for f in event.files.all() if f.kind == FileKind.MATERIAL],
    }
    return render(request, "events/app_event.html", context)


@login_required
def app_event_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    event = selectors.event_for(person=_person(request), pk=pk)
    stored = event.files.filter(pk=file_pk, kind=FileKind.MATERIAL).first()
    if stored is None:
        raise Http404
    return FileResponse(stored.file.open("rb"), filename=stored.name, content_type=stored.content_type)


@login_required
def door_check_in(request: HttpRequest, token: str) -> HttpResponse:
    """Where the door code leads: the attendee confirms, and is checked in."""
    person = _person(request)
    error = ""
    event = None
    try:
        event = regs.door_event(token=token)
        if request.method == "POST":
            regs.check_in_door(actor=request.user, person=person, token=token)
            messages.success(request, _("You are checked in. Welcome!"))
            return redirect("events:app-event", event.pk)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return render(request, "events/app_check_in.html", {"event": event, "error": error})


@login_required
def app_hazard(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    event = selectors.event_for(person=person, pk=pk)
    registration = selectors.registration_of(person=person, event=event)
    if registration is None or registration.checked_in_at is None or not event.is_safety:
        raise Http404
    form = HazardForm(request.POST or None, request.FILES or None)
    hazard = submit(
        request,
        form,
        lambda d: regs.hazard_report(
            actor=request.user,
            person=person,
            event=event,
            kind=d["kind"],
            text=d["text"],
            address=d["address"],
            photos=d["photos"],
        ),
    )
    if hazard is not None:
        messages.success(request, _("Reported as request %(number)s.") % {"number": hazard.case.number})
        return redirect("events:app-event", event.pk)
    return render(request, "events/app_hazard.html", {"event": event, "form": form})

"""Workbench pages of notices and events, for staff and unit liaisons. Each page parses, calls
one service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.events import registrations as regs
from lianxin.events import selectors, services
from lianxin.events.exports import registrations_xlsx
from lianxin.events.forms import (
    CancelForm,
    CodeForm,
    EventForm,
    MaterialsForm,
    NoticeForm,
    SummaryForm,
    UnitSignupForm,
)
from lianxin.events.models import Event, EventState, FileKind, RegState
from lianxin.events.qr import qr_svg
from lianxin.orgs.models import OrgNode

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _need(request: HttpRequest, capability: str) -> None:
    if not scope.has_capability(request.user, capability):
        raise Http404


# --- notices -------------------------------------------------------------------------------------


@workbench_required
def notice_list(request: HttpRequest) -> HttpResponse:
    _need(request, Cap.NOTICES_MANAGE)
    within = current_scope(request)
    page = Paginator(selectors.notice_list(actor=request.user, within=within), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "events/notice_list.html", {"page": page, "within": within, "now": timezone.now()})


@workbench_required
def notice_add(request: HttpRequest) -> HttpResponse:
    _need(request, Cap.NOTICES_MANAGE)
    form = NoticeForm(request.POST or None, request.FILES or None, actor=request.user)
    notice = submit(
        request,
        form,
        lambda data: services.notice_publish(actor=request.user, node=data["node"], data=form.to_input()),
    )
    if notice is not None:
        messages.success(request, _("The notice was published."))
        return redirect("events:notice", notice.pk)
    return render(
        request, "events/form.html", {"form": form, "title": _("New notice"), "back": "events:notices"}
    )


@workbench_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get(actor=request.user, pk=pk)
    if request.method == "POST":
        services.notice_pin(actor=request.user, notice=notice, pinned=request.POST.get("pinned") == "1")
        return redirect("events:notice", notice.pk)
    page = Paginator(selectors.notice_not_read(notice=notice), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"notice": notice, "stats": selectors.notice_stats(notice=notice), "page": page, "query": ""}
    return render(request, "events/notice_detail.html", context)


# --- events --------------------------------------------------------------------------------------


@workbench_required
def event_list(request: HttpRequest) -> HttpResponse:
    _need(request, Cap.EVENTS_VIEW)
    within = current_scope(request)
    page = Paginator(selectors.event_list(actor=request.user, within=within), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "within": within,
        "can_add": scope.has_capability(request.user, Cap.EVENTS_MANAGE),
    }
    return render(request, "events/event_list.html", context)


@workbench_required
def event_add(request: HttpRequest) -> HttpResponse:
    _need(request, Cap.EVENTS_MANAGE)
    form = EventForm(request.POST or None, actor=request.user)

    def create(data: dict[str, Any]) -> Event:
        return services.event_create(
            actor=request.user, node=data["node"], data=form.to_input(), publish=data["publish"]
        )

    event = submit(request, form, create)
    if event is not None:
        messages.success(request, _("The event was saved."))
        return redirect("events:event", event.pk)
    return render(
        request, "events/form.html", {"form": form, "title": _("New event"), "back": "events:events"}
    )


def _event_post(request: HttpRequest, event: Event) -> Any:
    """Run the action of the form that was sent; None when its form has errors to show."""
    action = request.POST.get("form")
    forms: dict[str, Any] = {}
    form: Any
    result: Any
    if action == "cancel":
        forms["cancel"] = form = CancelForm(request.POST, prefix="cancel")
        result = submit(
            request,
            form,
            lambda d: services.event_cancel(actor=request.user, event=event, reason=d["reason"]),
        )
    elif action == "summary":
        forms["summary"] = form = SummaryForm(request.POST, request.FILES, prefix="summary")
        result = submit(
            request,
            form,
            lambda d: services.event_summarise(
                actor=request.user, event=event, summary=d["summary"], photos=d["photos"]
            ),
        )
    elif action == "materials":
        forms["materials"] = form = MaterialsForm(request.POST, request.FILES, prefix="materials")
        result = submit(
            request,
            form,
            lambda d: services.event_add_materials(actor=request.user, event=event, files=d["files"]),
        )
    else:
        raise Http404
    return result if result is not None else forms


@workbench_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    forms: dict[str, Any] = {}
    if request.method == "POST":
        if not request.user.has_perm("events.manage", event):
            raise Http404
        if request.POST.get("form") == "publish":
            try:
                services.event_publish(actor=request.user, event=event)
                messages.success(request, _("The event is open for sign-up."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("events:event", event.pk)
        outcome = _event_post(request, event)
        if not isinstance(outcome, dict):
            messages.success(request, _("Saved."))
            return redirect("events:event", event.pk)
        forms = outcome
    context = {
        "event": event,
        "can_manage": request.user.has_perm("events.manage", event),
        "registrations": list(selectors.registrations(event=event)),
        "files": list(event.files.all()),
        "hazards": list(event.hazards.select_related("case", "person")),
        "cancel_form": forms.get("cancel") or CancelForm(prefix="cancel"),
        "summary_form": forms.get("summary")
        or SummaryForm(prefix="summary", initial={"summary": event.summary}),
        "materials_form": forms.get("materials") or MaterialsForm(prefix="materials"),
        "has_started": event.starts_at <= timezone.now(),
        "FileKind": FileKind,
        "RegState": RegState,
    }
    return render(request, "events/event_detail.html", context)


@workbench_required
def event_door(request: HttpRequest, pk: int) -> HttpResponse:
    """The door code: a QR of our check-in URL, signed and expiring; the page fetches a new one
    every minute."""
    event = selectors.event_get(actor=request.user, pk=pk, capability=Cap.EVENTS_MANAGE)
    if event.state != EventState.PUBLISHED:
        raise Http404
    url = request.build_absolute_uri(regs.door_url(event=event))
    context = {"event": event, "qr": qr_svg(url, scale=8), "url": url}
    template = "events/_door_code.html" if request.headers.get("HX-Request") else "events/event_door.html"
    return render(request, template, context)


@workbench_required
def event_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's scanner page: a text field a code scanner fills."""
    event = selectors.event_get(actor=request.user, pk=pk, capability=Cap.EVENTS_MANAGE)
    form = CodeForm(request.POST or None)
    registration = submit(
        request, form, lambda d: regs.check_in_code(actor=request.user, event=event, code=d["code"])
    )
    if registration is not None:
        messages.success(request, _("%(name)s checked in.") % {"name": registration.person.name})
        return redirect("events:event-scan", event.pk)
    attended = selectors.attendance(event=event).count()
    return render(request, "events/event_scan.html", {"event": event, "form": form, "attended": attended})


@workbench_required
def event_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    if kind not in ("signups", "attendance"):
        raise Http404
    data = registrations_xlsx(event=event, attended_only=kind == "attendance")
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-{kind}.xlsx"'
    return response


@workbench_required
def event_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    stored = event.files.filter(pk=file_pk).first()
    if stored is None:
        raise Http404
    return FileResponse(stored.file.open("rb"), filename=stored.name, content_type=stored.content_type)


@workbench_required
def notice_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    notice = selectors.notice_get(actor=request.user, pk=pk)
    stored = notice.attachments.filter(pk=file_pk).first()
    if stored is None:
        raise Http404
    return FileResponse(stored.file.open("rb"), filename=stored.name, content_type=stored.content_type)


# --- unit sign-up ----------------------------------------------------------------------------------


def _unit(request: HttpRequest, pk: int | str) -> OrgNode:
    unit = selectors.signup_units(actor=request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


@workbench_required
def unit_events(request: HttpRequest) -> HttpResponse:
    _need(request, Cap.EVENTS_UNIT_SIGNUP)
    units = [
        (unit, list(selectors.unit_events(unit=unit))) for unit in selectors.signup_units(actor=request.user)
    ]
    return render(request, "events/unit_events.html", {"units": units})


@workbench_required
def unit_signup(request: HttpRequest, unit_pk: int, pk: int) -> HttpResponse:
    unit = _unit(request, unit_pk)
    event = selectors.unit_events(unit=unit).filter(pk=pk).first()
    if event is None:
        raise Http404
    signed = {r.person_id: r for r in selectors.registrations(event=event).filter(unit=unit)}
    staff = selectors.unit_staff(unit=unit).exclude(pk__in=list(signed))
    form = UnitSignupForm(request.POST or None, staff=staff)
    rows = submit(
        request,
        form,
        lambda d: regs.unit_sign_up(actor=request.user, unit=unit, event=event, people=list(d["people"])),
    )
    if rows is not None:
        messages.success(request, _("%(n)d people signed up.") % {"n": len(rows)})
        return redirect("events:unit-signup", unit.pk, event.pk)
    context = {"unit": unit, "event": event, "form": form, "signed": list(signed.values())}
    return render(request, "events/unit_signup.html", context)

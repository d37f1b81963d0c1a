"""Pages of the studio: the workbench for staff and leaders, the phone for representatives and
residents. Each page parses, calls one service, and renders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.liaison import selectors, services
from lianxin.liaison.conf import links_per_representative
from lianxin.liaison.forms import (
    AnswerForm,
    CancelForm,
    ConcernForm,
    ContactForm,
    EndForm,
    HoldForm,
    LinkForm,
    RepresentativeForm,
    SessionForm,
    StudioForm,
    ToCaseForm,
)
from lianxin.liaison.models import Concern, Link, Representative, Session, SessionKind, SessionState, Studio
from lianxin.liaison.rules import is_serving
from lianxin.people.selectors import person_of


def _bound(request: HttpRequest, name: str) -> QueryDict | None:
    """The POST data when this form was the one sent, else None (an unbound form)."""
    if request.method == "POST" and request.POST.get("form") == name:
        return request.POST
    return None


def _run(request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], Any]) -> Any:
    return submit(request, form, action) if form.is_bound else None


def _concern_rows(concerns: Any) -> list[tuple[Concern, selectors.CaseProgress | None]]:
    return [(concern, selectors.case_progress(concern=concern)) for concern in concerns]


# --- workbench: studios ------------------------------------------------------------------------


@dataclass
class StudioRow:
    studio: Studio
    representatives: list[selectors.RepresentativeRow]
    weeks: list[selectors.Week]

    @property
    def missed(self) -> int:
        """Weeks gone by without a session."""
        return sum(1 for week in self.weeks if week.gap and week.is_past)

    @property
    def unscheduled(self) -> int:
        """This week and the coming ones with nothing scheduled yet."""
        return sum(1 for week in self.weeks if week.gap and not week.is_past)

    @property
    def stale(self) -> int:
        return sum(row.stale for row in self.representatives)

    @property
    def short(self) -> int:
        return sum(1 for row in self.representatives if row.short)

    @property
    def links(self) -> int:
        return sum(len(row.links) for row in self.representatives)


def _studio_rows(studios: list[Studio], today: dt.date) -> list[StudioRow]:
    first, last = selectors.schedule_window(today)
    weeks = selectors.weekly_coverage(studios=studios, first=first, last=last, today=today)
    reps = selectors.representative_rows(studios=studios, today=today)
    return [StudioRow(s, reps.get(s.pk, []), weeks[s.pk]) for s in studios]


@workbench_required
def studio_list(request: HttpRequest) -> HttpResponse:
    """Every studio of the area in the scope picker: representatives, links, gap weeks."""
    if not scope.has_capability(request.user, Cap.LIAISON_VIEW):
        raise Http404
    within = current_scope(request)
    today = timezone.localdate()
    studios = list(selectors.studio_list(actor=request.user, within=within))
    context = {
        "rows": _studio_rows(studios, today),
        "within": within,
        "can_add": scope.has_capability(request.user, Cap.LIAISON_MANAGE),
    }
    return render(request, "liaison/studio_list.html", context)


@workbench_required
def studio_add(request: HttpRequest) -> HttpResponse:
    nodes = selectors.studio_nodes(actor=request.user)
    if not nodes.exists():
        raise Http404
    within = current_scope(request)
    initial = {"node": within} if within is not None and within in nodes else {}
    form = StudioForm(request.POST or None, nodes=nodes, initial=initial)

    def create(data: dict[str, Any]) -> Studio:
        return services.studio_create(actor=request.user, node=data["node"], data=form.to_input())

    studio = submit(request, form, create)
    if studio is not None:
        messages.success(request, _("%(name)s was set up.") % {"name": studio.name})
        return redirect("liaison:studio", studio.pk)
    return render(
        request, "liaison/form.html", {"form": form, "title": _("New studio"), "back": "liaison:studios"}
    )


@workbench_required
def studio_edit(request: HttpRequest, pk: int) -> HttpResponse:
    studio = selectors.studio_get(actor=request.user, pk=pk, capability=Cap.LIAISON_MANAGE)
    form = StudioForm(request.POST or None, studio=studio)

    def update(data: dict[str, Any]) -> Studio:
        return services.studio_update(actor=request.user, studio=studio, data=form.to_input())

    if submit(request, form, update):
        messages.success(request, _("Changes saved."))
        return redirect("liaison:studio", studio.pk)
    context = {"form": form, "title": studio.name, "studio": studio}
    return render(request, "liaison/form.html", context)


@workbench_required
def studio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    studio = selectors.studio_get(actor=request.user, pk=pk)
    today = timezone.localdate()
    first, last = selectors.schedule_window(today)
    [row] = _studio_rows([studio], today)
    sessions = list(selectors.sessions_between(studio=studio, first=selectors.week_start(first), last=last))
    by_week: dict[dt.date, list[Session]] = {}
    for session in sessions:
        by_week.setdefault(selectors.week_start(timezone.localtime(session.starts_at).date()), []).append(
            session
        )
    context = {
        "studio": studio,
        "row": row,
        "weeks": [(week, by_week.get(week.start, [])) for week in row.weeks],
        "can_manage": request.user.has_perm("liaison.manage", studio),
        "links_range": links_per_representative(),
    }
    return render(request, "liaison/studio_detail.html", context)


@workbench_required
def representative_add(request: HttpRequest, pk: int) -> HttpResponse:
    studio = selectors.studio_get(actor=request.user, pk=pk, capability=Cap.LIAISON_MANAGE)
    candidates = selectors.representative_candidates(actor=request.user, studio=studio)
    form = RepresentativeForm(request.POST or None, candidates=candidates)

    def add(data: dict[str, Any]) -> Representative:
        return services.representative_add(actor=request.user, studio=studio, **data)

    if submit(request, form, add):
        messages.success(request, _("The representative is on duty."))
        return redirect("liaison:studio", studio.pk)
    context = {"form": form, "title": _("Add a representative"), "studio": studio}
    return render(request, "liaison/form.html", context)


@workbench_required
def representative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    representative = selectors.representative_get(actor=request.user, pk=pk)
    if not request.user.has_perm("liaison.view", representative):
        raise Http404  # a representative's own page is on the phone (rep-home)
    manage = request.user.has_perm("liaison.manage", representative)
    if request.method == "POST" and not manage:
        raise Http404
    link_form = end_form = None
    today = timezone.localdate()
    links = selectors.link_rows(links=selectors.open_links(representative=representative), today=today)
    if manage and representative.ended_on is None:
        added = None
        if len(links) < links_per_representative()[1]:
            candidates = selectors.link_candidates(actor=request.user, representative=representative)
            link_form = LinkForm(_bound(request, "link"), candidates=candidates, prefix="link")
            added = _run(
                request,
                link_form,
                lambda data: services.link_add(actor=request.user, representative=representative, **data),
            )
        end_form = EndForm(_bound(request, "end"), prefix="end")
        ended = _run(
            request,
            end_form,
            lambda data: services.representative_end(
                actor=request.user, representative=representative, **data
            ),
        )
        if added or ended:
            messages.success(request, _("Saved."))
            return redirect("liaison:representative", representative.pk)
    concerns = selectors.concern_list(actor=request.user).filter(representative=representative)[:20]
    context = {
        "representative": representative,
        "links": links,
        "past_links": representative.links.filter(ended_on__isnull=False).select_related("person"),
        "concerns": _concern_rows(concerns),
        "link_form": link_form,
        "end_form": end_form,
        "can_manage": manage,
        "links_range": links_per_representative(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "liaison/representative.html", context, status=status)


@require_POST
@workbench_required
def link_end(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.link_get(actor=request.user, pk=pk)
    if not request.user.has_perm("liaison.manage", link):
        raise Http404
    form = EndForm(request.POST, prefix="end")
    ended = submit(request, form, lambda data: services.link_end(actor=request.user, link=link, **data))
    if ended is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    else:
        messages.success(request, _("The link with %(name)s ended.") % {"name": link.person.name})
    return redirect("liaison:representative", link.representative_id)


@workbench_required
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff put a session on the studio's schedule."""
    studio = selectors.studio_get(actor=request.user, pk=pk, capability=Cap.LIAISON_MANAGE)
    form = _session_form(request, studio, initial={"kind": SessionKind.STUDIO})
    session = submit(
        request,
        form,
        lambda data: services.session_schedule(actor=request.user, studio=studio, data=form.to_input()),
    )
    if session is not None:
        messages.success(request, _("The session is on the schedule."))
        return redirect("liaison:studio", studio.pk)
    return render(request, "liaison/session_form.html", {"form": form, "studio": studio})


def _session_form(request: HttpRequest, studio: Studio, initial: dict[str, Any]) -> SessionForm:
    return SessionForm(
        request.POST or None,
        places=selectors.place_choices(studio=studio),
        hosts=selectors.current_representatives(studio=studio),
        initial=initial,
    )


@workbench_required
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, pk, "liaison/session.html", "liaison:session")


# --- shared by the workbench and the phone ------------------------------------------------------


def _session_page(request: HttpRequest, pk: int, template: str, here: str) -> HttpResponse:
    session = selectors.session_get(actor=request.user, pk=pk)
    user: Any = request.user
    context: dict[str, Any] = {"session": session, "now": timezone.now()}
    if user.has_perm("liaison.work_session", session):
        started = timezone.localtime(session.starts_at).date() <= timezone.localdate()
        hosts = list(session.hosts.all())
        serving = any(
            is_serving(user, rep) for rep in selectors.current_representatives(studio=session.studio)
        )
        open_for_visitors = session.state != SessionState.CANCELLED and started
        concern_form = hold_form = cancel_form = None
        if open_for_visitors:
            choose = None if serving or len(hosts) < 2 else session.hosts.select_related("person")
            concern_form = ConcernForm(_bound(request, "concern"), hosts=choose, prefix="concern")
            initial = {"visitors": session.visitors or session.concerns.count(), "summary": session.summary}
            hold_form = HoldForm(_bound(request, "hold"), prefix="hold", initial=initial)
        if session.state == SessionState.PLANNED:
            cancel_form = CancelForm(_bound(request, "cancel"), prefix="cancel")
        done = None
        if concern_form is not None and concern_form.is_bound:
            done = _run(
                request,
                concern_form,
                lambda data: services.concern_record(actor=user, session=session, **data),
            )
        if hold_form is not None and hold_form.is_bound:
            done = _run(
                request, hold_form, lambda data: services.session_hold(actor=user, session=session, **data)
            )
        if cancel_form is not None and cancel_form.is_bound:
            done = _run(
                request,
                cancel_form,
                lambda data: services.session_cancel(actor=user, session=session, **data),
            )
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect(here, session.pk)
        context.update(
            concern_form=concern_form,
            hold_form=hold_form,
            cancel_form=cancel_form,
            started=started,
            open_form=request.POST.get("form", "") if request.method == "POST" else "",
        )
    elif request.method == "POST":
        raise Http404
    concerns = session.concerns.select_related(
        "case", "representative__person", "session", "contact"
    ).order_by("created_at", "id")
    context["concerns"] = _concern_rows(concerns)
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


# --- phone: residents ---------------------------------------------------------------------------


@login_required
def app_sessions(request: HttpRequest) -> HttpResponse:
    """Residents: the coming sessions of the studios serving where they live, and who will be there."""
    person = person_of(user=request.user)
    context = {
        "person": person,
        "sessions": selectors.upcoming_for(person=person, now=timezone.now()),
        "my_reps": selectors.my_representatives(person=person),
        "studios": selectors.studios_for(person=person),
        "is_rep": selectors.own_duties(actor=request.user).exists(),
    }
    return render(request, "liaison/app_sessions.html", context)


# --- phone: a representative's duty -----------------------------------------------------------------


def _duties(request: HttpRequest) -> list[Representative]:
    duties = list(selectors.own_duties(actor=request.user))
    if not duties:
        raise Http404
    return duties


@login_required
def rep_home(request: HttpRequest) -> HttpResponse:
    """A representative's duty: coming sessions, linked people, what was raised and where it went."""
    if not scope.has_capability(request.user, Cap.LIAISON_SERVE):
        raise Http404
    duties = list(selectors.own_duties(actor=request.user))
    now = timezone.now()
    today = timezone.localdate(now)
    studios = [duty.studio for duty in duties]
    weeks = selectors.weekly_coverage(
        studios=studios, first=today, last=today + dt.timedelta(weeks=3), today=today
    )
    links = selectors.link_rows(
        links=Link.objects.filter(representative__in=duties, ended_on__isnull=True), today=today
    )
    concerns = selectors.concern_list(actor=request.user).filter(representative__in=duties)[:15]
    context = {
        "duties": duties,
        "weeks": [(studio, weeks[studio.pk]) for studio in studios],
        "sessions": selectors.duty_sessions(duties=duties, now=now),
        "recent": selectors.recent_duty_sessions(duties=duties, now=now, limit=5),
        "links": links,
        "concerns": _concern_rows(concerns),
        "links_range": links_per_representative(),
    }
    return render(request, "liaison/rep_home.html", context)


@login_required
def rep_session_new(request: HttpRequest) -> HttpResponse:
    """A representative logs a session they hold, mobile or in the studio (now, or planned)."""
    duties = _duties(request)
    picked = request.GET.get("duty") or request.POST.get("duty")
    duty = next((d for d in duties if str(d.pk) == picked), duties[0])
    starts = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    ends = starts + dt.timedelta(hours=2)
    if ends.date() != starts.date():  # late in the evening: a session ends the day it starts
        ends = starts.replace(hour=23, minute=59)
    initial = {
        "kind": SessionKind.MOBILE,
        "day": starts.date(),
        "starts": starts.time(),
        "ends": ends.time(),
        "hosts": [duty.pk],
    }
    form = _session_form(request, duty.studio, initial)
    session = submit(
        request,
        form,
        lambda data: services.session_schedule(actor=request.user, studio=duty.studio, data=form.to_input()),
    )
    if session is not None:
        messages.success(request, _("The session is logged. Record who comes and what they raise."))
        return redirect("liaison:rep-session", session.pk)
    return render(request, "liaison/app_session_form.html", {"form": form, "duty": duty, "duties": duties})


@login_required
def rep_session(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, pk, "liaison/app_session.html", "liaison:rep-session")


@login_required
def rep_link(request: HttpRequest, pk: int) -> HttpResponse:
    """One linked person: contacts so far, and a form to log the next one."""
    link = selectors.link_get(actor=request.user, pk=pk)
    form = None
    if request.user.has_perm("liaison.record_contact", link) and link.ended_on is None:
        form = ContactForm(request.POST or None)
        contact = submit(
            request, form, lambda data: services.contact_record(actor=request.user, link=link, **data)
        )
        if contact is not None:
            messages.success(request, _("The contact is logged."))
            return redirect("liaison:rep-link", link.pk)
    elif request.method == "POST":
        raise Http404
    [row] = selectors.link_rows(links=Link.objects.filter(pk=link.pk), today=timezone.localdate())
    context = {"link": link, "row": row, "contacts": selectors.contacts_of(link=link), "form": form}
    return render(request, "liaison/app_link.html", context, status=400 if request.method == "POST" else 200)


@login_required
def rep_concern(request: HttpRequest, pk: int) -> HttpResponse:
    """What someone raised and, once it is a request, how it is going (number, state, reply, rating)."""
    concern = selectors.concern_get(actor=request.user, pk=pk)
    user: Any = request.user
    case_form = answer_form = None
    if user.has_perm("liaison.raise_case", concern):
        if concern.case_id is None:
            case_form = ToCaseForm(
                _bound(request, "case"), actor=user, prefix="case", initial={"text": concern.text}
            )
            answer_form = AnswerForm(
                _bound(request, "answer"), prefix="answer", initial={"answer": concern.answer}
            )
            case = _run(
                request,
                case_form,
                lambda data: services.concern_to_case(
                    actor=user, concern=concern, data=case_form.to_fields()
                ),
            )
            if case is not None:
                messages.success(request, _("Request %(number)s was taken in.") % {"number": case.number})
                return redirect("liaison:rep-concern", concern.pk)
            if _run(
                request,
                answer_form,
                lambda data: services.concern_answer(actor=user, concern=concern, **data),
            ):
                messages.success(request, _("Saved."))
                return redirect("liaison:rep-concern", concern.pk)
    elif request.method == "POST":
        raise Http404
    context = {
        "concern": concern,
        "progress": selectors.case_progress(concern=concern),
        "case_form": case_form,
        "answer_form": answer_form,
        "open_form": request.POST.get("form", "") if request.method == "POST" else "",
    }
    return render(
        request, "liaison/app_concern.html", context, status=400 if request.method == "POST" else 200
    )

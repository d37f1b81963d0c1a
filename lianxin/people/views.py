from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.orgs import selectors as org_selectors
from lianxin.orgs.models import OrgNode
from lianxin.people import roster, selectors, services
from lianxin.people.forms import AccountForm, PersonForm, RoleGrantForm, RosterUploadForm
from lianxin.people.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 25


def _within(request: HttpRequest) -> OrgNode | None:
    picked = request.GET.get("within") or request.POST.get("within")
    if picked:
        return org_selectors.node_get(actor=request.user, pk=picked, capability=Cap.WORKBENCH)
    return current_scope(request)


@workbench_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.view_person"):
        raise Http404
    within = _within(request)
    search = request.GET.get("q", "")
    flag = request.GET.get("flag", "")
    people = selectors.person_list(actor=request.user, within=within, search=search, flag=flag)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"q": search, "flag": flag, "within": within.pk if within else ""})
    context = {
        "page": page,
        "within": within,
        "search": search,
        "flag": flag,
        "flags": FLAG_LABELS,
        "query": query,
        "can_add": request.user.has_perm("people.add_person", within) if within else False,
    }
    template = "people/_rows.html" if request.htmx else "people/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


FLAG_LABELS = [
    ("is_party_member", gettext_lazy("Party members")),
    ("is_in_service_member", gettext_lazy("In-service party members")),
    ("is_volunteer", gettext_lazy("Volunteers")),
    ("is_activist", gettext_lazy("Activists")),
    ("is_party_rep", gettext_lazy("Party representatives")),
    ("is_community_worker", gettext_lazy("Community workers")),
]


@workbench_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    grants = RoleGrant.objects.none()
    if person.user_id is not None:
        grants = (
            RoleGrant.objects.filter(user_id=person.user_id).select_related("node").order_by("node__path")
        )
    context = {
        "person": person,
        "positions": person.positions.filter(ended_on__isnull=True).select_related("node"),
        "can_edit": request.user.has_perm("people.change_person", person),
        "can_reveal": request.user.has_perm("people.reveal_person", person),
        "can_grant": person.user_id is not None and request.user.has_perm("people.grant_role"),
        "grants": grants,
    }
    return render(request, "people/detail.html", context)


@workbench_required
def person_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.add_person"):
        raise Http404
    within = _within(request)
    form = PersonForm(request.POST or None, actor=request.user, initial={"node": within})
    person = submit(
        request, form, lambda data: services.person_create(actor=request.user, data=form.to_input())
    )
    if person is not None:
        messages.success(request, _("%(name)s was registered.") % {"name": person.name})
        return redirect("people:detail", person.pk)
    return render(request, "people/form.html", {"form": form, "person": None})


@workbench_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk, capability=Cap.PEOPLE_MANAGE)
    form = PersonForm(request.POST or None, actor=request.user, person=person)

    def update(data: dict[str, Any]) -> Person:
        return services.person_update(actor=request.user, person=person, data=form.to_input(person))

    if submit(request, form, update):
        messages.success(request, _("Changes saved."))
        return redirect("people:detail", person.pk)
    return render(request, "people/form.html", {"form": form, "person": person})


@require_POST
def person_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """The full value of one personal-data field, as an htmx fragment; audited."""
    if not request.user.is_authenticated or field not in services.PII_FIELDS:
        raise Http404
    own = selectors.person_of(user=request.user)
    if own is not None and own.pk == pk:
        person: Person = own
    else:
        person = selectors.person_get(actor=request.user, pk=pk, capability=Cap.PEOPLE_REVEAL)
    value = services.person_reveal(actor=request.user, person=person, field=field)
    return render(request, "people/_revealed.html", {"value": value})


@workbench_required
def roster_page(request: HttpRequest) -> HttpResponse:
    within = _within(request)
    if within is None or not request.user.has_perm("people.import_roster", within):
        raise Http404
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = roster.roster_import(actor=request.user, node=within, file=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, _("%(n)d people were imported.") % {"n": result.created})
            return redirect(f"{reverse('people:list')}?within={within.pk}")
    return render(request, "people/roster.html", {"form": form, "result": result, "within": within})


@workbench_required
def roster_template_download(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.import_roster"):
        raise Http404
    response = HttpResponse(roster.roster_template(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename=roster-template.xlsx"
    return response


@workbench_required
def roster_export_download(request: HttpRequest) -> HttpResponse:
    within = _within(request)
    if within is None:
        raise Http404
    reveal = request.GET.get("reveal") == "1"
    content = roster.roster_export(actor=request.user, node=within, reveal=reveal)
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename=roster-{within.code}-{stamp}.xlsx"
    return response


@workbench_required
def person_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a person a log-in."""
    person = selectors.person_get(actor=request.user, pk=pk, capability=Cap.PEOPLE_MANAGE)
    if person.user_id is not None:
        return redirect("people:detail", person.pk)
    form = AccountForm(request.POST or None)

    def create(data: dict[str, Any]) -> Any:
        return services.account_create(
            actor=request.user, person=person, username=data["username"], password=data["password"]
        )

    if submit(request, form, create):
        messages.success(request, _("The log-in was created."))
        return redirect("people:detail", person.pk)
    return render(
        request, "people/small_form.html", {"form": form, "person": person, "title": _("Create a log-in")}
    )


@workbench_required
def person_grant(request: HttpRequest, pk: int) -> HttpResponse:
    """Grant a role to a person's log-in, on a node of the actor's scope."""
    person = selectors.person_get(actor=request.user, pk=pk)
    holder = person.user
    if holder is None or not request.user.has_perm("people.grant_role"):
        raise Http404
    form = RoleGrantForm(request.POST or None, actor=request.user)
    if submit(request, form, lambda data: services.role_grant(actor=request.user, user=holder, **data)):
        messages.success(request, _("The role was granted."))
        return redirect("people:detail", person.pk)
    return render(
        request, "people/small_form.html", {"form": form, "person": person, "title": _("Grant a role")}
    )


@require_POST
@workbench_required
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(
        RoleGrant.objects.select_related("node", "user").filter(
            scope.scope_q(request.user, Cap.ORGS_MANAGE, field="node__path")
        ),
        pk=pk,
    )
    person = selectors.person_of(user=grant.user)
    services.role_revoke(actor=request.user, grant=grant)
    messages.success(request, _("The role was withdrawn."))
    return redirect("people:detail", person.pk) if person else redirect("people:list")

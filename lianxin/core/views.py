from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import nav, scope
from lianxin.core import selectors as core_selectors
from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome, Notification
from lianxin.core.roles import Cap
from lianxin.core.selectors import AuditFilters
from lianxin.core.services import notifications_mark_read
from lianxin.core.workbench import current_scope, set_scope
from lianxin.orgs import selectors as org_selectors
from lianxin.orgs.models import NodeKind
from lianxin.people import selectors as people_selectors
from lianxin.people.services import account_password_set


def workbench_required(view: Any) -> Any:
    """Log-in required; users without the workbench capability get 404."""

    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not scope.has_capability(request.user, Cap.WORKBENCH):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff land on the workbench, everyone else on the resident app."""
    if scope.has_capability(request.user, Cap.WORKBENCH):
        return redirect("workbench")
    return redirect("app-home")


@login_required
def app_home(request: HttpRequest) -> HttpResponse:
    person = people_selectors.person_of(user=request.user)
    context: dict[str, Any] = {"person": person, "tiles": nav.app_tiles(request.user, person)}
    if person is not None:
        context["community"] = org_selectors.nearest_ancestor(
            node=person.node, kinds={NodeKind.COMMUNITY, NodeKind.VILLAGE}
        )
        if person.grid is not None:
            context["grid_contacts"] = org_selectors.current_positions(node=person.grid)
    return render(request, "core/app_home.html", context)


@login_required
def app_me(request: HttpRequest) -> HttpResponse:
    person = people_selectors.person_of(user=request.user)
    grants = core_selectors.grants_in_force(user=request.user)
    return render(request, "core/app_me.html", {"person": person, "grants": grants})


@workbench_required
def workbench(request: HttpRequest) -> HttpResponse:
    """Figures for the node in the scope picker, all counted from records."""
    node = current_scope(request)
    context: dict[str, Any] = {"scope_node": node}
    if node is not None:
        context["kind_counts"] = org_selectors.kind_counts(
            nodes=org_selectors.subtree(node=node),
            kinds=[
                NodeKind.COMMUNITY,
                NodeKind.VILLAGE,
                NodeKind.GRID,
                NodeKind.BUILDING,
                NodeKind.UNIT,
                NodeKind.PARTY_BRANCH,
            ],
        )
        if scope.has_capability(request.user, Cap.PEOPLE_VIEW):
            context["people_counts"] = (
                people_selectors.person_list(actor=request.user, within=node)
                .order_by()
                .aggregate(
                    total=Count("id"),
                    party_members=Count("id", filter=Q(is_party_member=True)),
                    in_service=Count("id", filter=Q(is_in_service_member=True)),
                    volunteers=Count("id", filter=Q(is_volunteer=True)),
                    party_reps=Count("id", filter=Q(is_party_rep=True)),
                )
            )
    return render(request, "core/workbench.html", context)


@require_POST
@workbench_required
def scope_pick(request: HttpRequest) -> HttpResponse:
    node = org_selectors.node_get(
        actor=request.user, pk=request.POST.get("node", ""), capability=Cap.WORKBENCH
    )
    set_scope(request, node)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "workbench"
    return redirect(target)


@workbench_required
def audit_log(request: HttpRequest) -> HttpResponse:
    filters = AuditFilters.from_query(request.GET)
    entries = core_selectors.audit_entries(actor=request.user, filters=filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "outcomes": AuditOutcome.choices,
        "filters": filters,
        "query": urlencode(filters.as_query()),
    }
    return render(request, "core/audit_log.html", context)


@workbench_required
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered audit log as CSV (UTF-8 with BOM, so Excel shows the Chinese); audited."""
    filters = AuditFilters.from_query(request.GET)
    entries = core_selectors.audit_entries(actor=request.user, filters=filters)
    audit_record(actor=request.user, action="audit.export", detail=filters.as_query())
    header = [
        _("Time"),
        _("Who"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Outcome"),
        _("IP address"),
    ]

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(header)
        for entry in entries.iterator(chunk_size=2000):
            writer.writerow(
                [
                    timezone.localtime(entry.at).isoformat(timespec="seconds"),
                    entry.actor_label,
                    entry.action,
                    entry.object_type,
                    entry.object_id,
                    entry.object_repr,
                    entry.outcome,
                    entry.ip or "",
                ]
            )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename=audit-{stamp}.csv"
    return response


class PasswordChange(auth_views.PasswordChangeView):
    """Django's form (old password, validators, messages); the write goes through the service."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("home")  # staff to the workbench, residents to the app

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = account_password_set(
            actor=self.request.user, user=form.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.get_success_url())


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    user: Any = request.user
    page = Paginator(Notification.objects.filter(user=user), 30).get_page(request.GET.get("page"))
    unread = {n.pk for n in page if n.read_at is None}
    response = render(request, "core/notifications.html", {"page": page, "unread": unread})
    notifications_mark_read(actor=request.user, ids=unread)
    return response

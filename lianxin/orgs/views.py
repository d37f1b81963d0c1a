from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.orgs import selectors, services
from lianxin.orgs.forms import MemberForm, MoveForm, NodeForm, PositionForm
from lianxin.orgs.models import NodeKind, OrgNode, Position
from lianxin.people import selectors as people_selectors


@workbench_required
def tree(request: HttpRequest) -> HttpResponse:
    """The organisation tree from the top of the user's scope; branches open on demand."""
    roots = selectors.scope_roots(actor=request.user)
    return render(request, "orgs/tree.html", {"roots": roots, "scope_node": current_scope(request)})


@workbench_required
def children(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(actor=request.user, pk=pk)
    kids = selectors.children(node=node)
    return render(request, "orgs/_children.html", {"nodes": kids, "picker": request.GET.get("picker") == "1"})


@workbench_required
def picker(request: HttpRequest) -> HttpResponse:
    roots = selectors.scope_roots(actor=request.user, capability=Cap.WORKBENCH)
    return render(request, "orgs/_children.html", {"nodes": roots, "picker": True})


@workbench_required
def node_detail(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(actor=request.user, pk=pk)
    kids = selectors.children(node=node)
    line = list(selectors.ancestors(node=node))
    context: dict[str, Any] = {
        "node": node,
        "ancestors": [(a, scope.in_scope(request.user, Cap.ORGS_VIEW, a.path)) for a in line],
        "children": kids,
        "positions": selectors.current_positions(node=node),
        "past_positions": selectors.past_positions(node=node),
        "kind_counts": selectors.kind_counts(nodes=selectors.subtree(node=node).exclude(pk=node.pk)),
        "can_manage": request.user.has_perm("orgs.change_orgnode", node),
        "can_see_people": request.user.has_perm("people.view_person", node),
    }
    if node.kind == NodeKind.COMMUNITY_COMMITTEE:
        context["members"] = selectors.committee_members(committee=node)
    if context["can_see_people"]:
        context["people_here"] = people_selectors.person_list(actor=request.user, within=node).count()
    if node.boundary:
        context["boundary_json"] = json.dumps(node.boundary, ensure_ascii=False)
    return render(request, "orgs/node_detail.html", context)


@workbench_required
def node_add(request: HttpRequest, pk: int) -> HttpResponse:
    parent = selectors.node_get(actor=request.user, pk=pk, capability=Cap.ORGS_MANAGE)
    form = NodeForm(request.POST or None, parent=parent)
    node = submit(
        request, form, lambda data: services.org_node_create(actor=request.user, parent=parent, **data)
    )
    if node is not None:
        messages.success(request, _("%(name)s was added.") % {"name": node.name})
        return redirect("orgs:node", node.pk)
    return render(request, "orgs/node_form.html", {"form": form, "parent": parent, "node": None})


@workbench_required
def node_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node: OrgNode = selectors.node_get(actor=request.user, pk=pk, capability=Cap.ORGS_MANAGE)
    initial = {
        "name": node.name,
        "unit_type": node.unit_type,
        "address": node.address,
        "phone": node.phone,
        "latitude": node.latitude,
        "longitude": node.longitude,
        "boundary": json.dumps(node.boundary, ensure_ascii=False) if node.boundary else "",
        "is_active": node.is_active,
    }
    form = NodeForm(request.POST or None, initial=initial, editing=node)
    if submit(request, form, lambda data: services.org_node_update(actor=request.user, node=node, **data)):
        messages.success(request, _("Changes saved."))
        return redirect("orgs:node", node.pk)
    return render(request, "orgs/node_form.html", {"form": form, "parent": None, "node": node})


@workbench_required
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(actor=request.user, pk=pk, capability=Cap.ORGS_MANAGE)
    form = PositionForm(
        request.POST or None,
        people=selectors.post_holder_candidates(actor=request.user, node=node),
        initial={"started_on": timezone.localdate()},
    )
    if submit(request, form, lambda data: services.position_assign(actor=request.user, node=node, **data)):
        messages.success(request, _("The post was recorded."))
        return redirect("orgs:node", node.pk)
    return render(request, "orgs/small_form.html", {"form": form, "node": node, "title": _("Assign a post")})


@require_POST
@workbench_required
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(
        Position.objects.select_related("node").filter(
            scope.scope_q(request.user, Cap.ORGS_MANAGE, field="node__path")
        ),
        pk=pk,
    )
    try:
        services.position_end(actor=request.user, position=position)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The post was ended today."))
    return redirect("orgs:node", position.node_id)


@workbench_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = selectors.node_get(actor=request.user, pk=pk, capability=Cap.ORGS_MANAGE)
    if committee.kind != NodeKind.COMMUNITY_COMMITTEE:
        raise Http404
    form = MemberForm(
        request.POST or None,
        candidates=selectors.member_candidates(committee=committee),
        initial={"joined_on": timezone.localdate()},
    )
    added = submit(
        request,
        form,
        lambda data: services.committee_member_add(actor=request.user, committee=committee, **data),
    )
    if added:
        messages.success(request, _("The organisation joined the committee."))
        return redirect("orgs:node", committee.pk)
    title = _("Take an organisation into the committee")
    return render(request, "orgs/small_form.html", {"form": form, "node": committee, "title": title})


@workbench_required
def node_move(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_get(actor=request.user, pk=pk, capability=Cap.ORGS_MANAGE)
    form = MoveForm(request.POST or None, targets=selectors.move_targets(actor=request.user, node=node))
    if submit(request, form, lambda data: services.org_node_move(actor=request.user, node=node, **data)):
        messages.success(request, _("%(name)s was moved.") % {"name": node.name})
        return redirect("orgs:node", node.pk)
    title = _("Move %(name)s and everything below it") % {"name": node.name}
    return render(request, "orgs/small_form.html", {"form": form, "node": node, "title": title})

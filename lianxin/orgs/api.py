from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.core.roles import Cap
from lianxin.core.tree import STEPLEN, subtree_q
from lianxin.orgs import selectors, services
from lianxin.orgs.models import OrgNode

router = Router(tags=["organisation tree"])


class NodeOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    code: str
    path: str
    depth: int
    parent_id: int | None
    unit_type: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    boundary: dict[str, Any] | None

    @staticmethod
    def resolve_kind_label(obj: OrgNode) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent_id(obj: OrgNode) -> int | None:
        return getattr(obj, "parent_pk", None)


class NodeIn(Schema):
    parent_id: int
    kind: str
    name: str
    code: str
    unit_type: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    boundary: dict[str, Any] | None = None
    phone: str = ""


def with_parent_ids(qs: QuerySet[OrgNode]) -> QuerySet[OrgNode]:
    """Each node's parent id, from its path, in the same query (an indexed lookup per row)."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEPLEN)
    return qs.annotate(parent_pk=Subquery(OrgNode.objects.filter(path=parent_path).values("pk")[:1]))


@router.get("/nodes", response=list[NodeOut], summary="Nodes in my scope, in tree order")
@paginate(Pages)
def list_nodes(request: HttpRequest, within: int | None = None, kind: str | None = None) -> Any:
    qs = selectors.node_list(actor=request.user)
    if within is not None:
        qs = qs.filter(subtree_q(selectors.node_get(actor=request.user, pk=within).path))
    if kind:
        qs = qs.filter(kind=kind)
    return with_parent_ids(qs)


@router.get("/nodes/{node_id}", response={200: NodeOut, 404: Error}, summary="One node")
def get_node(request: HttpRequest, node_id: int) -> Any:
    node = selectors.node_get(actor=request.user, pk=node_id)
    return with_parent_ids(OrgNode.objects.filter(pk=node.pk)).get()


@router.post("/nodes", response={201: NodeOut, 400: Error, 404: Error}, summary="Add a node below a parent")
def create_node(request: HttpRequest, payload: NodeIn) -> Any:
    parent = selectors.node_get(actor=request.user, pk=payload.parent_id, capability=Cap.ORGS_MANAGE)
    data = payload.dict(exclude={"parent_id"})
    node = services.org_node_create(actor=request.user, parent=parent, **data)
    return Status(201, with_parent_ids(OrgNode.objects.filter(pk=node.pk)).get())

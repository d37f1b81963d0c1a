"""Writes to the org tree. Each checks scope first, then writes in one transaction and audits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.orgs.geo import validate_polygon
from lianxin.orgs.models import (
    ALLOWED_PARENTS,
    CommitteeMembership,
    MemberCategory,
    NodeKind,
    OrgNode,
    Position,
    PositionTitle,
)


def _validate_node_fields(
    *,
    kind: str,
    parent: OrgNode | None,
    unit_type: str,
    boundary: dict[str, Any] | None,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> None:
    if kind not in NodeKind.values:
        raise ValidationError({"kind": _("Unknown kind of node.")})
    allowed = ALLOWED_PARENTS[kind]
    if parent is None and allowed:
        raise ValidationError({"parent": _("Only a district can be a root of the tree.")})
    if parent is not None and parent.kind not in allowed:
        raise ValidationError(
            {
                "parent": _("A %(kind)s cannot be placed under a %(parent)s.")
                % {"kind": NodeKind(kind).label, "parent": parent.get_kind_display()}
            }
        )
    if kind == NodeKind.UNIT and not unit_type:
        raise ValidationError({"unit_type": _("Choose the type of unit.")})
    if kind != NodeKind.UNIT and unit_type:
        raise ValidationError({"unit_type": _("Only units have a unit type.")})
    if boundary is not None:
        if kind != NodeKind.GRID:
            raise ValidationError({"boundary": _("Only grids have a boundary.")})
        try:
            validate_polygon(boundary)
        except ValidationError as exc:
            raise ValidationError({"boundary": exc.messages}) from exc
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})
    if latitude is not None and kind not in {NodeKind.BUILDING, NodeKind.UNIT}:
        raise ValidationError({"latitude": _("Only buildings and units have a location point.")})


def org_node_create(
    *,
    actor: Any,
    parent: OrgNode | None,
    kind: str,
    name: str,
    code: str,
    unit_type: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    boundary: dict[str, Any] | None = None,
    phone: str = "",
) -> OrgNode:
    """Add a node under ``parent`` (a root district when ``parent`` is None: superusers only)."""
    if parent is None:
        require(actor, "orgs.add_root", None, action="orgs.node.create")
    else:
        require(actor, "orgs.add_orgnode", parent, action="orgs.node.create")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    _validate_node_fields(
        kind=kind,
        parent=parent,
        unit_type=unit_type,
        boundary=boundary,
        latitude=latitude,
        longitude=longitude,
    )
    if OrgNode.objects.filter(code=code).exists():
        raise ValidationError({"code": _("This code is already used by another node.")})
    fields = {
        "name": name,
        "kind": kind,
        "code": code,
        "unit_type": unit_type,
        "address": address,
        "latitude": latitude,
        "longitude": longitude,
        "boundary": boundary,
        "phone": phone,
    }
    with transaction.atomic():
        if parent is None:
            node = OrgNode.objects.add_root(fields)
        else:
            # Treebeard locks the parent row, so two children added at once get distinct paths.
            node = OrgNode.objects.add_child(parent, fields)
        audit_record(actor=actor, action="orgs.node.create", obj=node, detail={"kind": kind})
    return node


EDITABLE_NODE_FIELDS = (
    "name",
    "address",
    "latitude",
    "longitude",
    "boundary",
    "phone",
    "unit_type",
    "is_active",
)


def org_node_update(*, actor: Any, node: OrgNode, **changes: Any) -> OrgNode:
    """Change some editable fields; the others keep what the row holds now, not ``node``'s copy."""
    require(actor, "orgs.change_orgnode", node, action="orgs.node.update")
    unknown = set(changes) - set(EDITABLE_NODE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise ValidationError({"name": _("Enter a name.")})
    parent = OrgNode.objects.filter(path=node.parent_path).first() if node.depth > 1 else None
    with transaction.atomic():
        locked = OrgNode.objects.select_for_update().get(pk=node.pk)
        merged = {field: changes.get(field, getattr(locked, field)) for field in EDITABLE_NODE_FIELDS}
        _validate_node_fields(
            kind=locked.kind,
            parent=parent,
            unit_type=merged["unit_type"],
            boundary=merged["boundary"],
            latitude=merged["latitude"],
            longitude=merged["longitude"],
        )
        before = {field: str(getattr(locked, field)) for field in changes}
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="orgs.node.update",
            obj=locked,
            detail={"before": before, "after": {field: str(changes[field]) for field in changes}},
        )
    return locked


def committee_member_add(
    *, actor: Any, committee: OrgNode, member: OrgNode, category: str, joined_on: dt.date | None = None
) -> CommitteeMembership:
    """Take an organisation into a community big party committee ("1+4")."""
    require(actor, "orgs.manage_committee", committee, action="orgs.committee.add")
    require(actor, "orgs.change_orgnode", member, action="orgs.committee.add")
    if category not in MemberCategory.values:
        raise ValidationError({"category": _("Choose a category of member.")})
    if committee.kind != NodeKind.COMMUNITY_COMMITTEE:
        raise ValidationError({"committee": _("Members can only join a community big party committee.")})
    if member.pk == committee.pk:
        raise ValidationError({"member": _("A committee cannot be its own member.")})
    with transaction.atomic():
        if CommitteeMembership.objects.filter(
            committee=committee, member=member, left_on__isnull=True
        ).exists():
            raise ValidationError({"member": _("This organisation is already a member.")})
        link = CommitteeMembership.objects.create(
            committee=committee,
            member=member,
            category=category,
            joined_on=joined_on or timezone.localdate(),
        )
        audit_record(actor=actor, action="orgs.committee.add", obj=link)
    return link


def position_assign(
    *, actor: Any, node: OrgNode, person: Any, title: str, started_on: dt.date | None = None
) -> Position:
    require(actor, "orgs.manage_positions", node, action="orgs.position.assign")
    require(actor, "people.view_person", person, action="orgs.position.assign")
    if title not in PositionTitle.values:
        raise ValidationError({"title": _("Choose a post.")})
    with transaction.atomic():
        position = Position.objects.create(
            node=node, person=person, title=title, started_on=started_on or timezone.localdate()
        )
        audit_record(actor=actor, action="orgs.position.assign", obj=position)
    return position


def position_end(*, actor: Any, position: Position, ended_on: dt.date | None = None) -> Position:
    require(actor, "orgs.manage_positions", position.node, action="orgs.position.end")
    ended_on = ended_on or timezone.localdate()
    if ended_on < position.started_on:
        raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
    with transaction.atomic():
        locked = Position.objects.select_for_update().get(pk=position.pk)
        if locked.ended_on is not None:
            raise ValidationError({"ended_on": _("This post has already ended.")})
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on", "updated_at"])
        audit_record(actor=actor, action="orgs.position.end", obj=locked)
    return locked


def org_node_move(*, actor: Any, node: OrgNode, new_parent: OrgNode) -> OrgNode:
    """Move a node with everything below it under another parent (e.g. a grid to another
    community). Paths of the whole branch are rewritten in one transaction; who may see what
    follows the new place at once, since scope is read from paths."""
    require(actor, "orgs.change_orgnode", node, action="orgs.node.move")
    require(actor, "orgs.add_orgnode", new_parent, action="orgs.node.move")
    if node.depth == 1:
        raise ValidationError({"new_parent": _("A district cannot be moved.")})
    if new_parent.path.startswith(node.path):
        raise ValidationError({"new_parent": _("A node cannot move below itself.")})
    if new_parent.kind not in ALLOWED_PARENTS[node.kind]:
        raise ValidationError(
            {
                "new_parent": _("A %(kind)s cannot be placed under a %(parent)s.")
                % {"kind": node.get_kind_display(), "parent": new_parent.get_kind_display()}
            }
        )
    if new_parent.path == node.parent_path:
        return node
    with transaction.atomic():
        # Lock both rows so a concurrent add below either one waits for the new paths.
        list(OrgNode.objects.select_for_update().filter(pk__in=[node.pk, new_parent.pk]).order_by("pk"))
        old_path = node.path
        OrgNode.objects.move(
            OrgNode.objects.get(pk=node.pk), OrgNode.objects.get(pk=new_parent.pk), "last-child"
        )
        moved = OrgNode.objects.get(pk=node.pk)
        audit_record(
            actor=actor,
            action="orgs.node.move",
            obj=moved,
            detail={"from": old_path, "to": moved.path, "new_parent": new_parent.pk},
        )
    return moved

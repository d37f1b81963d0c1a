"""Reads of the org tree, always scoped to the acting user."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import ancestor_paths, path_upper_bound, subtree_q
from lianxin.orgs.models import ALLOWED_PARENTS, CommitteeMembership, NodeKind, OrgNode, Position


def node_list(*, actor: Any, capability: str = Cap.ORGS_VIEW) -> QuerySet[OrgNode]:
    """Every node the actor may see for ``capability``, in tree order."""
    return OrgNode.objects.filter(scope.scope_q(actor, capability)).order_by("path")


def node_get(*, actor: Any, pk: int | str, capability: str = Cap.ORGS_VIEW) -> OrgNode:
    """One node in the actor's scope, else 404."""
    try:
        return node_list(actor=actor, capability=capability).get(pk=pk)
    except (OrgNode.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def subtree(*, node: OrgNode, kinds: list[str] | None = None) -> QuerySet[OrgNode]:
    """``node`` and everything below it: one indexed range query."""
    qs = OrgNode.objects.filter(subtree_q(node.path))
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("path")


def kind_counts(*, nodes: QuerySet[OrgNode], kinds: list[str] | None = None) -> list[tuple[str, int]]:
    """(kind label, how many) in the order the kinds are declared; absent kinds left out."""
    counts = dict(nodes.order_by().values_list("kind").annotate(n=Count("id")))
    return [
        (str(kind.label), counts[kind])
        for kind in NodeKind
        if counts.get(kind) and (not kinds or kind in kinds)
    ]


def children(*, node: OrgNode) -> QuerySet[OrgNode]:
    return subtree(node=node).filter(depth=node.depth + 1)


def ancestors(*, node: OrgNode) -> QuerySet[OrgNode]:
    """Root first, excluding ``node`` itself."""
    return OrgNode.objects.filter(path__in=ancestor_paths(node.path)[:-1]).order_by("path")


def nearest_ancestor(*, node: OrgNode, kinds: set[str]) -> OrgNode | None:
    """The closest node of one of ``kinds`` at or above ``node``."""
    found = (
        OrgNode.objects.filter(path__in=ancestor_paths(node.path), kind__in=kinds).order_by("-depth").first()
    )
    return found


def committee_members(*, committee: OrgNode) -> QuerySet[CommitteeMembership]:
    return (
        CommitteeMembership.objects.filter(committee=committee, left_on__isnull=True)
        .select_related("member")
        .order_by("category", "member__name")
    )


def current_positions(*, node: OrgNode) -> QuerySet[Position]:
    return (
        Position.objects.filter(node=node, ended_on__isnull=True)
        .select_related("person")
        .order_by("title", "started_on")
    )


def past_positions(*, node: OrgNode, limit: int = 20) -> QuerySet[Position]:
    """Posts at ``node`` that have ended, the latest first."""
    return (
        Position.objects.filter(node=node, ended_on__isnull=False)
        .select_related("person")
        .order_by("-ended_on", "-started_on")[:limit]
    )


def scope_roots(*, actor: Any, capability: str = Cap.ORGS_VIEW) -> list[OrgNode]:
    """The top nodes of the actor's subtrees (roots of the scope picker)."""
    if scope.is_superuser(actor):
        return list(OrgNode.objects.get_root_nodes())
    return list(OrgNode.objects.filter(path__in=scope.scope_paths(actor, capability)).order_by("path"))


MEMBER_KINDS = {NodeKind.PARTY_BRANCH, NodeKind.GENERAL_BRANCH, NodeKind.PARTY_GROUP, NodeKind.UNIT}


def member_candidates(*, committee: OrgNode) -> QuerySet[OrgNode]:
    """Organisations of the committee's community that are not members now."""
    community = OrgNode.objects.get(path=committee.parent_path)
    current = CommitteeMembership.objects.filter(committee=committee, left_on__isnull=True).values(
        "member_id"
    )
    return (
        subtree(node=community, kinds=sorted(MEMBER_KINDS)).exclude(pk=committee.pk).exclude(pk__in=current)
    )


def post_holder_candidates(*, actor: Any, node: OrgNode) -> QuerySet[Any]:
    """People who may take a post at ``node``: those the actor sees, registered in its area
    (the community, village or subdistrict around it)."""
    from lianxin.people.selectors import person_list

    area = nearest_ancestor(node=node, kinds={NodeKind.COMMUNITY, NodeKind.VILLAGE, NodeKind.SUBDISTRICT})
    return person_list(actor=actor, within=area or node)


def move_targets(*, actor: Any, node: OrgNode) -> QuerySet[OrgNode]:
    """Where ``node`` may move: parents of an allowed kind in the actor's scope, outside its branch."""
    upper = path_upper_bound(node.path)
    outside = Q(path__lt=node.path) | (Q(path__gte=upper) if upper else Q(pk__in=[]))
    return (
        OrgNode.objects.filter(scope.scope_q(actor, Cap.ORGS_MANAGE), kind__in=ALLOWED_PARENTS[node.kind])
        .filter(outside)
        .exclude(path=node.parent_path)
        .order_by("path")
    )

"""Reads of lists, posts, rosters and in-service members, always scoped to the acting user: staff
by capability on the community's area, an employer unit on its own members, a member on their
own records, a resident through where they live."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianxin.core import scope
from lianxin.core.roles import Cap
from lianxin.core.tree import ancestor_paths, subtree_q
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person
from lianxin.posts.models import (
    Claim,
    DutyServed,
    ListVersion,
    Need,
    Post,
    Report,
    ServiceRecord,
    Shift,
    State,
)

COMMUNITY_KINDS = (NodeKind.COMMUNITY, NodeKind.VILLAGE)


def _get(rows: QuerySet[Any], pk: int | str) -> Any:
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --- communities and responsibility lists -----------------------------------------------------


def communities(
    *, actor: Any, capability: str = Cap.POSTS_VIEW, within: OrgNode | None = None
) -> QuerySet[OrgNode]:
    rows = OrgNode.objects.filter(scope.scope_q(actor, capability), kind__in=COMMUNITY_KINDS)
    if within is not None:
        rows = rows.filter(subtree_q(within.path))
    return rows.order_by("path")


def community_get(*, actor: Any, pk: int | str, capability: str = Cap.POSTS_VIEW) -> OrgNode:
    return _get(communities(actor=actor, capability=capability), pk)


def community_of(node: OrgNode) -> OrgNode | None:
    """The community or village a node lies in (itself when it is one)."""
    return (
        OrgNode.objects.filter(path__in=ancestor_paths(node.path), kind__in=COMMUNITY_KINDS)
        .order_by("-path")
        .first()
    )


def versions_of(*, community: OrgNode) -> QuerySet[ListVersion]:
    return ListVersion.objects.filter(community=community).select_related("published_by").order_by("-number")


def current_version(*, community: OrgNode) -> ListVersion | None:
    return versions_of(community=community).prefetch_related("items").first()


def version_get(*, actor: Any, pk: int | str) -> ListVersion:
    rows = ListVersion.objects.filter(scope.scope_q(actor, Cap.POSTS_VIEW, field="community__path"))
    return _get(rows.select_related("community", "published_by").prefetch_related("items"), pk)


def latest_versions(*, communities: list[OrgNode]) -> dict[int, ListVersion]:
    """The current version of each community's list (one query)."""
    found: dict[int, ListVersion] = {}
    rows = ListVersion.objects.filter(community__in=communities).annotate(n_items=Count("items"))
    for version in rows.order_by("community_id", "number"):
        found[version.community_id] = version
    return found


# --- posts and rosters --------------------------------------------------------------------------


def post_list(
    *, actor: Any, within: OrgNode | None = None, capability: str = Cap.POSTS_VIEW
) -> QuerySet[Post]:
    rows = Post.objects.filter(scope.scope_q(actor, capability, field="community__path"))
    if within is not None:
        rows = rows.filter(subtree_q(within.path, field="community__path"))
    current = (
        Shift.objects.filter(ended_on__isnull=True).select_related("person").order_by("weekday", "starts")
    )
    return rows.select_related("community").prefetch_related(Prefetch("shifts", current, to_attr="roster"))


def post_get(*, actor: Any, pk: int | str, capability: str = Cap.POSTS_VIEW) -> Post:
    return _get(post_list(actor=actor, capability=capability), pk)


def shift_get(*, actor: Any, pk: int | str) -> Shift:
    rows = Shift.objects.filter(scope.scope_q(actor, Cap.POSTS_MANAGE, field="post__community__path"))
    return _get(rows.select_related("post__community", "person"), pk)


def on_duty(*, actor: Any, at: dt.datetime | None = None, within: OrgNode | None = None) -> QuerySet[Shift]:
    """Roster lines on duty at ``at`` (now by default), in Beijing time."""
    local = timezone.localtime(at or timezone.now())
    today, now = local.date(), local.time()
    rows = Shift.objects.filter(
        scope.scope_q(actor, Cap.POSTS_VIEW, field="post__community__path"),
        weekday=today.weekday(),
        starts__lte=now,
        ends__gt=now,
        started_on__lte=today,
        post__is_active=True,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    if within is not None:
        rows = rows.filter(subtree_q(within.path, field="post__community__path"))
    served = DutyServed.objects.filter(shift=OuterRef("pk"), on=today, withdrawn_at__isnull=True)
    return (
        rows.annotate(served=Exists(served))
        .select_related("post__community", "person")
        .order_by("post__community__path", "post__name")
    )


def duty_get(*, actor: Any, pk: int | str) -> DutyServed:
    rows = DutyServed.objects.filter(scope.scope_q(actor, Cap.POSTS_MANAGE, field="post__community__path"))
    return _get(rows.select_related("post__community"), pk)


def duties_of(*, post: Post, limit: int = 20) -> list[DutyServed]:
    """The post's last duties served, withdrawn ones included (marked)."""
    rows = DutyServed.objects.filter(post=post).select_related(
        "person", "shift", "recorded_by", "withdrawn_by"
    )
    return list(rows.order_by("-on", "-id")[:limit])


def served_on(*, post: Post, on: dt.date) -> set[int]:
    """The post's roster lines with a duty in force recorded on ``on``."""
    rows = DutyServed.objects.filter(post=post, on=on, withdrawn_at__isnull=True)
    return set(rows.values_list("shift_id", flat=True))


def roster_candidates(*, post: Post) -> QuerySet[Person]:
    """Party members living in the post's community or reported to it."""
    reported = Report.objects.filter(community=post.community, state=State.CONFIRMED).values("person_id")
    return (
        Person.objects.filter(is_party_member=True)
        .filter(subtree_q(post.community.path, field="node__path") | Q(pk__in=reported))
        .select_related("node")
        .order_by("name", "id")
    )


# --- needs -------------------------------------------------------------------------------------


def need_list(
    *, actor: Any, within: OrgNode | None = None, capability: str = Cap.POSTS_VIEW
) -> QuerySet[Need]:
    rows = Need.objects.filter(scope.scope_q(actor, capability, field="community__path"))
    if within is not None:
        rows = rows.filter(subtree_q(within.path, field="community__path"))
    taken = Count("claims", filter=~Q(claims__state=State.RETURNED))
    return rows.select_related("community").annotate(taken=taken).order_by("-is_open", "-created_at", "-id")


def need_get(*, actor: Any, pk: int | str, capability: str = Cap.POSTS_MANAGE) -> Need:
    return _get(need_list(actor=actor, capability=capability), pk)


# --- reports, claims, services --------------------------------------------------------------------


def _visible(actor: Any, report_field: str) -> Q:
    """Reports (or records of them) the actor may see: staff of the area, the employer, the member."""
    prefix = f"{report_field}__" if report_field else ""
    q = scope.scope_q(actor, Cap.POSTS_VIEW, field=f"{prefix}community__path")
    q |= scope.scope_q(actor, Cap.POSTS_EMPLOYER, field=f"{prefix}employer__path")
    if getattr(actor, "is_authenticated", False):
        q |= Q(**{f"{prefix}person__user_id": actor.pk})
    return q


def report_get(*, actor: Any, pk: int | str) -> Report:
    rows = Report.objects.filter(_visible(actor, "")).select_related("person", "community", "employer")
    return _get(rows, pk)


def service_get(*, actor: Any, pk: int | str) -> ServiceRecord:
    rows = ServiceRecord.objects.filter(_visible(actor, "report")).select_related(
        "report__person", "report__community", "report__employer", "claim__post", "claim__need"
    )
    return _get(rows, pk)


def claim_get(*, actor: Any, pk: int | str) -> Claim:
    rows = Claim.objects.filter(_visible(actor, "report")).select_related(
        "report__person", "report__community", "post", "need"
    )
    return _get(rows, pk)


@dataclass
class Queue:
    reports: list[Report]
    claims: list[Claim]
    services: list[ServiceRecord]


def queue(*, actor: Any, within: OrgNode | None = None) -> Queue:
    """What waits for the community's confirmation, oldest first."""
    area = scope.scope_q(actor, Cap.POSTS_MANAGE, field="community__path")
    if within is not None:
        area &= subtree_q(within.path, field="community__path")
    reports = Report.objects.filter(area, state=State.PENDING).select_related(
        "person", "community", "employer"
    )
    own_reports = Report.objects.filter(area).values("pk")
    claims = Claim.objects.filter(report__in=own_reports, state=State.PENDING).select_related(
        "report__person", "report__community", "post", "need"
    )
    services = ServiceRecord.objects.filter(report__in=own_reports, state=State.PENDING).select_related(
        "report__person", "report__community", "claim__post", "claim__need"
    )
    return Queue(
        reports=list(reports.order_by("created_at", "id")),
        claims=list(claims.order_by("created_at", "id")),
        services=list(services.order_by("created_at", "id")),
    )


def open_report(*, person: Person) -> Report | None:
    """The member's pending or confirmed report, if any."""
    return (
        person.post_reports.exclude(state=State.RETURNED)
        .select_related("community", "employer")
        .order_by("-created_at")
        .first()
    )


def reports_of(*, person: Person) -> QuerySet[Report]:
    return person.post_reports.select_related("community", "employer").order_by("-created_at", "-id")


def claimable(*, report: Report) -> tuple[list[Post], list[Need]]:
    posts = Post.objects.filter(community=report.community, is_active=True).order_by("kind", "name")
    taken = Count("claims", filter=~Q(claims__state=State.RETURNED))
    needs = Need.objects.filter(community=report.community, is_open=True).annotate(taken=taken)
    return list(posts), list(needs.order_by("-created_at", "-id"))


def claims_of(*, report: Report) -> QuerySet[Claim]:
    return report.claims.select_related("post", "need").order_by("-created_at", "-id")


def services_of(*, person: Person) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.filter(report__person=person)
        .select_related("report__community", "claim__post", "claim__need")
        .order_by("-on", "-id")
    )

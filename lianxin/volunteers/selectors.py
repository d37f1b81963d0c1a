"""Reads of volunteer service, always scoped: staff to their subtree, a volunteer to their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lianxin.core.permissions import NotInScope
from lianxin.core.roles import Cap
from lianxin.core.scope import scope_q
from lianxin.core.tree import ancestor_paths
from lianxin.people.models import Person
from lianxin.volunteers.models import (
    Activity,
    ActivityState,
    Brand,
    Certificate,
    Correction,
    CorrectionState,
    Membership,
    MembershipState,
    RecordEntry,
    SignUp,
    SignUpState,
    Team,
)
from lianxin.volunteers.records import confirmed_hours, star_level, star_name

VIEW, MANAGE = Cap.VOLUNTEERS_VIEW, Cap.VOLUNTEERS_MANAGE


# --- staff ---------------------------------------------------------------------------------------


def brand_list(*, actor: Any) -> QuerySet[Brand]:
    return (
        Brand.objects.filter(scope_q(actor, VIEW, "node__path"))
        .select_related("node")
        .annotate(team_count=Count("teams", distinct=True))
    )


def brand_get(*, actor: Any, pk: int, capability: str = VIEW) -> Brand:
    return get_object_or_404(Brand.objects.filter(scope_q(actor, capability, "node__path")), pk=pk)


def team_list(*, actor: Any, brand: Brand | None = None) -> QuerySet[Team]:
    rows = Team.objects.filter(scope_q(actor, VIEW, "node__path"))
    if brand is not None:
        rows = rows.filter(brand=brand)
    return rows.select_related("brand", "node", "leader").annotate(
        member_count=Count("memberships", filter=Q(memberships__state=MembershipState.ACTIVE), distinct=True),
        waiting_count=Count(
            "memberships", filter=Q(memberships__state=MembershipState.REQUESTED), distinct=True
        ),
    )


def team_get(*, actor: Any, pk: int, capability: str = VIEW) -> Team:
    rows = Team.objects.filter(scope_q(actor, capability, "node__path")).select_related(
        "brand__node", "node", "leader"
    )
    return get_object_or_404(rows, pk=pk)


def members(*, team: Team) -> QuerySet[Membership]:
    return (
        team.memberships.filter(state__in=[MembershipState.ACTIVE, MembershipState.REQUESTED])
        .select_related("person")
        .order_by("state", "person__name", "id")
    )


def membership_get(*, actor: Any, pk: int) -> Membership:
    rows = Membership.objects.filter(scope_q(actor, MANAGE, "team__node__path")).select_related(
        "team__node", "person"
    )
    return get_object_or_404(rows, pk=pk)


def activity_list(*, actor: Any, team: Team | None = None) -> QuerySet[Activity]:
    rows = Activity.objects.filter(scope_q(actor, VIEW, "team__node__path"))
    if team is not None:
        rows = rows.filter(team=team)
    return rows.select_related("team__node").annotate(
        taken=Count("signups", filter=Q(signups__state=SignUpState.CONFIRMED), distinct=True),
        waiting=Count("signups", filter=Q(signups__state=SignUpState.WAITLISTED), distinct=True),
    )


def activity_get(*, actor: Any, pk: int, capability: str = VIEW) -> Activity:
    rows = Activity.objects.filter(scope_q(actor, capability, "team__node__path")).select_related(
        "team__node", "team__brand"
    )
    return get_object_or_404(rows, pk=pk)


def signups(*, activity: Activity) -> QuerySet[SignUp]:
    """Places first (in order), then the waitlist (in order), then the cancelled."""
    order = {SignUpState.CONFIRMED: 0, SignUpState.WAITLISTED: 1, SignUpState.CANCELLED: 2}
    rows = activity.signups.select_related("person", "activity").order_by("created_at", "id")
    return sorted(rows, key=lambda s: order[SignUpState(s.state)])  # type: ignore[return-value]


def signup_get(*, actor: Any, pk: int, capability: str = MANAGE) -> SignUp:
    rows = SignUp.objects.filter(scope_q(actor, capability, "activity__team__node__path"))
    return get_object_or_404(rows.select_related("activity__team__node", "person"), pk=pk)


def correction_list(*, actor: Any, state: str | None = CorrectionState.PENDING) -> QuerySet[Correction]:
    rows = Correction.objects.filter(scope_q(actor, VIEW, "signup__activity__team__node__path"))
    if state:
        rows = rows.filter(state=state)
    return rows.select_related("signup__activity", "signup__person", "requested_by")


def correction_get(*, actor: Any, pk: int) -> Correction:
    rows = Correction.objects.filter(scope_q(actor, MANAGE, "signup__activity__team__node__path"))
    return get_object_or_404(rows.select_related("signup__activity__team__node", "signup__person"), pk=pk)


def certificate_list(*, actor: Any) -> QuerySet[Certificate]:
    return Certificate.objects.filter(scope_q(actor, VIEW, "issuer__path")).select_related("person", "issuer")


def certificate_get(*, actor: Any, pk: int, capability: str = VIEW) -> Certificate:
    rows = Certificate.objects.filter(scope_q(actor, capability, "issuer__path")).select_related(
        "person", "issuer"
    )
    return get_object_or_404(rows, pk=pk)


def volunteer_get(*, actor: Any, pk: int) -> Person:
    """A person whose record staff may read (registered in their subtree)."""
    return get_object_or_404(
        Person.objects.filter(scope_q(actor, VIEW, "node__path")).select_related("node"), pk=pk
    )


def volunteer_list(*, actor: Any) -> QuerySet[Person]:
    """People in the subtree who are in a team now or have a confirmed service."""
    served = SignUp.objects.filter(hours_final__isnull=False).values("person_id")
    active = Membership.objects.filter(state=MembershipState.ACTIVE).values("person_id")
    return (
        Person.objects.filter(scope_q(actor, VIEW, "node__path"))
        .filter(Q(pk__in=served) | Q(pk__in=active))
        .select_related("node")
    )


# --- the volunteer's own -------------------------------------------------------------------------


def my_signup(*, person: Person | None, pk: int) -> SignUp:
    if person is None:
        raise NotInScope
    rows = SignUp.objects.filter(person=person).select_related("activity__team__node")
    return get_object_or_404(rows, pk=pk)


def my_certificate(*, person: Person | None, pk: int) -> Certificate:
    if person is None:
        raise NotInScope
    return get_object_or_404(
        Certificate.objects.filter(person=person).select_related("issuer", "person"), pk=pk
    )


def activity_for_volunteer(*, person: Person | None, pk: int) -> Activity:
    """An activity a volunteer may see: open to them, or one they signed up for."""
    from lianxin.volunteers.services import may_sign_up

    if person is None:
        raise NotInScope
    activity = get_object_or_404(Activity.objects.select_related("team__node", "team__brand"), pk=pk)
    if not activity.signups.filter(person=person).exists() and not may_sign_up(person, activity):
        raise NotInScope
    return activity


def my_memberships(*, person: Person) -> QuerySet[Membership]:
    return (
        person.team_memberships.filter(state__in=[MembershipState.ACTIVE, MembershipState.REQUESTED])
        .select_related("team__brand")
        .order_by("team__name")
    )


def joinable_teams(*, person: Person) -> QuerySet[Team]:
    """Active teams of brands whose area holds the volunteer's home, not joined yet."""
    mine = person.team_memberships.filter(state__in=[MembershipState.ACTIVE, MembershipState.REQUESTED])
    return (
        Team.objects.filter(is_active=True, brand__node__path__in=ancestor_paths(person.node.path))
        .exclude(pk__in=mine.values("team_id"))
        .select_related("brand")
        .order_by("name")
    )


def open_activities(*, person: Person) -> QuerySet[Activity]:
    """Coming planned activities the volunteer may sign up for: of their teams or their area."""
    mine = person.team_memberships.filter(state=MembershipState.ACTIVE).values("team_id")
    return (
        Activity.objects.filter(state=ActivityState.PLANNED, starts_at__gt=timezone.now())
        .filter(Q(team__in=mine) | Q(team__node__path__in=ancestor_paths(person.node.path)))
        .select_related("team")
        .annotate(taken=Count("signups", filter=Q(signups__state=SignUpState.CONFIRMED)))
        .order_by("starts_at", "id")
    )


def my_signups(*, person: Person) -> QuerySet[SignUp]:
    return (
        SignUp.objects.filter(person=person)
        .exclude(state=SignUpState.CANCELLED)
        .select_related("activity__team")
        .order_by("-activity__starts_at", "-id")
    )


@dataclass
class Record:
    """A volunteer's record by the national rules: who, what services, trainings, awards."""

    person: Person
    services: list[SignUp]
    pending: list[SignUp]  # checked in, hours not yet confirmed
    entries: list[RecordEntry]
    corrections: list[Correction]
    certificates: list[Certificate]
    hours: Decimal = Decimal("0.00")
    stars: int = 0
    teams: list[Membership] = field(default_factory=list)

    @property
    def star_name(self) -> str:
        return star_name(self.stars)


def record(*, person: Person) -> Record:
    rows = list(
        SignUp.objects.filter(person=person, checked_in_at__isnull=False)
        .select_related("activity__team__brand")
        .order_by("-activity__starts_at", "-id")
    )
    hours = confirmed_hours(person)
    return Record(
        person=person,
        services=[s for s in rows if s.hours_final is not None],
        pending=[s for s in rows if s.hours_final is None],
        entries=list(person.volunteer_entries.select_related("node")),
        corrections=list(
            Correction.objects.filter(signup__person=person).select_related("signup__activity", "decided_by")
        ),
        certificates=list(person.volunteer_certificates.select_related("issuer")),
        hours=hours,
        stars=star_level(hours),
        teams=list(my_memberships(person=person)),
    )


def certificate_by_code(*, code: str) -> Certificate:
    """Public: the verification page finds a certificate by its code only."""
    return get_object_or_404(Certificate.objects.select_related("person", "issuer"), code=code)

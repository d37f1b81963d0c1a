"""Writes of volunteer service: brands, teams and members, activities and sign-ups. Each checks
permission first, validates fully, then writes in one transaction with an audit row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.permissions import NotInScope, require
from lianxin.core.roles import Cap
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person
from lianxin.people.selectors import person_of
from lianxin.volunteers.models import (
    Activity,
    ActivityState,
    Brand,
    Membership,
    MembershipState,
    SignUp,
    SignUpState,
    Team,
)

BRAND_KINDS = {NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.VILLAGE}
TEAM_KINDS = BRAND_KINDS | {NodeKind.GRID, NodeKind.UNIT, NodeKind.PARTY_COMMITTEE, NodeKind.PARTY_BRANCH}
MAX_ACTIVITY_HOURS = 12


def _within(path: str, area: OrgNode) -> bool:
    return path.startswith(area.path)


def acting_person(actor: Any, action: str) -> Person:
    """The actor's own person record; without one, nothing of a volunteer's is theirs (404)."""
    person = person_of(user=actor)
    if person is None:
        require(None, "volunteers.own", None, action=action)
        raise NotInScope  # for the type checker: require(None, ...) always raises
    return person


# --- brands and teams ----------------------------------------------------------------------------


def brand_create(*, actor: Any, node: OrgNode, name: str, description: str = "") -> Brand:
    require(actor, "volunteers.manage", node, action="volunteers.brand.create")
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the brand a name.")]
    elif Brand.objects.filter(node=node, name=name.strip()).exists():
        errors["name"] = [_("This area already has a brand of that name.")]
    if node.kind not in BRAND_KINDS:
        errors["node"] = [_("A brand belongs to a district, subdistrict, community or village.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        brand = Brand.objects.create(node=node, name=name.strip(), description=description.strip())
        audit_record(actor=actor, action="volunteers.brand.create", obj=brand)
    return brand


@dataclass
class TeamInput:
    name: str
    node: OrgNode
    leader: Person | None = None
    description: str = ""


def team_create(*, actor: Any, brand: Brand, data: TeamInput) -> Team:
    require(actor, "volunteers.manage", brand, action="volunteers.team.create")
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the team a name.")]
    elif Team.objects.filter(brand=brand, name=data.name.strip()).exists():
        errors["name"] = [_("This brand already has a team of that name.")]
    if not _within(data.node.path, brand.node) or not scope.in_scope(
        actor, Cap.VOLUNTEERS_MANAGE, data.node.path
    ):
        errors["node"] = [_("Choose an area within the brand's area.")]
    elif data.node.kind not in TEAM_KINDS:
        errors["node"] = [_("A team belongs to a community, village, grid, unit or party organisation.")]
    if data.leader is not None and not _within(data.leader.node.path, brand.node):
        errors["leader"] = [_("Choose someone registered in the brand's area.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        team = Team.objects.create(
            brand=brand,
            node=data.node,
            name=data.name.strip(),
            leader=data.leader,
            description=data.description.strip(),
        )
        if data.leader is not None:
            Membership.objects.create(
                team=team,
                person=data.leader,
                state=MembershipState.ACTIVE,
                joined_on=timezone.localdate(),
                decided_by=actor,
            )
        audit_record(actor=actor, action="volunteers.team.create", obj=team)
    return team


# --- memberships ---------------------------------------------------------------------------------


def _open_membership(team: Team, person: Person) -> Membership | None:
    return Membership.objects.filter(
        team=team, person=person, state__in=[MembershipState.REQUESTED, MembershipState.ACTIVE]
    ).first()


def membership_request(*, actor: Any, team: Team) -> Membership:
    """A volunteer asks to join a team of their area; the team's managers decide."""
    person = acting_person(actor, "volunteers.membership.request")
    if not team.is_active or not _within(person.node.path, team.brand.node):
        require(None, "volunteers.own", None, action="volunteers.membership.request")
    if _open_membership(team, person) is not None:
        raise ValidationError({"team": [_("You have already asked to join this team, or are in it.")]})
    with transaction.atomic():
        membership = Membership.objects.create(team=team, person=person, state=MembershipState.REQUESTED)
        audit_record(actor=actor, action="volunteers.membership.request", obj=membership)
    return membership


def member_add(*, actor: Any, team: Team, person: Person, joined_on: dt.date | None = None) -> Membership:
    """Staff add a volunteer registered in their area."""
    require(actor, "volunteers.manage", team, action="volunteers.membership.add")
    if not scope.in_scope(actor, Cap.VOLUNTEERS_MANAGE, person.node.path):
        raise ValidationError({"person": [_("Choose someone registered in your area.")]})
    if _open_membership(team, person) is not None:
        raise ValidationError({"person": [_("Already in this team or waiting for a decision.")]})
    with transaction.atomic():
        membership = Membership.objects.create(
            team=team,
            person=person,
            state=MembershipState.ACTIVE,
            joined_on=joined_on or timezone.localdate(),
            decided_by=actor,
        )
        audit_record(actor=actor, action="volunteers.membership.add", obj=membership)
    return membership


def membership_decide(*, actor: Any, membership: Membership, approve: bool) -> Membership:
    require(actor, "volunteers.manage", membership, action="volunteers.membership.decide")
    if membership.state != MembershipState.REQUESTED:
        raise ValidationError({"__all__": [_("This request has already been decided.")]})
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.state != MembershipState.REQUESTED:
            raise ValidationError({"__all__": [_("This request has already been decided.")]})
        locked.state = MembershipState.ACTIVE if approve else MembershipState.REFUSED
        locked.joined_on = timezone.localdate() if approve else None
        locked.decided_by = actor
        locked.save()
        audit_record(
            actor=actor, action="volunteers.membership.decide", obj=locked, detail={"approve": approve}
        )
    return locked


def membership_end(*, actor: Any, membership: Membership) -> Membership:
    """Staff, or the volunteer themself, end an active membership today."""
    require(actor, "volunteers.own", membership, action="volunteers.membership.end")
    if membership.state != MembershipState.ACTIVE:
        raise ValidationError({"__all__": [_("This person is not a member now.")]})
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        locked.state = MembershipState.LEFT
        locked.left_on = max(timezone.localdate(), locked.joined_on or timezone.localdate())
        locked.save()
        audit_record(actor=actor, action="volunteers.membership.end", obj=locked)
    return locked


# --- activities ----------------------------------------------------------------------------------


@dataclass
class ActivityInput:
    title: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    content: str = ""


def activity_create(*, actor: Any, team: Team, data: ActivityInput) -> Activity:
    require(actor, "volunteers.manage", team, action="volunteers.activity.create")
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the activity a title.")]
    if not data.place.strip():
        errors["place"] = [_("Say where it takes place.")]
    for name in ("title", "place"):
        limit = getattr(Activity._meta.get_field(name), "max_length", None)
        try:
            MaxLengthValidator(limit)(getattr(data, name).strip())
        except ValidationError as exc:
            errors[name] = exc.messages
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = [_("The end must come after the start.")]
    elif data.ends_at - data.starts_at > dt.timedelta(hours=MAX_ACTIVITY_HOURS):
        errors["ends_at"] = [_("An activity lasts at most %(hours)d hours.") % {"hours": MAX_ACTIVITY_HOURS}]
    if not 1 <= data.capacity <= 1000:
        errors["capacity"] = [_("Choose between 1 and 1000 places.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            team=team,
            title=data.title.strip(),
            content=data.content.strip(),
            place=data.place.strip(),
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            capacity=data.capacity,
            organiser=actor,
        )
        audit_record(actor=actor, action="volunteers.activity.create", obj=activity)
    return activity


def activity_cancel(*, actor: Any, activity: Activity) -> Activity:
    require(actor, "volunteers.manage", activity, action="volunteers.activity.cancel")
    if (
        activity.state != ActivityState.PLANNED
        or activity.signups.filter(checked_in_at__isnull=False).exists()
    ):
        raise ValidationError(
            {"__all__": [_("Only a planned activity nobody has checked in to can be cancelled.")]}
        )
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        locked.state = ActivityState.CANCELLED
        locked.save(update_fields=["state", "updated_at"])
        audit_record(actor=actor, action="volunteers.activity.cancel", obj=locked)
    return locked


# --- sign-up and waitlist ------------------------------------------------------------------------


def may_sign_up(person: Person, activity: Activity) -> bool:
    """A member of the team, or someone living in the team's area."""
    if _within(person.node.path, activity.team.node):
        return True
    return activity.team.memberships.filter(person=person, state=MembershipState.ACTIVE).exists()


def signup_create(*, actor: Any, activity: Activity) -> SignUp:
    """The volunteer takes a place, or joins the waitlist when the places are taken."""
    person = acting_person(actor, "volunteers.signup.create")
    if not may_sign_up(person, activity):
        require(None, "volunteers.own", None, action="volunteers.signup.create")
    if activity.state != ActivityState.PLANNED or activity.starts_at <= timezone.now():
        raise ValidationError({"__all__": [_("Sign-up for this activity is closed.")]})
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        open_rows = SignUp.objects.filter(activity=locked).exclude(state=SignUpState.CANCELLED)
        if open_rows.filter(person=person).exists():
            raise ValidationError({"__all__": [_("You have already signed up for this activity.")]})
        taken = open_rows.filter(state=SignUpState.CONFIRMED).count()
        state = SignUpState.CONFIRMED if taken < locked.capacity else SignUpState.WAITLISTED
        signup = SignUp.objects.create(activity=locked, person=person, state=state)
        audit_record(actor=actor, action="volunteers.signup.create", obj=signup, detail={"state": state})
    return signup


def signup_cancel(*, actor: Any, signup: SignUp) -> SignUp:
    """Cancel a place before the start; the first on the waitlist moves up into a freed place."""
    require(actor, "volunteers.own", signup, action="volunteers.signup.cancel")
    if signup.state == SignUpState.CANCELLED:
        raise ValidationError({"__all__": [_("This sign-up is already cancelled.")]})
    if signup.activity.starts_at <= timezone.now() or signup.checked_in_at is not None:
        raise ValidationError(
            {"__all__": [_("The activity has started; a sign-up can no longer be cancelled.")]}
        )
    with transaction.atomic():
        Activity.objects.select_for_update().get(pk=signup.activity_id)
        locked = SignUp.objects.select_for_update().get(pk=signup.pk)
        freed = locked.state == SignUpState.CONFIRMED
        locked.state = SignUpState.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["state", "cancelled_at", "updated_at"])
        audit_record(actor=actor, action="volunteers.signup.cancel", obj=locked)
        if freed:
            following = (
                SignUp.objects.filter(activity_id=locked.activity_id, state=SignUpState.WAITLISTED)
                .order_by("created_at", "id")
                .first()
            )
            if following is not None:
                following.state = SignUpState.CONFIRMED
                following.promoted_at = timezone.now()
                following.save(update_fields=["state", "promoted_at", "updated_at"])
                audit_record(actor=actor, action="volunteers.signup.promote", obj=following)
    return locked

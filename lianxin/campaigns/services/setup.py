"""Setting a campaign up: the campaign, its leading group, command posts, the areas they cover
and their people, the progress figures it counts and the criteria it scores by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianxin.campaigns.coverage import AREA_KINDS
from lianxin.campaigns.models import (
    AppliesTo,
    Campaign,
    CommandPost,
    CommandPostArea,
    CommandPostMember,
    Criterion,
    GroupDuty,
    LeadingGroupMember,
    Metric,
)
from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.roles import Cap
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person

RUN_BY = (NodeKind.SUBDISTRICT, NodeKind.DISTRICT)


@dataclass
class CampaignInput:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    goals: str = ""
    red_post_consequence: str = ""
    red_village_consequence: str = ""
    red_village_reward: Decimal = Decimal("30000")
    black_post_consequence: str = ""
    black_village_consequence: str = ""
    month1_weight: Decimal = Decimal("1")
    month2_weight: Decimal = Decimal("1")
    month3_weight: Decimal = Decimal("1")
    red_flag_points: Decimal = Decimal("2")
    black_flag_points: Decimal = Decimal("2")


def _check_campaign(data: CampaignInput) -> None:
    errors: dict[str, list[str]] = {}
    data.name = data.name.strip()
    if not data.name:
        errors["name"] = [_("Enter a name.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The campaign cannot end before it starts.")]
    weights = (data.month1_weight, data.month2_weight, data.month3_weight)
    if any(weight < 0 for weight in weights) or not any(weights):
        errors["month1_weight"] = [_("Give the months weights of zero or more, at least one above zero.")]
    for name in ("red_flag_points", "black_flag_points", "red_village_reward"):
        if getattr(data, name) < 0:
            errors[name] = [_("Enter zero or more.")]
    if errors:
        raise ValidationError(errors)


def campaign_create(*, actor: Any, node: OrgNode, data: CampaignInput) -> Campaign:
    """Start a campaign run by a subdistrict (or the district)."""
    require(actor, "campaigns.add_campaign", node, action="campaigns.campaign.create")
    if node.kind not in RUN_BY:
        raise ValidationError({"node": [_("A campaign is run by a subdistrict or the district.")]})
    _check_campaign(data)
    with transaction.atomic():
        campaign = Campaign.objects.create(node=node, created_by=actor, **vars(data))
        audit_record(actor=actor, action="campaigns.campaign.create", obj=campaign)
    return campaign


def campaign_update(*, actor: Any, campaign: Campaign, data: CampaignInput) -> Campaign:
    require(actor, "campaigns.manage_campaign", campaign, action="campaigns.campaign.update")
    _check_campaign(data)
    with transaction.atomic():
        before = {name: str(getattr(campaign, name)) for name in vars(data)}
        for name, value in vars(data).items():
            setattr(campaign, name, value)
        campaign.save()
        changed = {name: old for name, old in before.items() if old != str(getattr(campaign, name))}
        audit_record(actor=actor, action="campaigns.campaign.update", obj=campaign, detail={"was": changed})
    return campaign


def _check_person(actor: Any, person: Person, field: str = "person") -> None:
    """People are chosen among those the actor may see."""
    if not scope.in_scope(actor, Cap.PEOPLE_VIEW, person.node.path):
        raise ValidationError({field: [_("Choose someone you can see in the people register.")]})


def leading_group_add(
    *, actor: Any, campaign: Campaign, person: Person, duty: str, responsibility: str = ""
) -> LeadingGroupMember:
    require(actor, "campaigns.manage_campaign", campaign, action="campaigns.group.add")
    _check_person(actor, person)
    if duty not in GroupDuty.values:
        raise ValidationError({"duty": [_("Choose a duty.")]})
    if LeadingGroupMember.objects.filter(campaign=campaign, person=person).exists():
        raise ValidationError({"person": [_("This person is already on the leading group.")]})
    with transaction.atomic():
        seat = LeadingGroupMember.objects.create(
            campaign=campaign, person=person, duty=duty, responsibility=responsibility.strip()
        )
        audit_record(actor=actor, action="campaigns.group.add", obj=seat)
    return seat


def leading_group_remove(*, actor: Any, seat: LeadingGroupMember) -> None:
    require(actor, "campaigns.manage_campaign", seat.campaign, action="campaigns.group.remove")
    with transaction.atomic():
        audit_record(actor=actor, action="campaigns.group.remove", obj=seat)
        seat.delete()


def post_save(
    *,
    actor: Any,
    campaign: Campaign,
    name: str,
    leader: Person | None,
    duties: str = "",
    sort: int = 0,
    post: CommandPost | None = None,
) -> CommandPost:
    """Add a command post, or change one (``post``)."""
    action = "campaigns.post.update" if post else "campaigns.post.create"
    require(actor, "campaigns.manage_campaign", campaign, action=action)
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Enter a name.")]})
    taken = CommandPost.objects.filter(campaign=campaign, name=name).exclude(pk=post.pk if post else 0)
    if taken.exists():
        raise ValidationError({"name": [_("Another command post of this campaign has this name.")]})
    if leader is not None and (post is None or leader.pk != post.leader_id):
        _check_person(actor, leader, "leader")
    with transaction.atomic():
        post = post or CommandPost(campaign=campaign)
        post.name, post.leader, post.duties, post.sort = name, leader, duties.strip(), sort
        post.save()
        audit_record(actor=actor, action=action, obj=post, detail={"leader": leader.pk if leader else None})
    return post


def post_area_add(*, actor: Any, post: CommandPost, node: OrgNode) -> CommandPostArea:
    """Let the post cover a grid, or a village or community with all its grids."""
    campaign = post.campaign
    require(actor, "campaigns.manage_campaign", campaign, action="campaigns.post.cover")
    if node.kind not in AREA_KINDS or not node.path.startswith(campaign.node.path):
        raise ValidationError({"node": [_("Choose a grid, village or community of the campaign's area.")]})
    try:
        with transaction.atomic():
            area = CommandPostArea.objects.create(post=post, node=node)
            audit_record(actor=actor, action="campaigns.post.cover", obj=area)
    except IntegrityError:
        raise ValidationError({"node": [_("The command post already covers it.")]}) from None
    return area


def post_area_remove(*, actor: Any, area: CommandPostArea) -> None:
    require(actor, "campaigns.manage_campaign", area.post.campaign, action="campaigns.post.uncover")
    with transaction.atomic():
        audit_record(actor=actor, action="campaigns.post.uncover", obj=area)
        area.delete()


def post_member_add(*, actor: Any, post: CommandPost, person: Person, duty: str = "") -> CommandPostMember:
    require(actor, "campaigns.manage_campaign", post.campaign, action="campaigns.post.member_add")
    _check_person(actor, person)
    if CommandPostMember.objects.filter(post=post, person=person).exists():
        raise ValidationError({"person": [_("This person is already a member of the command post.")]})
    with transaction.atomic():
        member = CommandPostMember.objects.create(post=post, person=person, duty=duty.strip())
        audit_record(actor=actor, action="campaigns.post.member_add", obj=member)
    return member


def post_member_remove(*, actor: Any, member: CommandPostMember) -> None:
    require(actor, "campaigns.manage_campaign", member.post.campaign, action="campaigns.post.member_remove")
    with transaction.atomic():
        audit_record(actor=actor, action="campaigns.post.member_remove", obj=member)
        member.delete()


def metric_save(
    *,
    actor: Any,
    campaign: Campaign,
    name: str,
    unit: str,
    target: Decimal | None = None,
    sort: int = 0,
    metric: Metric | None = None,
) -> Metric:
    """Add a progress figure the campaign counts (or change one: ``metric``)."""
    require(actor, "campaigns.manage_campaign", campaign, action="campaigns.metric.save")
    errors: dict[str, list[str]] = {}
    name, unit = name.strip(), unit.strip()
    if not name:
        errors["name"] = [_("Enter a name.")]
    elif Metric.objects.filter(campaign=campaign, name=name).exclude(pk=metric.pk if metric else 0).exists():
        errors["name"] = [_("The campaign already counts a figure with this name.")]
    if not unit:
        errors["unit"] = [_("Enter the unit, for example 人次 or 立方米.")]
    if target is not None and target <= 0:
        errors["target"] = [_("A target is more than zero; leave it empty for none.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        metric = metric or Metric(campaign=campaign)
        metric.name, metric.unit, metric.target, metric.sort = name, unit, target, sort
        metric.save()
        audit_record(actor=actor, action="campaigns.metric.save", obj=metric)
    return metric


def criterion_save(
    *,
    actor: Any,
    campaign: Campaign,
    name: str,
    weight: Decimal,
    description: str = "",
    applies_to: str = AppliesTo.BOTH,
    is_active: bool = True,
    sort: int = 0,
    criterion: Criterion | None = None,
) -> Criterion:
    """Add a line to the scoring sheet (or change one). Sheets already scored keep the weights
    they were scored with."""
    require(actor, "campaigns.manage_campaign", campaign, action="campaigns.criterion.save")
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("Enter a name.")]
    elif (
        Criterion.objects.filter(campaign=campaign, name=name)
        .exclude(pk=criterion.pk if criterion else 0)
        .exists()
    ):
        errors["name"] = [_("The scoring sheet already has a criterion with this name.")]
    if weight <= 0:
        errors["weight"] = [_("A weight is more than zero.")]
    if applies_to not in AppliesTo.values:
        errors["applies_to"] = [_("Choose who it is scored for.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        criterion = criterion or Criterion(campaign=campaign)
        criterion.name, criterion.weight, criterion.description = name, weight, description.strip()
        criterion.applies_to, criterion.is_active, criterion.sort = applies_to, is_active, sort
        criterion.save()
        audit_record(actor=actor, action="campaigns.criterion.save", obj=criterion)
    return criterion

"""Writes kept by community staff: responsibility lists, posts and their rosters, community needs
and points rules. Each checks permission first, validates fully, then writes in one transaction
with an audit row. The members' own writes are in ``lianxin.posts.member_services``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person
from lianxin.posts.models import (
    DutyServed,
    ListItem,
    ListVersion,
    Need,
    PointsRule,
    Post,
    PostKind,
    ServiceField,
    Shift,
)
from lianxin.posts.points import SOURCES

COMMUNITY_KINDS = {NodeKind.COMMUNITY, NodeKind.VILLAGE}


def _community_errors(node: OrgNode) -> dict[str, list[str]]:
    if node.kind not in COMMUNITY_KINDS:
        return {"community": [_("Choose a community or village.")]}
    return {}


# --- responsibility lists ---------------------------------------------------------------------


@dataclass
class ItemInput:
    matter: str
    responsible_post: str
    legal_basis: str = ""
    time_limit: str = ""
    is_public: bool = True


def list_publish(
    *, actor: Any, community: OrgNode, items: Sequence[ItemInput], note: str = ""
) -> ListVersion:
    """Publish the community's list as its next version; earlier versions stay as they were."""
    require(actor, "posts.manage", community, action="posts.list.publish")
    errors = _community_errors(community)
    rows = [item for item in items if item.matter.strip() or item.responsible_post.strip()]
    if not rows:
        errors["items"] = [_("Add at least one item.")]
    for n, item in enumerate(rows, start=1):
        if not item.matter.strip() or not item.responsible_post.strip():
            errors.setdefault("items", []).append(
                _("Item %(n)d needs the matter and the responsible post.") % {"n": n}
            )
    if len(note) > 200:
        errors["note"] = [_("Keep it under 200 characters.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        OrgNode.objects.select_for_update().get(pk=community.pk)  # one publisher at a time
        last = ListVersion.objects.filter(community=community).order_by("-number").first()
        version = ListVersion.objects.create(
            community=community,
            number=(last.number + 1) if last else 1,
            note=note.strip(),
            published_by=actor,
        )
        ListItem.objects.bulk_create(
            ListItem(
                version=version,
                position=n,
                matter=item.matter.strip()[:200],
                legal_basis=item.legal_basis.strip()[:300],
                responsible_post=item.responsible_post.strip()[:100],
                time_limit=item.time_limit.strip()[:100],
                is_public=item.is_public,
            )
            for n, item in enumerate(rows, start=1)
        )
        audit_record(actor=actor, action="posts.list.publish", obj=version, detail={"items": len(rows)})
    return version


# --- posts and rosters --------------------------------------------------------------------------


@dataclass
class PostInput:
    kind: str
    name: str
    field: str = ""
    description: str = ""
    place: str = ""
    extends_until: dt.time | None = None
    on_weekends: bool = False
    is_active: bool = True


def _post_errors(community: OrgNode, data: PostInput, exclude_pk: int | None = None) -> dict[str, list[str]]:
    errors = _community_errors(community)
    if data.kind not in PostKind.values:
        errors["kind"] = [_("Choose the kind of post.")]
    if not data.name.strip():
        errors["name"] = [_("Give the post a name.")]
    elif (
        Post.objects.filter(community=community, name=data.name.strip()).exclude(pk=exclude_pk or 0).exists()
    ):
        errors["name"] = [_("This community already has a post of that name.")]
    if data.kind == PostKind.IN_SERVICE and data.field not in ServiceField.values:
        errors["field"] = [_("Choose the service field of the post.")]
    if data.kind == PostKind.EXTENDED_HOURS and data.extends_until is None:
        errors["extends_until"] = [_("Say until when the post stays open.")]
    return errors


def _post_fields(data: PostInput) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "name": data.name.strip(),
        "field": data.field if data.kind == PostKind.IN_SERVICE else "",
        "description": data.description.strip(),
        "place": data.place.strip(),
        "extends_until": data.extends_until if data.kind == PostKind.EXTENDED_HOURS else None,
        "on_weekends": data.on_weekends,
        "is_active": data.is_active,
    }


def post_create(*, actor: Any, community: OrgNode, data: PostInput) -> Post:
    require(actor, "posts.manage", community, action="posts.post.create")
    errors = _post_errors(community, data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        post = Post.objects.create(community=community, **_post_fields(data))
        audit_record(actor=actor, action="posts.post.create", obj=post)
    return post


def post_update(*, actor: Any, post: Post, data: PostInput) -> Post:
    require(actor, "posts.manage", post, action="posts.post.update")
    errors = _post_errors(post.community, data, exclude_pk=post.pk)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        for name, value in _post_fields(data).items():
            setattr(locked, name, value)
        locked.save()
        audit_record(actor=actor, action="posts.post.update", obj=locked)
    return locked


def shift_add(
    *,
    actor: Any,
    post: Post,
    person: Person,
    weekdays: Sequence[int],
    starts: dt.time,
    ends: dt.time,
    started_on: dt.date,
) -> list[Shift]:
    """Put a party member on the post's roster on the given weekdays, from ``starts`` to ``ends``."""
    require(actor, "posts.manage", post, action="posts.shift.add")
    errors: dict[str, list[str]] = {}
    lives_here = Person.objects.filter(subtree_q(post.community.path, field="node__path"), pk=person.pk)
    reported = person.post_reports.filter(community=post.community, state="confirmed")
    if not person.is_party_member:
        errors["person"] = [_("Choose a party member.")]
    elif not (lives_here.exists() or reported.exists()):
        errors["person"] = [_("Choose someone of this community or reported to it.")]
    days = sorted(set(weekdays))
    if not days or any(not 0 <= day <= 6 for day in days):
        errors["weekdays"] = [_("Choose the weekdays.")]
    if ends <= starts:
        errors["ends"] = [_("The shift ends after it starts.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        shifts = [
            Shift.objects.create(
                post=post, person=person, weekday=day, starts=starts, ends=ends, started_on=started_on
            )
            for day in days
        ]
        audit_record(
            actor=actor, action="posts.shift.add", obj=post, detail={"person": person.pk, "days": days}
        )
    return shifts


def shift_end(*, actor: Any, shift: Shift, ended_on: dt.date) -> Shift:
    """Take a roster line off from ``ended_on``; the line stays in the history."""
    require(actor, "posts.manage", shift, action="posts.shift.end")
    if shift.ended_on is not None:
        raise ValidationError({"ended_on": [_("This line is already off the roster.")]})
    if ended_on < shift.started_on:
        raise ValidationError({"ended_on": [_("The end cannot come before the start.")]})
    with transaction.atomic():
        locked = Shift.objects.select_for_update().get(pk=shift.pk)
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on", "updated_at"])
        audit_record(actor=actor, action="posts.shift.end", obj=locked)
    return locked


# --- duties served ----------------------------------------------------------------------------


def _duty_errors(shift: Shift, on: dt.date) -> dict[str, list[str]]:
    if on > timezone.localdate():
        return {"on": [_("A duty cannot be recorded before the day.")]}
    if on.weekday() != shift.weekday:
        return {"on": [_("This roster line is not on that weekday.")]}
    if on < shift.started_on or (shift.ended_on is not None and on >= shift.ended_on):
        return {"on": [_("This roster line was not in force on that day.")]}
    return {}


def duty_record(*, actor: Any, shift: Shift, on: dt.date) -> DutyServed:
    """Record that the roster line was served on ``on``: its weekday, in force, not in the future."""
    require(actor, "posts.manage", shift, action="posts.duty.record")
    errors = _duty_errors(shift, on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Shift.objects.select_for_update().get(pk=shift.pk)  # one record per line and day
        if DutyServed.objects.filter(shift=locked, on=on, withdrawn_at__isnull=True).exists():
            raise ValidationError({"on": [_("This duty is already recorded.")]})
        duty = DutyServed.objects.create(
            post_id=locked.post_id, shift=locked, person_id=locked.person_id, on=on, recorded_by=actor
        )
        audit_record(actor=actor, action="posts.duty.record", obj=duty, detail={"on": on.isoformat()})
    return duty


def duty_withdraw(*, actor: Any, duty: DutyServed) -> DutyServed:
    """Withdraw a duty recorded by mistake, on the day it was recorded; the record stays, marked."""
    require(actor, "posts.manage", duty, action="posts.duty.withdraw")
    with transaction.atomic():
        locked = DutyServed.objects.select_for_update().get(pk=duty.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError({"duty": [_("This duty is already withdrawn.")]})
        if timezone.localtime(locked.created_at).date() != timezone.localdate():
            raise ValidationError({"duty": [_("A duty can only be withdrawn on the day it was recorded.")]})
        locked.withdrawn_at, locked.withdrawn_by = timezone.now(), actor
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        audit_record(actor=actor, action="posts.duty.withdraw", obj=locked)
    return locked


# --- needs ---------------------------------------------------------------------------------------


def need_create(
    *, actor: Any, community: OrgNode, title: str, description: str = "", wanted: int = 1
) -> Need:
    require(actor, "posts.manage", community, action="posts.need.create")
    errors = _community_errors(community)
    if not title.strip():
        errors["title"] = [_("Give the need a title.")]
    if not 1 <= wanted <= 999:
        errors["wanted"] = [_("Enter how many people are wanted.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        need = Need.objects.create(
            community=community, title=title.strip()[:100], description=description.strip(), wanted=wanted
        )
        audit_record(actor=actor, action="posts.need.create", obj=need)
    return need


def need_close(*, actor: Any, need: Need) -> Need:
    require(actor, "posts.manage", need, action="posts.need.close")
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if not locked.is_open:
            raise ValidationError({"need": [_("This need is already closed.")]})
        locked.is_open = False
        locked.save(update_fields=["is_open", "updated_at"])
        audit_record(actor=actor, action="posts.need.close", obj=locked)
    return locked


# --- points rules ------------------------------------------------------------------------------


def rule_save(
    *, actor: Any, key: str, points: Decimal, yearly_cap: Decimal | None = None, is_active: bool = True
) -> PointsRule:
    """Create or change the rule pricing the source ``key``."""
    require(actor, "posts.keep_rules", None, action="posts.rule.save")
    errors: dict[str, list[str]] = {}
    if key not in SOURCES:
        errors["key"] = [_("Choose a registered source.")]
    if points < 0 or points >= 10000:
        errors["points"] = [_("Enter points between 0 and 9,999.")]
    if yearly_cap is not None and not 0 < yearly_cap < 1000000:
        errors["yearly_cap"] = [_("Leave the cap empty or enter a positive number.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule = PointsRule.objects.select_for_update().filter(key=key).first()
        if rule is None:
            rule = PointsRule(key=key)
        rule.points, rule.yearly_cap, rule.is_active = points, yearly_cap, is_active
        rule.save()
        audit_record(actor=actor, action="posts.rule.save", obj=rule, detail={"points": str(points)})
    return rule

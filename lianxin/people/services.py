"""Writes about people and accounts. Scope is checked first; each write is one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.models import RoleGrant
from lianxin.core.permissions import require
from lianxin.core.pii import keyed_hash
from lianxin.core.roles import ADMIN_ROLES, Role
from lianxin.core.security.separation import check_separation
from lianxin.core.tree import ancestor_paths
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person, User
from lianxin.people.validation import PersonInput, name_initials, person_input_errors

PII_FIELDS = ("phone", "id_number")


def home_links(
    node: OrgNode, known: Mapping[str, OrgNode] | None = None
) -> tuple[OrgNode | None, OrgNode | None]:
    """(grid, building) implied by the registration node: the building itself, the grid above."""
    building = node if node.kind == NodeKind.BUILDING else None
    paths = ancestor_paths(node.path)
    if known is not None and all(path in known for path in paths):
        line = [known[path] for path in paths]
    else:
        line = list(OrgNode.objects.filter(path__in=paths))
    grids = [n for n in line if n.kind == NodeKind.GRID]
    grid = max(grids, key=lambda n: n.depth) if grids else None
    return grid, building


def build_person(data: PersonInput, known: Mapping[str, OrgNode] | None = None) -> Person:
    """An unsaved Person from valid input, with hashes, initials and home links filled in."""
    grid, building = home_links(data.node, known)
    person = Person(**{field.name: getattr(data, field.name) for field in fields(data)})
    person.grid, person.building = grid, building
    person.name_pinyin = name_initials(data.name)
    person.phone_hash = keyed_hash(data.phone)
    person.id_number_hash = keyed_hash(data.id_number)
    return person


def person_create(*, actor: Any, data: PersonInput) -> Person:
    require(actor, "people.add_person", data.node, action="people.person.create")
    data = data.normalised()
    errors = person_input_errors(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = build_person(data)
        person.save()
        audit_record(actor=actor, action="people.person.create", obj=person)
    return person


def person_update(*, actor: Any, person: Person, data: PersonInput) -> Person:
    require(actor, "people.change_person", person, action="people.person.update")
    if data.node.pk != person.node_id:
        # Moving someone to another node needs the right on the destination as well.
        require(actor, "people.add_person", data.node, action="people.person.update")
    data = data.normalised()
    errors = person_input_errors(data, exclude_pk=person.pk)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        fresh = build_person(data)
        changed = []
        for field in (
            *PersonInput.__dataclass_fields__,
            "grid",
            "building",
            "name_pinyin",
            "phone_hash",
            "id_number_hash",
        ):
            if getattr(locked, field) != getattr(fresh, field):
                changed.append(field)
                setattr(locked, field, getattr(fresh, field))
        if changed:
            locked.save()
        # The audit log names changed fields but never stores personal data.
        audit_record(actor=actor, action="people.person.update", obj=locked, detail={"changed": changed})
    return locked


def person_reveal(*, actor: Any, person: Person, field: str) -> str:
    """The full phone or ID number, for a role that needs it; every reveal is audited."""
    if field not in PII_FIELDS:
        raise ValueError(f"not a personal-data field: {field}")
    own = person.user_id is not None and person.user_id == getattr(actor, "pk", None)
    if not own:
        require(actor, "people.reveal_person", person, action="people.person.reveal")
    audit_record(actor=actor, action="people.person.reveal", obj=person, detail={"field": field})
    return str(getattr(person, field))


def account_create(*, actor: Any, person: Person, username: str, password: str) -> User:
    """Give a person a log-in: for whoever may change the person, or manage accounts there.
    Staff chose the first password, so the holder must change it at the first log-in."""
    require(actor, "people.create_account", person, action="people.account.create")
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Enter a user name.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    if person.user_id is not None:
        raise ValidationError({"username": _("This person already has an account.")})
    user = User(username=username, must_change_password=True)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save()
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user
        audit_record(actor=actor, action="people.account.create", obj=user, detail={"person": person.pk})
    return user


def role_grant(*, actor: Any, user: User, role: str, node: OrgNode) -> RoleGrant:
    """Grant ``role`` on ``node`` (and so its subtree). Only superusers grant the system, security
    and audit administrator roles, and never two of them to one account (三员分立)."""
    require(actor, "people.grant_role", node, action="core.role.grant")
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role in ADMIN_ROLES and not scope.is_superuser(actor):
        require(actor, "core.grant_admin_role", node, action="core.role.grant")
    check_separation(user=user, role=role)
    today = timezone.localdate()
    with transaction.atomic():
        grant, created = RoleGrant.objects.select_for_update().get_or_create(user=user, role=role, node=node)
        lapsed = grant.valid_from > today or (grant.valid_until is not None and grant.valid_until < today)
        if lapsed:
            # Granting again a role that expired (or had not started) makes it valid from today.
            grant.valid_from, grant.valid_until = today, None
            grant.save(update_fields=["valid_from", "valid_until", "updated_at"])
        if created or lapsed:
            audit_record(actor=actor, action="core.role.grant", obj=grant, detail={"role": role})
    scope.forget(user)
    return grant


def role_revoke(*, actor: Any, grant: RoleGrant) -> None:
    """Withdraw a grant. Like granting them, only superusers withdraw the administrator roles."""
    require(actor, "people.grant_role", grant.node, action="core.role.revoke")
    if grant.role in ADMIN_ROLES and not scope.is_superuser(actor):
        require(actor, "core.grant_admin_role", grant.node, action="core.role.revoke")
    with transaction.atomic():
        audit_record(actor=actor, action="core.role.revoke", obj=grant, detail={"role": grant.role})
        grant.delete()
    scope.forget(grant.user)


def account_password_set(*, actor: Any, user: User, password: str) -> User:
    """Set a new password (already validated by the form that asked for it); audited. A password
    the holder chose ends the "change at the next log-in" demand; one set by someone else sets it."""
    if actor is None or actor.pk != user.pk:
        require(actor, "people.change_person", getattr(user, "person", None), action="auth.password_change")
    with transaction.atomic():
        user.set_password(password)
        password_changed(actor=actor, user=user)
    return user


def password_changed(*, actor: Any, user: User, detail: dict[str, Any] | None = None) -> None:
    """Save the password just set on ``user`` and audit it: one the holder chose ends the "change
    at the next log-in" demand; one set by someone else sets it."""
    user.must_change_password = actor is None or actor.pk != user.pk
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="auth.password_change", obj=user, detail=detail)

"""Writes of the account pages (账号管理): disable, enable, reset a password, grant and
withdraw roles. Each checks scope first, refuses changes to one's own account, leaves the
accounts of administrators to superusers (三员分立), and is one audited transaction."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome, RoleGrant
from lianxin.core.permissions import require
from lianxin.core.roles import ADMIN_ROLES
from lianxin.orgs.models import OrgNode
from lianxin.people.account_selectors import is_admin_account
from lianxin.people.models import User
from lianxin.people.services import role_grant, role_revoke

# Session stores whose sessions can be listed (and so ended at once). With any other store a
# disabled account still cannot use its session: Django refuses inactive users on every request.
LISTABLE_SESSION_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


def _check_account(*, actor: Any, user: User, action: str, own: str) -> None:
    """Scope (404), then one's own account (``own`` is the message), then 三员分立."""
    require(actor, "people.manage_account", user, action=action)
    if actor.pk == user.pk:
        raise ValidationError({NON_FIELD_ERRORS: own})
    if not scope.is_superuser(actor) and is_admin_account(user):
        audit_record(
            actor=actor, action=action, obj=user, outcome=AuditOutcome.DENIED, detail={"admin_account": True}
        )
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Only a superuser may change the account of an administrator.")}
        )


def sessions_end(*, user: User) -> int:
    """End every session of ``user`` kept in the database; the number ended."""
    if settings.SESSION_ENGINE not in LISTABLE_SESSION_ENGINES:
        return 0
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data")
    for key, data in live.iterator(chunk_size=500):
        session = store(session_key=key)
        if session.decode(data).get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _active_set(*, actor: Any, user: User, active: bool, action: str) -> User:
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active != active:
            locked.is_active = active
            locked.save(update_fields=["is_active"])
            ended = 0 if active else sessions_end(user=locked)
            audit_record(actor=actor, action=action, obj=locked, detail={"sessions_ended": ended})
    user.is_active = locked.is_active
    return locked


def account_disable(*, actor: Any, user: User) -> User:
    """The account can no longer log in, and its sessions end."""
    action = "people.account.disable"
    _check_account(actor=actor, user=user, action=action, own=_("You cannot disable your own account."))
    return _active_set(actor=actor, user=user, active=False, action=action)


def account_enable(*, actor: Any, user: User) -> User:
    action = "people.account.enable"
    _check_account(actor=actor, user=user, action=action, own=_("You cannot enable your own account."))
    return _active_set(actor=actor, user=user, active=True, action=action)


def account_password_reset(*, actor: Any, user: User, password: str) -> User:
    """Set a temporary password (checked by the password rules) and end the account's sessions;
    the administrator tells it to the account holder, who must choose a new one at the next log-in."""
    action = "people.account.password_reset"
    _check_account(
        actor=actor,
        user=user,
        action=action,
        own=_("Change your own password on the password page."),
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.must_change_password = True
        locked.save(update_fields=["password", "must_change_password"])
        ended = sessions_end(user=locked)
        # The audit log never holds the password.
        audit_record(actor=actor, action=action, obj=locked, detail={"sessions_ended": ended})
    return locked


def account_role_grant(*, actor: Any, user: User, role: str, node: OrgNode) -> RoleGrant:
    """``role_grant`` from the account pages: the administrator roles are refused with a message
    (they stay with superusers), and nobody changes their own roles."""
    action = "core.role.grant"
    _check_account(actor=actor, user=user, action=action, own=_("You cannot change your own roles."))
    if role in ADMIN_ROLES and not scope.is_superuser(actor):
        audit_record(
            actor=actor,
            action=action,
            obj=user,
            outcome=AuditOutcome.DENIED,
            detail={"perm": "core.grant_admin_role", "role": role},
        )
        raise ValidationError(
            {"role": _("Only a superuser may grant the system, security and audit administrator roles.")}
        )
    return role_grant(actor=actor, user=user, role=role, node=node)


def account_role_revoke(*, actor: Any, grant: RoleGrant) -> None:
    _check_account(
        actor=actor, user=grant.user, action="core.role.revoke", own=_("You cannot change your own roles.")
    )
    role_revoke(actor=actor, grant=grant)

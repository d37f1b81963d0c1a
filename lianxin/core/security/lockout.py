"""Lock-outs after repeated failed log-ins, per account and per client address.

Failures are counted in a sliding window (``LOGIN_FAILURE_WINDOW_SECONDS``) since the last
lock-out of the same key; reaching the limit locks the key for ``LOGIN_LOCKOUT_SECONDS``. A
security administrator may lift a lock-out earlier (workbench page or ``manage.py unlock``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome
from lianxin.core.permissions import require
from lianxin.core.security.models import Lockout, LockoutKind, LoginFailure


def _username_key(username: str) -> str:
    return username.strip().lower()[:150]


def active_lockout(*, username: str, ip: str | None) -> Lockout | None:
    """The lock-out in force for this account or this address, if any."""
    keys = Q(kind=LockoutKind.ACCOUNT, key=_username_key(username))
    if ip:
        keys |= Q(kind=LockoutKind.ADDRESS, key=ip)
    return (
        Lockout.objects.filter(keys, unlocked_at__isnull=True, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def lockout_message(lockout: Lockout) -> str:
    minutes = max(1, int((lockout.until - timezone.now()).total_seconds() + 59) // 60)
    until = timezone.localtime(lockout.until).strftime("%H:%M")
    if lockout.kind == LockoutKind.ADDRESS:
        text = _(
            "Too many failed log-ins from this device. Log-in is locked for %(minutes)d more minutes "
            "(until %(until)s). To unlock it sooner, ask your security administrator."
        )
    else:
        text = _(
            "Too many failed log-ins for this account. It is locked for %(minutes)d more minutes "
            "(until %(until)s). To unlock it sooner, ask your security administrator."
        )
    return text % {"minutes": minutes, "until": until}


def _count_since(kind: str, key: str, field: str, now: Any) -> int:
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    last = (
        Lockout.objects.filter(kind=kind, key=key).order_by("-locked_at").values_list("locked_at", flat=True)
    )
    last_at = last.first()
    if last_at is not None and last_at > since:
        since = last_at
    return LoginFailure.objects.filter(**{field: key, "at__gt": since}).count()


def failure_record(*, username: str, ip: str | None) -> Lockout | None:
    """Count one failed attempt; lock the account or the address when a limit is reached."""
    now = timezone.now()
    key = _username_key(username)
    with transaction.atomic():
        LoginFailure.objects.create(username=key, ip=ip, at=now)
        limits = [(LockoutKind.ACCOUNT, key, "username", settings.LOGIN_FAILURES_PER_ACCOUNT)]
        if ip:
            limits.append((LockoutKind.ADDRESS, ip, "ip", settings.LOGIN_FAILURES_PER_ADDRESS))
        for kind, value, field, limit in limits:
            count = _count_since(kind, value, field, now)
            if key and count >= limit:
                lockout = Lockout.objects.create(
                    kind=kind,
                    key=value,
                    locked_at=now,
                    until=now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS),
                    failures=count,
                )
                audit_record(
                    actor=None,
                    actor_label=key,
                    action="auth.lockout",
                    obj=lockout,
                    outcome=AuditOutcome.DENIED,
                    detail={"kind": kind, "key": value, "failures": count},
                    ip=ip,
                )
                return lockout
    return None


def refused_record(*, lockout: Lockout, username: str, ip: str | None) -> None:
    """A log-in attempt refused because of a lock-out (its password is never checked)."""
    audit_record(
        actor=None,
        actor_label=_username_key(username),
        action="auth.locked_out",
        obj=lockout,
        outcome=AuditOutcome.DENIED,
        detail={"kind": lockout.kind, "key": lockout.key},
        ip=ip,
    )


def failures_clear(*, username: str) -> None:
    """A successful log-in: the account's failures no longer count."""
    LoginFailure.objects.filter(username=_username_key(username)).delete()


def lockout_lift(*, actor: Any, lockout: Lockout, operator: str = "") -> Lockout:
    """Unlock before the time is up: a security administrator, or (``actor`` None) an operator
    on the server through ``manage.py unlock``, named by ``operator``; audited."""
    if actor is not None:
        require(actor, "security.manage", None, action="auth.unlock")
    with transaction.atomic():
        locked = Lockout.objects.select_for_update().get(pk=lockout.pk)
        if locked.unlocked_at is None:
            locked.unlocked_at = timezone.now()
            locked.unlocked_by = actor if getattr(actor, "pk", None) else None
            locked.save(update_fields=["unlocked_at", "unlocked_by"])
            field = "username" if locked.kind == LockoutKind.ACCOUNT else "ip"
            LoginFailure.objects.filter(**{field: locked.key}).delete()
            audit_record(
                actor=actor,
                actor_label=operator,
                action="auth.unlock",
                obj=locked,
                detail={"kind": locked.kind, "key": locked.key},
            )
    return locked


def lockouts_active() -> Any:
    return Lockout.objects.filter(unlocked_at__isnull=True, until__gt=timezone.now()).select_related(
        "unlocked_by"
    )

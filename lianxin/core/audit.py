"""Writing the audit log. Every service calls ``audit_record`` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from lianxin.core import datastamp
from lianxin.core.middleware import current_ip
from lianxin.core.models import AuditLog, AuditOutcome


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    outcome: str = AuditOutcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    actor_label: str = "",
    ip: str | None = None,
) -> AuditLog:
    """Append one row; the address is the current request's unless ``ip`` is given."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if outcome == AuditOutcome.SUCCESS:
        datastamp.bump()  # a write went through: cached figures are stale
    return AuditLog.objects.create(
        actor=actor if is_user else None,
        actor_label=actor_label or (actor.get_username() if is_user else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        outcome=outcome,
        ip=ip or current_ip.get(),
        detail=detail or {},
    )

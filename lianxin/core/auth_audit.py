"""Log-ins and failed log-ins go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from lianxin.core.audit import audit_record
from lianxin.core.middleware import client_ip
from lianxin.core.models import AuditOutcome


def _ip(request: Any) -> str | None:
    return client_ip(request) if request is not None and hasattr(request, "META") else None


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", obj=user, ip=_ip(request))


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, ip=_ip(request))


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        actor_label=username,
        action="auth.login",
        outcome=AuditOutcome.FAILED,
        detail={"username": username},
        ip=_ip(request),
    )


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="lianxin.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="lianxin.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="lianxin.audit.login_failed")

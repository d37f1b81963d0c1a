from typing import Any

from django.http import HttpRequest

from lianxin.core import nav, scope
from lianxin.core.models import Notification
from lianxin.core.roles import Cap
from lianxin.core.workbench import current_scope


def shell(request: HttpRequest) -> dict[str, Any]:
    """Navigation for whichever shell the page uses; computed lazily by the templates."""
    user = request.user
    if not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "resident_tabs": lambda: nav.resident_tabs(user, current),
        "workbench_sections": lambda: nav.workbench_sections(user, current),
        "can_use_workbench": lambda: scope.has_capability(user, Cap.WORKBENCH),
        # Pages may pass their own; the picker falls back to this (one query, when shown).
        "scope_node": lambda: current_scope(request),
        "unread_notifications": lambda: Notification.objects.filter(
            user_id=user.pk, read_at__isnull=True
        ).count(),
    }

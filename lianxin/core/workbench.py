"""The workbench's scope picker: which node the staff member is looking at right now."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from lianxin.core.roles import Cap
from lianxin.orgs import selectors as org_selectors
from lianxin.orgs.models import OrgNode

SESSION_KEY = "lianxin_scope_node"


def current_scope(request: HttpRequest) -> OrgNode | None:
    """The picked node if still in scope, else the user's first scope root (once per request)."""
    if not hasattr(request, "_lianxin_scope"):
        request._lianxin_scope = _resolve(request)  # type: ignore[attr-defined]
    return request._lianxin_scope  # type: ignore[attr-defined]


def _resolve(request: HttpRequest) -> OrgNode | None:
    user: Any = request.user
    picked = request.session.get(SESSION_KEY)
    if picked is not None:
        try:
            return org_selectors.node_get(actor=user, pk=picked, capability=Cap.WORKBENCH)
        except Http404:
            request.session.pop(SESSION_KEY, None)
    roots = org_selectors.scope_roots(actor=user, capability=Cap.WORKBENCH)
    return roots[0] if roots else None


def set_scope(request: HttpRequest, node: OrgNode) -> None:
    request.session[SESSION_KEY] = node.pk
    request._lianxin_scope = node  # type: ignore[attr-defined]

"""The JSON API (django-ninja, OpenAPI 3 at /api/docs). Apps add their routers here.

Errors are machine-readable: ``{"code": "...", "message": "...", "errors": {field: [..]}}``.
Out-of-scope objects are 404 like everywhere else.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from lianxin.core import scope
from lianxin.core.roles import CAPABILITIES
from lianxin.core.selectors import grants_in_force

api = NinjaAPI(
    title="Lianxin API",
    version="1",
    description="Lianxin (连心): organisation tree, people and, in later versions, requests and services.",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] = {}


def error(request: HttpRequest, status: int, code: str, message: str, errors: Any = None) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "errors": errors or {}}, status=status
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error(request, 400, "invalid", _("Some fields are not valid."), errors)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        field = ".".join(str(part) for part in item.get("loc", [])[1:]) or "__all__"
        errors.setdefault(field, []).append(str(item.get("msg", "")))
    return error(request, 422, "invalid_request", _("The request is not well formed."), errors)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 403, "forbidden", str(exc) or _("Not allowed."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, 401, "unauthenticated", _("Log in first."))


class GrantOut(Schema):
    role: str
    role_label: str
    node_id: int
    node_name: str


class MeOut(Schema):
    username: str
    name: str
    grants: list[GrantOut]
    capabilities: list[str]


@api.get("/v1/me", response=MeOut, tags=["account"], summary="Who I am and what I may do")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    grants = grants_in_force(user=user)
    caps = sorted({cap for role in scope.user_roles(user) for cap in CAPABILITIES.get(role, ())})
    return {
        "username": user.get_username(),
        "name": user.display_name,
        "grants": [
            {
                "role": g.role,
                "role_label": g.get_role_display(),
                "node_id": g.node_id,
                "node_name": g.node.name,
            }
            for g in grants
        ],
        "capabilities": caps,
    }


def wire_apps() -> None:
    """The apps' routers and the errors of their own that the API answers."""
    from lianxin.casework.api import router as cases_router
    from lianxin.casework.services import IdempotencyMismatch, StateConflict
    from lianxin.orgs.api import router as orgs_router
    from lianxin.people.api import router as people_router
    from lianxin.reports.api import router as figures_router

    api.add_router("/v1/orgs", orgs_router)
    api.add_router("/v1/people", people_router)
    api.add_router("/v1/cases", cases_router)
    api.add_router("/v1/figures", figures_router)

    from lianxin.liaison.api import router as liaison_router
    from lianxin.meetings.api import router as meetings_router

    api.add_router("/v1/liaison", liaison_router)
    api.add_router("/v1/meetings", meetings_router)

    from lianxin.campaigns.api import router as campaigns_router

    api.add_router("/v1/campaigns", campaigns_router)

    from lianxin.events.api import router as events_router
    from lianxin.learning.api import router as learning_router
    from lianxin.posts.api import router as posts_router
    from lianxin.socialwork.api import router as socialwork_router
    from lianxin.volunteers.api import router as volunteers_router

    api.add_router("/v1/posts", posts_router)
    api.add_router("/v1/volunteers", volunteers_router)
    api.add_router("/v1/social-work", socialwork_router)
    api.add_router("/v1/events", events_router)
    api.add_router("/v1/learning", learning_router)

    @api.exception_handler(StateConflict)
    def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error(request, 409, "conflict", str(exc))

    @api.exception_handler(IdempotencyMismatch)
    def key_reused(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error(
            request, 422, "idempotency_key_reused", _("This Idempotency-Key was used for another request.")
        )


wire_apps()

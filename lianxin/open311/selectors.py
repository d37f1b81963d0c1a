"""Reads for the interface and for the key management page, always scoped: a client sees what
its service account may see (never a confidential request); a manager sees the clients of the
service accounts that take in requests in their subtree."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from lianxin.casework.models import Case, CaseEvent, CasePhoto, Category
from lianxin.casework.selectors import case_list
from lianxin.casework.workflow import State
from lianxin.core import scope
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Cap, roles_with
from lianxin.open311.keys import key_hash
from lianxin.open311.models import Client, Submission
from lianxin.open311.query import RequestQuery
from lianxin.people.models import User

# Events whose note says why a request was closed without being handled.
CLOSING_ACTIONS = ("decline", "merge")


def closed_q() -> Q:
    return Q(state__in=[State.DECLINED, State.CLOSED]) | Q(merged_into__isnull=False)


# --- services ---------------------------------------------------------------------------


def service_list() -> QuerySet[Category]:
    """The request types a client may choose: active second-level categories."""
    return (
        Category.objects.filter(is_active=True, parent__isnull=False)
        .select_related("parent")
        .order_by("parent__sort", "parent__code", "sort", "code")
    )


def service_get(*, code: str) -> Category:
    try:
        return service_list().get(code=code)
    except Category.DoesNotExist as exc:
        raise Http404 from exc


# --- requests ---------------------------------------------------------------------------


def client_for_key(*, key: str) -> Client | None:
    """The active client whose key this is, with its (active) service account."""
    if not key:
        return None
    return (
        Client.objects.select_related("user")
        .filter(key_hash=key_hash(key), is_active=True, user__is_active=True)
        .first()
    )


def request_list(*, client: Client) -> QuerySet[Case]:
    """What the client's service account may see, less confidential requests; newest first,
    with everything the interface shows loaded in a fixed number of queries."""
    return (
        case_list(actor=client.user, own=False)  # a service account never reports through the app
        .filter(is_confidential=False)
        .select_related("merged_into", "open311_submission")
        .prefetch_related(
            Prefetch("photos", queryset=CasePhoto.objects.only("id", "case_id").order_by("id")),
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(action__in=CLOSING_ACTIONS).order_by("-at", "-id"),
                to_attr="closing_events",
            ),
        )
        .order_by("-submitted_at", "-id")
    )


def request_search(*, client: Client, query: RequestQuery) -> list[Case]:
    cases = request_list(client=client)
    if query.numbers:
        return list(cases.filter(number__in=query.numbers))
    if query.service_codes:
        cases = cases.filter(category__code__in=query.service_codes)
    if query.start is not None:
        cases = cases.filter(submitted_at__gte=query.start)
    if query.end is not None:
        cases = cases.filter(submitted_at__lte=query.end)
    if query.statuses == {"open"}:
        cases = cases.exclude(closed_q())
    elif query.statuses == {"closed"}:
        cases = cases.filter(closed_q())
    first = (query.page - 1) * query.page_size
    return list(cases[first : first + query.page_size])


def request_get(*, client: Client, number: str) -> Case:
    found = list(request_list(client=client).filter(number=number))
    if not found:
        raise Http404
    return found[0]


def submission_get(*, client: Client, token: str) -> Submission:
    """The client's own submission with this token, while its request is visible to it."""
    submission = Submission.objects.select_related("case").filter(client=client, token=token).first()
    if submission is None or not request_list(client=client).filter(pk=submission.case_id).exists():
        raise Http404
    return submission


# --- clients ----------------------------------------------------------------------------


def _intake_holders(actor: Any) -> QuerySet[RoleGrant, Any]:
    """User ids holding request intake on a node of the actor's managed subtrees."""
    return (
        RoleGrant.objects.in_force()
        .filter(role__in=roles_with(Cap.CASES_INTAKE))
        .filter(scope.scope_q(actor, Cap.ORGS_MANAGE, field="node__path"))
        .values("user_id")
    )


def client_list(*, actor: Any) -> QuerySet[Client]:
    if not scope.has_capability(actor, Cap.ORGS_MANAGE):
        return Client.objects.none()
    return Client.objects.filter(user_id__in=_intake_holders(actor)).select_related("user")


def client_get(*, actor: Any, pk: int | str) -> Client:
    try:
        return client_list(actor=actor).get(pk=pk)
    except (Client.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def service_accounts(*, actor: Any) -> QuerySet[User]:
    """Accounts a manager may give a key to: active, with request intake in their subtree."""
    if not scope.has_capability(actor, Cap.ORGS_MANAGE):
        return User.objects.none()
    return User.objects.filter(is_active=True, pk__in=_intake_holders(actor)).order_by("username")

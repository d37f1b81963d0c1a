"""The account pages of the workbench (账号管理), for the system administrator: accounts and
role grants of their subtree, never the people's personal data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Role
from lianxin.core.views import workbench_required
from lianxin.people import account_selectors as selectors
from lianxin.people import account_services as services
from lianxin.people.account_forms import AccountGrantForm, PasswordResetForm
from lianxin.people.forms import AccountForm
from lianxin.people.models import User
from lianxin.people.services import account_create

PAGE_SIZE = 25
STATES = [(selectors.ACTIVE, gettext_lazy("Active")), (selectors.DISABLED, gettext_lazy("Disabled"))]


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm("people.view_account"):
        raise Http404


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@workbench_required
def account_list(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    search = request.GET.get("q", "")
    role = request.GET.get("role", "")
    state = request.GET.get("state", "")
    accounts = selectors.account_list(actor=request.user, search=search, role=role, state=state)
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "search": search,
        "role": role,
        "state": state,
        "roles": Role.choices,
        "states": STATES,
        "query": urlencode({"q": search, "role": role, "state": state}),
    }
    template = "people/accounts/_rows.html" if request.htmx else "people/accounts/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _detail(
    request: HttpRequest,
    account: User,
    grant_form: AccountGrantForm | None = None,
    password_form: PasswordResetForm | None = None,
) -> HttpResponse:
    grants = list(selectors.account_grants(user=account))
    for grant in grants:
        grant.can_revoke = request.user.has_perm("people.grant_role", grant.node)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "account": account,
        "person": getattr(account, "person", None),
        "grants": grants,
        "own": account.pk == request.user.pk,
        "superusers_only": not scope.is_superuser(request.user) and selectors.is_admin_account(account),
        "grant_form": grant_form or AccountGrantForm(actor=request.user),
        "password_form": password_form or PasswordResetForm(),
    }
    return render(request, "people/accounts/detail.html", context)


@workbench_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    return _detail(request, selectors.account_get(actor=request.user, pk=pk))


@require_POST
@workbench_required
def account_grant(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    account = selectors.account_get(actor=request.user, pk=pk)
    form = AccountGrantForm(request.POST, actor=request.user)
    if submit(
        request, form, lambda data: services.account_role_grant(actor=request.user, user=account, **data)
    ):
        messages.success(request, _("The role was granted."))
        return redirect("people:account-detail", account.pk)
    return _detail(request, account, grant_form=form)


@require_POST
@workbench_required
def account_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    grant = selectors.grant_get(actor=request.user, pk=pk)
    try:
        services.account_role_revoke(actor=request.user, grant=grant)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The role was withdrawn."))
    return redirect("people:account-detail", grant.user_id)


@require_POST
@workbench_required
def account_password(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    account = selectors.account_get(actor=request.user, pk=pk)
    form = PasswordResetForm(request.POST)

    def reset(data: dict[str, Any]) -> User:
        return services.account_password_reset(actor=request.user, user=account, password=data["password"])

    if submit(request, form, reset):
        messages.success(request, _("The password was reset and the account's sessions ended."))
        return redirect("people:account-detail", account.pk)
    return _detail(request, account, password_form=form)


def _active_set(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    _allowed(request)
    account = selectors.account_get(actor=request.user, pk=pk)
    change = services.account_enable if active else services.account_disable
    try:
        change(actor=request.user, user=account)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        if active:
            messages.success(request, _("The account is enabled."))
        else:
            messages.success(request, _("The account is disabled and its sessions ended."))
    return redirect("people:account-detail", account.pk)


@require_POST
@workbench_required
def account_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _active_set(request, pk, active=False)


@require_POST
@workbench_required
def account_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _active_set(request, pk, active=True)


@workbench_required
def account_new(request: HttpRequest) -> HttpResponse:
    """Find the person (name and node only) who gets a log-in."""
    _allowed(request)
    search = request.GET.get("q", "")
    found = selectors.persons_without_account(actor=request.user, search=search)
    return render(request, "people/accounts/new.html", {"search": search, "found": found})


@workbench_required
def account_new_for(request: HttpRequest, person: int) -> HttpResponse:
    """Give the person a log-in: a user name and a temporary password."""
    _allowed(request)
    holder = selectors.person_for_account(actor=request.user, pk=person)
    if holder.user_id is not None:
        return redirect("people:account-detail", holder.user_id)
    form = AccountForm(request.POST or None)

    def create(data: dict[str, Any]) -> User:
        return account_create(
            actor=request.user, person=holder, username=data["username"], password=data["password"]
        )

    account = submit(request, form, create)
    if account is not None:
        messages.success(request, _("The log-in was created."))
        return redirect("people:account-detail", account.pk)
    return render(request, "people/accounts/create.html", {"form": form, "person": holder})

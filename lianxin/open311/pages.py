"""The workbench page for Open311 keys: managers of the org tree list the clients of their
subtree, create one (its key is shown once, on the answer to the POST) and revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core.forms import submit
from lianxin.core.views import workbench_required
from lianxin.open311 import selectors, services
from lianxin.open311.forms import ClientForm

PAGE_SIZE = 25


def _require_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("open311.manage_client"):
        raise Http404


@workbench_required
def client_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    clients = selectors.client_list(actor=request.user)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "open311/clients.html", {"page": page})


@workbench_required
def client_add(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = ClientForm(request.POST or None, actor=request.user)

    def create(data: dict[str, Any]) -> Any:
        return services.client_create(actor=request.user, **data)

    created = submit(request, form, create)
    if created is None:
        return render(request, "open311/client_form.html", {"form": form})
    client, key = created
    # The one time the key is seen: not kept, not cached, not redirected to.
    response = render(request, "open311/client_key.html", {"client": client, "key": key})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@workbench_required
def client_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get(actor=request.user, pk=pk)
    services.client_revoke(actor=request.user, client=client)
    messages.success(request, _("The key of %(name)s no longer works.") % {"name": client.name})
    return redirect("open311-clients:list")

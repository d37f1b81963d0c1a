"""Pages of purchased social-work services: the workbench for the buyer's staff (contracts,
deliverables, confirmation) and the phone for social workers (my contracts, log a service, my
logs). Each page parses, calls one service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.socialwork import selectors, services
from lianxin.socialwork.exports import log_workbook
from lianxin.socialwork.forms import ContractForm, DeliverableForm, LogForm, ReasonForm
from lianxin.socialwork.models import Contract, Deliverable, ServiceLog

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_LOGS = 30


def _chart(contract: Contract) -> dict[str, Any]:
    months = selectors.monthly(contract=contract)
    return {
        "months": [f"{m.month:%Y-%m}" for m in months],
        "services": [m.services for m in months],
        "people": [m.people for m in months],
        "labels": {"services": _("Services confirmed"), "people": _("People served")},
    }


# --- workbench: contracts --------------------------------------------------------------------------


@workbench_required
def contract_list(request: HttpRequest) -> HttpResponse:
    """Contracts of the area with their progress and lagging deliverables."""
    user: Any = request.user
    if not (
        scope.has_capability(user, Cap.SOCIALWORK_VIEW) or scope.has_capability(user, Cap.SOCIALWORK_SERVE)
    ):
        raise Http404
    within = current_scope(request)
    contracts = list(selectors.contract_list(actor=user, within=within))
    found = selectors.progress(contracts=contracts, today=timezone.localdate())
    context = {
        "rows": [found[c.pk] for c in contracts],
        "within": within,
        "can_add": scope.has_capability(user, Cap.SOCIALWORK_MANAGE),
    }
    return render(request, "socialwork/contract_list.html", context)


@workbench_required
def contract_add(request: HttpRequest) -> HttpResponse:
    buyers = selectors.buyer_nodes(actor=request.user)
    if not buyers.exists():
        raise Http404
    form = ContractForm(
        request.POST or None, buyers=buyers, organisations=selectors.organisations(actor=request.user)
    )
    contract = submit(
        request,
        form,
        lambda data: services.contract_create(actor=request.user, buyer=data["buyer"], data=form.to_input()),
    )
    if contract is not None:
        messages.success(request, _("The contract was drafted; now set its deliverables."))
        return redirect("socialwork:deliverables", contract.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "socialwork/form.html", {"form": form, "title": _("New contract")}, status=status)


@workbench_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(actor=request.user, pk=pk, capability=Cap.SOCIALWORK_MANAGE)
    form = ContractForm(
        request.POST or None,
        buyers=None,
        organisations=selectors.organisations(actor=request.user),
        contract=contract,
    )
    if submit(
        request,
        form,
        lambda data: services.contract_update(actor=request.user, contract=contract, data=form.to_input()),
    ):
        messages.success(request, _("Changes saved."))
        return redirect("socialwork:contract", contract.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": contract.title, "contract": contract}
    return render(request, "socialwork/form.html", context, status=status)


@workbench_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A contract: its progress table, the monthly chart, its history and latest logs."""
    contract = selectors.contract_get(actor=request.user, pk=pk)
    context = {
        "contract": contract,
        "progress": selectors.contract_progress(contract=contract, today=timezone.localdate()),
        "chart": _chart(contract),
        "events": contract.events.select_related("actor__person"),
        "logs": selectors.log_list(actor=request.user, contract=contract)[:RECENT_LOGS],
        "can_manage": request.user.has_perm("socialwork.manage", contract),
        "terminate_form": ReasonForm(prefix="terminate"),
    }
    return render(request, "socialwork/contract_detail.html", context)


@require_POST
@workbench_required
def contract_state(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign, end or terminate a contract (``action`` in the form)."""
    contract = selectors.contract_get(actor=request.user, pk=pk, capability=Cap.SOCIALWORK_MANAGE)
    action = request.POST.get("action", "")
    reason = request.POST.get("terminate-reason", "")
    try:
        if action == "sign":
            done = services.contract_sign(actor=request.user, contract=contract)
        elif action == "end":
            done = services.contract_end(actor=request.user, contract=contract)
        elif action == "terminate":
            done = services.contract_terminate(actor=request.user, contract=contract, reason=reason)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The contract is %(state)s.") % {"state": done.get_state_display()})
    return redirect("socialwork:contract", contract.pk)


@workbench_required
def contract_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The contract's whole service log as an Excel ledger; audited."""
    contract = selectors.contract_get(actor=request.user, pk=pk)
    logs = selectors.log_list(actor=request.user, contract=contract).order_by("on", "id")
    audit_record(actor=request.user, action="socialwork.log.export", obj=contract)
    response = HttpResponse(log_workbook(contract=contract, logs=logs), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="social-work-{contract.pk}.xlsx"'
    return response


# --- workbench: deliverables -------------------------------------------------------------------------


@workbench_required
def deliverables(request: HttpRequest, pk: int) -> HttpResponse:
    """The deliverables editor: the contract's deliverables and a form to add one."""
    contract = selectors.contract_get(actor=request.user, pk=pk, capability=Cap.SOCIALWORK_MANAGE)
    form = DeliverableForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: services.deliverable_save(actor=request.user, contract=contract, data=form.to_input()),
    )
    if added is not None:
        messages.success(request, _("%(name)s was added.") % {"name": added.name})
        return redirect("socialwork:deliverables", contract.pk)
    context = {
        "contract": contract,
        "progress": selectors.contract_progress(contract=contract, today=timezone.localdate()),
        "form": form,
        "editable": contract.state in services.EDITABLE,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "socialwork/deliverables.html", context, status=status)


def _managed_deliverable(request: HttpRequest, pk: int) -> Deliverable:
    deliverable = selectors.deliverable_get(actor=request.user, pk=pk)
    if not request.user.has_perm("socialwork.manage", deliverable):
        raise Http404
    return deliverable


@workbench_required
def deliverable_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = _managed_deliverable(request, pk)
    contract = deliverable.contract
    form = DeliverableForm(request.POST or None, deliverable=deliverable)
    saved = submit(
        request,
        form,
        lambda data: services.deliverable_save(
            actor=request.user, contract=contract, data=form.to_input(), deliverable=deliverable
        ),
    )
    if saved is not None:
        messages.success(request, _("Changes saved."))
        return redirect("socialwork:deliverables", contract.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": deliverable.name, "contract": contract}
    return render(request, "socialwork/form.html", context, status=status)


@require_POST
@workbench_required
def deliverable_remove(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = _managed_deliverable(request, pk)
    try:
        services.deliverable_remove(actor=request.user, deliverable=deliverable)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": deliverable.name})
    return redirect("socialwork:deliverables", deliverable.contract_id)


# --- workbench: confirmation -------------------------------------------------------------------------


@workbench_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Logged services awaiting confirmation on the contracts the actor manages."""
    if not scope.has_capability(request.user, Cap.SOCIALWORK_MANAGE):
        raise Http404
    logs = selectors.review_queue(actor=request.user, within=current_scope(request))
    context = {
        "logs": logs.select_related("deliverable__contract__organisation")[:200],
        "form": ReasonForm(prefix="return"),
    }
    return render(request, "socialwork/queue.html", context)


@require_POST
@workbench_required
def log_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a logged service, or return it with a reason (``action`` in the form)."""
    log = selectors.log_get(actor=request.user, pk=pk)
    if not request.user.has_perm("socialwork.manage", log):
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "confirm":
            done = services.log_confirm(actor=request.user, log=log)
        elif action == "return":
            done = services.log_return(
                actor=request.user, log=log, reason=request.POST.get("return-reason", "")
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The log is %(state)s.") % {"state": done.get_state_display()})
    if request.POST.get("next") == "contract":
        return redirect("socialwork:contract", log.deliverable.contract_id)
    return redirect("socialwork:queue")


@login_required
def log_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A log's photo, for those who may see the log."""
    log: ServiceLog = selectors.log_get(actor=request.user, pk=pk)
    if not log.photo:
        raise Http404
    response = FileResponse(log.photo.open("rb"), content_type=log.photo_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- phone: social workers -----------------------------------------------------------------------------


def _serving(request: HttpRequest) -> None:
    if not scope.has_capability(request.user, Cap.SOCIALWORK_SERVE):
        raise Http404


@login_required
def app_contracts(request: HttpRequest) -> HttpResponse:
    """A social worker's contracts in force, with how far each deliverable has come."""
    _serving(request)
    contracts = list(selectors.own_contracts(actor=request.user))
    found = selectors.progress(contracts=contracts, today=timezone.localdate())
    return render(request, "socialwork/app_contracts.html", {"rows": [found[c.pk] for c in contracts]})


@login_required
def app_log_new(request: HttpRequest) -> HttpResponse:
    """A social worker logs a service against a deliverable of a contract in force."""
    _serving(request)
    choices = selectors.own_deliverables(actor=request.user)
    initial = {"deliverable": request.GET.get("deliverable")} if request.GET.get("deliverable") else {}
    form = LogForm(request.POST or None, request.FILES or None, deliverables=choices, initial=initial)
    log = submit(
        request,
        form,
        lambda data: services.service_log(
            actor=request.user, deliverable=data["deliverable"], data=form.to_input()
        ),
    )
    if log is not None:
        messages.success(request, _("Logged; it counts once the buyer's staff confirm it."))
        return redirect("socialwork:app-logs")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "socialwork/app_log_form.html",
        {"form": form, "has_choices": choices.exists()},
        status=status,
    )


@login_required
def app_logs(request: HttpRequest) -> HttpResponse:
    """What the social worker logged, newest first, with the buyer's answer."""
    _serving(request)
    logs = selectors.own_logs(actor=request.user)[:100]
    return render(request, "socialwork/app_logs.html", {"logs": logs})

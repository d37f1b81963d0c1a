"""Task pages: the breakdown tree, one task (progress, evidence, sub-tasks), my tasks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.campaigns import selectors
from lianxin.campaigns.forms.work import EvidenceForm, ProgressForm, TaskForm
from lianxin.campaigns.models import Task
from lianxin.campaigns.rollup import build_tree, flatten, summarise
from lianxin.campaigns.services.tasks import task_create, task_evidence_add, task_progress, task_update
from lianxin.campaigns.views.common import campaign_context
from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required


@workbench_required
def task_tree(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole breakdown with its roll-up, or one command post's part of it."""
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    posts = list(campaign.posts.order_by("sort", "id"))
    tasks = selectors.task_list(actor=user, campaign=campaign)
    post = next((p for p in posts if str(p.pk) == request.GET.get("post")), None)
    if post is not None:
        tasks = tasks.filter(post=post)
    roots = build_tree(tasks, timezone.now())
    context = campaign_context(
        request,
        campaign,
        "campaigns:tasks",
        rows=flatten(roots),
        summary=summarise(roots),
        posts=posts,
        post=post,
    )
    return render(request, "campaigns/tasks.html", context)


@workbench_required
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.campaign_get(actor=user, pk=pk, whole=True)
    selectors.require_whole(user, campaign, "campaigns.manage_campaign")
    form = TaskForm(request.POST or None, actor=user, campaign=campaign)
    task = submit(
        request, form, lambda data: task_create(actor=user, campaign=campaign, data=form.to_input())
    )
    if task is not None:
        messages.success(request, _("The task was added."))
        return redirect("campaigns:task", task.pk)
    context = campaign_context(request, campaign, "campaigns:tasks", form=form, title=_("Add a task"))
    return render(request, "campaigns/form.html", context)


def _below(node: Any) -> list[Any]:
    """The sub-tasks of ``node``, depth first, indented from it."""
    rows = flatten([node])[1:]
    for row in rows:
        row.depth -= node.depth + 1
    return rows


def _task_page(request: HttpRequest, task: Task, status: int = 200, **forms: Any) -> HttpResponse:
    user: Any = request.user
    campaign = task.campaign
    works = user.has_perm("campaigns.work_on_task", task)
    subtree = list(selectors.task_list(actor=user, campaign=campaign))
    roots = build_tree(subtree, timezone.now())
    node = next((n for root in roots for n in root.walk() if n.task.pk == task.pk), None)
    if node is None:
        raise Http404
    context = campaign_context(
        request,
        campaign,
        "campaigns:tasks",
        task=task,
        node=node,
        rows=_below(node),
        events=task.events.select_related("actor").order_by("at", "id"),
        evidence=task.evidence.select_related("added_by").order_by("added_at", "id"),
        works=works,
        progress_form=(
            forms.get("progress_form")
            or ProgressForm(initial={"status": task.status, "progress": task.progress})
        )
        if works and node.is_leaf
        else None,
        evidence_form=(forms.get("evidence_form") or EvidenceForm(prefix="ev")) if works else None,
    )
    return render(request, "campaigns/task.html", context, status=status)


@workbench_required
def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, selectors.task_get(actor=request.user, pk=pk))


@require_POST
@workbench_required
def task_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, pk=pk)
    if not request.user.has_perm("campaigns.work_on_task", task):
        raise Http404
    form = ProgressForm(request.POST)

    def move(data: dict[str, Any]) -> Task:
        return task_progress(
            actor=request.user,
            task=task,
            status=data["status"],
            progress=data["progress"] or 0,
            note=data["note"],
        )

    if submit(request, form, move):
        messages.success(request, _("Progress saved."))
        return redirect("campaigns:task", task.pk)
    return _task_page(request, task, status=400, progress_form=form)


@require_POST
@workbench_required
def task_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, pk=pk)
    if not request.user.has_perm("campaigns.work_on_task", task):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES, prefix="ev")
    if submit(request, form, lambda data: task_evidence_add(actor=request.user, task=task, **data)):
        messages.success(request, _("Evidence added."))
        return redirect("campaigns:task", task.pk)
    return _task_page(request, task, status=400, evidence_form=form)


@login_required
def evidence_photo(request: HttpRequest, pk: int, evidence: int) -> FileResponse:
    """A photo of a task's evidence, for those who may see the task."""
    task = selectors.task_get(actor=request.user, pk=pk)
    found = task.evidence.filter(pk=evidence).exclude(photo="").first()
    if found is None:
        raise Http404
    response = FileResponse(found.photo.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@workbench_required
def subtask_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Break a task down further (its command post's people may, and the campaign's managers)."""
    user: Any = request.user
    parent = selectors.task_get(actor=user, pk=pk)
    if not user.has_perm("campaigns.work_on_task", parent):
        raise Http404
    campaign = parent.campaign
    form = TaskForm(request.POST or None, actor=user, campaign=campaign, parent=parent)
    task = submit(
        request,
        form,
        lambda data: task_create(actor=user, campaign=campaign, data=form.to_input(), parent=parent),
    )
    if task is not None:
        messages.success(request, _("The sub-task was added."))
        return redirect("campaigns:task", parent.pk)
    title = _("Break down: %(task)s") % {"task": parent.title}
    context = campaign_context(request, campaign, "campaigns:tasks", form=form, title=title)
    return render(request, "campaigns/form.html", context)


@workbench_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    task = selectors.task_get(actor=user, pk=pk)
    campaign = task.campaign
    selectors.require_whole(user, campaign, "campaigns.manage_campaign")
    form = TaskForm(request.POST or None, actor=user, campaign=campaign, parent=task.parent, task=task)
    if submit(request, form, lambda data: task_update(actor=user, task=task, data=form.to_input())):
        messages.success(request, _("Saved."))
        return redirect("campaigns:task", task.pk)
    title = _("Change the task: %(task)s") % {"task": task.title}
    context = campaign_context(request, campaign, "campaigns:tasks", form=form, title=title)
    return render(request, "campaigns/form.html", context, status=400 if form.errors else 200)


@workbench_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Everyone sees what is theirs (人人知任务): tasks naming them, and their posts' tasks."""
    user: Any = request.user
    if not (user.has_perm("campaigns.view_campaign") or scope.has_capability(user, Cap.CAMPAIGNS_WORK)):
        raise Http404
    tasks = list(selectors.my_tasks(actor=user))
    now = timezone.now()
    context = {"tasks": tasks, "now": now, "summary": summarise(build_tree(tasks, now))}
    return render(request, "campaigns/my_tasks.html", context)

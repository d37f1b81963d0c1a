"""Workbench pages of community staff: posts and rosters, who is on duty now, responsibility
lists and their versions, community needs, the confirmation queue and points rules. Each page
parses, calls one service, and renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.posts import selectors, services
from lianxin.posts.forms import EndForm, ItemFormSet, NeedForm, PostForm, RuleForm, ShiftForm, VersionNoteForm
from lianxin.posts.models import PointsRule, Post
from lianxin.posts.points import SOURCES
from lianxin.posts.rules import keeps_rules


def _needs(request: HttpRequest, capability: str) -> None:
    if not scope.has_capability(request.user, capability):
        raise Http404


# --- posts and rosters --------------------------------------------------------------------------


@workbench_required
def post_list(request: HttpRequest) -> HttpResponse:
    """The area's posts with their rosters, and who is on duty right now."""
    _needs(request, Cap.POSTS_VIEW)
    within = current_scope(request)
    context = {
        "posts": list(selectors.post_list(actor=request.user, within=within)),
        "on_duty": list(selectors.on_duty(actor=request.user, within=within)),
        "within": within,
        "can_add": scope.has_capability(request.user, Cap.POSTS_MANAGE),
        "now": timezone.localtime(),
    }
    return render(request, "posts/post_list.html", context)


@workbench_required
def on_duty(request: HttpRequest) -> HttpResponse:
    _needs(request, Cap.POSTS_VIEW)
    within = current_scope(request)
    shifts = list(selectors.on_duty(actor=request.user, within=within))
    context = {
        "shifts": shifts,
        "recordable": {shift.pk for shift in shifts if request.user.has_perm("posts.manage", shift)},
        "now": timezone.localtime(),
        "within": within,
    }
    return render(request, "posts/on_duty.html", context)


@workbench_required
def post_add(request: HttpRequest) -> HttpResponse:
    communities = selectors.communities(actor=request.user, capability=Cap.POSTS_MANAGE)
    if not communities.exists():
        raise Http404
    form = PostForm(request.POST or None, communities=communities)

    def create(data: dict[str, Any]) -> Post:
        return services.post_create(actor=request.user, community=data["community"], data=form.to_input())

    post = submit(request, form, create)
    if post is not None:
        messages.success(request, _("%(name)s was set up.") % {"name": post.name})
        return redirect("posts:post", post.pk)
    return render(
        request, "posts/form.html", {"form": form, "title": _("New service post"), "back": "posts:posts"}
    )


@workbench_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(actor=request.user, pk=pk, capability=Cap.POSTS_MANAGE)
    form = PostForm(request.POST or None, post=post)

    def update(data: dict[str, Any]) -> Post:
        return services.post_update(actor=request.user, post=post, data=form.to_input())

    if submit(request, form, update):
        messages.success(request, _("Changes saved."))
        return redirect("posts:post", post.pk)
    return render(request, "posts/form.html", {"form": form, "title": post.name, "back": "posts:posts"})


@workbench_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(actor=request.user, pk=pk)
    manage = request.user.has_perm("posts.manage", post)
    if request.method == "POST" and not manage:
        raise Http404
    form = (
        ShiftForm(request.POST or None, candidates=selectors.roster_candidates(post=post)) if manage else None
    )
    if (
        form is not None
        and submit(request, form, lambda data: services.shift_add(actor=request.user, post=post, **data))
        is not None
    ):
        messages.success(request, _("The roster was updated."))
        return redirect("posts:post", post.pk)
    today = timezone.localdate()
    context = {
        "post": post,
        "form": form,
        "manage": manage,
        "end_form": EndForm(),
        "today": today,
        "served": selectors.served_on(post=post, on=today) if manage else set(),
        "duties": selectors.duties_of(post=post),
    }
    return render(request, "posts/post_detail.html", context)


@workbench_required
@require_POST
def shift_end(request: HttpRequest, pk: int) -> HttpResponse:
    shift = selectors.shift_get(actor=request.user, pk=pk)
    form = EndForm(request.POST)
    if submit(request, form, lambda data: services.shift_end(actor=request.user, shift=shift, **data)):
        messages.success(request, _("The roster was updated."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("posts:post", shift.post_id)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the button was on (this site only), else ``fallback``."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _run_and_tell(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


@workbench_required
@require_POST
def duty_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-click "served" button of a roster line: its duty today."""
    shift = selectors.shift_get(actor=request.user, pk=pk)
    today = timezone.localdate()
    _run_and_tell(
        request,
        lambda: services.duty_record(actor=request.user, shift=shift, on=today),
        _("Duty of %(name)s recorded.") % {"name": shift.person.name},
    )
    return _back(request, reverse("posts:post", args=[shift.post_id]))


@workbench_required
@require_POST
def duty_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    duty = selectors.duty_get(actor=request.user, pk=pk)
    _run_and_tell(
        request, lambda: services.duty_withdraw(actor=request.user, duty=duty), _("Duty withdrawn.")
    )
    return _back(request, reverse("posts:post", args=[duty.post_id]))


# --- responsibility lists ------------------------------------------------------------------------


@workbench_required
def lists(request: HttpRequest) -> HttpResponse:
    _needs(request, Cap.POSTS_VIEW)
    within = current_scope(request)
    communities = list(selectors.communities(actor=request.user, within=within))
    versions = selectors.latest_versions(communities=communities)
    rows = [(community, versions.get(community.pk)) for community in communities]
    return render(request, "posts/lists.html", {"rows": rows, "within": within})


@workbench_required
def list_page(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_get(actor=request.user, pk=pk)
    versions = list(selectors.versions_of(community=community))
    current = selectors.current_version(community=community)
    context = {
        "community": community,
        "version": current,
        "versions": versions,
        "manage": request.user.has_perm("posts.manage", community),
        "is_current": True,
    }
    return render(request, "posts/list_page.html", context)


@workbench_required
def list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the list: saving publishes it as the next version."""
    community = selectors.community_get(actor=request.user, pk=pk, capability=Cap.POSTS_MANAGE)
    current = selectors.current_version(community=community)
    initial = [
        {
            f: getattr(item, f)
            for f in ("matter", "legal_basis", "responsible_post", "time_limit", "is_public")
        }
        for item in (current.items.all() if current else [])
    ]
    items = ItemFormSet(request.POST or None, initial=initial, prefix="items")
    note = VersionNoteForm(request.POST or None)
    if request.method == "POST" and items.is_valid() and note.is_valid():
        rows = [form.to_input() for form in items.forms if form.cleaned_data]
        version = submit(
            request,
            note,
            lambda data: services.list_publish(actor=request.user, community=community, items=rows, **data),
        )
        if version is not None:
            messages.success(request, _("Version %(n)d was published.") % {"n": version.number})
            return redirect("posts:list", community.pk)
    context = {"community": community, "items": items, "note": note, "version": current}
    return render(request, "posts/list_edit.html", context)


@workbench_required
def version_page(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(actor=request.user, pk=pk)
    versions = list(selectors.versions_of(community=version.community))
    context = {
        "community": version.community,
        "version": version,
        "versions": versions,
        "manage": False,
        "is_current": versions[0].pk == version.pk,
    }
    return render(request, "posts/list_page.html", context)


# --- needs ------------------------------------------------------------------------------------------


@workbench_required
def need_list(request: HttpRequest) -> HttpResponse:
    _needs(request, Cap.POSTS_VIEW)
    within = current_scope(request)
    communities = selectors.communities(actor=request.user, capability=Cap.POSTS_MANAGE)
    manage = scope.has_capability(request.user, Cap.POSTS_MANAGE)
    if request.method == "POST" and not manage:
        raise Http404
    form = NeedForm(request.POST or None, communities=communities) if manage else None
    if (
        form is not None
        and submit(request, form, lambda data: services.need_create(actor=request.user, **data)) is not None
    ):
        messages.success(request, _("The need was published."))
        return redirect("posts:needs")
    needs = list(selectors.need_list(actor=request.user, within=within))
    return render(request, "posts/needs.html", {"needs": needs, "form": form, "within": within})


@workbench_required
@require_POST
def need_close(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_get(actor=request.user, pk=pk)
    try:
        services.need_close(actor=request.user, need=need)
        messages.success(request, _("The need was closed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("posts:needs")


# --- points rules ------------------------------------------------------------------------------


@workbench_required
def rules_page(request: HttpRequest) -> HttpResponse:
    """Points rules: everyone with posts.view reads them; the subdistrict (or above) keeps them."""
    _needs(request, Cap.POSTS_VIEW)
    keep = keeps_rules(request.user)
    if request.method == "POST" and not keep:
        raise Http404
    form = RuleForm(request.POST or None, initial={"key": request.GET.get("key", "")}) if keep else None
    if (
        form is not None
        and submit(request, form, lambda data: services.rule_save(actor=request.user, **data)) is not None
    ):
        messages.success(request, _("Changes saved."))
        return redirect("posts:rules")
    found = {rule.key: rule for rule in PointsRule.objects.all()}
    rows = [(key, source, found.get(key)) for key, source in sorted(SOURCES.items())]
    return render(request, "posts/rules.html", {"rows": rows, "form": form})

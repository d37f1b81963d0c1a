"""Workbench pages of online learning: the course editor (lessons, files, quiz questions), the
learners' progress table and study hours by party branch, with Excel exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import scope
from lianxin.core.forms import submit
from lianxin.core.roles import Cap
from lianxin.core.views import workbench_required
from lianxin.core.workbench import current_scope
from lianxin.learning import export, selectors, services
from lianxin.learning.forms import CourseForm, LessonForm, QuestionForm
from lianxin.learning.models import Course, Question
from lianxin.orgs.models import OrgNode
from lianxin.reports.periods import BadPeriod, Period, parse


def _need(request: HttpRequest, capability: str) -> None:
    if not scope.has_capability(request.user, capability):
        raise Http404


@workbench_required
def course_list(request: HttpRequest) -> HttpResponse:
    _need(request, Cap.LEARNING_VIEW)
    within = current_scope(request)
    courses = list(selectors.course_list(actor=request.user, within_node=within))
    can_add = scope.has_capability(request.user, Cap.LEARNING_MANAGE)
    return render(
        request, "learning/course_list.html", {"courses": courses, "within": within, "can_add": can_add}
    )


@workbench_required
def course_add(request: HttpRequest) -> HttpResponse:
    nodes = selectors.manageable_nodes(actor=request.user)
    if not nodes.exists():
        raise Http404
    within = current_scope(request)
    initial = (
        {"node": within, "audience": "everyone", "pass_mark": 60} if within in nodes else {"pass_mark": 60}
    )
    form = CourseForm(request.POST or None, nodes=nodes, initial=initial)
    course = submit(
        request,
        form,
        lambda data: services.course_create(actor=request.user, node=data["node"], data=form.to_input()),
    )
    if course is not None:
        messages.success(request, _("The course was created; now add its lessons."))
        return redirect("learning:course", course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("New course")})


@workbench_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(actor=request.user, pk=pk, capability=Cap.LEARNING_MANAGE)
    form = CourseForm(request.POST or None, course=course)
    saved = submit(
        request,
        form,
        lambda data: services.course_update(actor=request.user, course=course, data=form.to_input()),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("learning:course", course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Edit course"), "course": course})


@workbench_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The course editor: its lessons in order and its quiz; staff who may manage add to both."""
    course = selectors.course_get(actor=request.user, pk=pk)
    can_manage = request.user.has_perm("learning.manage", course)
    sent = request.POST.get("form") if request.method == "POST" else None
    if sent and not can_manage:
        raise Http404
    lesson_form = LessonForm(
        request.POST if sent == "lesson" else None, request.FILES if sent == "lesson" else None
    )
    question_form = QuestionForm(request.POST if sent == "question" else None, prefix="q")
    done: Any = None
    if sent == "lesson":
        done = submit(
            request,
            lesson_form,
            lambda d: services.lesson_add(actor=request.user, course=course, data=lesson_form.to_input()),
        )
    elif sent == "question":
        done = submit(
            request,
            question_form,
            lambda d: services.question_add(actor=request.user, course=course, data=question_form.to_input()),
        )
    if done is not None:
        messages.success(request, _("Added."))
        return redirect("learning:course", course.pk)
    context = {
        "course": course,
        "lessons": list(course.lessons.order_by("position")),
        "questions": list(course.questions.order_by("position")),
        "can_manage": can_manage,
        "lesson_form": lesson_form,
        "question_form": question_form,
    }
    return render(request, "learning/course_detail.html", context)


@workbench_required
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(actor=request.user, pk=pk, capability=Cap.LEARNING_MANAGE)
    form = LessonForm(request.POST or None, request.FILES or None, lesson=lesson)
    saved = submit(
        request,
        form,
        lambda data: services.lesson_update(actor=request.user, lesson=lesson, data=form.to_input()),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("learning:course", lesson.course_id)
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": _("Edit lesson"), "course": lesson.course, "multipart": True},
    )


@workbench_required
@require_POST
def lesson_remove(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_get(actor=request.user, pk=pk, capability=Cap.LEARNING_MANAGE)
    try:
        services.lesson_remove(actor=request.user, lesson=lesson)
        messages.success(request, _("The lesson was removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("learning:course", lesson.course_id)


@workbench_required
@require_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    question = (
        Question.objects.filter(
            scope.scope_q(request.user, Cap.LEARNING_MANAGE, field="course__node__path"), pk=pk
        )
        .select_related("course__node")
        .first()
    )
    if question is None:
        raise Http404
    services.question_remove(actor=request.user, question=question)
    messages.success(request, _("The question was removed."))
    return redirect("learning:course", question.course_id)


def _progress(request: HttpRequest, pk: int) -> tuple[Course, list[Any], int]:
    course = selectors.course_get(actor=request.user, pk=pk)
    return course, list(selectors.progress_rows(course=course)), course.lessons.count()


@workbench_required
def course_progress(request: HttpRequest, pk: int) -> HttpResponse:
    course, rows, lessons = _progress(request, pk)
    return render(request, "learning/progress.html", {"course": course, "rows": rows, "lessons": lessons})


@workbench_required
def course_progress_export(request: HttpRequest, pk: int) -> HttpResponse:
    course, rows, lessons = _progress(request, pk)
    return export.attachment(
        export.progress_xlsx(course, rows, lessons), f"learning-progress-{course.pk}.xlsx"
    )


def _hours(request: HttpRequest) -> tuple[OrgNode | None, Period | None, list[selectors.BranchHours], str]:
    _need(request, Cap.LEARNING_VIEW)
    node = current_scope(request)
    try:
        period = parse(request.GET.get("period", ""), today=timezone.localdate())
    except BadPeriod as exc:
        return node, None, [], str(exc)
    if node is None or not scope.in_scope(request.user, Cap.LEARNING_VIEW, node.path):
        return node, period, [], _("Choose an area in the scope picker.")
    return node, period, selectors.branch_hours(actor=request.user, node=node, period=period), ""


@workbench_required
def branch_hours(request: HttpRequest) -> HttpResponse:
    node, period, rows, problem = _hours(request)
    context = {
        "node": node,
        "period": period,
        "rows": rows,
        "problem": problem,
        "token": request.GET.get("period", ""),
    }
    return render(request, "learning/branch_hours.html", context)


@workbench_required
def branch_hours_export(request: HttpRequest) -> HttpResponse:
    _node, period, rows, problem = _hours(request)
    if problem:
        raise Http404
    return export.attachment(
        export.branch_hours_xlsx(rows), f"study-hours-{period.token if period else ''}.xlsx"
    )

"""Phone pages of online learning: my courses, a course with my progress, a lesson with its
study timer and media, the quiz, my study hours and the leaderboard with its opt-in switch."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from lianxin.core.forms import submit
from lianxin.learning import conf, selectors, study
from lianxin.learning.forms import QuizForm
from lianxin.learning.media import serve_file
from lianxin.learning.models import Course, CourseProgress, Lesson
from lianxin.people.models import Person
from lianxin.people.selectors import person_of
from lianxin.reports.periods import year


def _person(request: HttpRequest) -> Person | None:
    return person_of(user=request.user)


@login_required
def courses(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    rows: list[tuple[Course, CourseProgress | None, int]] = []
    if person is not None:
        found = list(selectors.courses_for(person=person))
        progress, done = selectors.my_progress(person=person, courses=found)
        rows = [(c, progress.get(c.pk), done.get(c.pk, 0)) for c in found]
    return render(request, "learning/app_courses.html", {"person": person, "rows": rows})


@login_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    found = selectors.course_for(person=person, pk=pk)
    assert person is not None
    lessons = list(found.lessons.order_by("position"))
    mine = selectors.lesson_progress(person=person, course=found)
    rows = [(lesson, mine.get(lesson.pk)) for lesson in lessons]
    context = {
        "course": found,
        "rows": rows,
        "done": sum(1 for _l, p in rows if p and p.completed_at),
        "progress": CourseProgress.objects.filter(course=found, person=person).first(),
        "has_quiz": found.questions.exists(),
    }
    return render(request, "learning/app_course.html", context)


@login_required
def lesson(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    found = selectors.lesson_for(person=person, pk=pk)
    assert person is not None
    mine = selectors.lesson_progress(person=person, course=found.course).get(found.pk)
    siblings = list(found.course.lessons.order_by("position").values_list("pk", flat=True))
    index = siblings.index(found.pk)
    context = {
        "lesson": found,
        "course": found.course,
        "progress": mine,
        "credited": mine.credited_seconds if mine else 0,
        "interval": conf.heartbeat_seconds(),
        "next_pk": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    return render(request, "learning/app_lesson.html", context)


@xframe_options_sameorigin  # a PDF lesson is shown in a frame of the lesson page
@login_required
def lesson_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The lesson's file, for learners in the course's audience and staff who may see the course."""
    found: Lesson | None = None
    try:
        found = selectors.lesson_for(person=_person(request), pk=pk)
    except Http404:
        found = selectors.lesson_get(actor=request.user, pk=pk)
    if not found.file:
        raise Http404
    return serve_file(request, found.file, found.content_type)


@login_required
def quiz(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    found = selectors.course_for(person=person, pk=pk)
    questions = list(found.questions.order_by("position"))
    if not questions:
        raise Http404
    form = QuizForm(request.POST or None, questions=questions)
    attempt = submit(
        request,
        form,
        lambda data: study.quiz_submit(actor=request.user, course=found, answers=form.answers()),
    )
    if attempt is not None:
        if attempt.passed:
            messages.success(request, _("You scored %(score)d%% and passed.") % {"score": attempt.score})
        else:
            messages.warning(
                request,
                _("You scored %(score)d%%; %(mark)d%% passes. Try again.")
                % {"score": attempt.score, "mark": found.pass_mark},
            )
        return redirect("learning:app-course", found.pk)
    return render(request, "learning/app_quiz.html", {"course": found, "form": form})


@login_required
def hours(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    context: dict[str, object] = {"person": person}
    if person is not None:
        today = timezone.localdate()
        start = timezone.make_aware(dt.datetime(today.year, 1, 1))
        context |= {
            "total": selectors.study_seconds(person=person),
            "this_year": selectors.study_seconds(person=person, since=start),
            "by_course": list(selectors.hours_by_course(person=person)),
        }
    return render(request, "learning/app_hours.html", context)


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if person is None:
        raise Http404
    if request.method == "POST":
        opt_in = request.POST.get("opt_in") == "on"
        study.leaderboard_opt_in_set(actor=request.user, opt_in=opt_in)
        messages.success(
            request, _("You are on the leaderboard.") if opt_in else _("You are off the leaderboard.")
        )
        return redirect("learning:app-leaderboard")
    period = year(timezone.localdate().year)
    context = {
        "learner": selectors.learner_of(person=person),
        "places": selectors.leaderboard(person=person, period=period),
        "area": selectors.leaderboard_area(person=person),
        "period": period,
    }
    return render(request, "learning/app_leaderboard.html", context)

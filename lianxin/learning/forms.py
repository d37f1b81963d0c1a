"""Forms of the course editor and the learners' pages; the services do the real checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.learning.models import Audience, Course, Lesson, LessonKind, Question
from lianxin.learning.services import CourseInput, LessonInput, QuestionInput
from lianxin.orgs.models import OrgNode


class CourseForm(StyledForm):
    node: forms.ModelChoiceField[OrgNode] = forms.ModelChoiceField(
        queryset=OrgNode.objects.none(), label=_("Area")
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    pass_mark = forms.IntegerField(label=_("Quiz pass mark (%)"), initial=60)
    is_published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(
        self, *args: Any, nodes: QuerySet[OrgNode] | None = None, course: Course | None = None, **kw: Any
    ) -> None:
        if course is not None:
            kw.setdefault(
                "initial",
                {
                    "title": course.title,
                    "summary": course.summary,
                    "audience": course.audience,
                    "pass_mark": course.pass_mark,
                    "is_published": course.is_published,
                },
            )
        super().__init__(*args, **kw)
        if nodes is None:
            del self.fields["node"]
        else:
            self.fields["node"].queryset = nodes  # type: ignore[attr-defined]

    def to_input(self) -> CourseInput:
        data = self.cleaned_data
        return CourseInput(
            title=data["title"],
            summary=data["summary"],
            audience=data["audience"],
            pass_mark=data["pass_mark"],
            is_published=data["is_published"],
        )


class LessonForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=LessonKind.choices)
    required_minutes = forms.DecimalField(
        label=_("Required study time (minutes)"), min_value=0, max_digits=6, decimal_places=2, initial=5
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_(
            "For text lessons. Simple HTML (paragraphs, headings, lists, links) is kept; the rest is removed."
        ),
    )
    file = forms.FileField(label=_("File"), required=False, help_text=_("For PDF, audio and video lessons."))
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    ends_with_media = forms.BooleanField(
        label=_("Also complete when the audio or video has played to the end"), required=False
    )

    def __init__(self, *args: Any, lesson: Lesson | None = None, **kw: Any) -> None:
        if lesson is not None:
            kw.setdefault(
                "initial",
                {
                    "title": lesson.title,
                    "kind": lesson.kind,
                    "required_minutes": round(lesson.required_seconds / 60, 2),
                    "body": lesson.body,
                    "url": lesson.url,
                    "ends_with_media": lesson.ends_with_media,
                },
            )
        super().__init__(*args, **kw)

    def to_input(self) -> LessonInput:
        data = self.cleaned_data
        return LessonInput(
            title=data["title"],
            kind=data["kind"],
            required_seconds=int(data["required_minutes"] * 60),
            body=data["body"],
            url=data["url"] or "",
            file=data["file"],
            ends_with_media=data["ends_with_media"],
        )


class QuestionForm(StyledForm):
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One choice a line.")
    )
    correct = forms.CharField(
        label=_("Correct choices"),
        help_text=_("Their numbers, e.g. 2, or 1,3 for a multiple-choice question."),
    )

    def clean_correct(self) -> list[int]:
        raw = self.cleaned_data["correct"].replace("，", ",")
        try:
            return [int(part) - 1 for part in raw.split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError(_("Write the numbers of the correct choices.")) from exc

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(text=data["text"], choices=data["choices"].splitlines(), correct=data["correct"])


class QuizForm(forms.Form):
    """One field a question: radio buttons, or check boxes for a multiple-choice question."""

    def __init__(self, *args: Any, questions: list[Question], **kw: Any) -> None:
        super().__init__(*args, **kw)
        for n, question in enumerate(questions, start=1):
            choices = [(str(i), text) for i, text in enumerate(question.choices)]
            label = f"{n}. {question.text}"
            if question.is_multiple:
                self.fields[f"q{question.pk}"] = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
                )
            else:
                self.fields[f"q{question.pk}"] = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=False
                )

    def answers(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for name, value in self.cleaned_data.items():
            chosen = value if isinstance(value, list) else ([value] if value else [])
            out[int(name[1:])] = [int(v) for v in chosen]
        return out

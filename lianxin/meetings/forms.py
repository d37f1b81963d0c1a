from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.meetings.models import AttendanceStatus, Grade, MeetingKind
from lianxin.meetings.services import MAX_ACTION_DAYS, MeetingInput
from lianxin.people.forms import NodeChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.node.name}）"


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.node.name}）"


class MeetingForm(StyledForm):
    node = NodeChoiceField(label=_("Held by"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    day = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Time"), widget=TIME, initial=dt.time(9, 0))
    place = forms.CharField(label=_("Where"), max_length=150, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One item per line. A review meeting opens with the open actions of earlier meetings."),
    )
    year = forms.IntegerField(
        label=_("Year reported on"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("For a year-end duty report meeting."),
    )

    def __init__(self, *args: Any, nodes: Any = None, meeting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meeting is not None:
            del self.fields["node"], self.fields["kind"]
            if meeting.kind != MeetingKind.DUTY_REPORT:
                del self.fields["year"]
            if not self.is_bound:
                when = timezone.localtime(meeting.starts_at)
                self.initial.update(
                    title=meeting.title,
                    day=when.date(),
                    time=when.time(),
                    place=meeting.place,
                    agenda=meeting.agenda,
                    year=meeting.year,
                )
        else:
            self.fields["node"].queryset = nodes  # type: ignore[attr-defined]

    def to_input(self, kind: str = "") -> MeetingInput:
        data = self.cleaned_data
        starts_at = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
        return MeetingInput(
            kind=data.get("kind", kind),
            title=data["title"],
            starts_at=starts_at,
            place=data.get("place", ""),
            agenda=data.get("agenda", ""),
            year=data.get("year"),
        )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Why cancelled"), max_length=200)


class MinutesForm(StyledForm):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}))


class InviteForm(StyledForm):
    people = PeopleField(label=_("Invite"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["people"].widget.attrs["class"] = "form-check-input"


class AttendanceForm(forms.Form):
    """One choice per attendee: present, absent, on leave."""

    def __init__(self, *args: Any, rows: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        choices = [c for c in AttendanceStatus.choices if c[0] != AttendanceStatus.INVITED]
        for row in self.rows:
            self.fields[f"p{row.person_id}"] = forms.ChoiceField(
                label=row.person.name,
                choices=choices,
                initial=row.status if row.status != AttendanceStatus.INVITED else AttendanceStatus.PRESENT,
                widget=forms.RadioSelect,
            )

    def statuses(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}

    def by_row(self) -> list[tuple[Any, Any]]:
        return [(row, self[f"p{row.person_id}"]) for row in self.rows]


class DecisionForm(StyledForm):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.text[:40]}"


class ActionForm(StyledForm):
    decision = DecisionChoiceField(label=_("For decision"), queryset=None)
    text = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_node = NodeChoiceField(label=_("Owner unit"), queryset=None)
    owner_person = PersonChoiceField(label=_("Owner"), queryset=None)
    working_days = forms.IntegerField(
        label=_("Within (working days)"),
        min_value=1,
        max_value=MAX_ACTION_DAYS,
        initial=10,
        help_text=_("Counted from the meeting on the working-day calendar (holidays skipped)."),
    )

    def __init__(self, *args: Any, decisions: Any, nodes: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        self.fields["owner_node"].queryset = nodes  # type: ignore[attr-defined]
        self.fields["owner_person"].queryset = people  # type: ignore[attr-defined]


class NoteForm(StyledForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, required: bool = False, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        if label is not None:
            self.fields["note"].label = label


class ReportersForm(forms.Form):
    """Who reports: the suggested ones (community secretaries) are ticked."""

    def __init__(self, *args: Any, candidates: list[tuple[Any, str, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for person, post, suggested in candidates:
            self.fields[f"r{person.pk}"] = forms.BooleanField(
                label=f"{person.name}（{post}）" if post else person.name, required=False, initial=suggested
            )

    def chosen(self) -> list[tuple[Any, str]]:
        return [
            (person, post) for person, post, _s in self.candidates if self.cleaned_data.get(f"r{person.pk}")
        ]


class ReportTextForm(StyledForm):
    text = forms.CharField(label=_("Report text"), widget=forms.Textarea(attrs={"rows": 10}))


class GradeForm(StyledForm):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        help_text=_("Grades are anonymous: the reporter sees the tally and comments, never who gave which."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].widget.attrs["class"] = "form-check-input"

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.orgs.models import OrgNode
from lianxin.people.forms import NodeChoiceField
from lianxin.posts.member_services import ServiceInput
from lianxin.posts.models import PostKind, ServiceField
from lianxin.posts.points import SOURCES
from lianxin.posts.services import ItemInput, PostInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.node.name}）"


class ClaimChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


# --- responsibility lists ---------------------------------------------------------------------


class ItemForm(StyledForm):
    matter = forms.CharField(label=_("Matter"), max_length=200, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    responsible_post = forms.CharField(label=_("Responsible post"), max_length=100, required=False)
    time_limit = forms.CharField(label=_("Time limit"), max_length=100, required=False)
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def to_input(self) -> ItemInput:
        return ItemInput(**self.cleaned_data)


ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=200)


class VersionNoteForm(StyledForm):
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)


# --- posts and rosters ------------------------------------------------------------------------


class PostForm(StyledForm):
    community = NodeChoiceField(label=_("Community"), queryset=OrgNode.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    field = forms.ChoiceField(
        label=_("Service field"),
        choices=[("", "—"), *ServiceField.choices],
        required=False,
        help_text=_("For in-service party member posts."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    place = forms.CharField(label=_("Where"), max_length=100, required=False)
    extends_until = forms.TimeField(
        label=_("Open until"),
        widget=TIME,
        required=False,
        help_text=_("For extended-hours posts, e.g. 20:00."),
    )
    on_weekends = forms.BooleanField(label=_("Open at weekends"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, communities: Any = None, post: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if post is not None:
            del self.fields["community"]
            if not self.is_bound:
                for name in self.fields:
                    self.initial[name] = getattr(post, name)
        else:
            self.fields["community"].queryset = communities  # type: ignore[attr-defined]

    def to_input(self) -> PostInput:
        return PostInput(**{k: v for k, v in self.cleaned_data.items() if k != "community"})


class ShiftForm(StyledForm):
    person = PersonChoiceField(label=_("Who"), queryset=None)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(label=_("Until"), widget=TIME)
    started_on = forms.DateField(label=_("On the roster from"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["weekdays"].widget.attrs["class"] = "form-check-input"


class EndForm(StyledForm):
    ended_on = forms.DateField(label=_("Off the roster from"), widget=DATE, initial=timezone.localdate)


class NeedForm(StyledForm):
    community = NodeChoiceField(label=_("Community"), queryset=OrgNode.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    wanted = forms.IntegerField(label=_("People wanted"), min_value=1, max_value=999, initial=1)

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]


# --- decisions -----------------------------------------------------------------------------------


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("confirm", _("Confirm")), ("return", _("Return"))]
    )
    reason = forms.CharField(label=_("Why returned"), max_length=200, required=False)


class CommentForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(n, f"Q{n}") for n in range(1, 5)], coerce=int
    )
    text = forms.CharField(label=_("Comment"), max_length=300)


class RuleForm(StyledForm):
    key = forms.ChoiceField(label=_("Source"), choices=())
    points = forms.DecimalField(label=_("Points per unit"), min_value=0, max_digits=6, decimal_places=2)
    yearly_cap = forms.DecimalField(
        label=_("Yearly cap"), min_value=0, max_digits=8, decimal_places=2, required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (key, f"{source.title}（{source.unit}）") for key, source in sorted(SOURCES.items())
        ]


# --- members -------------------------------------------------------------------------------------


class ReportForm(StyledForm):
    community = NodeChoiceField(label=_("Community where you live"), queryset=OrgNode.objects.none())
    employer = NodeChoiceField(label=_("Your employer unit"), queryset=OrgNode.objects.none())

    def __init__(self, *args: Any, communities: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["employer"].queryset = units  # type: ignore[attr-defined]


class ServiceForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=4, decimal_places=1)
    what = forms.CharField(label=_("What you did"), max_length=200)
    people_served = forms.IntegerField(label=_("People served"), min_value=0, initial=0)
    claim = ClaimChoiceField(label=_("For your claim"), queryset=None, required=False)
    photo = forms.FileField(label=_("Photo"), required=False)

    def __init__(self, *args: Any, claims: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = claims  # type: ignore[attr-defined]
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def to_input(self) -> ServiceInput:
        data = self.cleaned_data
        photo = data.get("photo")
        return ServiceInput(
            on=data["on"],
            hours=data["hours"],
            what=data["what"],
            people_served=data["people_served"],
            claim=data.get("claim"),
            photos=[photo] if photo else [],
        )

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.casework.models import Case, CaseType, Category, Channel, Priority, Rating
from lianxin.casework.services import PROOF_ACTIONS, CaseInput, Step
from lianxin.casework.workflow import Need, Transition
from lianxin.core import scope
from lianxin.core.forms import StyledForm
from lianxin.core.roles import Cap
from lianxin.orgs.models import HOME_KINDS, NodeKind, OrgNode
from lianxin.people.forms import NodeChoiceField
from lianxin.people.selectors import person_list


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _categories() -> Any:
    return Category.objects.filter(is_active=True, parent__isnull=False).select_related("parent")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input (Django's documented recipe); checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in files if item]


class CaseForm(StyledForm):
    """What a resident fills in on the phone."""

    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices, initial=CaseType.HELP)
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.none())
    text = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    address = forms.CharField(label=_("Where"), max_length=200, required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    is_confidential = forms.BooleanField(label=_("Keep my name confidential"), required=False)
    photos = PhotosField(label=_("Photos"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()  # type: ignore[attr-defined]

    def to_input(self) -> CaseInput:
        return CaseInput(channel=Channel.APP, **self.cleaned_data)


class IntakeForm(CaseForm):
    """What staff fill in for a phone call, a visit, a studio session or a patrol."""

    channel = forms.ChoiceField(
        label=_("Came in by"), choices=[c for c in Channel.choices if c[0] != Channel.APP]
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    node = NodeChoiceField(label=_("Place"), queryset=OrgNode.objects.none(), required=False)
    is_anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    callback_phone = forms.CharField(
        label=_("Number to call back"),
        max_length=20,
        required=False,
        help_text=_("A registered resident of your area with this number follows the request in their app."),
    )

    field_order = ["channel", "case_type", "category", "priority", "text", "address", "node"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["node"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
            scope.scope_q(actor, Cap.CASES_INTAKE), kind__in=[*HOME_KINDS, NodeKind.UNIT]
        ).order_by("path")

    def to_input(self) -> CaseInput:
        data = self.cleaned_data
        reporter = None
        if data.get("callback_phone") and not data.get("is_anonymous"):
            found = person_list(actor=self.actor, search=data["callback_phone"], capability=Cap.CASES_INTAKE)
            matches = list(found[:2])
            reporter = matches[0] if len(matches) == 1 else None
        return CaseInput(**data, reporter=reporter)


class StepForm(StyledForm):
    """The fields one workflow step needs, and no others."""

    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    unit = NodeChoiceField(label=_("Handling unit"), queryset=OrgNode.objects.none(), required=False)
    reply = forms.CharField(
        label=_("Reply to the resident"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Rating.choices, widget=forms.RadioSelect, required=False
    )
    days = forms.IntegerField(label=_("More working days"), min_value=1, max_value=30, required=False)
    original = forms.ModelChoiceField(label=_("It repeats"), queryset=Case.objects.none(), required=False)
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    photos = PhotosField(
        label=_("Photos of the work done"),
        required=False,
        help_text=_("Optional: shown to the resident with the reply."),
    )

    NEED_FIELDS = {
        Need.REASON: "note",
        Need.UNIT: "unit",
        Need.REPLY: "reply",
        Need.RATING: "rating",
        Need.DAYS: "days",
        Need.ORIGINAL: "original",
        Need.CATEGORY: "category",
    }

    def __init__(
        self, *args: Any, transition: Transition, actor: Any, originals: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        wanted = {self.NEED_FIELDS[need] for need in transition.needs}
        if transition.action in {"accept", "close", "acknowledge", "start", "approve_extension"}:
            wanted.add("note")  # an optional remark
        if transition.action in PROOF_ACTIONS:
            wanted.add("photos")
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
            else:
                self.fields[name].required = name in self.NEED_FIELDS.values() and (
                    name != "note" or Need.REASON in transition.needs
                )
        if "unit" in self.fields:
            self.fields["unit"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
                scope.scope_q(actor, Cap.CASES_DISPATCH),
                kind__in=[NodeKind.UNIT, NodeKind.GRID, NodeKind.COMMUNITY, NodeKind.VILLAGE],
            ).order_by("path")

        if "category" in self.fields:
            self.fields["category"].queryset = _categories()  # type: ignore[attr-defined]
        if "original" in self.fields and originals is not None:
            self.fields["original"].queryset = originals  # type: ignore[attr-defined]

    def to_step(self) -> Step:
        data = self.cleaned_data
        return Step(
            note=data.get("note") or "",
            unit=data.get("unit"),
            reply=data.get("reply") or "",
            rating=data.get("rating") or "",
            days=data.get("days"),
            original=data.get("original"),
            category=data.get("category"),
            photos=data.get("photos") or [],
        )

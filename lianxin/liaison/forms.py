from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.casework.forms import CategoryChoiceField
from lianxin.casework.models import CaseType, Category, Priority
from lianxin.core import scope
from lianxin.core.forms import StyledForm
from lianxin.core.roles import Cap
from lianxin.liaison.models import ContactMethod, Representative, SessionKind, Studio
from lianxin.liaison.services import CaseFields, SessionInput, StudioInput
from lianxin.orgs.models import HOME_KINDS, NodeKind, OrgNode
from lianxin.people.forms import NodeChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.node.name}）"


class HostsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.person.name


class HostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.person.name


class StudioForm(StyledForm):
    node = NodeChoiceField(label=_("Area"), queryset=OrgNode.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Office phone"), max_length=32, required=False)
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=100,
        required=False,
        help_text=_("For example: Tuesday 9:00–11:30"),
    )
    stale_after_days = forms.IntegerField(
        label=_("Warn when a linked person has had no contact for (days)"),
        min_value=1,
        max_value=365,
        initial=30,
    )
    is_active = forms.BooleanField(label=_("Receiving visitors"), required=False, initial=True)

    def __init__(self, *args: Any, nodes: Any = None, studio: Studio | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if studio is not None:
            del self.fields["node"]
            if not self.is_bound:
                for name in self.fields:
                    self.initial[name] = getattr(studio, name)
        else:
            self.fields["node"].queryset = nodes  # type: ignore[attr-defined]

    def to_input(self) -> StudioInput:
        data = {k: v for k, v in self.cleaned_data.items() if k != "node"}
        return StudioInput(**data)


class RepresentativeForm(StyledForm):
    person = PersonChoiceField(label=_("Party representative"), queryset=None)
    started_on = forms.DateField(label=_("On duty from"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates  # type: ignore[attr-defined]


class LinkForm(StyledForm):
    person = PersonChoiceField(label=_("Party member or resident"), queryset=None)
    reason = forms.CharField(
        label=_("Why linked"),
        max_length=100,
        required=False,
        help_text=_("For example: lives alone, in hardship"),
    )
    started_on = forms.DateField(label=_("From"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates  # type: ignore[attr-defined]


class EndForm(StyledForm):
    ended_on = forms.DateField(label=_("Until"), widget=DATE, initial=timezone.localdate)


class ContactForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    method = forms.ChoiceField(
        label=_("How"), choices=[c for c in ContactMethod.choices if c[0] != ContactMethod.SESSION]
    )
    note = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    raised = forms.CharField(
        label=_("What they raised"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Optional. You can turn it into a request afterwards."),
    )


class SessionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, widget=forms.RadioSelect)
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Start time"), widget=TIME)
    ends = forms.TimeField(label=_("End time"), widget=TIME)
    place = NodeChoiceField(label=_("Place"), queryset=OrgNode.objects.none(), required=False)
    venue = forms.CharField(
        label=_("Venue"), max_length=100, required=False, help_text=_("For example: the square by building 3")
    )
    topic = forms.CharField(label=_("Topic"), max_length=100, required=False)
    hosts = HostsField(
        label=_("Representatives"),
        queryset=Representative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, places: Any, hosts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["hosts"].queryset = hosts  # type: ignore[attr-defined]
        self.fields["kind"].widget.attrs["class"] = "form-check-input"
        self.fields["hosts"].widget.attrs["class"] = "form-check-input"

    def to_input(self) -> SessionInput:
        data = self.cleaned_data

        def at(time: dt.time) -> dt.datetime:
            return timezone.make_aware(dt.datetime.combine(data["day"], time))

        return SessionInput(
            kind=data["kind"],
            starts_at=at(data["starts"]),
            ends_at=at(data["ends"]),
            hosts=list(data["hosts"]),
            place=data.get("place"),
            venue=data.get("venue", ""),
            topic=data.get("topic", ""),
        )


class HoldForm(StyledForm):
    visitors = forms.IntegerField(label=_("People received"), min_value=0, max_value=1000)
    summary = forms.CharField(
        label=_("Session notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("Why cancelled"), max_length=200)


class ConcernForm(StyledForm):
    name = forms.CharField(label=_("Who came"), max_length=50)
    phone = forms.CharField(
        label=_("Their phone number"),
        max_length=20,
        required=False,
        help_text=_(
            "Optional: finds them among the registered residents, so they can follow a request. Not kept."
        ),
    )
    text = forms.CharField(
        label=_("What they raised"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    answer = forms.CharField(
        label=_("Answered on the spot"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, hosts: Any = None, **kwargs: Any) -> None:
        """``hosts``: staff logging for a session with several representatives choose who received it."""
        super().__init__(*args, **kwargs)
        if hosts is not None:
            field = HostChoiceField(label=_("Received by"), queryset=hosts)
            field.widget.attrs["class"] = "form-select"
            self.fields["representative"] = field


class ToCaseForm(StyledForm):
    """What a concern needs to become a request."""

    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices, initial=CaseType.HELP)
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.none())
    text = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    place = NodeChoiceField(label=_("Place"), queryset=OrgNode.objects.none(), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    callback_phone = forms.CharField(
        label=_("Number to call back"),
        max_length=20,
        required=False,
        help_text=_("Optional, kept with the request only (masked) so the handling unit can reply."),
    )
    is_confidential = forms.BooleanField(label=_("Keep their name confidential"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            is_active=True, parent__isnull=False
        ).select_related("parent")
        self.fields["place"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
            scope.scope_q(actor, Cap.CASES_INTAKE), kind__in=[*HOME_KINDS, NodeKind.UNIT]
        ).order_by("path")

    def to_fields(self) -> CaseFields:
        return CaseFields(**self.cleaned_data)


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))

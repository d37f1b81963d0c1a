from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.casework.forms import MultipleFileInput, PhotosField
from lianxin.core import scope
from lianxin.core.forms import StyledForm
from lianxin.core.roles import Cap
from lianxin.events.models import EventKind, Group, HazardKind
from lianxin.events.services import EventInput, NoticeInput
from lianxin.orgs.models import OrgNode
from lianxin.people.forms import NodeChoiceField

AREA_KINDS = ("district", "subdistrict", "community", "village")
AUDIENCE_KINDS = ("district", "subdistrict", "community", "village", "grid", "unit")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DOCUMENTS = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png"


class DocumentsField(PhotosField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": DOCUMENTS}))
        super().__init__(*args, **kwargs)


class AudienceNodesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.get_kind_display()}）"


def _nodes(actor: Any, capability: str, kinds: tuple[str, ...]) -> Any:
    return OrgNode.objects.filter(scope.scope_q(actor, capability), kind__in=kinds).order_by("path")


class AudienceForm(StyledForm):
    """An area, and who in it: nodes × groups."""

    capability = Cap.NOTICES_MANAGE

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"] = NodeChoiceField(
            label=_("Area"),
            queryset=_nodes(actor, self.capability, AREA_KINDS),
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["audience_nodes"] = AudienceNodesField(
            label=_("For the people of"),
            queryset=_nodes(actor, self.capability, AUDIENCE_KINDS),
            widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
        )
        self.fields["groups"] = forms.MultipleChoiceField(
            label=_("Who among them"),
            choices=Group.choices,
            initial=[Group.EVERYONE],
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["node", "title", "audience_nodes", "groups"])

    def audience(self) -> list[tuple[OrgNode, str]]:
        data = self.cleaned_data
        return [(node, group) for node in data["audience_nodes"] for group in data["groups"]]


class NoticeForm(AudienceForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paragraphs, bold, lists and links are kept; anything else is removed."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish from"), required=False, widget=WHEN, help_text=_("Now if empty.")
    )
    expires_at = forms.DateTimeField(label=_("Show until"), required=False, widget=WHEN)
    is_pinned = forms.BooleanField(label=_("Pin to the top"), required=False)
    attachments = DocumentsField(label=_("Attachments"), required=False)

    def to_input(self) -> NoticeInput:
        data = self.cleaned_data
        return NoticeInput(
            title=data["title"],
            body=data["body"],
            audience=self.audience(),
            publish_at=data["publish_at"],
            expires_at=data["expires_at"],
            is_pinned=data["is_pinned"],
            attachments=data["attachments"],
        )


class EventForm(AudienceForm):
    capability = Cap.EVENTS_MANAGE

    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(label=_("Until"), widget=TIME)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000, initial=30)
    speakers = forms.CharField(label=_("Speakers"), max_length=200, required=False)
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line."),
    )
    is_safety = forms.BooleanField(label=_("Safety training: attendees may report hazards"), required=False)
    publish = forms.BooleanField(label=_("Publish now (open for sign-up)"), required=False, initial=True)

    def to_input(self) -> EventInput:
        data = self.cleaned_data

        def at(time: dt.time) -> dt.datetime:
            return timezone.make_aware(dt.datetime.combine(data["day"], time))

        return EventInput(
            kind=data["kind"],
            title=data["title"],
            place=data["place"],
            starts_at=at(data["starts"]),
            ends_at=at(data["ends"]),
            capacity=data["capacity"],
            audience=self.audience(),
            description=data["description"],
            speakers=data["speakers"],
            topics=data["topics"],
            is_safety=data["is_safety"],
        )


class SummaryForm(StyledForm):
    summary = forms.CharField(label=_("Event summary"), widget=forms.Textarea(attrs={"rows": 4}))
    photos = PhotosField(label=_("Photos"), required=False)


class MaterialsForm(StyledForm):
    files = DocumentsField(label=_("Materials"))  # type: ignore[assignment]


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("Why cancelled"), max_length=200)


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("Registration code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class UnitSignupForm(StyledForm):
    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"] = PeopleField(
            label=_("Staff to sign up"), queryset=staff, widget=forms.CheckboxSelectMultiple
        )


class HazardForm(StyledForm):
    kind = forms.ChoiceField(label=_("Hazard"), choices=HazardKind.choices)
    text = forms.CharField(
        label=_("What you found"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    address = forms.CharField(label=_("Where"), max_length=200, required=False)
    photos = PhotosField(label=_("Photos"), required=False)

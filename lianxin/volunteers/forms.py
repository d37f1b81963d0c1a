from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.people.forms import NodeChoiceField
from lianxin.people.models import Person
from lianxin.volunteers.checkin import IN, OUT
from lianxin.volunteers.models import EntryKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.node.name}）"


def people_of(area: OrgNode) -> Any:
    """Volunteers, party members and activists registered in the area."""
    return (
        Person.objects.filter(subtree_q(area.path, field="node__path"))
        .filter(Q(is_volunteer=True) | Q(is_party_member=True) | Q(is_activist=True))
        .select_related("node")
    )


class BrandForm(StyledForm):
    node = NodeChoiceField(label=_("Area"), queryset=OrgNode.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()  # type: ignore[attr-defined]


class TeamForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    node = NodeChoiceField(label=_("Area"), queryset=OrgNode.objects.none())
    leader = PersonChoiceField(label=_("Team leader"), queryset=Person.objects.none(), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, nodes: Any = None, area: OrgNode | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else OrgNode.objects.none()  # type: ignore[attr-defined]
        if area is not None:
            self.fields["leader"].queryset = people_of(area)  # type: ignore[attr-defined]


class MemberForm(StyledForm):
    person = PersonChoiceField(label=_("Volunteer"), queryset=Person.objects.none())

    def __init__(self, *args: Any, area: OrgNode | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if area is not None:
            self.fields["person"].queryset = people_of(area)  # type: ignore[attr-defined]


class ActivityForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    content = forms.CharField(
        label=_("Service content"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=WHEN)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=WHEN)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000, initial=20)


class HoursForm(StyledForm):
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Leave empty to confirm the hours from check-in and check-out."),
    )
    reason = forms.CharField(label=_("Why adjusted"), max_length=200, required=False)


class ServedForm(StyledForm):
    count = forms.IntegerField(label=_("People served"), min_value=0, max_value=100000)
    people = forms.ModelMultipleChoiceField(
        label=_("Known people served"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, area: OrgNode | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if area is not None:
            self.fields["people"].queryset = Person.objects.filter(subtree_q(area.path, field="node__path"))  # type: ignore[attr-defined]


class PersonCodeForm(StyledForm):
    code = forms.CharField(
        label=_("Volunteer's code"),
        max_length=300,
        help_text=_("Scan the code on the volunteer's phone into this field."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=[(IN, _("Check in")), (OUT, _("Check out"))])


class CorrectionForm(StyledForm):
    new_hours = forms.DecimalField(
        label=_("Correct hours"), max_digits=5, decimal_places=2, min_value=0, required=False
    )
    new_content = forms.CharField(label=_("Correct content"), max_length=200, required=False)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class EntryForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    title = forms.CharField(label=_("What"), max_length=200)
    on = forms.DateField(label=_("Date"), widget=DATE)


class CertificateForm(StyledForm):
    person = PersonChoiceField(label=_("Volunteer"), queryset=Person.objects.none())
    issuer = NodeChoiceField(label=_("Issued by"), queryset=OrgNode.objects.none())
    period_from = forms.DateField(label=_("From"), widget=DATE)
    period_to = forms.DateField(label=_("Until"), widget=DATE)

    def __init__(self, *args: Any, people: Any = None, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()  # type: ignore[attr-defined]
        self.fields["issuer"].queryset = nodes if nodes is not None else OrgNode.objects.none()  # type: ignore[attr-defined]


class RevokeForm(StyledForm):
    reason = forms.CharField(label=_("Why revoked"), max_length=200)

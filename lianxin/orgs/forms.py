from __future__ import annotations

import json
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.orgs.models import ALLOWED_PARENTS, MemberCategory, NodeKind, OrgNode, PositionTitle, UnitType


class NodeForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=NodeKind.choices)
    code = forms.SlugField(
        label=_("Code"), max_length=64, help_text=_("Letters, digits and hyphens; unique in the whole tree.")
    )
    unit_type = forms.ChoiceField(
        label=_("Unit type"), choices=[("", "—"), *UnitType.choices], required=False
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Office phone"), max_length=32, required=False)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive node stays in the tree and its history, but is no longer in use."),
    )
    boundary = forms.CharField(
        label=_("Boundary (GeoJSON polygon)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_('For grids: {"type": "Polygon", "coordinates": [[[lon, lat], …]]}'),
    )

    def __init__(
        self, *args: Any, parent: OrgNode | None = None, editing: OrgNode | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if parent is not None:
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [
                (kind, label) for kind, label in NodeKind.choices if parent.kind in ALLOWED_PARENTS[kind]
            ]
        if editing is not None:
            del self.fields["kind"]
            del self.fields["code"]
        else:
            del self.fields["is_active"]

    def clean_boundary(self) -> dict[str, Any] | None:
        raw = self.cleaned_data.get("boundary", "").strip()
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("This is not valid JSON.")) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The boundary must be a GeoJSON Polygon."))
        return value


class NodeLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.get_kind_display()}）"


class PositionForm(StyledForm):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Person"), queryset=None)  # type: ignore[arg-type]
    title = forms.ChoiceField(label=_("Post"), choices=PositionTitle.choices)
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class MemberForm(StyledForm):
    member = NodeLabelChoiceField(label=_("Member organisation"), queryset=None)  # type: ignore[arg-type]
    category = forms.ChoiceField(label=_("Category"), choices=MemberCategory.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, candidates: QuerySet[OrgNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates  # type: ignore[attr-defined]


class MoveForm(StyledForm):
    new_parent = NodeLabelChoiceField(label=_("New place"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, targets: QuerySet[OrgNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = targets  # type: ignore[attr-defined]

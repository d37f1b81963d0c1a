from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.core.forms import StyledForm
from lianxin.orgs.models import OrgNode
from lianxin.people.forms import NodeChoiceField
from lianxin.socialwork.models import Contract, Deliverable
from lianxin.socialwork.services import ContractInput, DeliverableInput, LogInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(StyledForm):
    buyer = NodeChoiceField(label=_("Buyer"), queryset=OrgNode.objects.none())
    organisation = NodeChoiceField(label=_("Social-work organisation"), queryset=OrgNode.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    number = forms.CharField(label=_("Contract number"), max_length=50)
    starts_on = forms.DateField(label=_("Term starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Term ends"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2)

    def __init__(
        self, *args: Any, buyers: Any, organisations: Any, contract: Contract | None = None, **kwargs: Any
    ) -> None:
        if contract is not None:
            kwargs.setdefault(
                "initial",
                {
                    "organisation": contract.organisation,
                    "title": contract.title,
                    "number": contract.number,
                    "starts_on": contract.starts_on,
                    "ends_on": contract.ends_on,
                    "amount": contract.amount,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if contract is not None:
            del self.fields["buyer"]
        else:
            self.fields["buyer"].queryset = buyers  # type: ignore[attr-defined]

    def to_input(self) -> ContractInput:
        data = self.cleaned_data
        return ContractInput(
            organisation=data["organisation"],
            title=data["title"],
            number=data["number"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            amount=data["amount"],
        )


class DeliverableForm(StyledForm):
    name = forms.CharField(
        label=_("Service item"), max_length=100, help_text=_("For example: group activities")
    )
    unit = forms.CharField(label=_("Counted in"), max_length=20, help_text=_("For example: sessions"))
    target = forms.IntegerField(label=_("Target"))
    quarter_targets = forms.CharField(
        label=_("Targets per quarter"),
        required=False,
        help_text=_("Optional: four numbers separated by spaces, adding up to the target."),
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, deliverable: Deliverable | None = None, **kwargs: Any) -> None:
        if deliverable is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": deliverable.name,
                    "unit": deliverable.unit,
                    "target": deliverable.target,
                    "quarter_targets": " ".join(str(q) for q in deliverable.quarter_targets),
                    "position": deliverable.position,
                },
            )
        super().__init__(*args, **kwargs)

    def clean_quarter_targets(self) -> list[int]:
        text = self.cleaned_data["quarter_targets"].replace(",", " ").replace("，", " ")
        try:
            return [int(part) for part in text.split()]
        except ValueError as exc:
            raise forms.ValidationError(_("Give four numbers, one per quarter, or none.")) from exc

    def to_input(self) -> DeliverableInput:
        data = self.cleaned_data
        return DeliverableInput(
            name=data["name"],
            unit=data["unit"],
            target=data["target"],
            quarter_targets=data["quarter_targets"],
            position=data["position"] or 0,
        )


class DeliverableChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.contract.title}）"


class LogForm(StyledForm):
    deliverable = DeliverableChoiceField(label=_("Deliverable"), queryset=Deliverable.objects.none())
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, initial=Decimal("1.5"))
    content = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    quantity = forms.IntegerField(
        label=_("Quantity delivered"),
        initial=1,
        help_text=_("Cases, sessions or people, as the deliverable counts."),
    )
    people_served = forms.IntegerField(label=_("People served"), initial=0)
    person_phone = forms.CharField(
        label=_("Phone of the person served"),
        max_length=20,
        required=False,
        help_text=_("For casework: the registered resident is found by this number."),
    )
    photo = forms.FileField(
        label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def __init__(self, *args: Any, deliverables: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].queryset = deliverables  # type: ignore[attr-defined]

    def to_input(self) -> LogInput:
        data = self.cleaned_data
        return LogInput(
            on=data["on"],
            hours=data["hours"],
            content=data["content"],
            quantity=data["quantity"],
            people_served=data["people_served"],
            place=data["place"],
            person_phone=data["person_phone"],
            photo=data["photo"] or None,
        )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

"""Forms for setting a campaign up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.campaigns.coverage import AREA_KINDS
from lianxin.campaigns.models import AppliesTo, Campaign, GroupDuty
from lianxin.campaigns.services.setup import RUN_BY, CampaignInput
from lianxin.core import scope
from lianxin.core.forms import StyledForm
from lianxin.core.roles import Cap
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.people.forms import NodeChoiceField
from lianxin.people.models import Person
from lianxin.people.selectors import person_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.node.name}）"


def people_for(actor: Any, campaign: Campaign) -> Any:
    """People the actor may see in the campaign's area."""
    return person_list(actor=actor, within=campaign.node)


class CampaignForm(StyledForm):
    node = NodeChoiceField(label=_("Run by"), queryset=OrgNode.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    goals = forms.CharField(
        label=_("Goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One goal a line."),
    )
    red_post_consequence = forms.CharField(label=_("Red flag, command post"), max_length=200, required=False)
    red_village_consequence = forms.CharField(label=_("Red flag, village"), max_length=200, required=False)
    red_village_reward = forms.DecimalField(
        label=_("Reward to the red-flag village (yuan)"), min_value=0, max_digits=10, decimal_places=2
    )
    black_post_consequence = forms.CharField(
        label=_("Black flag, command post"), max_length=200, required=False
    )
    black_village_consequence = forms.CharField(
        label=_("Black flag, village"), max_length=200, required=False
    )
    month1_weight = forms.DecimalField(
        label=_("Quarter: weight of the first month"), min_value=0, max_digits=5
    )
    month2_weight = forms.DecimalField(
        label=_("Quarter: weight of the second month"), min_value=0, max_digits=5
    )
    month3_weight = forms.DecimalField(
        label=_("Quarter: weight of the third month"), min_value=0, max_digits=5
    )
    red_flag_points = forms.DecimalField(
        label=_("Quarter: points for each red flag"), min_value=0, max_digits=5
    )
    black_flag_points = forms.DecimalField(
        label=_("Quarter: points off for each black flag"), min_value=0, max_digits=5
    )

    def __init__(self, *args: Any, actor: Any, campaign: Campaign | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if campaign is not None:
            del self.fields["node"]
            if not self.is_bound:
                self.initial.update({name: getattr(campaign, name) for name in self.fields})
        else:
            self.fields["node"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
                scope.scope_q(actor, Cap.CAMPAIGNS_MANAGE), kind__in=RUN_BY
            ).order_by("path")
            if not self.is_bound:
                self.initial.update(
                    {
                        "red_post_consequence": _("Commended and given the rotating red flag"),
                        "red_village_consequence": _("Rewarded from the village subsidy fund"),
                        "red_village_reward": Decimal("30000"),
                        "black_post_consequence": _("Criticised at the all-staff meeting"),
                        "black_village_consequence": _("Criticised at the all-staff meeting"),
                        "month1_weight": 1,
                        "month2_weight": 1,
                        "month3_weight": 1,
                        "red_flag_points": 2,
                        "black_flag_points": 2,
                    }
                )

    def to_input(self) -> CampaignInput:
        data = {name: value for name, value in self.cleaned_data.items() if name != "node"}
        return CampaignInput(**data)


class GroupSeatForm(StyledForm):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    duty = forms.ChoiceField(label=_("Duty"), choices=GroupDuty.choices, initial=GroupDuty.MEMBER)
    responsibility = forms.CharField(label=_("Responsible for"), max_length=200, required=False)

    def __init__(self, *args: Any, actor: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for(actor, campaign)  # type: ignore[attr-defined]


class PostForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    leader = PersonChoiceField(label=_("Commander"), queryset=Person.objects.none(), required=False)
    duties = forms.CharField(label=_("Duties"), max_length=300, required=False)
    sort = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

    def __init__(self, *args: Any, actor: Any, campaign: Campaign, post: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_for(actor, campaign)
        if post is not None and post.leader_id:
            people = people | Person.objects.filter(pk=post.leader_id)
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]
        if post is not None and not self.is_bound:
            self.initial.update(
                {"name": post.name, "leader": post.leader_id, "duties": post.duties, "sort": post.sort}
            )


class AreaForm(StyledForm):
    node = NodeChoiceField(label=_("Grid, village or community"), queryset=OrgNode.objects.none())

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
            subtree_q(campaign.node.path), kind__in=AREA_KINDS, is_active=True
        ).order_by("path")


class MemberForm(StyledForm):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    duty = forms.CharField(
        label=_("Duty"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Duty")}),
    )

    def __init__(self, *args: Any, actor: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for(actor, campaign)  # type: ignore[attr-defined]


class MetricForm(StyledForm):
    name = forms.CharField(label=_("Figure"), max_length=60)
    unit = forms.CharField(
        label=_("Unit of measure"),
        max_length=16,
        widget=forms.TextInput(attrs={"list": "units"}),
        help_text=_("For example 人次, 台次, 立方米, 平方米."),
    )
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)
    sort = forms.IntegerField(label=_("Order"), min_value=0, initial=0)


class CriterionForm(StyledForm):
    name = forms.CharField(label=_("Criterion"), max_length=100)
    description = forms.CharField(label=_("What is looked at"), max_length=300, required=False)
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2)
    applies_to = forms.ChoiceField(label=_("Scored for"), choices=AppliesTo.choices)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    sort = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

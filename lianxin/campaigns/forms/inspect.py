"""Forms of the inspector (scores, findings, re-inspections) and of awarding the flags."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianxin.campaigns.models import Campaign, CommandPost, CommandPostArea, Criterion, ScoreSheet
from lianxin.campaigns.ranking import Pick
from lianxin.campaigns.services.inspections import FindingInput
from lianxin.campaigns.services.scoring import LineInput
from lianxin.casework.forms import CategoryChoiceField, PhotosField
from lianxin.casework.models import CaseType, Category
from lianxin.core.forms import StyledForm
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.people.forms import NodeChoiceField


class ScoreForm(StyledForm):
    """A score (0–100) and a remark per criterion, and a comment on the whole."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, criteria: list[Criterion], sheet: ScoreSheet | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        previous = {line.criterion_id: line for line in sheet.lines.all()} if sheet else {}
        comment = self.fields.pop("comment")
        for criterion in criteria:
            score = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                help_text=criterion.description,
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "inputmode": "decimal", "step": "0.5"}
                ),
            )
            remark = forms.CharField(
                label=_("Remark"),
                max_length=200,
                required=False,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "placeholder": _("Remark")}
                ),
            )
            self.fields[f"score_{criterion.pk}"] = score
            self.fields[f"remark_{criterion.pk}"] = remark
            if criterion.pk in previous and not self.is_bound:
                self.initial[f"score_{criterion.pk}"] = previous[criterion.pk].score
                self.initial[f"remark_{criterion.pk}"] = previous[criterion.pk].comment
        self.fields["comment"] = comment
        if sheet is not None and not self.is_bound:
            self.initial["comment"] = sheet.comment

    def rows(self) -> list[tuple[Criterion, Any, Any]]:
        return [(c, self[f"score_{c.pk}"], self[f"remark_{c.pk}"]) for c in self.criteria]

    def lines(self) -> dict[int, LineInput]:
        data = self.cleaned_data
        return {
            c.pk: LineInput(score=data.get(f"score_{c.pk}"), comment=data.get(f"remark_{c.pk}") or "")
            for c in self.criteria
        }


class FlagAwardForm(StyledForm):
    """Who gets a flag where the rule leaves a tie: one choice per tied flag."""

    def __init__(self, *args: Any, picks: list[Pick], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pick in picks:
            if pick.needs_choice:
                self.fields[pick.slot] = forms.ChoiceField(
                    choices=[(s.key, f"{s.holder.name}（{s.score}）") for s in pick.tied],
                    widget=forms.Select(attrs={"class": "form-select"}),
                )

    def choices(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value}


class FindingForm(StyledForm):
    place = forms.CharField(label=_("Place"), max_length=200)
    node = NodeChoiceField(label=_("Where in the area"), queryset=OrgNode.objects.none())
    post = forms.ModelChoiceField(
        label=_("Responsible command post"),
        queryset=CommandPost.objects.none(),
        help_text=_("Filled in from the place where one command post covers it."),
    )
    description = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos"), required=False)
    working_days = forms.IntegerField(
        label=_("Working days to put it right"), min_value=1, max_value=60, initial=3
    )
    involves_residents = forms.BooleanField(
        label=_("Residents are involved (becomes a residents' request)"), required=False
    )
    case_type = forms.ChoiceField(
        label=_("Type of request"), choices=CaseType.choices, initial=CaseType.REPORT
    )
    category = CategoryChoiceField(
        label=_("Category of request"), queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["node"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
            subtree_q(campaign.node.path),
            kind__in=["village", "community", "grid", "building", "unit"],
            is_active=True,
        ).order_by("path")
        self.fields["post"].queryset = campaign.posts.order_by("sort", "id")  # type: ignore[attr-defined]
        self.fields["photos"].widget.attrs["capture"] = "environment"
        self.fields["category"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            is_active=True, parent__isnull=False
        ).select_related("parent")

    def to_input(self) -> FindingInput:
        return FindingInput(**self.cleaned_data)

    def post_of_place(self) -> dict[str, int]:
        """Node id → the command post covering it, where exactly one does (to fill the form in)."""
        areas = list(CommandPostArea.objects.filter(post__campaign=self.campaign).select_related("node"))
        found: dict[str, int] = {}
        for node in self.fields["node"].queryset:  # type: ignore[attr-defined]
            posts = {a.post_id for a in areas if node.path.startswith(a.node.path)}
            if len(posts) == 1:
                found[str(node.pk)] = posts.pop()
        return found


class ReinspectionForm(StyledForm):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Put right")), ("0", _("Not yet put right"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    working_days = forms.IntegerField(
        label=_("If not: working days to put it right"), min_value=1, max_value=60, required=False
    )
    photos = PhotosField(label=_("Photos"), required=False)

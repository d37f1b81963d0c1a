"""Forms for the work itself: tasks, their progress and evidence, figures, weekly meetings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.campaigns import access
from lianxin.campaigns.forms.setup import DATE, PersonChoiceField, people_for
from lianxin.campaigns.models import Campaign, CommandPost, CommandPostMember, Metric, Span, Task, TaskStatus
from lianxin.campaigns.periods import week_start
from lianxin.campaigns.services.tasks import TaskInput
from lianxin.core.forms import StyledForm
from lianxin.core.tree import subtree_q
from lianxin.orgs.models import OrgNode
from lianxin.people.forms import NodeChoiceField
from lianxin.people.models import Person


class TaskForm(StyledForm):
    title = forms.CharField(label=_("Task"), max_length=200)
    standard = forms.CharField(
        label=_("Standard to meet"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    post = forms.ModelChoiceField(
        label=_("Command post"), queryset=CommandPost.objects.none(), required=False
    )
    responsible_unit = NodeChoiceField(
        label=_("Responsible unit"), queryset=OrgNode.objects.none(), required=False
    )
    responsible_person = PersonChoiceField(
        label=_("Responsible person"), queryset=Person.objects.none(), required=False
    )
    working_days = forms.IntegerField(label=_("Working days allowed"), min_value=1, max_value=250, initial=10)
    weight = forms.IntegerField(
        label=_("Weight"), min_value=1, initial=1, help_text=_("How much it counts among its sibling tasks.")
    )
    sort = forms.IntegerField(label=_("Order"), min_value=0, initial=0)

    def __init__(
        self,
        *args: Any,
        actor: Any,
        campaign: Campaign,
        parent: Task | None = None,
        task: Task | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if task is not None and not self.is_bound:
            self.initial.update({name: getattr(task, name) for name in TaskInput.__dataclass_fields__})
            self.initial.update({"post": task.post_id, "responsible_unit": task.responsible_unit_id})
            self.initial["responsible_person"] = task.responsible_person_id
        posts = campaign.posts.order_by("sort", "id")
        if parent is not None and not access.manages(actor, campaign):
            posts = posts.filter(pk__in=[parent.post_id] if parent.post_id else [])
            self.initial.setdefault("post", parent.post_id)
        self.fields["post"].queryset = posts  # type: ignore[attr-defined]
        self.fields["responsible_unit"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
            subtree_q(campaign.node.path), is_active=True
        ).order_by("path")
        chosen = (
            Q(pk__in=people_for(actor, campaign).values("pk"))
            | Q(pk__in=CommandPostMember.objects.filter(post__campaign=campaign).values("person_id"))
            | Q(pk__in=campaign.posts.exclude(leader=None).values("leader_id"))
        )
        self.fields["responsible_person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(chosen).select_related("node").order_by("name", "id")
        )
        if parent is not None and not self.is_bound:
            self.initial.setdefault("post", parent.post_id)

    def to_input(self) -> TaskInput:
        return TaskInput(**self.cleaned_data)


class ProgressForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, initial=0, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(StyledForm):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    figure = forms.DecimalField(label=_("Figure"), required=False, max_digits=12, decimal_places=2)
    figure_unit = forms.CharField(label=_("Unit of measure"), max_length=16, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FiguresForm(StyledForm):
    """One field per figure the campaign counts, for a day or a week."""

    span = forms.ChoiceField(label=_("Period"), choices=Span.choices, initial=Span.DAY)
    starts_on = forms.DateField(
        label=_("Day (for a week: its Monday)"), widget=DATE, initial=timezone.localdate
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, metrics: list[Metric], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics
        for metric in metrics:
            self.fields[f"metric_{metric.pk}"] = forms.DecimalField(
                label=str(metric), required=False, min_value=0, max_digits=12, decimal_places=2
            )
            # Added after StyledForm styled the others.
            self.fields[f"metric_{metric.pk}"].widget.attrs.update(
                {"class": "form-control", "inputmode": "decimal"}
            )

    def clean_starts_on(self) -> Any:
        day = self.cleaned_data["starts_on"]
        if self.data.get(self.add_prefix("span")) == Span.WEEK:
            return week_start(day)
        return day

    def values(self) -> dict[Metric, Decimal | None]:
        return {metric: self.cleaned_data.get(f"metric_{metric.pk}") for metric in self.metrics}


class MeetingForm(StyledForm):
    week_of = forms.DateField(label=_("Week of"), widget=DATE, initial=timezone.localdate)
    held_on = forms.DateField(label=_("Held on"), widget=DATE, initial=timezone.localdate)
    chair = forms.CharField(label=_("Chaired by"), max_length=50, required=False)
    attendance = forms.CharField(label=_("Attended by"), max_length=300, required=False)
    problems = forms.CharField(
        label=_("Problems raised"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

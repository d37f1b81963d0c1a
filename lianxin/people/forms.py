from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxin.core import scope
from lianxin.core.forms import StyledForm
from lianxin.core.roles import ADMIN_ROLES, Cap, Role
from lianxin.orgs.models import HOME_KINDS, NodeKind, OrgNode
from lianxin.people.models import Gender, Person
from lianxin.people.validation import BRANCH_KINDS, PersonInput


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * max(obj.depth - 2, 0)}{obj.name}（{obj.get_kind_display()}）"


class PersonForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    node = NodeChoiceField(label=_("Registered at"), queryset=OrgNode.objects.none())
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    is_resident = forms.BooleanField(label=_("Resident"), required=False, initial=True)
    is_party_member = forms.BooleanField(label=_("Party member"), required=False)
    party_branch = NodeChoiceField(label=_("Party branch"), queryset=OrgNode.objects.none(), required=False)
    party_joined_on = forms.DateField(
        label=_("Joined the party on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_in_service_member = forms.BooleanField(label=_("In-service party member"), required=False)
    employer = NodeChoiceField(label=_("Employer unit"), queryset=OrgNode.objects.none(), required=False)
    is_volunteer = forms.BooleanField(label=_("Volunteer"), required=False)
    is_activist = forms.BooleanField(label=_("Activist"), required=False)
    is_party_rep = forms.BooleanField(label=_("Party representative"), required=False)
    is_community_worker = forms.BooleanField(label=_("Community worker"), required=False)

    def __init__(self, *args: Any, actor: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managed = OrgNode.objects.filter(scope.scope_q(actor, Cap.PEOPLE_MANAGE)).order_by("path")
        visible = OrgNode.objects.filter(scope.scope_q(actor, Cap.ORGS_VIEW)).order_by("path")
        self.fields["node"].queryset = managed.filter(kind__in=[*HOME_KINDS, NodeKind.UNIT])  # type: ignore[attr-defined]
        self.fields["party_branch"].queryset = visible.filter(kind__in=BRANCH_KINDS)  # type: ignore[attr-defined]
        self.fields["employer"].queryset = visible.filter(kind=NodeKind.UNIT)  # type: ignore[attr-defined]
        if person is not None and not self.is_bound:
            for field in self.fields:
                self.initial[field] = getattr(person, field)
            # Personal data is never put into the page unasked: blank means "unchanged".
            self.initial["phone"] = ""
            self.initial["id_number"] = ""
            self.fields["phone"].help_text = _("Now %(masked)s. Leave blank to keep it.") % {
                "masked": person.phone_masked or "—"
            }
            self.fields["id_number"].help_text = _("Now %(masked)s. Leave blank to keep it.") % {
                "masked": person.id_number_masked or "—"
            }

    def to_input(self, person: Person | None = None) -> PersonInput:
        data = dict(self.cleaned_data)
        if person is not None:
            data["phone"] = data["phone"] or person.phone
            data["id_number"] = data["id_number"] or person.id_number
        return PersonInput(**data)


class RosterUploadForm(StyledForm):
    file = forms.FileField(label=_("Roster file (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel .xlsx file."))
        return upload


class AccountForm(StyledForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Tell it to the account holder in person; they will be asked to choose a new password "
            "at the next log-in."
        ),
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(render_value=False)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class RoleGrantForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    node = NodeChoiceField(
        label=_("On"),
        queryset=OrgNode.objects.none(),
        help_text=_("The role covers this node and everything below it."),
    )

    capability = Cap.ORGS_MANAGE  # the nodes offered: where the actor holds it
    lists_admin_roles = False  # offer the administrator roles to a non-superuser (to be refused)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = OrgNode.objects.filter(  # type: ignore[attr-defined]
            scope.scope_q(actor, self.capability)
        ).order_by("path")
        if not scope.is_superuser(actor) and not self.lists_admin_roles:
            role_field = self.fields["role"]
            assert isinstance(role_field, forms.ChoiceField)
            role_field.choices = [(value, label) for value, label in Role.choices if value not in ADMIN_ROLES]

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianxin.core.models import BaseModel
from lianxin.core.pii import EncryptedTextField, mask_id_number, mask_phone


class User(AbstractUser):
    """A log-in. What it may see comes from its role grants, not from Django groups."""

    # Set when someone else chose the password (a new account, an administrator's reset);
    # until the holder chooses their own, every page leads to the password-change page.
    must_change_password = models.BooleanField(
        _("must change the password"),
        default=False,
        help_text=_("The password was set by someone else; it is changed at the next log-in."),
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    @property
    def display_name(self) -> str:
        person = getattr(self, "person", None)
        return person.name if person is not None else self.get_username()


# The yes/no facts about a person, in the order forms and spreadsheets show them.
PERSON_FLAGS = (
    "is_resident",
    "is_party_member",
    "is_in_service_member",
    "is_volunteer",
    "is_activist",
    "is_party_rep",
    "is_community_worker",
)


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Not stated")


class Person(BaseModel):
    """Anyone the platform knows: resident, party member, volunteer, worker …

    ``node`` is where the person is registered (building, grid, community, village or unit)
    and decides who may see them. Phone and ID numbers are encrypted; the ``*_hash`` columns
    are keyed hashes for exact look-up.
    """

    user = models.OneToOneField(
        "people.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    name_pinyin = models.CharField(_("name initials"), max_length=50, blank=True, db_index=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)

    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="people", verbose_name=_("registered at")
    )
    grid = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "grid"},
        verbose_name=_("grid"),
    )
    building = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "building"},
        verbose_name=_("building"),
    )

    is_resident = models.BooleanField(_("resident"), default=True)
    is_party_member = models.BooleanField(_("party member"), default=False)
    party_branch = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind__in": ["party_branch", "general_branch", "party_committee"]},
        verbose_name=_("party branch"),
    )
    party_joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    is_in_service_member = models.BooleanField(_("in-service party member"), default=False)
    employer = models.ForeignKey(
        "orgs.OrgNode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "unit"},
        verbose_name=_("employer unit"),
    )
    is_volunteer = models.BooleanField(_("volunteer"), default=False)
    is_activist = models.BooleanField(_("activist"), default=False)
    is_party_rep = models.BooleanField(_("party representative"), default=False)
    is_community_worker = models.BooleanField(_("community worker"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~Q(id_number_hash=""), name="person_unique_id_number"
            ),
            models.CheckConstraint(
                condition=Q(is_party_member=True)
                | Q(party_branch__isnull=True, party_joined_on__isnull=True),
                name="person_branch_needs_member",
            ),
            models.CheckConstraint(
                condition=Q(is_party_member=True) | Q(is_in_service_member=False),
                name="person_in_service_is_member",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

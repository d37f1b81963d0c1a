from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from lianxin.core.models import BaseModel, ends_after_start
from lianxin.core.tree import ALPHABET, STEPLEN


class NodeKind(models.TextChoices):
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    WORKING_COMMITTEE = "working_committee", _("Big working committee")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General party branch")
    PARTY_BRANCH = "party_branch", _("Party branch")
    PARTY_GROUP = "party_group", _("Party group")
    COMMUNITY = "community", _("Community")
    COMMUNITY_COMMITTEE = "community_committee", _("Community big party committee")
    VILLAGE = "village", _("Village")
    GRID = "grid", _("Grid")
    BUILDING = "building", _("Building")
    UNIT = "unit", _("Unit")


class UnitType(models.TextChoices):
    PUBLIC_UNIT = "public_unit", _("Public unit")
    NEW_ORG = "new_org", _("'Two new' organisation")
    ENTERPRISE = "enterprise", _("Enterprise")
    PROPERTY_COMPANY = "property_company", _("Property company")
    SOCIAL_WORK_ORG = "social_work_org", _("Social-work organisation")


# Which kinds may sit directly under which. Roots must be districts.
ALLOWED_PARENTS: dict[str, set[str]] = {
    NodeKind.DISTRICT: set(),
    NodeKind.SUBDISTRICT: {NodeKind.DISTRICT},
    NodeKind.WORKING_COMMITTEE: {NodeKind.SUBDISTRICT},
    NodeKind.PARTY_COMMITTEE: {NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.WORKING_COMMITTEE},
    NodeKind.GENERAL_BRANCH: {NodeKind.PARTY_COMMITTEE, NodeKind.COMMUNITY_COMMITTEE, NodeKind.UNIT},
    NodeKind.PARTY_BRANCH: {
        NodeKind.PARTY_COMMITTEE,
        NodeKind.GENERAL_BRANCH,
        NodeKind.COMMUNITY_COMMITTEE,
        NodeKind.VILLAGE,
        NodeKind.UNIT,
    },
    NodeKind.PARTY_GROUP: {NodeKind.PARTY_BRANCH, NodeKind.GRID, NodeKind.BUILDING},
    NodeKind.COMMUNITY: {NodeKind.SUBDISTRICT, NodeKind.PARTY_COMMITTEE},
    NodeKind.COMMUNITY_COMMITTEE: {NodeKind.COMMUNITY},
    NodeKind.VILLAGE: {NodeKind.SUBDISTRICT},
    NodeKind.GRID: {NodeKind.COMMUNITY, NodeKind.VILLAGE},
    NodeKind.BUILDING: {NodeKind.GRID, NodeKind.COMMUNITY, NodeKind.VILLAGE},
    NodeKind.UNIT: {
        NodeKind.SUBDISTRICT,
        NodeKind.PARTY_COMMITTEE,
        NodeKind.COMMUNITY,
        NodeKind.VILLAGE,
        NodeKind.GRID,
    },
}

# Kinds a resident can live in or be registered to.
HOME_KINDS = {NodeKind.COMMUNITY, NodeKind.VILLAGE, NodeKind.GRID, NodeKind.BUILDING}


class OrgNode(MP_Node, BaseModel):
    """One node of the single organisation tree, from the district down to buildings."""

    steplen = STEPLEN
    alphabet = ALPHABET

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=NodeKind.choices, db_index=True)
    code = models.SlugField(_("code"), max_length=64, unique=True, allow_unicode=False)
    unit_type = models.CharField(_("unit type"), max_length=32, choices=UnitType.choices, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON polygon)"), null=True, blank=True)
    phone = models.CharField(_("office phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("org node")
        verbose_name_plural = _("org nodes")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(boundary__isnull=True) | Q(kind="grid"), name="orgnode_boundary_only_grid"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False, kind__in=["building", "unit"]),
                name="orgnode_point_building_or_unit",
            ),
            models.CheckConstraint(
                condition=Q(unit_type="") | Q(kind="unit"), name="orgnode_unit_type_only_unit"
            ),
        ]
        indexes = [models.Index(fields=["kind", "path"], name="orgnode_kind_path")]

    def __str__(self) -> str:
        return self.name

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]


class MemberCategory(models.TextChoices):
    PUBLIC_UNIT = "public_unit", _("Public-unit party organisation")
    COMMUNITY_ORG = "community_org", _("Community party organisation")
    GRID_GROUP = "grid_group", _("Grid or building party group")
    NEW_ORG = "new_org", _("'Two new' party organisation")


class CommitteeMembership(BaseModel):
    """A node taken into a community big party committee ("1+4") without being its child."""

    committee = models.ForeignKey(
        OrgNode,
        on_delete=models.CASCADE,
        related_name="member_links",
        limit_choices_to={"kind": NodeKind.COMMUNITY_COMMITTEE},
        verbose_name=_("community big party committee"),
    )
    member = models.ForeignKey(
        OrgNode,
        on_delete=models.CASCADE,
        related_name="committee_links",
        verbose_name=_("member organisation"),
    )
    category = models.CharField(_("category"), max_length=32, choices=MemberCategory.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("big party committee membership")
        verbose_name_plural = _("big party committee memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_member",
            ),
            ends_after_start("joined_on", "left_on", "membership_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ∈ {self.committee}"


class PositionTitle(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    GRID_LEADER = "grid_leader", _("Grid leader")
    BUILDING_LEADER = "building_leader", _("Building leader")
    GROUP_LEADER = "group_leader", _("Party group leader")
    LIAISON = "liaison", _("Liaison")
    STAFF = "staff", _("Staff member")


class Position(BaseModel):
    """Who holds which post in which node, from when to when."""

    node = models.ForeignKey(
        OrgNode, on_delete=models.CASCADE, related_name="positions", verbose_name=_("node")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="positions", verbose_name=_("person")
    )
    title = models.CharField(_("post"), max_length=32, choices=PositionTitle.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["node__path", "title", "started_on"]
        constraints = [
            ends_after_start("started_on", "ended_on", "position_dates"),
        ]
        indexes = [models.Index(fields=["node", "ended_on"], name="position_node_current")]

    def __str__(self) -> str:
        return f"{self.node} · {self.get_title_display()} · {self.person}"

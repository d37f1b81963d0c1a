"""Writes to the org tree: shape rules, geometry, committees, positions, updates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lianxin.core.models import AuditLog, AuditOutcome
from lianxin.core.roles import Role
from lianxin.orgs import selectors
from lianxin.orgs.models import CommitteeMembership, NodeKind, OrgNode, Position
from lianxin.orgs.services import (
    committee_member_add,
    org_node_create,
    org_node_move,
    org_node_update,
    position_assign,
    position_end,
)
from lianxin.people.selectors import person_list
from tests.factories import PersonFactory, UserFactory, grant

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[113.70, 34.75], [113.71, 34.75], [113.71, 34.76], [113.70, 34.76], [113.70, 34.75]]],
}


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def create(actor: Any, parent: OrgNode | None, kind: str, code: str, **extra: Any) -> OrgNode:
    return org_node_create(
        actor=actor, parent=parent, kind=kind, name=extra.pop("name", code), code=code, **extra
    )


# ---------------------------------------------------------------------------------------------
# Shape of the tree


def test_grid_under_a_subdistrict_is_refused(tree: Any, staff: Any) -> None:
    count = OrgNode.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.east, NodeKind.GRID, "g-bad")
    assert "parent" in errors_of(excinfo)
    assert OrgNode.objects.count() == count


def test_building_under_a_grid_is_fine(tree: Any, staff: Any) -> None:
    building = create(staff, tree.grid, NodeKind.BUILDING, "b-ok", name=" 2号楼 ")
    assert building.name == "2号楼"
    assert [n.name for n in selectors.children(node=tree.grid)] == ["1号楼", "2号楼"]
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])


@pytest.mark.parametrize(
    ("parent", "kind", "ok"),
    [
        ("district", NodeKind.SUBDISTRICT, True),
        ("east", NodeKind.VILLAGE, True),
        ("east", NodeKind.COMMUNITY, True),
        ("residents_committee", NodeKind.COMMUNITY, True),
        ("community", NodeKind.COMMUNITY_COMMITTEE, True),
        ("community_committee", NodeKind.PARTY_BRANCH, True),
        ("grid", NodeKind.PARTY_GROUP, True),
        ("village", NodeKind.GRID, True),
        ("building", NodeKind.BUILDING, False),
        ("grid", NodeKind.COMMUNITY, False),
        ("community", NodeKind.SUBDISTRICT, False),
        ("village_grid", NodeKind.VILLAGE, False),
        ("community", NodeKind.DISTRICT, False),
        ("building", NodeKind.GRID, False),
    ],
)
def test_allowed_parents(tree: Any, admin: Any, parent: str, kind: str, ok: bool) -> None:
    if ok:
        assert create(admin, getattr(tree, parent), kind, "n-1").kind == kind
    else:
        with pytest.raises(ValidationError) as excinfo:
            create(admin, getattr(tree, parent), kind, "n-1")
        assert "parent" in errors_of(excinfo)
        assert not OrgNode.objects.filter(code="n-1").exists()


def test_only_a_district_can_be_a_root(admin: Any, db: None) -> None:
    assert create(admin, None, NodeKind.DISTRICT, "root-1").depth == 1
    with pytest.raises(ValidationError) as excinfo:
        create(admin, None, NodeKind.SUBDISTRICT, "root-2")
    assert "parent" in errors_of(excinfo)


def test_only_a_superuser_adds_a_root_district(tree: Any, staff: Any) -> None:
    count = OrgNode.objects.count()
    with pytest.raises(Http404):
        create(staff, None, NodeKind.DISTRICT, "root-staff")
    assert OrgNode.objects.count() == count


def test_unknown_kind_and_empty_name(tree: Any, staff: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.grid, "castle", "k-1")
    assert "kind" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.grid, NodeKind.BUILDING, "k-2", name="   ")
    assert "name" in errors_of(excinfo)


def test_unit_requires_a_unit_type(tree: Any, staff: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.community, NodeKind.UNIT, "u-1")
    assert "unit_type" in errors_of(excinfo)
    unit = create(staff, tree.community, NodeKind.UNIT, "u-2", unit_type="enterprise")
    assert unit.unit_type == "enterprise"
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.grid, NodeKind.BUILDING, "u-3", unit_type="enterprise")
    assert "unit_type" in errors_of(excinfo)


def test_duplicate_code_is_refused(tree: Any, staff: Any) -> None:
    count = OrgNode.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.grid, NodeKind.BUILDING, tree.building.code)
    assert "code" in errors_of(excinfo)
    assert OrgNode.objects.count() == count


# ---------------------------------------------------------------------------------------------
# Geometry


def test_boundary_on_a_grid(tree: Any, staff: Any) -> None:
    grid = create(staff, tree.community, NodeKind.GRID, "geo-1", boundary=SQUARE)
    assert OrgNode.objects.get(pk=grid.pk).boundary == SQUARE


@pytest.mark.parametrize(("parent", "kind"), [("east", NodeKind.COMMUNITY), ("grid", NodeKind.BUILDING)])
def test_boundary_only_on_grids(tree: Any, staff: Any, parent: str, kind: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create(staff, getattr(tree, parent), kind, "geo-2", boundary=SQUARE)
    assert "boundary" in errors_of(excinfo)


@pytest.mark.parametrize(
    "boundary",
    [
        {
            "type": "Polygon",
            "coordinates": [[[113.70, 34.75], [113.71, 34.75], [113.71, 34.76], [113.70, 34.76]]],
        },
        {"type": "Polygon", "coordinates": [[[113.70, 34.75], [113.71, 34.75], [113.70, 34.75]]]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Point", "coordinates": [113.70, 34.75]},
        {
            "type": "Polygon",
            "coordinates": [[[213.70, 34.75], [113.71, 34.75], [113.71, 34.76], [213.70, 34.75]]],
        },
        {
            "type": "Polygon",
            "coordinates": [[["113.70", 34.75], [113.71, 34.75], [113.71, 34.76], ["113.70", 34.75]]],
        },
        [[113.70, 34.75]],
    ],
    ids=[
        "open-ring",
        "too-few-positions",
        "no-rings",
        "not-a-polygon",
        "out-of-range",
        "strings",
        "not-geojson",
    ],
)
def test_boundary_must_be_a_valid_closed_polygon(tree: Any, staff: Any, boundary: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.community, NodeKind.GRID, "geo-3", boundary=boundary)
    assert "boundary" in errors_of(excinfo)
    assert not OrgNode.objects.filter(code="geo-3").exists()


def test_point_on_buildings_and_units_only(tree: Any, staff: Any) -> None:
    point = {"latitude": Decimal("34.751000"), "longitude": Decimal("113.701000")}
    building = create(staff, tree.grid, NodeKind.BUILDING, "pt-1", **point)
    assert (building.latitude, building.longitude) == (point["latitude"], point["longitude"])
    create(staff, tree.community, NodeKind.UNIT, "pt-2", unit_type="new_org", **point)
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.community, NodeKind.GRID, "pt-3", **point)
    assert "latitude" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        create(staff, tree.grid, NodeKind.BUILDING, "pt-4", latitude=Decimal("34.75"))
    assert "latitude" in errors_of(excinfo)


# ---------------------------------------------------------------------------------------------
# Updates


def test_update_changes_fields_and_audits(tree: Any, staff: Any) -> None:
    updated = org_node_update(
        actor=staff, node=tree.grid, name="东一一号网格", phone="0371-66668888", boundary=SQUARE
    )
    fresh = OrgNode.objects.get(pk=tree.grid.pk)
    assert (fresh.name, fresh.phone, fresh.boundary) == ("东一一号网格", "0371-66668888", SQUARE)
    assert updated.name == "东一一号网格"
    row = AuditLog.objects.get(action="orgs.node.update")
    assert row.actor == staff and row.outcome == AuditOutcome.SUCCESS and row.object_id == str(tree.grid.pk)
    assert row.detail["before"]["name"] == "东一第一网格"
    assert row.detail["after"]["name"] == "东一一号网格"


def test_update_validates_like_create(tree: Any, staff: Any) -> None:
    for changes, field in (
        ({"name": "  "}, "name"),
        ({"boundary": SQUARE}, "boundary"),  # the community is no grid
        ({"unit_type": "enterprise"}, "unit_type"),
        ({"latitude": Decimal("34.7")}, "latitude"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            org_node_update(actor=staff, node=tree.community, **changes)
        assert field in errors_of(excinfo), changes
    fresh = OrgNode.objects.get(pk=tree.community.pk)
    assert (fresh.name, fresh.boundary, fresh.unit_type, fresh.latitude) == ("东一社区", None, "", None)
    assert not AuditLog.objects.filter(action="orgs.node.update").exists()


def test_update_refuses_fields_that_are_not_editable(tree: Any, staff: Any) -> None:
    with pytest.raises(ValueError):
        org_node_update(actor=staff, node=tree.grid, code="other")
    with pytest.raises(ValueError):
        org_node_update(actor=staff, node=tree.grid, path="0002")
    assert OrgNode.objects.get(pk=tree.grid.pk).code == tree.grid.code


def test_update_out_of_scope_is_denied(tree: Any, staff: Any) -> None:
    before = OrgNode.objects.filter(pk=tree.village.pk).values().get()
    with pytest.raises(Http404):
        org_node_update(actor=staff, node=tree.village, name="河东村")
    assert OrgNode.objects.filter(pk=tree.village.pk).values().get() == before
    assert AuditLog.objects.get(action="orgs.node.update").outcome == AuditOutcome.DENIED


def test_update_of_one_field_does_not_undo_a_newer_change_of_another(tree: Any, staff: Any) -> None:
    stale = OrgNode.objects.get(pk=tree.grid.pk)  # e.g. loaded by one form …
    org_node_update(
        actor=staff, node=OrgNode.objects.get(pk=tree.grid.pk), phone="0371-66668888"
    )  # … another
    org_node_update(actor=staff, node=stale, name="东一一号网格")
    fresh = OrgNode.objects.get(pk=tree.grid.pk)
    assert fresh.name == "东一一号网格"
    assert fresh.phone == "0371-66668888"


# ---------------------------------------------------------------------------------------------
# Many children


def test_twenty_children_in_a_row_get_distinct_paths(tree: Any, staff: Any) -> None:
    made = [create(staff, tree.grid, NodeKind.BUILDING, f"many-{i}", name=f"{i + 2}号楼") for i in range(20)]
    paths = [n.path for n in made]
    assert len(set(paths)) == 20
    assert paths == sorted(paths)
    assert all(p.startswith(tree.grid.path) and len(p) == len(tree.grid.path) + 4 for p in paths)
    assert OrgNode.objects.get(pk=tree.grid.pk).numchild == 21
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])
    assert AuditLog.objects.filter(action="orgs.node.create", actor=staff).count() == 20


# ---------------------------------------------------------------------------------------------
# Big party committee ("1+4")


def test_committee_member_add(tree: Any, staff: Any) -> None:
    link = committee_member_add(
        actor=staff, committee=tree.community_committee, member=tree.unit, category="new_org"
    )
    assert link.joined_on == timezone.localdate()
    assert [m.member for m in selectors.committee_members(committee=tree.community_committee)] == [tree.unit]
    assert AuditLog.objects.get(action="orgs.committee.add").actor == staff


def test_only_a_community_committee_takes_members(tree: Any, staff: Any) -> None:
    for not_a_committee in (tree.community, tree.residents_committee, tree.east_committee):
        with pytest.raises(ValidationError) as excinfo:
            committee_member_add(actor=staff, committee=not_a_committee, member=tree.unit, category="new_org")
        assert "committee" in errors_of(excinfo)
    assert not CommitteeMembership.objects.exists()


def test_committee_cannot_join_itself(tree: Any, staff: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        committee_member_add(
            actor=staff,
            committee=tree.community_committee,
            member=tree.community_committee,
            category="new_org",
        )
    assert "member" in errors_of(excinfo)


def test_no_second_open_membership(tree: Any, staff: Any) -> None:
    first = committee_member_add(
        actor=staff, committee=tree.community_committee, member=tree.unit, category="new_org"
    )
    with pytest.raises(ValidationError) as excinfo:
        committee_member_add(
            actor=staff, committee=tree.community_committee, member=tree.unit, category="public_unit"
        )
    assert "member" in errors_of(excinfo)
    assert CommitteeMembership.objects.count() == 1

    # after leaving, the organisation may join again
    CommitteeMembership.objects.filter(pk=first.pk).update(left_on=timezone.localdate())
    committee_member_add(
        actor=staff, committee=tree.community_committee, member=tree.unit, category="new_org"
    )
    assert CommitteeMembership.objects.count() == 2


def test_committee_out_of_scope_is_denied(tree: Any) -> None:
    worker = UserFactory.create()
    grant(worker, Role.SUBDISTRICT_STAFF, tree.west)
    with pytest.raises(Http404):
        committee_member_add(
            actor=worker, committee=tree.community_committee, member=tree.unit, category="new_org"
        )
    assert not CommitteeMembership.objects.exists()
    assert AuditLog.objects.get(action="orgs.committee.add").outcome == AuditOutcome.DENIED


# ---------------------------------------------------------------------------------------------
# Positions


@pytest.fixture
def holder(tree: Any) -> Any:
    return PersonFactory.create(node=tree.building, grid=tree.grid, building=tree.building)


def test_position_assign_and_end(tree: Any, staff: Any, holder: Any) -> None:
    start = timezone.localdate() - dt.timedelta(days=100)
    post = position_assign(actor=staff, node=tree.grid, person=holder, title="grid_leader", started_on=start)
    assert list(selectors.current_positions(node=tree.grid)) == [post]

    ended = position_end(actor=staff, position=post, ended_on=start + dt.timedelta(days=10))
    assert ended.ended_on == start + dt.timedelta(days=10)
    assert Position.objects.get(pk=post.pk).ended_on == start + dt.timedelta(days=10)
    assert list(selectors.current_positions(node=tree.grid)) == []
    assert [r.action for r in AuditLog.objects.order_by("id")] == [
        "orgs.position.assign",
        "orgs.position.end",
    ]


def test_position_assign_defaults_to_today(tree: Any, staff: Any, holder: Any) -> None:
    post = position_assign(actor=staff, node=tree.grid, person=holder, title="grid_leader")
    assert post.started_on == timezone.localdate()
    assert position_end(actor=staff, position=post).ended_on == timezone.localdate()


def test_position_cannot_end_before_it_starts(tree: Any, staff: Any, holder: Any) -> None:
    today = timezone.localdate()
    post = position_assign(actor=staff, node=tree.grid, person=holder, title="grid_leader", started_on=today)
    with pytest.raises(ValidationError) as excinfo:
        position_end(actor=staff, position=post, ended_on=today - dt.timedelta(days=1))
    assert "ended_on" in errors_of(excinfo)
    assert Position.objects.get(pk=post.pk).ended_on is None


def test_position_cannot_end_twice(tree: Any, staff: Any, holder: Any) -> None:
    today = timezone.localdate()
    post = position_assign(
        actor=staff,
        node=tree.grid,
        person=holder,
        title="grid_leader",
        started_on=today - dt.timedelta(days=9),
    )
    position_end(actor=staff, position=post, ended_on=today - dt.timedelta(days=2))
    # the caller still holds the object from before the first end
    with pytest.raises(ValidationError) as excinfo:
        position_end(actor=staff, position=post, ended_on=today)
    assert "ended_on" in errors_of(excinfo)
    assert Position.objects.get(pk=post.pk).ended_on == today - dt.timedelta(days=2)
    assert AuditLog.objects.filter(action="orgs.position.end").count() == 1


def test_positions_out_of_scope_are_denied(tree: Any, holder: Any) -> None:
    worker = UserFactory.create()
    grant(worker, Role.COMMUNITY_WORKER, tree.community)  # manages people, not the tree
    with pytest.raises(Http404):
        position_assign(actor=worker, node=tree.grid, person=holder, title="grid_leader")
    assert not Position.objects.exists()
    assert AuditLog.objects.get(action="orgs.position.assign").outcome == AuditOutcome.DENIED


def test_moving_a_grid_to_another_community_takes_its_buildings_and_people_along(
    tree: Any, staff: Any
) -> None:
    person = PersonFactory.create(node=tree.building)
    moved = org_node_move(actor=staff, node=tree.grid, new_parent=tree.other_community)
    assert moved.parent_path == tree.other_community.path
    building = OrgNode.objects.get(pk=tree.building.pk)
    assert building.path.startswith(moved.path)
    names = [n.name for n in selectors.subtree(node=OrgNode.objects.get(pk=tree.other_community.pk))]
    assert "东一第一网格" in names and "1号楼" in names
    assert "1号楼" not in [n.name for n in selectors.subtree(node=OrgNode.objects.get(pk=tree.community.pk))]
    # A worker of the old community no longer sees the person; one of the new community does.
    old_worker, new_worker = UserFactory.create(), UserFactory.create()
    grant(old_worker, Role.COMMUNITY_WORKER, tree.community)
    grant(new_worker, Role.COMMUNITY_WORKER, tree.other_community)
    assert person not in person_list(actor=old_worker) and person in person_list(actor=new_worker)
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])
    assert AuditLog.objects.filter(action="orgs.node.move", object_id=str(tree.grid.pk)).exists()


def test_a_node_cannot_move_below_itself_or_to_a_wrong_kind_of_parent(tree: Any, staff: Any) -> None:
    with pytest.raises(ValidationError) as below:
        org_node_move(actor=staff, node=tree.community, new_parent=tree.grid)
    assert "new_parent" in below.value.message_dict
    with pytest.raises(ValidationError):
        org_node_move(actor=staff, node=tree.grid, new_parent=tree.east)
    assert OrgNode.objects.get(pk=tree.grid.pk).path == tree.grid.path


def test_moving_out_of_scope_is_refused_and_changes_nothing(tree: Any, staff: Any) -> None:
    before = list(OrgNode.objects.order_by("pk").values_list("path", flat=True))
    with pytest.raises(Http404):
        org_node_move(actor=staff, node=tree.grid, new_parent=tree.village)
    assert list(OrgNode.objects.order_by("pk").values_list("path", flat=True)) == before

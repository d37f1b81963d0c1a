"""Every role, granted on 东一社区, against people and nodes inside and outside its subtree.

The expected yes/no of each cell comes from the CAPABILITIES table, so the matrix follows
the table; the spot checks at the end pin a few answers a reader can check by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from lianxin.core.models import AuditLog, AuditOutcome, RoleGrant
from lianxin.core.roles import CAPABILITIES, Cap, Role
from lianxin.orgs import selectors as org_selectors
from lianxin.orgs.models import OrgNode
from lianxin.orgs.services import org_node_create
from lianxin.people.models import Person
from lianxin.people.selectors import person_get, person_list
from lianxin.people.services import person_reveal, person_update
from lianxin.people.validation import PersonInput
from tests.factories import PersonFactory, UserFactory, grant, node

ROLES = list(Role)
COMMUNITY_SUBTREE = ["东一社区", "东一社区大党委", "东一第一网格", "1号楼", "东一物业"]


def has(role: str, capability: str) -> bool:
    return capability in CAPABILITIES[role]


@dataclass
class People:
    inside: Person  # at 1号楼, under 东一社区
    outside: Person  # at 东二第一网格, same subdistrict, other community
    village: Person  # at 河西第一网格, other subdistrict


@pytest.fixture
def people(tree: Any) -> People:
    return People(
        inside=PersonFactory.create(node=tree.building, grid=tree.grid, building=tree.building),
        outside=PersonFactory.create(node=tree.other_grid, grid=tree.other_grid),
        village=PersonFactory.create(node=tree.village_grid, grid=tree.village_grid),
    )


def user_with(role: str, on: OrgNode, **user_fields: Any) -> Any:
    user = UserFactory.create(**user_fields)
    grant(user, role, on)
    return user


def snapshot(person: Person) -> dict[str, Any]:
    return dict(Person.objects.filter(pk=person.pk).values().get())


def edited(person: Person, **changes: Any) -> PersonInput:
    values = {
        "name": person.name,
        "node": person.node,
        "gender": person.gender,
        "phone": person.phone,
        "id_number": person.id_number,
        "address": "东一路1号3单元",
    }
    return PersonInput(**(values | changes))


def denials(actor: Any, action: str) -> int:
    return AuditLog.objects.filter(actor=actor, action=action, outcome=AuditOutcome.DENIED).count()


def visible(actor: Any) -> set[int]:
    return set(person_list(actor=actor).values_list("pk", flat=True))


# ---------------------------------------------------------------------------------------------
# The matrix


@pytest.mark.parametrize("role", ROLES)
def test_read_people(role: str, tree: Any, people: People) -> None:
    actor = user_with(role, tree.community)
    may_view = has(role, Cap.PEOPLE_VIEW)

    seen = visible(actor)
    assert (people.inside.pk in seen) is may_view
    assert people.outside.pk not in seen
    assert people.village.pk not in seen

    if may_view:
        assert person_get(actor=actor, pk=people.inside.pk) == people.inside
    else:
        with pytest.raises(Http404):
            person_get(actor=actor, pk=people.inside.pk)
    for stranger in (people.outside, people.village):
        with pytest.raises(Http404):
            person_get(actor=actor, pk=stranger.pk)


@pytest.mark.parametrize("role", ROLES)
def test_update_person_inside(role: str, tree: Any, people: People) -> None:
    actor = user_with(role, tree.community)
    before = snapshot(people.inside)

    if has(role, Cap.PEOPLE_MANAGE):
        person_update(actor=actor, person=people.inside, data=edited(people.inside, name="李四"))
        after = snapshot(people.inside)
        assert after["name"] == "李四"
        assert after["address"] == "东一路1号3单元"
        assert denials(actor, "people.person.update") == 0
    else:
        with pytest.raises(Http404):
            person_update(actor=actor, person=people.inside, data=edited(people.inside, name="李四"))
        assert snapshot(people.inside) == before
        assert denials(actor, "people.person.update") == 1


@pytest.mark.parametrize("role", ROLES)
def test_update_person_outside_is_always_denied(role: str, tree: Any, people: People) -> None:
    actor = user_with(role, tree.community)
    for stranger in (people.outside, people.village):
        before = snapshot(stranger)
        with pytest.raises(Http404):
            person_update(actor=actor, person=stranger, data=edited(stranger, name="李四"))
        assert snapshot(stranger) == before
    assert denials(actor, "people.person.update") == 2


@pytest.mark.parametrize("role", ROLES)
def test_move_person_out_of_scope_is_denied(role: str, tree: Any, people: People) -> None:
    """Even a role that manages people here cannot push someone into a subtree it doesn't hold."""
    actor = user_with(role, tree.community)
    before = snapshot(people.inside)
    with pytest.raises(Http404):
        person_update(actor=actor, person=people.inside, data=edited(people.inside, node=tree.other_grid))
    assert snapshot(people.inside) == before
    assert denials(actor, "people.person.update") == 1


@pytest.mark.parametrize("role", ROLES)
def test_reveal(role: str, tree: Any, people: People) -> None:
    actor = user_with(role, tree.community)

    if has(role, Cap.PEOPLE_REVEAL):
        assert person_reveal(actor=actor, person=people.inside, field="phone") == people.inside.phone
        assert denials(actor, "people.person.reveal") == 0
    else:
        with pytest.raises(Http404):
            person_reveal(actor=actor, person=people.inside, field="phone")
        assert denials(actor, "people.person.reveal") == 1

    for stranger in (people.outside, people.village):
        with pytest.raises(Http404):
            person_reveal(actor=actor, person=stranger, field="id_number")
    assert denials(actor, "people.person.reveal") == (0 if has(role, Cap.PEOPLE_REVEAL) else 1) + 2
    successes = AuditLog.objects.filter(
        actor=actor, action="people.person.reveal", outcome=AuditOutcome.SUCCESS
    ).count()
    assert successes == (1 if has(role, Cap.PEOPLE_REVEAL) else 0)


@pytest.mark.parametrize("role", ROLES)
def test_create_node(role: str, tree: Any) -> None:
    actor = user_with(role, tree.community)
    count = OrgNode.objects.count()

    if has(role, Cap.ORGS_MANAGE):
        building = org_node_create(actor=actor, parent=tree.grid, kind="building", name="2号楼", code="m-b2")
        assert building.path.startswith(tree.grid.path) and building.depth == tree.grid.depth + 1
        assert OrgNode.objects.count() == count + 1
    else:
        with pytest.raises(Http404):
            org_node_create(actor=actor, parent=tree.grid, kind="building", name="2号楼", code="m-b2")
        assert OrgNode.objects.count() == count
        assert denials(actor, "orgs.node.create") == 1
    count = OrgNode.objects.count()
    previous = denials(actor, "orgs.node.create")

    with pytest.raises(Http404):
        org_node_create(
            actor=actor, parent=tree.other_community, kind="grid", name="东二第二网格", code="m-g2"
        )
    assert OrgNode.objects.count() == count
    assert not OrgNode.objects.filter(code="m-g2").exists()
    assert denials(actor, "orgs.node.create") == previous + 1


@pytest.mark.parametrize("role", ROLES)
def test_view_nodes(role: str, tree: Any) -> None:
    actor = user_with(role, tree.community)

    names = [n.name for n in org_selectors.node_list(actor=actor)]
    if has(role, Cap.ORGS_VIEW):
        assert names == COMMUNITY_SUBTREE
        assert org_selectors.node_get(actor=actor, pk=tree.building.pk) == tree.building
    else:
        assert names == []
        with pytest.raises(Http404):
            org_selectors.node_get(actor=actor, pk=tree.community.pk)
    for stranger in (tree.east, tree.other_community, tree.other_grid, tree.village_grid):
        with pytest.raises(Http404):
            org_selectors.node_get(actor=actor, pk=stranger.pk)


def test_the_matrix_has_both_answers_for_each_capability_it_checks() -> None:
    """Guard: if the table ever gave every role (or no role) a capability, half the matrix
    above would silently stop testing anything."""
    for capability in (Cap.PEOPLE_VIEW, Cap.PEOPLE_MANAGE, Cap.PEOPLE_REVEAL, Cap.ORGS_MANAGE, Cap.ORGS_VIEW):
        answers = {has(role, capability) for role in ROLES}
        assert answers == {True, False}, capability


# ---------------------------------------------------------------------------------------------
# Spot checks a reader can verify against the product


def test_resident_reads_nobody_even_on_the_whole_district(tree: Any, people: People) -> None:
    actor = user_with(Role.RESIDENT, tree.district)
    assert visible(actor) == set()
    assert list(org_selectors.node_list(actor=actor)) == []


def test_grid_worker_does_not_see_the_neighbouring_grid(tree: Any, people: People) -> None:
    neighbour_grid = node(tree.community, "grid", "东一第二网格")
    neighbour = PersonFactory.create(node=neighbour_grid, grid=neighbour_grid)
    actor = user_with(Role.GRID_WORKER, tree.grid)

    assert visible(actor) == {people.inside.pk}
    with pytest.raises(Http404):
        person_get(actor=actor, pk=neighbour.pk)
    before = snapshot(neighbour)
    with pytest.raises(Http404):
        person_update(actor=actor, person=neighbour, data=edited(neighbour, name="王五"))
    assert snapshot(neighbour) == before
    # and may edit the person in its own grid
    person_update(actor=actor, person=people.inside, data=edited(people.inside, name="王五"))
    assert snapshot(people.inside)["name"] == "王五"


def test_subdistrict_leader_sees_both_communities_but_not_the_other_subdistrict(
    tree: Any, people: People
) -> None:
    actor = user_with(Role.SUBDISTRICT_LEADER, tree.east)
    assert visible(actor) == {people.inside.pk, people.outside.pk}
    with pytest.raises(Http404):
        person_get(actor=actor, pk=people.village.pk)
    names = {n.name for n in org_selectors.node_list(actor=actor)}
    assert {"东一社区", "东二社区", "东二第一网格"} <= names
    assert "河西村" not in names and "十八里河街道" not in names
    # a leader reads, it does not edit
    before = snapshot(people.inside)
    with pytest.raises(Http404):
        person_update(actor=actor, person=people.inside, data=edited(people.inside, name="赵六"))
    assert snapshot(people.inside) == before


def test_auditor_reads_no_people_but_sees_the_tree(tree: Any, people: People) -> None:
    actor = user_with(Role.AUDITOR, tree.district)
    assert visible(actor) == set()
    with pytest.raises(Http404):
        person_get(actor=actor, pk=people.inside.pk)
    with pytest.raises(Http404):
        person_reveal(actor=actor, person=people.inside, field="phone")
    assert org_selectors.node_list(actor=actor).count() == OrgNode.objects.count()


def test_community_worker_edits_people_but_not_the_tree(tree: Any, people: People) -> None:
    actor = user_with(Role.COMMUNITY_WORKER, tree.community)
    person_update(actor=actor, person=people.inside, data=edited(people.inside, name="孙七"))
    assert snapshot(people.inside)["name"] == "孙七"
    with pytest.raises(Http404):
        org_node_create(actor=actor, parent=tree.grid, kind="building", name="3号楼", code="s-b3")


def test_subdistrict_staff_on_the_subdistrict_builds_anywhere_below_it(tree: Any) -> None:
    actor = user_with(Role.SUBDISTRICT_STAFF, tree.east)
    org_node_create(actor=actor, parent=tree.other_community, kind="grid", name="东二第二网格", code="s-g2")
    with pytest.raises(Http404):
        org_node_create(actor=actor, parent=tree.village, kind="grid", name="河西第二网格", code="s-g3")
    assert OrgNode.objects.filter(code="s-g2").exists()
    assert not OrgNode.objects.filter(code="s-g3").exists()


def test_grants_add_up(tree: Any, people: People) -> None:
    actor = user_with(Role.GRID_WORKER, tree.grid)
    grant(actor, Role.SOCIAL_WORKER, tree.village)
    assert visible(actor) == {people.inside.pk, people.village.pk}


# ---------------------------------------------------------------------------------------------
# Validity window, superusers, inactive accounts


def _dated_grant(role: str, on: OrgNode, valid_from: dt.date, valid_until: dt.date | None) -> Any:
    user = UserFactory.create()
    RoleGrant.objects.create(user=user, role=role, node=on, valid_from=valid_from, valid_until=valid_until)
    return user


def test_expired_grant_gives_no_access(tree: Any, people: People) -> None:
    today = timezone.localdate()
    actor = _dated_grant(
        Role.COMMUNITY_WORKER, tree.community, today - dt.timedelta(days=30), today - dt.timedelta(days=1)
    )
    assert visible(actor) == set()
    before = snapshot(people.inside)
    with pytest.raises(Http404):
        person_update(actor=actor, person=people.inside, data=edited(people.inside, name="周八"))
    assert snapshot(people.inside) == before
    assert list(org_selectors.node_list(actor=actor)) == []


def test_grant_not_yet_valid_gives_no_access(tree: Any, people: People) -> None:
    today = timezone.localdate()
    actor = _dated_grant(Role.COMMUNITY_WORKER, tree.community, today + dt.timedelta(days=1), None)
    assert visible(actor) == set()
    with pytest.raises(Http404):
        person_reveal(actor=actor, person=people.inside, field="phone")


def test_grant_is_valid_on_its_first_and_last_day(tree: Any, people: People) -> None:
    today = timezone.localdate()
    first_day = _dated_grant(Role.COMMUNITY_WORKER, tree.community, today, None)
    last_day = _dated_grant(Role.COMMUNITY_WORKER, tree.community, today - dt.timedelta(days=5), today)
    assert visible(first_day) == {people.inside.pk}
    assert visible(last_day) == {people.inside.pk}


def test_superuser_sees_and_edits_everything(tree: Any, people: People) -> None:
    actor = UserFactory.create(is_superuser=True)
    assert visible(actor) == {people.inside.pk, people.outside.pk, people.village.pk}
    assert org_selectors.node_list(actor=actor).count() == OrgNode.objects.count()
    person_update(actor=actor, person=people.village, data=edited(people.village, name="吴九"))
    assert snapshot(people.village)["name"] == "吴九"
    assert person_reveal(actor=actor, person=people.outside, field="phone") == people.outside.phone


def test_inactive_user_sees_nothing(tree: Any, people: People) -> None:
    actor = user_with(Role.SUBDISTRICT_STAFF, tree.district, is_active=False)
    assert visible(actor) == set()
    assert list(org_selectors.node_list(actor=actor)) == []
    before = snapshot(people.inside)
    with pytest.raises(Http404):
        person_update(actor=actor, person=people.inside, data=edited(people.inside, name="郑十"))
    assert snapshot(people.inside) == before
    with pytest.raises(Http404):
        org_node_create(actor=actor, parent=tree.grid, kind="building", name="4号楼", code="i-b4")
    assert not OrgNode.objects.filter(code="i-b4").exists()


def test_inactive_superuser_sees_nothing(tree: Any, people: People) -> None:
    actor = UserFactory.create(is_superuser=True, is_active=False)
    assert visible(actor) == set()
    with pytest.raises(Http404):
        person_reveal(actor=actor, person=people.inside, field="phone")

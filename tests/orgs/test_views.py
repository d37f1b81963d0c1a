"""The org tree pages as subdistrict as_staff use them."""

from __future__ import annotations

from django.urls import reverse

from lianxin.orgs.models import CommitteeMembership, OrgNode, Position
from tests.factories import PersonFactory


def test_add_form_offers_only_kinds_allowed_below_the_parent(client, tree, as_staff):
    page = client.get(reverse("orgs:add", args=[tree.community.pk])).content.decode()
    assert 'value="grid"' in page and 'value="community_committee"' in page
    assert 'value="district"' not in page and 'value="subdistrict"' not in page


def test_adding_a_grid_with_a_broken_boundary_shows_the_error_and_adds_nothing(client, tree, as_staff):
    before = OrgNode.objects.count()
    response = client.post(
        reverse("orgs:add", args=[tree.community.pk]),
        {
            "name": "第二网格",
            "kind": "grid",
            "code": "g2",
            "boundary": '{"type": "Polygon", "coordinates": [[[1,1]]]}',
        },
    )
    assert response.status_code == 200
    assert "每个环至少需要四个" in response.content.decode()
    assert OrgNode.objects.count() == before


def test_adding_a_grid_puts_it_below_the_community(client, tree, as_staff):
    ring = [[113.7, 34.75], [113.71, 34.75], [113.71, 34.76], [113.7, 34.76], [113.7, 34.75]]
    response = client.post(
        reverse("orgs:add", args=[tree.community.pk]),
        {
            "name": "第二网格",
            "kind": "grid",
            "code": "g2",
            "boundary": f'{{"type": "Polygon", "coordinates": [{ring}]}}',
        },
    )
    grid = OrgNode.objects.get(code="g2")
    assert response.status_code == 302
    assert grid.parent_path == tree.community.path
    assert grid.boundary == {"type": "Polygon", "coordinates": [ring]}


def test_node_page_shows_children_members_and_posts(client, tree, as_staff):
    page = client.get(reverse("orgs:node", args=[tree.community.pk])).content.decode()
    assert "东一第一网格" in page and "东一物业" in page and "管城回族区" in page


def test_picking_a_node_narrows_the_workbench(client, tree, as_staff):
    client.post(reverse("scope-pick"), {"node": tree.other_community.pk})
    page = client.get(reverse("workbench")).content.decode()
    assert "东二社区" in page


def test_assigning_and_ending_a_post(client, tree, as_staff):
    person = PersonFactory.create(node=tree.building, name="网格长甲")
    response = client.post(
        reverse("orgs:position-add", args=[tree.grid.pk]),
        {"person": person.pk, "title": "grid_leader", "started_on": "2026-11-01"},
    )
    assert response.status_code == 302
    post = Position.objects.get(node=tree.grid, person=person)
    assert "网格长甲" in client.get(reverse("orgs:node", args=[tree.grid.pk])).content.decode()
    client.post(reverse("orgs:position-end", args=[post.pk]))
    post.refresh_from_db()
    assert post.ended_on is not None
    page = client.get(reverse("orgs:node", args=[tree.grid.pk])).content.decode()
    current, earlier = page.split("<summary>", 1)
    assert "网格长甲" not in current and "网格长甲" in earlier


def test_post_holders_come_from_the_area_of_the_node(client, tree, as_staff):
    PersonFactory.create(node=tree.building, name="本社区人")
    PersonFactory.create(node=tree.other_grid, name="邻社区人")
    page = client.get(reverse("orgs:position-add", args=[tree.grid.pk])).content.decode()
    assert "本社区人" in page and "邻社区人" not in page


def test_taking_a_unit_into_the_big_party_committee(client, tree, as_staff):
    form = client.get(reverse("orgs:member-add", args=[tree.community_committee.pk])).content.decode()
    assert "东一物业" in form and "东二第一网格" not in form
    response = client.post(
        reverse("orgs:member-add", args=[tree.community_committee.pk]),
        {"member": tree.unit.pk, "category": "public_unit", "joined_on": "2026-11-01"},
    )
    assert response.status_code == 302
    assert CommitteeMembership.objects.filter(committee=tree.community_committee, member=tree.unit).exists()
    again = client.get(reverse("orgs:member-add", args=[tree.community_committee.pk])).content.decode()
    assert "东一物业" not in again


def test_members_can_only_join_a_big_party_committee(client, tree, as_staff):
    assert client.get(reverse("orgs:member-add", args=[tree.community.pk])).status_code == 404


def test_move_offers_only_fitting_parents_outside_the_branch(client, tree, as_staff):
    page = client.get(reverse("orgs:move", args=[tree.grid.pk])).content.decode()
    assert f'value="{tree.other_community.pk}"' in page
    assert f'value="{tree.community.pk}"' not in page  # where it already is
    assert f'value="{tree.east.pk}"' not in page  # a grid cannot sit under a subdistrict
    assert f'value="{tree.village.pk}"' not in page  # outside the staff member's scope
    response = client.post(reverse("orgs:move", args=[tree.grid.pk]), {"new_parent": tree.other_community.pk})
    assert response.status_code == 302
    assert OrgNode.objects.get(pk=tree.grid.pk).parent_path == tree.other_community.path


def test_a_node_can_be_marked_inactive(client, tree, as_staff):
    response = client.post(
        reverse("orgs:edit", args=[tree.unit.pk]), {"name": "东一物业", "unit_type": "property_company"}
    )
    assert response.status_code == 302
    assert OrgNode.objects.get(pk=tree.unit.pk).is_active is False
    assert "停用" in client.get(reverse("orgs:node", args=[tree.unit.pk])).content.decode()

"""Every endpoint × every role: inside the role's subtree the capability table decides,
outside it the answer is 404, and a refused write changes nothing."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from lianxin.core.models import RoleGrant
from lianxin.core.roles import CAPABILITIES, Cap, Role
from lianxin.orgs.models import CommitteeMembership, OrgNode, Position
from lianxin.people.models import Person
from tests.factories import PersonFactory, UserFactory, grant, roster_xlsx

ANYONE = "anyone"  # any logged-in user


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Any  # (world) -> str
    needs: tuple[str, ...]  # capabilities needed inside the subtree; () = any logged-in user
    body: Any = None  # (world) -> dict
    api: bool = False
    writes: bool = False
    ok: int = 200

    def call(self, client: Any, world: Any) -> Any:
        url = self.url(world)
        if self.method == "GET":
            return client.get(url)
        data = self.body(world) if self.body else {}
        if self.api:
            return client.post(url, json.dumps(data), content_type="application/json")
        return client.post(url, data)


WB = (Cap.WORKBENCH,)
ENDPOINTS = [
    Endpoint("app home", "GET", lambda w: reverse("app-home"), ()),
    Endpoint("app me", "GET", lambda w: reverse("app-me"), ()),
    Endpoint("password form", "GET", lambda w: reverse("password-change"), ()),
    Endpoint("notifications", "GET", lambda w: reverse("notifications"), ()),
    Endpoint("workbench", "GET", lambda w: reverse("workbench"), WB),
    Endpoint("tree", "GET", lambda w: reverse("orgs:tree"), WB),
    Endpoint("picker", "GET", lambda w: reverse("orgs:picker"), WB),
    Endpoint("node", "GET", lambda w: reverse("orgs:node", args=[w.inside_node.pk]), (*WB, Cap.ORGS_VIEW)),
    Endpoint(
        "children", "GET", lambda w: reverse("orgs:children", args=[w.inside_node.pk]), (*WB, Cap.ORGS_VIEW)
    ),
    Endpoint(
        "node add form", "GET", lambda w: reverse("orgs:add", args=[w.inside_node.pk]), (*WB, Cap.ORGS_MANAGE)
    ),
    Endpoint(
        "node edit form",
        "GET",
        lambda w: reverse("orgs:edit", args=[w.inside_node.pk]),
        (*WB, Cap.ORGS_MANAGE),
    ),
    Endpoint(
        "node add",
        "POST",
        lambda w: reverse("orgs:add", args=[w.inside_node.pk]),
        (*WB, Cap.ORGS_MANAGE),
        body=lambda w: {"name": "新楼", "kind": "building", "code": "matrix-new"},
        writes=True,
        ok=302,
    ),
    Endpoint("people", "GET", lambda w: reverse("people:list"), (*WB, Cap.PEOPLE_VIEW)),
    Endpoint("person", "GET", lambda w: reverse("people:detail", args=[w.inside.pk]), (*WB, Cap.PEOPLE_VIEW)),
    Endpoint("person add form", "GET", lambda w: reverse("people:add"), (*WB, Cap.PEOPLE_MANAGE)),
    Endpoint(
        "person add",
        "POST",
        lambda w: reverse("people:add"),
        (*WB, Cap.PEOPLE_MANAGE),
        body=lambda w: {"name": "新登记", "gender": "male", "node": w.inside_node.pk, "is_resident": "on"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "node edit",
        "POST",
        lambda w: reverse("orgs:edit", args=[w.inside_node.pk]),
        (*WB, Cap.ORGS_MANAGE),
        body=lambda w: {"name": "改名网格"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "person edit form",
        "GET",
        lambda w: reverse("people:edit", args=[w.inside.pk]),
        (*WB, Cap.PEOPLE_MANAGE),
    ),
    Endpoint(
        "person edit",
        "POST",
        lambda w: reverse("people:edit", args=[w.inside.pk]),
        (*WB, Cap.PEOPLE_MANAGE),
        body=lambda w: {"name": "改名", "gender": "female", "node": w.inside.node_id, "is_resident": "on"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "reveal",
        "POST",
        lambda w: reverse("people:reveal", args=[w.inside.pk, "phone"]),
        (Cap.PEOPLE_REVEAL,),
    ),
    Endpoint("roster", "GET", lambda w: reverse("people:roster"), (*WB, Cap.PEOPLE_IMPORT)),
    Endpoint(
        "roster upload",
        "POST",
        lambda w: reverse("people:roster"),
        (*WB, Cap.PEOPLE_IMPORT),
        body=lambda w: {"file": roster_xlsx([["花名册导入人", "男", "", "", ""]])},
        writes=True,
        ok=302,
    ),
    Endpoint("roster template", "GET", lambda w: reverse("people:roster-template"), (*WB, Cap.PEOPLE_IMPORT)),
    Endpoint("roster export", "GET", lambda w: reverse("people:roster-export"), (*WB, Cap.PEOPLE_EXPORT)),
    Endpoint("audit log", "GET", lambda w: reverse("audit-log"), (*WB, Cap.AUDIT_VIEW)),
    Endpoint("audit export", "GET", lambda w: reverse("audit-log-export"), (*WB, Cap.AUDIT_VIEW)),
    Endpoint(
        "scope pick",
        "POST",
        lambda w: reverse("scope-pick"),
        WB,
        body=lambda w: {"node": w.inside_node.pk},
        ok=302,
    ),
    Endpoint(
        "post form",
        "GET",
        lambda w: reverse("orgs:position-add", args=[w.inside_node.pk]),
        (*WB, Cap.ORGS_MANAGE),
    ),
    Endpoint(
        "post assign",
        "POST",
        lambda w: reverse("orgs:position-add", args=[w.inside_node.pk]),
        (*WB, Cap.ORGS_MANAGE),
        body=lambda w: {"person": w.inside.pk, "title": "grid_leader", "started_on": "2026-11-01"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "post end",
        "POST",
        lambda w: reverse("orgs:position-end", args=[w.inside_post.pk]),
        (*WB, Cap.ORGS_MANAGE),
        writes=True,
        ok=302,
    ),
    Endpoint(
        "member form",
        "GET",
        lambda w: reverse("orgs:member-add", args=[w.committee.pk]),
        (*WB, Cap.ORGS_MANAGE),
    ),
    Endpoint(
        "member add",
        "POST",
        lambda w: reverse("orgs:member-add", args=[w.committee.pk]),
        (*WB, Cap.ORGS_MANAGE),
        body=lambda w: {"member": w.unit.pk, "category": "public_unit", "joined_on": "2026-11-01"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "account form",
        "GET",
        lambda w: reverse("people:account", args=[w.inside.pk]),
        (*WB, Cap.PEOPLE_MANAGE),
    ),
    Endpoint(
        "account create",
        "POST",
        lambda w: reverse("people:account", args=[w.inside.pk]),
        (*WB, Cap.PEOPLE_MANAGE),
        body=lambda w: {
            "username": "new-login",
            "password": "Lx-pass-2026!",
            "password_again": "Lx-pass-2026!",
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "grant form",
        "GET",
        lambda w: reverse("people:grant", args=[w.inside_holder.pk]),
        (*WB, Cap.ORGS_MANAGE, Cap.PEOPLE_VIEW),
    ),
    Endpoint(
        "grant",
        "POST",
        lambda w: reverse("people:grant", args=[w.inside_holder.pk]),
        (*WB, Cap.ORGS_MANAGE, Cap.PEOPLE_VIEW),
        body=lambda w: {"role": "grid_worker", "node": w.inside_node.pk},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "revoke",
        "POST",
        lambda w: reverse("people:revoke", args=[w.inside_grant.pk]),
        (*WB, Cap.ORGS_MANAGE),
        writes=True,
        ok=302,
    ),
    Endpoint("open311 keys", "GET", lambda w: reverse("open311-clients:list"), (*WB, Cap.ORGS_MANAGE)),
    Endpoint("open311 key form", "GET", lambda w: reverse("open311-clients:add"), (*WB, Cap.ORGS_MANAGE)),
    Endpoint("api me", "GET", lambda w: "/api/v1/me", (), api=True),
    Endpoint("api cases", "GET", lambda w: "/api/v1/cases", (), api=True),
    Endpoint("api case categories", "GET", lambda w: "/api/v1/cases/categories", (), api=True),
    Endpoint("app cases", "GET", lambda w: reverse("app-cases"), ()),
    Endpoint("app case form", "GET", lambda w: reverse("app-case-new"), ()),
    Endpoint(
        "api node", "GET", lambda w: f"/api/v1/orgs/nodes/{w.inside_node.pk}", (Cap.ORGS_VIEW,), api=True
    ),
    Endpoint(
        "api node add",
        "POST",
        lambda w: "/api/v1/orgs/nodes",
        (Cap.ORGS_MANAGE,),
        body=lambda w: {
            "parent_id": w.inside_node.pk,
            "kind": "building",
            "name": "新楼",
            "code": "matrix-api",
        },
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint("api person", "GET", lambda w: f"/api/v1/people/{w.inside.pk}", (Cap.PEOPLE_VIEW,), api=True),
    Endpoint(
        "api reveal",
        "POST",
        lambda w: f"/api/v1/people/{w.inside.pk}/reveal",
        (Cap.PEOPLE_REVEAL,),
        body=lambda w: {"field": "phone"},
        api=True,
    ),
]

# The same endpoints aimed at an object outside the subtree: 404 for every role.
OUTSIDE = [
    ("node", lambda w: reverse("orgs:node", args=[w.outside_node.pk]), "GET", None),
    ("children", lambda w: reverse("orgs:children", args=[w.outside_node.pk]), "GET", None),
    ("node add form", lambda w: reverse("orgs:add", args=[w.outside_node.pk]), "GET", None),
    ("node edit form", lambda w: reverse("orgs:edit", args=[w.outside_node.pk]), "GET", None),
    ("node edit", lambda w: reverse("orgs:edit", args=[w.outside_node.pk]), "POST", {"name": "越界改名"}),
    (
        "person add elsewhere",
        lambda w: reverse("people:add") + f"?within={w.outside_node.pk}",
        "POST",
        {"name": "越界登记", "gender": "male", "node": 0},
    ),
    (
        "roster upload elsewhere",
        lambda w: reverse("people:roster") + f"?within={w.outside_node.pk}",
        "POST",
        None,
    ),
    (
        "node add",
        lambda w: reverse("orgs:add", args=[w.outside_node.pk]),
        "POST",
        {"name": "越界楼", "kind": "building", "code": "matrix-out"},
    ),
    ("person", lambda w: reverse("people:detail", args=[w.outside.pk]), "GET", None),
    ("person edit form", lambda w: reverse("people:edit", args=[w.outside.pk]), "GET", None),
    (
        "person edit",
        lambda w: reverse("people:edit", args=[w.outside.pk]),
        "POST",
        {"name": "越界", "gender": "male"},
    ),
    ("reveal", lambda w: reverse("people:reveal", args=[w.outside.pk, "phone"]), "POST", None),
    ("scope pick", lambda w: reverse("scope-pick"), "POST", {"node": 0}),
    ("move form", lambda w: reverse("orgs:move", args=[w.outside_node.pk]), "GET", None),
    ("move", lambda w: reverse("orgs:move", args=[w.outside_node.pk]), "POST", {"new_parent": 1}),
    ("post form", lambda w: reverse("orgs:position-add", args=[w.outside_node.pk]), "GET", None),
    ("post end", lambda w: reverse("orgs:position-end", args=[w.outside_post.pk]), "POST", None),
    ("member form", lambda w: reverse("orgs:member-add", args=[w.outside_node.pk]), "GET", None),
    ("account form", lambda w: reverse("people:account", args=[w.outside.pk]), "GET", None),
    (
        "account create",
        lambda w: reverse("people:account", args=[w.outside.pk]),
        "POST",
        {"username": "x-login", "password": "Lx-pass-2026!", "password_again": "Lx-pass-2026!"},
    ),
    ("grant form", lambda w: reverse("people:grant", args=[w.outside_holder.pk]), "GET", None),
    ("grant", lambda w: reverse("people:grant", args=[w.outside_holder.pk]), "POST", {"role": "grid_worker"}),
    ("revoke", lambda w: reverse("people:revoke", args=[w.outside_grant.pk]), "POST", None),
    ("api node", lambda w: f"/api/v1/orgs/nodes/{w.outside_node.pk}", "GET", None),
    ("api person", lambda w: f"/api/v1/people/{w.outside.pk}", "GET", None),
]


@dataclass
class World:
    inside: Person
    outside: Person
    inside_node: OrgNode
    outside_node: OrgNode
    committee: OrgNode
    unit: OrgNode
    building: OrgNode
    community: OrgNode
    inside_post: Position
    outside_post: Position
    inside_grant: RoleGrant  # held by inside_holder
    outside_grant: RoleGrant
    inside_holder: Person
    outside_holder: Person


def _holder(node: OrgNode, name: str) -> tuple[Person, RoleGrant]:
    person = PersonFactory.create(node=node, name=name, user=UserFactory.create())
    assert person.user is not None
    return person, grant(person.user, Role.VOLUNTEER, node)


@pytest.fixture
def world(tree):
    inside, outside = (
        PersonFactory.create(node=tree.building, name="院内人"),
        PersonFactory.create(node=tree.other_grid, name="院外人"),
    )
    inside_holder, inside_grant = _holder(tree.grid, "院内志愿者")
    outside_holder, outside_grant = _holder(tree.other_grid, "院外志愿者")
    day = datetime.date(2026, 1, 1)
    return World(
        inside=inside,
        outside=outside,
        inside_node=tree.grid,
        outside_node=tree.other_grid,
        committee=tree.community_committee,
        unit=tree.unit,
        building=tree.building,
        community=tree.community,
        inside_post=Position.objects.create(
            node=tree.grid, person=inside, title="grid_leader", started_on=day
        ),
        outside_post=Position.objects.create(
            node=tree.other_grid, person=outside, title="grid_leader", started_on=day
        ),
        inside_grant=inside_grant,
        outside_grant=outside_grant,
        inside_holder=inside_holder,
        outside_holder=outside_holder,
    )


def snapshot() -> tuple:
    people = tuple(
        Person.objects.order_by("pk").values_list("pk", "name", "gender", "node_id", "phone_hash", "user_id")
    )
    nodes = tuple(OrgNode.objects.order_by("pk").values_list("pk", "name", "path"))
    posts = tuple(Position.objects.order_by("pk").values_list("pk", "person_id", "ended_on"))
    grants = tuple(RoleGrant.objects.order_by("pk").values_list("pk", "role", "node_id"))
    members = tuple(CommitteeMembership.objects.order_by("pk").values_list("pk", "member_id"))
    return people, nodes, posts, grants, members


def expected_inside(role: str, endpoint: Endpoint) -> bool:
    return all(cap in CAPABILITIES[role] for cap in endpoint.needs)


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_a_role_granted_on_a_community(client, tree, world, role):
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    wrong = []
    for endpoint in ENDPOINTS:
        before = snapshot()
        response = endpoint.call(client, world)
        allowed = expected_inside(role, endpoint)
        want = endpoint.ok if allowed else 404
        if response.status_code != want:
            wrong.append(f"{endpoint.name}: got {response.status_code}, want {want}")
        if not allowed and snapshot() != before:
            wrong.append(f"{endpoint.name}: a refused call changed data")
        if not allowed and endpoint.api:
            body = response.json()
            if body.get("code") != "not_found":
                wrong.append(f"{endpoint.name}: refused API body {body}")
        if allowed and endpoint.writes and snapshot() == before:
            wrong.append(f"{endpoint.name}: an allowed write changed nothing")
    assert wrong == []


@pytest.mark.parametrize("role", Role.values)
def test_objects_outside_the_subtree_answer_404_and_change_nothing(client, tree, world, role):
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    wrong = []
    for name, url, method, body in OUTSIDE:
        before = snapshot()
        response = client.get(url(world)) if method == "GET" else client.post(url(world), body or {})
        if response.status_code != 404:
            wrong.append(f"{name}: got {response.status_code}")
        if snapshot() != before:
            wrong.append(f"{name}: changed data")
    assert wrong == []


def test_anonymous_visitors_are_sent_to_log_in_or_get_401(client, world):
    for endpoint in ENDPOINTS:
        response = endpoint.call(client, world)
        if endpoint.api:
            assert response.status_code == 401, endpoint.name
            assert response.json()["code"] == "unauthenticated"
        elif endpoint.name == "reveal":
            assert response.status_code == 404
        else:
            assert response.status_code == 302, endpoint.name
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", Role.values)
def test_lists_show_what_the_role_may_see_and_nothing_outside(client, tree, world, role):
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    caps = CAPABILITIES[role]

    api_people = {p["name"] for p in client.get("/api/v1/people?limit=500").json()["items"]}
    assert ("院内人" in api_people) == (Cap.PEOPLE_VIEW in caps)
    assert "院外人" not in api_people

    api_nodes = {n["name"] for n in client.get("/api/v1/orgs/nodes?limit=500").json()["items"]}
    assert ("东一第一网格" in api_nodes) == (Cap.ORGS_VIEW in caps)
    assert not api_nodes & {"东二第一网格", "河西村", "城东路街道"}

    page = client.get(reverse("people:list"))
    if Cap.PEOPLE_VIEW in caps and Cap.WORKBENCH in caps:
        assert "院内人" in page.content.decode() and "院外人" not in page.content.decode()
    else:
        assert page.status_code == 404

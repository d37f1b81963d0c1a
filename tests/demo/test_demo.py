import contextlib
import hashlib
import io
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from lianxin.casework.models import Case
from lianxin.casework.overdue import cases_escalate_overdue
from lianxin.casework.workflow import State
from lianxin.core.models import RoleGrant
from lianxin.core.pii import PHONE_RE, id_number_is_valid
from lianxin.core.roles import Role
from lianxin.demo.build import demo_logins
from lianxin.demo.logins import ADMIN_USERNAME, DEMO_PASSWORD
from lianxin.demo.plan_people import make_plan
from lianxin.orgs.geo import polygon_contains, validate_polygon
from lianxin.orgs.models import CommitteeMembership, MemberCategory, NodeKind, OrgNode, Position
from lianxin.people.models import Person, User


def run_demo(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", "--not-production", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def snapshot() -> str:
    """A digest of everything the demo decides: tree, people, posts, memberships, log-ins."""
    nodes = list(OrgNode.objects.all())
    code = {node.pk: node.code for node in nodes}
    tree = [
        (n.code, n.path, n.name, n.kind, n.unit_type, n.address, str(n.latitude), str(n.boundary))
        for n in nodes
    ]
    people = [
        (p.name, p.phone, p.id_number, code[p.node_id], p.is_party_member, str(p.party_joined_on))
        for p in Person.objects.all()
    ]
    posts = [
        (code[p.node_id], p.person.id_number, p.title, str(p.started_on))
        for p in Position.objects.select_related("person")
    ]
    links = [(code[m.committee_id], code[m.member_id], m.category) for m in CommitteeMembership.objects.all()]
    grants = [(g.user.username, g.role, code[g.node_id]) for g in RoleGrant.objects.select_related("user")]
    parts = [sorted(part) for part in (tree, people, posts, links, grants)]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_demo_builds_the_district_from_the_page():
    output = run_demo()
    nodes = {node.code: node for node in OrgNode.objects.all()}

    def children(node: OrgNode, kind: str) -> list[OrgNode]:
        return [
            n
            for n in nodes.values()
            if n.parent_path == node.path and n.depth == node.depth + 1 and n.kind == kind
        ]

    district = OrgNode.objects.get(depth=1)
    assert district.name == "管城回族区" and district.kind == NodeKind.DISTRICT
    assert {n.name for n in children(district, NodeKind.SUBDISTRICT)} == {
        "城东路街道",
        "十八里河街道",
        "航海东路街道",
    }

    east = nodes["gc-cdl"]
    [working_committee] = children(east, NodeKind.WORKING_COMMITTEE)
    committees = children(working_committee, NodeKind.PARTY_COMMITTEE)
    assert sorted(n.name for n in committees) == sorted(["行政党委", "居民党委", "综合党委"])
    residents_committee = next(n for n in committees if n.name == "居民党委")
    communities = children(residents_committee, NodeKind.COMMUNITY)
    assert len(communities) >= 5
    for community in communities:
        [big_committee] = children(community, NodeKind.COMMUNITY_COMMITTEE)
        links = CommitteeMembership.objects.filter(committee=big_committee, left_on__isnull=True)
        assert {link.category for link in links} == set(MemberCategory.values)
        assert children(big_committee, NodeKind.PARTY_BRANCH)
        assert 2 <= len(children(community, NodeKind.GRID)) <= 4
    assert OrgNode.objects.filter(name="郑州市馨家苑社区服务中心", path__startswith=east.path).exists()
    assert children(nodes["gc-sblh"], NodeKind.VILLAGE)

    grids = [n for n in nodes.values() if n.kind == NodeKind.GRID]
    for grid in grids:
        assert grid.boundary is not None
        validate_polygon(grid.boundary)
        buildings = children(grid, NodeKind.BUILDING)
        assert 2 <= len(buildings) <= 4
        for building in buildings:
            assert building.address and building.longitude is not None and building.latitude is not None
            # Inside its own grid's polygon and no other: grids do not overlap.
            point = (float(building.longitude), float(building.latitude))
            assert [g for g in grids if polygon_contains(g.boundary or {}, *point)] == [grid]
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])

    people = list(Person.objects.all())
    assert len(people) >= 100
    assert all(id_number_is_valid(p.id_number) and PHONE_RE.match(p.phone) for p in people)
    assert len({p.id_number for p in people}) == len(people)
    names = ("is_party_member", "is_in_service_member", "is_volunteer", "is_activist", "is_party_rep")
    flags = Counter(flag for p in people for flag in (*names, "is_community_worker") if getattr(p, flag))
    assert len(flags) == 6 and min(flags.values()) >= 5
    assert all(p.employer_id for p in people if p.is_in_service_member)
    assert Position.objects.filter(title="grid_leader").count() == len(grids)

    assert "Lianxin@2026" in output and "grid_worker" in output


@pytest.mark.django_db
def test_every_role_has_a_demo_login():
    run_demo()
    admin = User.objects.get(username=ADMIN_USERNAME)
    assert admin.is_superuser and admin.is_staff
    for role in Role.values:
        user = authenticate(username=role, password=DEMO_PASSWORD)
        assert user is not None, role
        assert user.person is not None
        assert RoleGrant.objects.filter(user=user, role=role).exists()
    resident = Person.objects.get(user__username="resident")
    assert resident.building is not None
    assert RoleGrant.objects.get(user__username="resident").node.code == "gc-cdl-c01"
    assert resident.building.path.startswith(RoleGrant.objects.get(user__username="resident").node.path)
    assert [username for username, _role, _node in demo_logins()] == list(Role.values)


@pytest.mark.django_db
def test_running_twice_adds_nothing():
    run_demo()
    before = row_counts()
    output = run_demo()
    assert row_counts() == before
    assert "nothing was added" in output


@pytest.mark.django_db
def test_same_seed_same_data():
    digests = []
    for _ in range(2):
        with contextlib.suppress(Rollback), transaction.atomic():
            assert not OrgNode.objects.exists()
            run_demo("--seed", "7")
            digests.append(snapshot())
            raise Rollback
    assert digests[0] == digests[1]


def test_the_seed_changes_the_invented_people():
    one, other = make_plan(1), make_plan(2)
    assert make_plan(1) == one
    assert [p.name for p in one.people] != [p.name for p in other.people]


def test_refuses_to_run_when_debug_is_off_unless_told_it_is_not_production(db: None) -> None:
    from django.core.management.base import CommandError

    from lianxin.people.models import User

    with pytest.raises(CommandError, match="production"):
        call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert not User.objects.exists()


def test_readme_lists_a_demo_log_in_for_every_role() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert all(f"| `{role}` |" in readme for role in Role.values)


@pytest.mark.django_db
def test_demo_requests_cover_every_state_and_some_are_overdue_under_supervision():
    run_demo()
    states = set(Case.objects.values_list("state", flat=True))
    assert states == set(State.values)
    late = Case.objects.filter(is_supervised=True)
    assert late.count() >= 3
    for case in late:
        assert case.number.split("-")[1] == f"{timezone.localdate(case.submitted_at):%Y%m%d}"
        assert case.events.filter(action="overdue").count() == 1
        assert all(e.at >= case.submitted_at for e in case.events.all())
    assert cases_escalate_overdue() == 0  # the demo left nothing for the worker to find

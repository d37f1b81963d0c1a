"""Writes about people and accounts: home links, initials, validation, accounts, role grants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lianxin.core import scope
from lianxin.core.models import AuditLog, AuditOutcome, RoleGrant
from lianxin.core.roles import CAPABILITIES, Cap, Role
from lianxin.people.models import Person, User
from lianxin.people.selectors import person_list
from lianxin.people.services import account_create, person_create, person_update, role_grant, role_revoke
from lianxin.people.validation import PersonInput, name_initials
from tests.factories import PersonFactory, UserFactory, grant, node

ID_A = "11010519491231002X"
ID_B = "410102199003071230"


@pytest.fixture
def branch(tree: Any) -> Any:
    return node(tree.community_committee, "party_branch", "东一社区第一党支部")


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# ---------------------------------------------------------------------------------------------
# person_create


@pytest.mark.parametrize(
    ("at", "grid", "building"),
    [
        ("building", "grid", "building"),
        ("grid", "grid", None),
        ("community", None, None),
        ("unit", None, None),
        ("village_grid", "village_grid", None),
    ],
)
def test_person_create_fills_grid_and_building(
    tree: Any, admin: Any, at: str, grid: str | None, building: str | None
) -> None:
    person = person_create(actor=admin, data=PersonInput(name="张三", node=getattr(tree, at)))
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.node == getattr(tree, at)
    assert fresh.grid == (getattr(tree, grid) if grid else None)
    assert fresh.building == (getattr(tree, building) if building else None)


def test_person_create_in_a_building_directly_under_a_village(tree: Any, admin: Any) -> None:
    house = node(tree.village, "building", "河西村3号院")
    person = person_create(actor=admin, data=PersonInput(name="张三", node=house))
    assert (person.grid, person.building) == (None, house)


def test_person_create_normalises_and_audits(tree: Any, worker: Any) -> None:
    data = PersonInput(
        name="  张三 ", node=tree.building, phone="138 0000 0001", id_number="11010519491231002x"
    )
    person = person_create(actor=worker, data=data)
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.name, fresh.phone, fresh.id_number) == ("张三", "13800000001", ID_A)
    row = AuditLog.objects.get(action="people.person.create")
    assert row.actor == worker and row.outcome == AuditOutcome.SUCCESS and row.object_id == str(person.pk)


@pytest.mark.parametrize(("name", "initials"), [("张三", "zs"), ("李小龙", "lxl"), ("欧阳娜娜", "oynn")])
def test_name_initials(tree: Any, admin: Any, name: str, initials: str) -> None:
    assert name_initials(name) == initials
    person = person_create(actor=admin, data=PersonInput(name=name, node=tree.grid))
    assert Person.objects.get(pk=person.pk).name_pinyin == initials


def test_search_by_initials(tree: Any, worker: Any) -> None:
    zhang = person_create(actor=worker, data=PersonInput(name="张三", node=tree.building))
    li = person_create(actor=worker, data=PersonInput(name="李四", node=tree.building))
    wang = person_create(actor=worker, data=PersonInput(name="王四", node=tree.grid))
    assert list(person_list(actor=worker, search="zs")) == [zhang]
    assert list(person_list(actor=worker, search="ZS")) == [zhang]
    assert set(person_list(actor=worker, search="s")) == set()  # initials match from the start
    assert set(person_list(actor=worker, search="四")) == {li, wang}
    assert list(person_list(actor=worker, search="张")) == [zhang]
    assert list(person_list(actor=worker, search="ls", within=tree.building)) == [li]


def test_person_create_out_of_scope_creates_nothing(tree: Any, worker: Any) -> None:
    with pytest.raises(Http404):
        person_create(actor=worker, data=PersonInput(name="张三", node=tree.other_grid))
    assert not Person.objects.exists()
    assert AuditLog.objects.get(action="people.person.create").outcome == AuditOutcome.DENIED


# ---------------------------------------------------------------------------------------------
# Validation


def _refused(worker: Any, data: PersonInput, field: str) -> None:
    count, rows = Person.objects.count(), AuditLog.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        person_create(actor=worker, data=data)
    assert field in errors_of(excinfo), errors_of(excinfo)
    assert Person.objects.count() == count
    assert AuditLog.objects.count() == rows


@pytest.mark.parametrize("phone", ["12345", "23800000001", "1380000000", "138000000012", "phone"])
def test_bad_phone(tree: Any, worker: Any, phone: str) -> None:
    _refused(worker, PersonInput(name="张三", node=tree.building, phone=phone), "phone")


@pytest.mark.parametrize("phone", ["13800000001", "0371-66668888", "037166668888", "+86 19912345678"])
def test_good_phone(tree: Any, worker: Any, phone: str) -> None:
    person_create(actor=worker, data=PersonInput(name="张三", node=tree.building, phone=phone))


@pytest.mark.parametrize("id_number", ["110105194912310021", "11010519491231002", "1101051949123100XX"])
def test_bad_id_number(tree: Any, worker: Any, id_number: str) -> None:
    _refused(worker, PersonInput(name="张三", node=tree.building, id_number=id_number), "id_number")


def test_non_member_with_a_branch(tree: Any, worker: Any, branch: Any) -> None:
    _refused(worker, PersonInput(name="张三", node=tree.building, party_branch=branch), "is_party_member")
    _refused(
        worker,
        PersonInput(name="张三", node=tree.building, party_joined_on=dt.date(2000, 7, 1)),
        "is_party_member",
    )
    member = person_create(
        actor=worker,
        data=PersonInput(name="张三", node=tree.building, is_party_member=True, party_branch=branch),
    )
    assert member.party_branch == branch


def test_branch_must_be_a_party_organisation(tree: Any, worker: Any) -> None:
    _refused(
        worker,
        PersonInput(name="张三", node=tree.building, is_party_member=True, party_branch=tree.grid),
        "party_branch",
    )


def test_in_service_member_needs_an_employer(tree: Any, worker: Any, branch: Any) -> None:
    base = {"name": "张三", "node": tree.building, "is_party_member": True, "is_in_service_member": True}
    _refused(worker, PersonInput(**base), "employer")
    _refused(worker, PersonInput(**base, employer=tree.grid), "employer")
    _refused(worker, PersonInput(**base | {"is_party_member": False}, employer=tree.unit), "is_party_member")
    person = person_create(actor=worker, data=PersonInput(**base, employer=tree.unit))
    assert person.employer == tree.unit


def test_join_date_cannot_be_in_the_future(tree: Any, worker: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    _refused(
        worker,
        PersonInput(name="张三", node=tree.building, is_party_member=True, party_joined_on=tomorrow),
        "party_joined_on",
    )


def test_duplicate_id_number(tree: Any, worker: Any) -> None:
    person_create(actor=worker, data=PersonInput(name="张三", node=tree.building, id_number=ID_A))
    _refused(worker, PersonInput(name="张三", node=tree.grid, id_number=ID_A.lower()), "id_number")


def test_duplicate_id_number_is_found_outside_the_actors_scope(tree: Any, worker: Any, admin: Any) -> None:
    person_create(actor=admin, data=PersonInput(name="张三", node=tree.village_grid, id_number=ID_A))
    _refused(worker, PersonInput(name="张三", node=tree.grid, id_number=ID_A), "id_number")


def test_name_and_node_are_checked(tree: Any, worker: Any) -> None:
    _refused(worker, PersonInput(name="   ", node=tree.building), "name")
    _refused(worker, PersonInput(name="张" * 51, node=tree.building), "name")
    _refused(worker, PersonInput(name="张三", node=tree.community_committee), "node")
    _refused(worker, PersonInput(name="张三", node=tree.building, gender="robot"), "gender")


def test_all_errors_at_once(tree: Any, worker: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        person_create(actor=worker, data=PersonInput(name="", node=tree.building, phone="1", id_number="2"))
    assert {"name", "phone", "id_number"} <= set(errors_of(excinfo))


def test_update_keeps_own_id_number_and_refuses_someone_elses(tree: Any, worker: Any) -> None:
    first = person_create(actor=worker, data=PersonInput(name="张三", node=tree.building, id_number=ID_A))
    second = person_create(actor=worker, data=PersonInput(name="李四", node=tree.building, id_number=ID_B))
    person_update(
        actor=worker, person=first, data=PersonInput(name="张三丰", node=tree.building, id_number=ID_A)
    )
    assert Person.objects.get(pk=first.pk).name_pinyin == "zsf"
    with pytest.raises(ValidationError) as excinfo:
        person_update(
            actor=worker, person=second, data=PersonInput(name="李四", node=tree.building, id_number=ID_A)
        )
    assert "id_number" in errors_of(excinfo)
    assert Person.objects.get(pk=second.pk).id_number == ID_B


def test_update_moves_home_links(tree: Any, worker: Any) -> None:
    person = person_create(actor=worker, data=PersonInput(name="张三", node=tree.building))
    moved = person_update(actor=worker, person=person, data=PersonInput(name="张三", node=tree.community))
    assert (moved.node, moved.grid, moved.building) == (tree.community, None, None)
    row = AuditLog.objects.get(action="people.person.update")
    assert set(row.detail["changed"]) == {"node", "grid", "building"}


# ---------------------------------------------------------------------------------------------
# account_create


@pytest.fixture
def resident(tree: Any) -> Person:
    return PersonFactory.create(node=tree.building, grid=tree.grid, building=tree.building, name="张三")


def test_account_create(resident: Person, worker: Any) -> None:
    user = account_create(actor=worker, person=resident, username=" zhangsan ", password="Dongyi-Lu-2026")
    assert user.username == "zhangsan"
    assert user.check_password("Dongyi-Lu-2026")
    assert Person.objects.get(pk=resident.pk).user == user
    row = AuditLog.objects.get(action="people.account.create")
    assert row.actor == worker and row.detail == {"person": resident.pk}
    assert "Dongyi-Lu-2026" not in str(row.detail) + row.object_repr


@pytest.mark.parametrize("password", ["12345678", "password", "abc", "zhangsan1"])
def test_account_create_rejects_weak_passwords(resident: Person, worker: Any, password: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        account_create(actor=worker, person=resident, username="zhangsan", password=password)
    assert "password" in errors_of(excinfo)
    assert not User.objects.filter(username="zhangsan").exists()
    assert Person.objects.get(pk=resident.pk).user is None


def test_account_create_rejects_a_taken_username(resident: Person, worker: Any) -> None:
    UserFactory.create(username="zhangsan")
    for taken in ("zhangsan", "ZhangSan"):
        with pytest.raises(ValidationError) as excinfo:
            account_create(actor=worker, person=resident, username=taken, password="Dongyi-Lu-2026")
        assert "username" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        account_create(actor=worker, person=resident, username="  ", password="Dongyi-Lu-2026")
    assert "username" in errors_of(excinfo)
    assert Person.objects.get(pk=resident.pk).user is None


def test_account_create_only_once_per_person(resident: Person, worker: Any) -> None:
    account_create(actor=worker, person=resident, username="zhangsan", password="Dongyi-Lu-2026")
    with pytest.raises(ValidationError):
        account_create(actor=worker, person=resident, username="zhangsan2", password="Dongyi-Lu-2026")
    assert not User.objects.filter(username="zhangsan2").exists()


def test_account_create_needs_people_manage(resident: Person, tree: Any) -> None:
    leader = UserFactory.create()
    grant(leader, Role.SUBDISTRICT_LEADER, tree.east)
    with pytest.raises(Http404):
        account_create(actor=leader, person=resident, username="zhangsan", password="Dongyi-Lu-2026")
    assert not User.objects.filter(username="zhangsan").exists()


# ---------------------------------------------------------------------------------------------
# role_grant


def test_orgs_manage_holder_grants_a_role(tree: Any, staff: Any, resident: Person) -> None:
    grantee = UserFactory.create()
    assert list(person_list(actor=grantee)) == []  # reads (and caches) the empty grant list
    the_grant = role_grant(actor=staff, user=grantee, role=Role.GRID_WORKER, node=tree.grid)
    assert (the_grant.user, the_grant.role, the_grant.node) == (grantee, Role.GRID_WORKER, tree.grid)
    assert list(person_list(actor=grantee)) == [resident]  # the cache was dropped
    # granting the same again changes nothing and writes no second row
    assert role_grant(actor=staff, user=grantee, role=Role.GRID_WORKER, node=tree.grid) == the_grant
    assert RoleGrant.objects.filter(user=grantee).count() == 1
    assert AuditLog.objects.filter(action="core.role.grant", outcome=AuditOutcome.SUCCESS).count() == 1


@pytest.mark.parametrize(
    "role", [r for r in Role if not CAPABILITIES[r] & {Cap.ORGS_MANAGE, Cap.ACCOUNTS_MANAGE}]
)
def test_roles_without_orgs_manage_cannot_grant(tree: Any, role: str) -> None:
    actor, grantee = UserFactory.create(), UserFactory.create()
    grant(actor, role, tree.district)
    with pytest.raises(Http404):
        role_grant(actor=actor, user=grantee, role=Role.VOLUNTEER, node=tree.grid)
    assert not RoleGrant.objects.filter(user=grantee).exists()
    assert AuditLog.objects.get(action="core.role.grant").outcome == AuditOutcome.DENIED


def test_grant_outside_the_granters_subtree_is_denied(tree: Any) -> None:
    actor, grantee = UserFactory.create(), UserFactory.create()
    grant(actor, Role.SUBDISTRICT_STAFF, tree.community)
    with pytest.raises(Http404):
        role_grant(actor=actor, user=grantee, role=Role.GRID_WORKER, node=tree.other_grid)
    with pytest.raises(Http404):
        role_grant(actor=actor, user=grantee, role=Role.SUBDISTRICT_STAFF, node=tree.east)
    assert not RoleGrant.objects.filter(user=grantee).exists()


def test_only_superusers_grant_the_auditor_role(tree: Any, staff: Any, admin: Any) -> None:
    grantee = UserFactory.create()
    with pytest.raises(Http404):
        role_grant(actor=staff, user=grantee, role=Role.AUDITOR, node=tree.community)
    assert not RoleGrant.objects.filter(user=grantee).exists()
    denied = AuditLog.objects.get(action="core.role.grant")
    assert denied.outcome == AuditOutcome.DENIED and denied.actor == staff

    the_grant = role_grant(actor=admin, user=grantee, role=Role.AUDITOR, node=tree.community)
    assert the_grant.role == Role.AUDITOR
    assert scope.has_capability(grantee, Cap.AUDIT_VIEW)


def test_unknown_role_is_refused(tree: Any, staff: Any) -> None:
    grantee = UserFactory.create()
    with pytest.raises(ValidationError) as excinfo:
        role_grant(actor=staff, user=grantee, role="mayor", node=tree.community)
    assert "role" in errors_of(excinfo)
    assert not RoleGrant.objects.filter(user=grantee).exists()


def test_role_revoke(tree: Any, staff: Any, resident: Person) -> None:
    grantee = UserFactory.create()
    the_grant = role_grant(actor=staff, user=grantee, role=Role.GRID_WORKER, node=tree.grid)
    assert list(person_list(actor=the_grant.user)) == [resident]
    role_revoke(actor=staff, grant=the_grant)
    assert not RoleGrant.objects.filter(user=grantee).exists()
    assert list(person_list(actor=User.objects.get(pk=grantee.pk))) == []
    assert AuditLog.objects.filter(action="core.role.revoke", actor=staff).count() == 1


def test_granting_again_an_expired_role_makes_it_valid(tree: Any, staff: Any, resident: Person) -> None:
    grantee = UserFactory.create()
    today = timezone.localdate()
    RoleGrant.objects.create(
        user=grantee,
        role=Role.GRID_WORKER,
        node=tree.grid,
        valid_from=today - dt.timedelta(days=60),
        valid_until=today - dt.timedelta(days=1),
    )
    role_grant(actor=staff, user=grantee, role=Role.GRID_WORKER, node=tree.grid)
    assert list(person_list(actor=grantee)) == [resident]

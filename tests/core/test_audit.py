"""The audit log: log-ins, append-only rows, one row per service write."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.db import DatabaseError, connection, transaction

from lianxin.core.audit import audit_record
from lianxin.core.middleware import current_ip
from lianxin.core.models import AuditLog, AuditOutcome
from lianxin.core.roles import Role
from lianxin.orgs.services import org_node_create, org_node_update
from lianxin.people.services import person_create, person_update, role_grant
from lianxin.people.validation import PersonInput
from tests.factories import PASSWORD, UserFactory

WRONG = "Wrong-Secret-9137"


def all_audit_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuditLog._meta.db_table}")  # noqa: S608
        return "\n".join(" | ".join(str(value) for value in row) for row in cursor.fetchall())


def new_rows(since: int) -> list[AuditLog]:
    return list(AuditLog.objects.filter(pk__gt=since).order_by("id"))


def last_id() -> int:
    return AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


# ---------------------------------------------------------------------------------------------
# Log-ins


def test_successful_login_is_audited(client: Any, db: None) -> None:
    user = UserFactory.create(username="wangwu")
    assert client.login(username="wangwu", password=PASSWORD)

    row = AuditLog.objects.get(action="auth.login")
    assert row.outcome == AuditOutcome.SUCCESS
    assert row.actor == user and row.actor_label == "wangwu"
    assert row.object_type == "people.user" and row.object_id == str(user.pk)


def test_logout_is_audited(client: Any, db: None) -> None:
    user = UserFactory.create()
    client.force_login(user)
    client.logout()
    row = AuditLog.objects.get(action="auth.logout")
    assert row.actor == user and row.outcome == AuditOutcome.SUCCESS


def test_failed_login_is_audited_with_username_and_no_password(db: None) -> None:
    UserFactory.create(username="wangwu")
    assert authenticate(request=None, username="wangwu", password=WRONG) is None

    row = AuditLog.objects.get(action="auth.login")
    assert row.outcome == AuditOutcome.FAILED
    assert row.actor is None
    assert row.actor_label == "wangwu"
    assert row.detail == {"username": "wangwu"}
    assert WRONG not in all_audit_text()


def test_failed_login_through_the_client_is_audited(client: Any, db: None) -> None:
    assert not client.login(username="nobody-here", password=WRONG)
    row = AuditLog.objects.get(action="auth.login")
    assert row.outcome == AuditOutcome.FAILED and row.actor_label == "nobody-here"
    assert WRONG not in all_audit_text()


def test_login_of_inactive_account_is_a_failure(client: Any, db: None) -> None:
    UserFactory.create(username="gone", is_active=False)
    assert not client.login(username="gone", password=PASSWORD)
    assert list(AuditLog.objects.values_list("action", "outcome")) == [("auth.login", AuditOutcome.FAILED)]


def test_login_through_a_real_form_records_the_client_address(client: Any, db: None) -> None:
    user = UserFactory.create(username="admin1", is_staff=True)
    response = client.post(
        "/admin/login/", {"username": "admin1", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    row = AuditLog.objects.get(action="auth.login")
    assert row.actor == user and row.outcome == AuditOutcome.SUCCESS and row.ip == "10.1.2.3"
    assert current_ip.get() is None  # the middleware put the previous value back


def test_failed_form_login_records_the_client_address(client: Any, db: None) -> None:
    client.post("/admin/login/", {"username": "admin1", "password": WRONG}, REMOTE_ADDR="10.1.2.4")
    row = AuditLog.objects.get(action="auth.login")
    assert row.outcome == AuditOutcome.FAILED and row.ip == "10.1.2.4" and row.actor_label == "admin1"
    assert WRONG not in all_audit_text()


def test_log_in_outside_a_request_does_not_leak_its_address_into_later_rows(rf: Any, db: None) -> None:
    def body() -> str | None:
        # e.g. a script or a worker that authenticates with a request object of its own
        authenticate(request=rf.post("/", REMOTE_ADDR="10.9.9.9"), username="someone", password=WRONG)
        later = audit_record(actor=None, action="demo.unrelated")
        return later.ip

    # run in a copy of the context so that the leak, if any, does not reach other tests
    assert contextvars.copy_context().run(body) is None


# ---------------------------------------------------------------------------------------------
# Append-only


@pytest.fixture
def row(db: None) -> AuditLog:
    return audit_record(actor=None, action="test.something", detail={"n": 1})


def _unchanged(row: AuditLog) -> None:
    fresh = AuditLog.objects.get(pk=row.pk)
    assert (fresh.action, fresh.detail, fresh.outcome) == ("test.something", {"n": 1}, AuditOutcome.SUCCESS)


def test_saving_an_existing_row_is_refused(row: AuditLog) -> None:
    row.action = "test.rewritten"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.save(update_fields=["action"])
    _unchanged(row)


def test_deleting_a_row_is_refused(row: AuditLog) -> None:
    with pytest.raises(PermissionError):
        row.delete()
    _unchanged(row)


def test_queryset_update_and_delete_are_refused(row: AuditLog) -> None:
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=row.pk).update(action="test.rewritten")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().update(outcome=AuditOutcome.DENIED)
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    _unchanged(row)


def test_bulk_update_is_refused(row: AuditLog) -> None:
    row.action = "test.rewritten"
    # bulk_update opens its own transaction; the savepoint keeps the test's one usable
    with pytest.raises(PermissionError), transaction.atomic():
        AuditLog.objects.bulk_update([row], ["action"])
    _unchanged(row)


def test_new_rows_can_still_be_added(row: AuditLog) -> None:
    audit_record(actor=None, action="test.another")
    assert AuditLog.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# Services: one row per successful write, naming the actor


def _one_row(since: int, actor: Any, action: str, obj: Any) -> AuditLog:
    rows = new_rows(since)
    assert [(r.action, r.outcome) for r in rows] == [(action, AuditOutcome.SUCCESS)]
    row = rows[0]
    assert row.actor == actor and row.actor_label == actor.get_username()
    assert row.object_type == obj._meta.label_lower and row.object_id == str(obj.pk)
    return row


def test_org_node_create_and_update_write_one_row_each(tree: Any, staff: Any) -> None:
    since = last_id()
    building = org_node_create(actor=staff, parent=tree.grid, kind="building", name="2号楼", code="a-b2")
    assert _one_row(since, staff, "orgs.node.create", building).detail == {"kind": "building"}

    since = last_id()
    org_node_update(actor=staff, node=building, address="东一路2号")
    row = _one_row(since, staff, "orgs.node.update", building)
    assert row.detail == {"before": {"address": ""}, "after": {"address": "东一路2号"}}


def test_person_create_and_update_write_one_row_each(tree: Any, staff: Any) -> None:
    data = PersonInput(name="张三", node=tree.building, phone="13800000001", id_number="11010519491231002X")
    since = last_id()
    person = person_create(actor=staff, data=data)
    _one_row(since, staff, "people.person.create", person)

    since = last_id()
    data.address = "东一路1号"
    person_update(actor=staff, person=person, data=data)
    row = _one_row(since, staff, "people.person.update", person)
    assert row.detail == {"changed": ["address"]}
    assert "13800000001" not in all_audit_text()


def test_role_grant_writes_one_row(tree: Any, staff: Any) -> None:
    grantee = UserFactory.create()
    since = last_id()
    the_grant = role_grant(actor=staff, user=grantee, role=Role.GRID_WORKER, node=tree.grid)
    assert _one_row(since, staff, "core.role.grant", the_grant).detail == {"role": Role.GRID_WORKER}


def test_the_database_itself_refuses_to_rewrite_an_audit_row(db: None) -> None:
    entry = audit_record(actor=None, action="test.db-guard")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditlog SET action = 'forged' WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditlog WHERE id = %s", [entry.pk])
    assert AuditLog.objects.get(pk=entry.pk).action == "test.db-guard"

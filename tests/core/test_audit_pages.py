"""The auditor's pages: filter the log and download it."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from lianxin.core.audit import audit_record
from lianxin.core.models import AuditLog
from lianxin.core.roles import Role
from tests.factories import UserFactory, grant


@pytest.fixture
def auditor(client: Any, tree: Any) -> Any:
    user = UserFactory.create(username="shenji")
    grant(user, Role.AUDITOR, tree.district)
    client.force_login(user)
    return user


def test_filters_narrow_the_log(client: Any, auditor: Any, worker: Any) -> None:
    audit_record(actor=worker, action="people.person.reveal", detail={"field": "phone"})
    audit_record(actor=worker, action="orgs.node.update")
    audit_record(actor=None, action="auth.login", outcome="failed", actor_label="nobody")
    reveal, update = "<code>people.person.reveal</code>", "<code>orgs.node.update</code>"
    page = client.get(reverse("audit-log"), {"action": "people."}).content.decode()
    assert reveal in page and update not in page
    page = client.get(reverse("audit-log"), {"outcome": "failed"}).content.decode()
    assert "nobody" in page and reveal not in page
    page = client.get(reverse("audit-log"), {"since": "2999-01-01"}).content.decode()
    assert reveal not in page and update not in page


def test_export_is_a_csv_that_excel_reads_and_is_itself_audited(
    client: Any, auditor: Any, worker: Any
) -> None:
    audit_record(actor=worker, action="people.person.reveal", detail={"field": "phone"})
    response = client.get(reverse("audit-log-export"), {"action": "people."})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][0] == "时间" and len(rows) == 2 and rows[1][2] == "people.person.reveal"
    assert AuditLog.objects.filter(action="audit.export", actor=auditor).exists()


def test_nobody_else_reads_the_log(client: Any, tree: Any) -> None:
    leader = UserFactory.create()
    grant(leader, Role.DISTRICT_LEADER, tree.district)
    client.force_login(leader)
    assert client.get(reverse("audit-log")).status_code == 404
    assert client.get(reverse("audit-log-export")).status_code == 404
    assert not AuditLog.objects.filter(action="audit.export").exists()

"""List pages and list endpoints run a fixed number of queries, however many rows they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.core.audit import audit_record
from lianxin.core.roles import Role
from lianxin.orgs.models import OrgNode, Position
from tests.factories import PersonFactory, UserFactory, grant


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PINNED = {
    reverse("people:list"): 8,  # session, user, grants, scope node, count, rows, unread notifications
    "/api/v1/people?limit=100": 5,
    "/api/v1/orgs/nodes?limit=100": 5,
    reverse("workbench"): 8,
}


@pytest.mark.parametrize("url", list(PINNED))
def test_list_query_count_is_pinned_and_flat(client, tree, as_worker, url):
    PersonFactory.create_batch(3, node=tree.building)
    few = count_queries(client, url)
    PersonFactory.create_batch(20, node=tree.grid)
    for i in range(10):
        OrgNode.objects.add_child(tree.grid, {"name": f"楼{i}", "kind": "building", "code": f"qc-{i}"})
    many = count_queries(client, url)
    assert few == many == PINNED[url]


def test_audit_log_page_query_count(client, tree):
    auditor = UserFactory.create()
    grant(auditor, Role.AUDITOR, tree.district)
    client.force_login(auditor)
    url = reverse("audit-log")
    few = count_queries(client, url)
    for i in range(40):
        audit_record(actor=auditor, action=f"test.{i}")
    assert count_queries(client, url) == few <= 8


def test_node_page_query_count_does_not_grow_with_children_or_posts(client, tree, as_staff):
    url = reverse("orgs:node", args=[tree.grid.pk])
    few = count_queries(client, url)
    for i in range(8):
        building = OrgNode.objects.add_child(
            tree.grid, {"name": f"新楼{i}", "kind": "building", "code": f"np-{i}"}
        )
        holder = PersonFactory.create(node=building)
        Position.objects.create(node=tree.grid, person=holder, title="staff", started_on="2026-01-01")
        Position.objects.create(
            node=tree.grid, person=holder, title="liaison", started_on="2025-01-01", ended_on="2025-12-31"
        )
    assert count_queries(client, url) == few <= 14

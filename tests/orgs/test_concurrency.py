"""Two staff members adding below the same node at the same moment get distinct places.

Needs a database with real row locks and concurrent connections: PostgreSQL (CI runs the
suite on it). On SQLite, writers are serialised by the IMMEDIATE transactions instead.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from lianxin.orgs.models import OrgNode
from lianxin.orgs.services import org_node_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def test_children_added_at_once_get_distinct_paths(tree: Any, staff: Any) -> None:
    start = threading.Barrier(6)
    errors: list[BaseException] = []

    def add(i: int) -> None:
        try:
            start.wait()
            org_node_create(
                actor=staff, parent=tree.grid, kind="building", name=f"并发楼{i}", code=f"race-{i}"
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    paths = list(OrgNode.objects.filter(code__startswith="race-").values_list("path", flat=True))
    assert len(paths) == 6 and len(set(paths)) == 6
    assert OrgNode.objects.get(pk=tree.grid.pk).numchild == 7  # the building of the fixture + 6
    assert OrgNode.objects.find_problems() == ([], [], [], [], [])

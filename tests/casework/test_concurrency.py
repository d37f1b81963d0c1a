"""Two people taking a step on the same case at the same moment: exactly one succeeds.

Needs row locks across connections: PostgreSQL (CI runs the suite on it too)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from lianxin.casework.models import CaseEvent
from lianxin.casework.services import StateConflict, case_transition
from lianxin.core.roles import Role
from tests.casework.conftest import new_case
from tests.factories import UserFactory, grant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def test_two_dispatchers_accepting_at_once(tree: Any, cast: Any) -> None:
    second = UserFactory.create()
    grant(second, Role.COMMUNITY_WORKER, tree.community)
    case = new_case(tree, cast)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(actor: Any) -> None:
        try:
            start.wait()
            case_transition(actor=actor, case=case, action="accept")
            outcomes.append("accepted")
        except StateConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(actor,)) for actor in (cast.dispatcher, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "conflict"]
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1

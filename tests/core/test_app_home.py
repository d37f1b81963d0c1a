"""The phone app's home offers each person the services meant for them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lianxin.core.roles import Role
from tests.factories import PersonFactory, UserFactory, grant


def tiles(client: Any, **person: Any) -> set[str]:
    user = UserFactory.create()
    if person:
        PersonFactory.create(user=user, **person)
    client.force_login(user)
    page = client.get(reverse("app-home"))
    assert page.status_code == 200
    html = page.content.decode()
    urls = {
        "events:app-notices",
        "events:app-events",
        "learning:app-courses",
        "volunteers:app-home",
        "posts:app-home",
        "posts:app-list",
        "socialwork:app-contracts",
    }
    return {name for name in urls if f'href="{reverse(name)}"' in html}


def test_a_resident_sees_notices_activities_learning_volunteering_and_lists(client: Any, tree: Any) -> None:
    assert tiles(client, node=tree.building) == {
        "events:app-notices",
        "events:app-events",
        "learning:app-courses",
        "volunteers:app-home",
        "posts:app-list",
    }


def test_a_party_member_also_serves_the_community(client: Any, tree: Any) -> None:
    assert "posts:app-home" in tiles(client, node=tree.building, is_party_member=True)


def test_an_account_without_a_resident_record_sees_no_tiles(client: Any, tree: Any) -> None:
    assert tiles(client) == set()


def test_a_social_worker_sees_the_contracts(client: Any, tree: Any) -> None:
    user = UserFactory.create()
    grant(user, Role.SOCIAL_WORKER, tree.unit)
    client.force_login(user)
    html = client.get(reverse("app-home")).content.decode()
    assert f'href="{reverse("socialwork:app-contracts")}"' in html

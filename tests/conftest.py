from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from lianxin.core.roles import Role
from lianxin.orgs.models import OrgNode
from lianxin.people.models import User
from tests.factories import UserFactory, grant, node


@pytest.fixture(autouse=True)
def english_outside_requests() -> Iterator[None]:
    """Code called directly by a test speaks English, so messages can be asserted by their
    msgid; requests through the client still get zh-Hans from the language middleware."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (cached figures must not leak between tests)."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Tree:
    district: OrgNode
    east: OrgNode  # 城东路街道
    east_committee: OrgNode  # 大工委
    residents_committee: OrgNode  # 居民党委
    community: OrgNode  # 东一社区
    community_committee: OrgNode
    grid: OrgNode
    building: OrgNode
    unit: OrgNode
    other_community: OrgNode  # 东二社区, same subdistrict
    other_grid: OrgNode
    west: OrgNode  # 十八里河街道
    village: OrgNode
    village_grid: OrgNode


@pytest.fixture
def tree(db: None) -> Tree:
    district = node(None, "district", "管城回族区")
    east = node(district, "subdistrict", "城东路街道")
    east_committee = node(east, "working_committee", "城东路街道大工委")
    residents = node(east_committee, "party_committee", "居民党委")
    community = node(residents, "community", "东一社区")
    community_committee = node(community, "community_committee", "东一社区大党委")
    grid = node(community, "grid", "东一第一网格")
    building = node(grid, "building", "1号楼", address="东一路1号", latitude="34.75", longitude="113.70")
    unit = node(community, "unit", "东一物业", unit_type="property_company")
    other = node(residents, "community", "东二社区")
    other_grid = node(other, "grid", "东二第一网格")
    west = node(district, "subdistrict", "十八里河街道")
    village = node(west, "village", "河西村")
    village_grid = node(village, "grid", "河西第一网格")
    return Tree(
        district=OrgNode.objects.get(pk=district.pk),
        east=OrgNode.objects.get(pk=east.pk),
        east_committee=OrgNode.objects.get(pk=east_committee.pk),
        residents_committee=OrgNode.objects.get(pk=residents.pk),
        community=OrgNode.objects.get(pk=community.pk),
        community_committee=community_committee,
        grid=OrgNode.objects.get(pk=grid.pk),
        building=building,
        unit=unit,
        other_community=OrgNode.objects.get(pk=other.pk),
        other_grid=other_grid,
        west=OrgNode.objects.get(pk=west.pk),
        village=OrgNode.objects.get(pk=village.pk),
        village_grid=village_grid,
    )


@pytest.fixture
def staff(tree: Tree) -> User:
    """Subdistrict staff on 城东路街道."""
    user = UserFactory.create()
    grant(user, Role.SUBDISTRICT_STAFF, tree.east)
    return user


@pytest.fixture
def worker(tree: Tree) -> User:
    """A community worker on 东一社区."""
    user = UserFactory.create()
    grant(user, Role.COMMUNITY_WORKER, tree.community)
    return user


@pytest.fixture
def admin(db: None) -> User:
    return UserFactory.create(is_superuser=True)


@pytest.fixture
def as_staff(client: Client, staff: User) -> User:
    client.force_login(staff)
    return staff


@pytest.fixture
def as_worker(client: Client, worker: User) -> User:
    client.force_login(worker)
    return worker


def seed_defaults() -> None:
    """Put back the categories and time limits that migration 0002 seeds, if a transactional
    test (the browser, backup and concurrency ones) emptied every table before."""
    import importlib

    from django.apps import apps as django_apps

    from lianxin.casework.models import Category

    if not Category.objects.exists():
        seed = importlib.import_module("lianxin.casework.migrations.0002_default_categories_and_limits")
        seed.seed(django_apps, None)


@pytest.fixture(autouse=True)
def seeded_defaults(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database finds the rows the migrations seed, even when it runs
    after a transactional test emptied every table."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if not ({"db", "transactional_db"} & names or marker):
        return
    # Ask for the database the way the test does: a live server's test must not be wrapped in a
    # transaction the server's thread cannot see into.
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & names
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    seed_defaults()


@pytest.fixture(scope="module")
def built_demo(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The demo district, built once for a test module (it takes a while) inside a transaction
    rolled back afterwards; yields the build report (rows created per part)."""
    from django.db import transaction
    from django.test import override_settings

    from lianxin.demo.build import build_demo

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    with django_db_blocker.unblock(), media:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_defaults()
            yield build_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

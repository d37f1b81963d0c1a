"""Scale benchmark: a district-sized tree and population, then the reads that every page does.

    DEBUG=1 DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/scale.py
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianxin_bench .venv/bin/python bench/scale.py

Builds (once; reused if present) 10 subdistricts × 20 communities × 10 grids × 20 buildings
(≈ 42,000 nodes) and 200,000 people, then times each read over several runs and prints the median.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from lianxin.core.models import RoleGrant  # noqa: E402
from lianxin.core.pii import keyed_hash  # noqa: E402
from lianxin.core.roles import Role  # noqa: E402
from lianxin.orgs import selectors  # noqa: E402
from lianxin.orgs.models import OrgNode  # noqa: E402
from lianxin.people.models import Person, User  # noqa: E402
from lianxin.people.selectors import person_list  # noqa: E402

SUBDISTRICTS, COMMUNITIES, GRIDS, BUILDINGS = 10, 20, 10, 20
PEOPLE_PER_BUILDING = 5


def build() -> None:
    if OrgNode.objects.filter(code="bench").exists():
        return
    started = time.perf_counter()
    nodes: list[OrgNode] = []

    def add(path: str, kind: str, name: str, code: str, numchild: int) -> OrgNode:
        node = OrgNode(path=path, depth=len(path) // 4, numchild=numchild, kind=kind, name=name, code=code)
        nodes.append(node)
        return node

    root = f"{OrgNode.objects.filter(depth=1).count() + 1:04d}"
    add(root, "district", "基准区", "bench", SUBDISTRICTS)
    for s in range(1, SUBDISTRICTS + 1):
        sp = f"{root}{s:04d}"
        add(sp, "subdistrict", f"街道{s}", f"b-{s}", COMMUNITIES)
        for c in range(1, COMMUNITIES + 1):
            cp = f"{sp}{c:04d}"
            add(cp, "community", f"社区{s}-{c}", f"b-{s}-{c}", GRIDS)
            for g in range(1, GRIDS + 1):
                gp = f"{cp}{g:04d}"
                add(gp, "grid", f"网格{s}-{c}-{g}", f"b-{s}-{c}-{g}", BUILDINGS)
                for b in range(1, BUILDINGS + 1):
                    add(f"{gp}{b:04d}", "building", f"{b}号楼", f"b-{s}-{c}-{g}-{b}", 0)
    with transaction.atomic():
        OrgNode.objects.bulk_create(nodes, batch_size=2000)
    buildings = list(OrgNode.objects.filter(kind="building", code__startswith="b-").only("id"))
    people: list[Person] = []
    n = 0
    for building in buildings:
        for _ in range(PEOPLE_PER_BUILDING):
            n += 1
            phone = f"13{n:09d}"
            people.append(
                Person(
                    name=f"居民{n}",
                    name_pinyin=f"jm{n}",
                    node=building,
                    building=building,
                    phone=phone,
                    phone_hash=keyed_hash(phone),
                    is_party_member=n % 7 == 0,
                )
            )
        if len(people) >= 5000:
            with transaction.atomic():
                Person.objects.bulk_create(people)
            people = []
    Person.objects.bulk_create(people)
    print(f"built {len(nodes)} nodes and {n} people in {time.perf_counter() - started:.1f} s")


def timed(label: str, fn: Callable[[], object], runs: int = 15) -> None:
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    print(f"| {label} | {statistics.median(times):.1f} ms | {max(times):.1f} ms |")


def main() -> None:
    call_command("migrate", verbosity=0)
    build()
    district = OrgNode.objects.get(code="bench")
    subdistrict = OrgNode.objects.get(code="b-5")
    community = OrgNode.objects.get(code="b-5-7")
    leader, _ = User.objects.get_or_create(username="bench-leader")
    RoleGrant.objects.get_or_create(user=leader, role=Role.SUBDISTRICT_LEADER, node=subdistrict)
    worker, _ = User.objects.get_or_create(username="bench-worker")
    RoleGrant.objects.get_or_create(user=worker, role=Role.COMMUNITY_WORKER, node=community)
    print(f"database: {connection.vendor}; nodes {OrgNode.objects.count()}, people {Person.objects.count()}")
    print("| read | median | max |\n|---|---|---|")
    timed(
        "subtree of a subdistrict (≈4,200 nodes), fetched", lambda: len(selectors.subtree(node=subdistrict))
    )
    timed(
        "subtree of the district (≈42,000 nodes), counted", lambda: selectors.subtree(node=district).count()
    )
    timed(
        "people a subdistrict leader may see (20,000), counted",
        lambda: person_list(actor=User.objects.get(pk=leader.pk)).count(),
    )
    timed(
        "people list, first page of 25, community worker",
        lambda: list(person_list(actor=User.objects.get(pk=worker.pk))[:25]),
    )
    timed(
        "find by phone (keyed hash) in scope",
        lambda: list(person_list(actor=User.objects.get(pk=leader.pk), search="13000050001")),
    )
    client = Client()
    client.force_login(worker)
    timed("GET /workbench/people/ (community worker, whole page)", lambda: client.get("/workbench/people/"))
    client.force_login(leader)
    timed("GET /workbench/ (subdistrict leader, figures)", lambda: client.get("/workbench/"))
    timed("GET /api/v1/people?limit=50 (subdistrict leader)", lambda: client.get("/api/v1/people?limit=50"))


if __name__ == "__main__":
    main()

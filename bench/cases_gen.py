"""District-scale casework data: one year of residents' requests for the casework benchmarks.

    DEBUG=1 DATABASE_URL=sqlite:///var/bench_cases.sqlite3 .venv/bin/python bench/cases_gen.py
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianxin_bench_cases \
        .venv/bin/python bench/cases_gen.py

(create the PostgreSQL database first: ``psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE
lianxin_bench_cases'``). ``--cases N`` builds a smaller year for a quick try (default 1,000,000).

It builds, once (a second run sees the finished build and stops):
- a district (code ``bc``) of 3 subdistricts × 5 communities × 10 grids (150 grids, each with a
  rectangular GeoJSON boundary) × 8 buildings with addresses and points;
- the handling units: 7 departments per subdistrict (城管, 环卫, 市政, 安监, 综治, 民政, 便民服务)
  and 2 property companies per community (51 units), each with a liaison log-in;
- a dispatcher (subdistrict staff) and a leader per subdistrict, a district leader, and 50,000
  residents with accounts, registered in the buildings;
- the cases, submitted over the year before the build, each taken through the workflow of
  ``lianxin/casework/workflow.py`` as the services would have (accept, dispatch, return and
  re-dispatch, sign for, start, ask for more time, reply, rework, close, rate, reopen once when
  not satisfied, decline, merge into an open duplicate), with the deadlines the services give
  (2 working hours to accept, the type's working days or 4 working hours when urgent, computed
  with the project's working-day calendar), cut at the build time so that recent cases are
  left open in every state; every case that passed a deadline while open got the ``overdue``
  event and supervision that ``manage.py cases_overdue`` gives. One event row per step.

Rows are generated in Python and loaded in batches with COPY on PostgreSQL and ``executemany``
on SQLite (both several times faster than ``bulk_create`` at this size; the tree, log-ins and
residents use ``bulk_create``). PostgreSQL gets ``ANALYZE`` afterwards. Audit-log rows of the
generated steps are not written.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402

from lianxin.casework import daily  # noqa: E402
from lianxin.casework.models import Case, CaseEvent, CaseNumberCounter, Category, TimeLimit  # noqa: E402
from lianxin.casework.workflow import HANDLING_STATES, TRANSITIONS, State  # noqa: E402
from lianxin.core import clock  # noqa: E402
from lianxin.core.models import RoleGrant  # noqa: E402
from lianxin.core.roles import Role  # noqa: E402
from lianxin.orgs.models import NodeKind, OrgNode, UnitType  # noqa: E402
from lianxin.people.models import Person, User  # noqa: E402

# --- what is built (the timing script reads these names) --------------------------------------

CASES = 1_000_000
SUBDISTRICTS, COMMUNITIES, GRIDS, BUILDINGS = 3, 5, 10, 8
RESIDENTS = 50_000
DISTRICT_CODE = "bc"
DISTRICT_LEADER = "bc-district-leader"
QUEUE_UNIT = "bc-s1-sz"  # the unit whose queue is timed: 市政所 of the first subdistrict
SEED = 20261128
BATCH = 20_000  # cases per load batch (with their events)

# Departments under every subdistrict: (code suffix, name, the categories they handle).
DEPARTMENTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("cg", "城管执法中队", ("city-vendors", "city-ads", "city-dust")),
    ("hw", "环卫所", ("city-garbage",)),
    ("sz", "市政所", ("facility-",)),
    ("aj", "安全生产监管站", ("safety-",)),
    ("zz", "综治中心", ("dispute-",)),
    ("mz", "社会事务办", ("welfare-",)),
    ("bm", "便民服务中心", ("policy-",)),
]
PROPERTY_COMPANIES = 2  # per community, handle "property-*"

# Share of cases per top-level category (children share equally).
CATEGORY_WEIGHTS = {
    "city": 25,
    "facility": 18,
    "property": 22,
    "safety": 10,
    "dispute": 10,
    "welfare": 8,
    "policy": 7,
}
CHANNELS = [
    ("app", 72),
    ("hotline", 14),
    ("grid_patrol", 8),
    ("walk_in", 3),
    ("rep_studio", 2),
    ("inspection", 1),
]
TEXTS = {
    "city": ["门口垃圾堆放多日无人清理，气味很大。", "路边流动摊贩占道经营，行人只能走机动车道。"],
    "facility": ["路灯坏了一个星期，晚上很黑。", "人行道地砖破损，井盖松动，老人容易绊倒。"],
    "property": ["电梯三天两头停运，物业不管。", "小区车位被长期占用，物业服务不到位。"],
    "safety": ["楼道里有人飞线给电动车充电，有火灾隐患。", "消防通道被杂物堵塞。"],
    "dispute": ["楼上装修噪音每天到晚上十点以后。", "邻居占用公共走廊堆放杂物，协商不成。"],
    "welfare": ["家里老人行动不便，想申请助餐服务。", "咨询困难救助的申请条件和材料。"],
    "policy": ["需要开具居住证明，孩子入学用。", "咨询社保关系转移的办理流程。"],
}
REPLY = "已安排专人到现场处理完毕，并与居民电话沟通确认，欢迎继续监督。"
NOTES = {
    "decline": "不属于受理范围，已告知居民向有关部门反映。",
    "return": "不属本单位职责范围，请重新派遣。",
    "rework": "现场核查问题仍未解决，请继续处理。",
    "request_extension": "需协调产权单位共同处理，申请延期。",
    "refuse_extension": "事项简单，请在原时限内办结。",
    "supervise": "群众反映强烈，请加快办理。",
    "overdue": "办理超时，已纳入督办。",
}
LOCAL = dt.timedelta(hours=8)  # Asia/Shanghai has no summer time
DAY = 1440.0  # minutes


# --- the working-time clock, as tables ----------------------------------------------------------


class WorkingTime:
    """The project's working-day clock (``lianxin.core.clock``) over a span of days, as tables:
    times are minutes (float) since local midnight of ``first``; checked against the real clock
    at start-up."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.periods = [(a.hour * 60.0 + a.minute, b.hour * 60.0 + b.minute) for a, b in clock.work_periods()]
        self.close = self.periods[-1][1]
        per_day = sum(b - a for a, b in self.periods)
        calendar = clock.WorkCalendar(first, last)
        days = (last - first).days + 1
        self.is_workday = [calendar.is_workday(first + dt.timedelta(days=d)) for d in range(days)]
        self.cum = [0.0]
        for workday in self.is_workday:
            self.cum.append(self.cum[-1] + (per_day if workday else 0.0))
        self.workdays = [d for d in range(days) if self.is_workday[d]]

    def worked(self, m: float) -> float:
        """Working minutes from the start of the span to ``m``."""
        d = int(m // DAY)
        total = self.cum[d]
        if self.is_workday[d]:
            tod = m - d * DAY
            for a, b in self.periods:
                if tod > a:
                    total += min(tod, b) - a
        return total

    def add_hours(self, m: float, hours: float) -> float:
        """``clock.add_working_hours``: the first moment ``hours`` of working time after ``m``."""
        target = self.worked(m) + hours * 60.0
        d = bisect.bisect_left(self.cum, target) - 1
        rest = target - self.cum[d]
        for a, b in self.periods:
            if rest <= b - a:
                return d * DAY + a + rest
            rest -= b - a
        raise AssertionError("unreachable")

    def add_days(self, m: float, days: int) -> float:
        """``clock.add_working_days``: close of the ``days``-th working day after ``m``'s day."""
        k = bisect.bisect_left(self.workdays, int(m // DAY) + 1)
        return self.workdays[k + days - 1] * DAY + self.close

    def moment(self, m: float) -> dt.datetime:
        """The aware (UTC) moment of ``m``."""
        start = dt.datetime.combine(self.first, dt.time(), tzinfo=dt.UTC) - LOCAL
        return start + dt.timedelta(seconds=round(m * 60.0))

    def minutes(self, moment: dt.datetime) -> float:
        start = dt.datetime.combine(self.first, dt.time(), tzinfo=dt.UTC) - LOCAL
        return (moment - start).total_seconds() / 60.0

    def check_against_clock(self, rng: random.Random, span_days: int, samples: int = 300) -> None:
        for _ in range(samples):
            m = rng.uniform(0, span_days * DAY)
            hours, days = rng.choice([2.0, 4.0, 0.5, 7.3]), rng.choice([2, 5, 10, 15])
            moment = self.moment(m)
            assert (
                abs(
                    (
                        self.moment(self.add_hours(m, hours)) - clock.add_working_hours(moment, hours)
                    ).total_seconds()
                )
                < 1
            )
            assert self.moment(self.add_days(m, days)) == clock.add_working_days(moment, days)


# --- the tree -----------------------------------------------------------------------------------


@dataclass
class Grid:
    node_id: int
    community_id: int
    subdistrict: int  # 0-based
    west: float
    south: float
    buildings: list[tuple[int, str]] = field(default_factory=list)  # (node id, address)
    residents: list[tuple[int, int]] = field(default_factory=list)  # (person id, user id)


@dataclass
class World:
    grids: list[Grid]
    departments: dict[tuple[int, str], tuple[int, int]]  # (subdistrict, code) -> (unit id, liaison id)
    property_units: dict[int, list[tuple[int, int]]]  # community id -> [(unit id, liaison id)]
    dispatchers: list[int]  # user id per subdistrict
    leaders: list[int]
    prefixes: list[str]


CELL = 0.005  # degrees: a grid is a ≈ 450 m × 550 m rectangle
ORIGIN = (113.60, 34.70)  # (longitude, latitude) of the south-west corner


def _rectangle(west: float, south: float) -> dict[str, Any]:
    east, north = round(west + CELL, 6), round(south + CELL, 6)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def build_tree(valid_from: dt.date) -> None:
    started = time.perf_counter()
    nodes: list[OrgNode] = []

    def add(path: str, kind: str, name: str, code: str, numchild: int, **extra: Any) -> None:
        nodes.append(
            OrgNode(
                path=path, depth=len(path) // 4, numchild=numchild, kind=kind, name=name, code=code, **extra
            )
        )

    root = f"{OrgNode.objects.filter(depth=1).count() + 1:04d}"
    add(root, NodeKind.DISTRICT, "基准诉求区", DISTRICT_CODE, SUBDISTRICTS)
    grid_no = 0
    for s in range(1, SUBDISTRICTS + 1):
        sp = f"{root}{s:04d}"
        add(sp, NodeKind.SUBDISTRICT, f"基准街道{s}", f"bc-s{s}", COMMUNITIES + len(DEPARTMENTS))
        for c in range(1, COMMUNITIES + 1):
            cp = f"{sp}{c:04d}"
            add(cp, NodeKind.COMMUNITY, f"基准社区{s}-{c}", f"bc-s{s}-c{c}", GRIDS + PROPERTY_COMPANIES)
            for g in range(1, GRIDS + 1):
                gp = f"{cp}{g:04d}"
                west = round(ORIGIN[0] + (grid_no % 15) * CELL, 6)
                south = round(ORIGIN[1] + (grid_no // 15) * CELL, 6)
                grid_no += 1
                code = f"bc-s{s}-c{c}-g{g}"
                add(gp, NodeKind.GRID, f"第{g}网格", code, BUILDINGS, boundary=_rectangle(west, south))
                for b in range(1, BUILDINGS + 1):
                    lon = round(west + CELL * (b % 4 + 0.5) / 4, 6)
                    lat = round(south + CELL * (b // 4 + 0.5) / 2.5, 6)
                    add(
                        f"{gp}{b:04d}",
                        NodeKind.BUILDING,
                        f"{b}号楼",
                        f"{code}-b{b}",
                        0,
                        address=f"连心大道{grid_no}号院{b}号楼",
                        latitude=lat,
                        longitude=lon,
                    )
            for p in range(1, PROPERTY_COMPANIES + 1):
                add(
                    f"{cp}{GRIDS + p:04d}",
                    NodeKind.UNIT,
                    f"基准物业{s}-{c}-{p}",
                    f"bc-s{s}-c{c}-p{p}",
                    0,
                    unit_type=UnitType.PROPERTY_COMPANY,
                )
        for d, (suffix, name, _categories) in enumerate(DEPARTMENTS, start=1):
            add(
                f"{sp}{COMMUNITIES + d:04d}",
                NodeKind.UNIT,
                f"基准街道{s}{name}",
                f"bc-s{s}-{suffix}",
                0,
                unit_type=UnitType.PUBLIC_UNIT,
            )
    OrgNode.objects.bulk_create(nodes, batch_size=1000)
    by_code = dict(OrgNode.objects.filter(code__startswith="bc").values_list("code", "id"))

    users: list[User] = []
    grants: list[tuple[str, str, str]] = []  # (username, role, node code)

    def account(username: str, role: str | None = None, node_code: str = "") -> None:
        users.append(User(username=username, password="!", first_name=username))  # noqa: S106
        if role:
            grants.append((username, role, node_code))

    account(DISTRICT_LEADER, Role.DISTRICT_LEADER, DISTRICT_CODE)
    for s in range(1, SUBDISTRICTS + 1):
        account(f"bc-s{s}-dispatcher", Role.SUBDISTRICT_STAFF, f"bc-s{s}")
        account(f"bc-s{s}-leader", Role.SUBDISTRICT_LEADER, f"bc-s{s}")
        for suffix, _name, _categories in DEPARTMENTS:
            account(f"bc-s{s}-{suffix}-liaison", Role.UNIT_LIAISON, f"bc-s{s}-{suffix}")
        for c in range(1, COMMUNITIES + 1):
            for p in range(1, PROPERTY_COMPANIES + 1):
                account(f"bc-s{s}-c{c}-p{p}-liaison", Role.UNIT_LIAISON, f"bc-s{s}-c{c}-p{p}")
    for r in range(1, RESIDENTS + 1):
        account(f"bc-r{r:06d}")
    User.objects.bulk_create(users, batch_size=2000)
    user_ids = dict(User.objects.filter(username__startswith="bc-").values_list("username", "id"))
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(user_id=user_ids[u], role=role, node_id=by_code[code], valid_from=valid_from)
            for u, role, code in grants
        ]
    )
    buildings = list(
        OrgNode.objects.filter(code__startswith="bc-", kind=NodeKind.BUILDING).values_list("id", "path")
    )
    grid_by_path = dict(
        OrgNode.objects.filter(code__startswith="bc-", kind=NodeKind.GRID).values_list("path", "id")
    )
    rng = random.Random(SEED)  # noqa: S311  (reproducible data, not secrets)
    people = []
    for r in range(1, RESIDENTS + 1):
        building_id, path = buildings[rng.randrange(len(buildings))]
        people.append(
            Person(
                user_id=user_ids[f"bc-r{r:06d}"],
                name=f"居民{r}",
                name_pinyin=f"jm{r}",
                node_id=building_id,
                building_id=building_id,
                grid_id=grid_by_path[path[:-4]],
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    print(
        f"tree: {len(nodes)} nodes, {len(users)} log-ins, {RESIDENTS} residents "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def load_world() -> World:
    nodes = {n.code: n for n in OrgNode.objects.filter(code__startswith="bc")}
    user_ids = dict(User.objects.filter(username__startswith="bc-").values_list("username", "id"))
    grids: list[Grid] = []
    by_node: dict[int, Grid] = {}
    for s in range(1, SUBDISTRICTS + 1):
        for c in range(1, COMMUNITIES + 1):
            for g in range(1, GRIDS + 1):
                node = nodes[f"bc-s{s}-c{c}-g{g}"]
                assert node.boundary is not None
                west, south = node.boundary["coordinates"][0][0]
                grid = Grid(node.pk, nodes[f"bc-s{s}-c{c}"].pk, s - 1, west, south)
                grid.buildings = [
                    (nodes[f"{node.code}-b{b}"].pk, nodes[f"{node.code}-b{b}"].address)
                    for b in range(1, BUILDINGS + 1)
                ]
                grids.append(grid)
                by_node[node.pk] = grid
    for person_id, user_id, grid_id in Person.objects.filter(user__username__startswith="bc-r").values_list(
        "id", "user_id", "grid_id"
    ):
        by_node[grid_id].residents.append((person_id, user_id))
    departments = {
        (s - 1, suffix): (nodes[f"bc-s{s}-{suffix}"].pk, user_ids[f"bc-s{s}-{suffix}-liaison"])
        for s in range(1, SUBDISTRICTS + 1)
        for suffix, _n, _c in DEPARTMENTS
    }
    property_units = {
        nodes[f"bc-s{s}-c{c}"].pk: [
            (nodes[f"bc-s{s}-c{c}-p{p}"].pk, user_ids[f"bc-s{s}-c{c}-p{p}-liaison"])
            for p in range(1, PROPERTY_COMPANIES + 1)
        ]
        for s in range(1, SUBDISTRICTS + 1)
        for c in range(1, COMMUNITIES + 1)
    }
    return World(
        grids=grids,
        departments=departments,
        property_units=property_units,
        dispatchers=[user_ids[f"bc-s{s}-dispatcher"] for s in range(1, SUBDISTRICTS + 1)],
        leaders=[user_ids[f"bc-s{s}-leader"] for s in range(1, SUBDISTRICTS + 1)],
        prefixes=[f"S{s}" for s in range(1, SUBDISTRICTS + 1)],  # as services._number_prefix gives
    )


# --- one case's life ----------------------------------------------------------------------------


class Cut(Exception):
    """The next step would happen after the build time: the case stays where it is."""


@dataclass
class Original:
    """The last case of a grid, for merging a duplicate into it."""

    case_id: int
    number: str
    category_id: int
    submitted: float
    open_until: float  # when it was closed or declined (inf: still open)
    merged: bool


class Simulation:
    """Takes a case through the workflow table with the services' effects, one event per step."""

    def __init__(self, wt: WorkingTime, now: float, rng: random.Random) -> None:
        self.wt, self.now, self.rng = wt, now, rng
        self.c: dict[str, Any] = {}
        self.events: list[tuple[float, int | None, str, str, str, str, str]] = []

    def emit(self, at: float, actor: int | None, action: str, note: str = "", detail: str = "{}") -> None:
        self.overdue_until(at)
        if at > self.now:
            raise Cut
        transition = TRANSITIONS[action]
        state = self.c["state"]
        assert state in transition.sources, (action, state)
        target = transition.target or state
        self.events.append((at, actor, action, state, target, note, detail))
        self.c["state"] = target
        self.c["updated"] = at

    def overdue_until(self, at: float) -> None:
        """What ``cases_overdue`` (run every few minutes) did before ``at``."""
        c = self.c
        if c["is_supervised"]:
            return
        if c["state"] == State.SUBMITTED:
            deadline = c["accept_due"]
        elif c["state"] in HANDLING_STATES and c["due_at"] is not None:
            deadline = c["due_at"]
        else:
            return
        found = deadline + 3.0  # the next run of the command
        if found < at and found <= self.now:
            self.events.append((found, None, "overdue", c["state"], c["state"], NOTES["overdue"], "{}"))
            c["is_supervised"] = True
            c["updated"] = found

    def handling_due(self, start: float) -> float:
        c = self.c
        if c["priority"] == "urgent":
            return self.wt.add_hours(start, 4.0)
        return self.wt.add_days(start, c["handle_days"])

    def run(
        self, world: World, unit_for: Callable[[int], tuple[int, int]], original: Original | None
    ) -> None:
        c, wt, rng = self.c, self.wt, self.rng
        dispatcher = world.dispatchers[c["subdistrict"]]
        self.events.append((c["submitted"], c["submitter"], "submit", "", State.SUBMITTED, "", "{}"))
        # Accept, decline or merge.
        late = rng.random() < 0.04
        answered = wt.add_hours(c["submitted"], rng.uniform(2.1, 8.0) if late else rng.uniform(0.05, 1.9))
        roll = rng.random()
        if roll < 0.025:
            self.emit(answered, dispatcher, "decline", NOTES["decline"])
            c["closed_at"] = answered
            return
        if (
            roll < 0.035
            and original is not None
            and not original.merged
            and original.category_id == c["category_id"]
            and answered - original.submitted < 7 * DAY
            and original.open_until > answered
        ):
            self.emit(answered, dispatcher, "merge", "", json.dumps({"original": original.number}))
            c["merged_into_id"], c["closed_at"] = original.case_id, answered
            return
        self.emit(answered, dispatcher, "accept")
        c["accepted_at"], c["due_at"] = answered, self.handling_due(answered)
        # Dispatch; now and then the unit returns it and it goes to another one.
        unit, liaison = unit_for(0)
        at = wt.add_hours(answered, rng.uniform(0.05, 1.0))
        self.emit(at, dispatcher, "dispatch", "", json.dumps({"unit": unit}))
        c["unit_id"] = unit
        if rng.random() < 0.04:
            at = wt.add_hours(at, rng.uniform(0.5, 6.0))
            self.emit(at, liaison, "return", NOTES["return"], json.dumps({"unit": unit}))
            c["returns"] += 1
            c["unit_id"] = None
            unit, liaison = unit_for(1)
            at = wt.add_hours(at, rng.uniform(0.2, 3.0))
            self.emit(at, dispatcher, "dispatch", "", json.dumps({"unit": unit}))
            c["unit_id"] = unit
        at = wt.add_hours(at, rng.uniform(0.1, 2.0))
        self.emit(at, liaison, "acknowledge")
        at = wt.add_hours(at, rng.uniform(0.1, 4.0))
        self.emit(at, liaison, "start")
        if rng.random() < 0.005:
            leader = world.leaders[c["subdistrict"]]
            self.emit(wt.add_hours(at, rng.uniform(1.0, 6.0)), leader, "supervise", NOTES["supervise"])
            c["is_supervised"] = True
        if rng.random() < 0.03:
            at = wt.add_hours(at, rng.uniform(1.0, 8.0))
            self.emit(at, liaison, "request_extension", NOTES["request_extension"], '{"days": 5}')
            c["extension_days"] = 5
            at = wt.add_hours(at, rng.uniform(0.5, 8.0))
            if rng.random() < 0.7:
                self.emit(at, dispatcher, "approve_extension")
                c["due_at"] = wt.add_days(c["due_at"], 5)
            else:
                self.emit(at, dispatcher, "refuse_extension", NOTES["refuse_extension"])
            c["extension_days"] = None
        at = self.reply(at, liaison)
        if rng.random() < 0.03:
            at = wt.add_hours(at, rng.uniform(1.0, 8.0))
            self.emit(at, dispatcher, "rework", NOTES["rework"])
            c["reworks"] += 1
            c["replied_at"] = None
            at = self.reply(at, liaison, quick=True)
        at = wt.add_hours(at, rng.uniform(0.5, 12.0))
        self.emit(at, dispatcher, "close")
        c["closed_at"] = at
        if c["reporter_user_id"] is None or rng.random() > 0.9:
            return
        # The resident rates; a first "not satisfied" reopens it once.
        at += rng.uniform(30.0, 3 * DAY)
        rating = rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], [78, 17, 5])[0]
        if rating == "dissatisfied":
            self.emit(at, c["reporter_user_id"], "reopen", "", '{"rating": "dissatisfied"}')
            c.update(rating=rating, reopened=True, closed_at=None, replied_at=None)
            c["due_at"] = self.handling_due(at)
            at = self.reply(at, liaison, quick=True)
            at = wt.add_hours(at, rng.uniform(0.5, 12.0))
            self.emit(at, dispatcher, "close")
            c["closed_at"] = at
            at += rng.uniform(30.0, 3 * DAY)
            rating = rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], [60, 30, 10])[0]
        self.emit(at, c["reporter_user_id"], "rate", "", json.dumps({"rating": rating}))
        c["rating"] = rating

    def reply(self, start: float, liaison: int, quick: bool = False) -> float:
        """The unit replies: mostly within the deadline, some late, a few very late."""
        c, wt, rng = self.c, self.wt, self.rng
        due = c["due_at"]
        roll = rng.random()
        if quick:
            at = wt.add_hours(start, rng.uniform(2.0, 16.0))
        elif roll < 0.90:
            span = max(wt.worked(due) - wt.worked(start), 6.0)
            at = wt.add_hours(start, span / 60.0 * rng.uniform(0.05, 0.95))
        elif roll < 0.99:
            at = wt.add_hours(max(due, start), rng.uniform(1.0, 40.0))
        else:
            at = wt.add_hours(max(due, start), rng.uniform(40.0, 300.0))
        self.emit(at, liaison, "reply", REPLY)
        c["reply"], c["replied_at"] = REPLY, at
        return at


# --- writing rows -------------------------------------------------------------------------------


class Writer:
    """Appends rows to a model's table: COPY on PostgreSQL, executemany on SQLite.

    Rows hold the fields the generator sets; every other field gets its (constant) default, so
    that a field added to the model later is filled, and one without a default stops the build
    with a message."""

    def __init__(self, model: type[models.Model], fields: Sequence[str] = ()) -> None:
        self.model = model
        self.fields: list[str] = []
        self.columns: list[str] = []
        self.filler: tuple[Any, ...] = ()
        if fields:
            self._prepare(fields)

    def _prepare(self, fields: Sequence[str]) -> None:
        self.fields = list(fields)
        by_name = {f.attname: f for f in self.model._meta.concrete_fields}
        rest = [f for name, f in by_name.items() if name not in self.fields]
        for f in rest:
            if not (f.null or (f.has_default() and not callable(f.default))):
                raise SystemExit(
                    f"{self.model.__name__}.{f.name} is new: teach bench/cases_gen.py to fill it"
                )
        self.filler = tuple(
            f.get_db_prep_save(f.get_default(), connection) if f.has_default() else None for f in rest
        )
        self.columns = [by_name[name].column or name for name in self.fields]
        self.columns += [f.column or f.attname for f in rest]

    def write_dicts(self, rows: Sequence[dict[str, Any]]) -> None:
        """Rows as dicts; the first row's keys name the fields."""
        if rows and not self.fields:
            self._prepare(list(rows[0]))
        self.write([tuple(row[name] for name in self.fields) for row in rows])

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Rows as tuples in the order of the fields."""
        if self.filler:
            rows = [row + self.filler for row in rows]
        raw: Any = connection.connection
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = self.model._meta.db_table
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in self.columns)
            raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


EVENT_FIELDS = ["id", "case_id", "at", "actor_id", "action", "from_state", "to_state", "note", "detail"]


def build_cases(total: int, now: dt.datetime) -> tuple[int, int]:
    """Generate and load ``total`` cases over the year before ``now``; returns (cases, events)."""
    world = load_world()
    rng = random.Random(SEED)  # noqa: S311  (reproducible data, not secrets)
    year_start = (now + LOCAL).date() - dt.timedelta(days=365)
    wt = WorkingTime(year_start - dt.timedelta(days=1), year_start + dt.timedelta(days=365 + 400))
    wt.check_against_clock(rng, 365)
    now_m = wt.minutes(now)
    pg = connection.vendor == "postgresql"

    utc_start = wt.moment(0.0)
    naive_start = utc_start.replace(tzinfo=None)

    def stamp(m: float | None) -> Any:
        """A column value for the moment ``m``: aware for psycopg, Django's text form for SQLite."""
        if m is None:
            return None
        if pg:
            return utc_start + dt.timedelta(seconds=round(m * 60.0))
        return (naive_start + dt.timedelta(seconds=round(m * 60.0))).isoformat(" ")

    # Categories, their units and time limits.
    children = list(Category.objects.filter(parent__isnull=False, is_active=True).select_related("parent"))
    weights = [CATEGORY_WEIGHTS.get(c.parent.code if c.parent else "", 5) / 4 for c in children]
    limits = dict(TimeLimit.objects.filter(category__isnull=True).values_list("case_type", "handle_days"))
    department_of: dict[int, str] = {}
    for category in children:
        for suffix, _name, prefixes in DEPARTMENTS:
            if any(category.code.startswith(p) for p in prefixes):
                department_of[category.pk] = suffix
    grid_weights = [rng.lognormvariate(0, 0.5) for _ in world.grids]
    phones = [
        Case._meta.get_field("callback_phone").get_db_prep_save(f"139{n:08d}", connection) for n in range(50)
    ]

    # When: a year of days (fewer at weekends), mostly in the daytime; sorted, so that numbers
    # and ids follow the submission time.
    day_weights = [0.6 if (year_start + dt.timedelta(days=d)).weekday() >= 5 else 1.0 for d in range(366)]
    moments = []
    days = rng.choices(range(366), day_weights, k=total)
    base = wt.minutes(dt.datetime.combine(year_start, dt.time(), tzinfo=dt.UTC) - LOCAL)
    for d in days:
        tod = rng.uniform(8 * 60, 21 * 60) if rng.random() < 0.85 else rng.uniform(0, DAY)
        m = base + d * DAY + tod
        if m < now_m - 1:
            moments.append(m)
    while len(moments) < total:  # the part of today after the build time goes to earlier days
        moments.append(now_m - rng.uniform(60, 365 * DAY))
    moments.sort()

    case_writer, event_writer = Writer(Case), Writer(CaseEvent, EVENT_FIELDS)
    counters: dict[tuple[str, dt.date], int] = {}
    originals: dict[tuple[int, int], Original] = {}  # the last case per (grid, category)
    case_rows: list[dict[str, Any]] = []
    event_rows: list[tuple[Any, ...]] = []
    event_id = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    first_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    written_cases = written_events = 0
    started = time.perf_counter()

    def flush() -> None:
        nonlocal written_cases, written_events
        with transaction.atomic():
            case_writer.write_dicts(case_rows)
            event_writer.write(event_rows)
        written_cases += len(case_rows)
        written_events += len(event_rows)
        case_rows.clear()
        event_rows.clear()
        rate = written_cases / (time.perf_counter() - started)
        print(f"  {written_cases:>9,} cases, {written_events:>10,} events ({rate:,.0f} cases/s)", flush=True)

    for i, submitted in enumerate(moments):
        case_id = first_id + i
        grid = rng.choices(world.grids, grid_weights)[0]
        category = rng.choices(children, weights)[0]
        parent = category.parent.code if category.parent else ""
        channel = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0]
        if parent == "policy":
            case_type = rng.choices(["consultation", "service"], [60, 40])[0]
        elif parent == "welfare":
            case_type = rng.choices(["help", "service", "consultation"], [50, 30, 20])[0]
        else:
            case_type = rng.choices(["complaint", "report", "help", "suggestion"], [45, 20, 20, 15])[0]
        priority = rng.choices(["normal", "high", "urgent"], [90, 8, 2])[0]
        local_day = (wt.moment(submitted) + LOCAL).date()
        prefix = world.prefixes[grid.subdistrict]
        counters[prefix, local_day] = counters.get((prefix, local_day), 0) + 1
        number = f"{prefix}-{local_day:%Y%m%d}-{counters[prefix, local_day]:04d}"
        building_id, address = rng.choice(grid.buildings)
        app = channel == "app"
        anonymous = app and rng.random() < 0.02
        reporter_id, reporter_user_id = rng.choice(grid.residents) if grid.residents else (None, None)
        if channel in {"app", "grid_patrol"}:  # a point on the map: the grid is the area
            node_id, address = grid.node_id, address if rng.random() < 0.5 else ""
            lat = f"{grid.south + rng.uniform(0.0002, CELL - 0.0002):.6f}"
            lon = f"{grid.west + rng.uniform(0.0002, CELL - 0.0002):.6f}"
        else:  # an address: the building is the area
            node_id, lat, lon = building_id, None, None
        sim = Simulation(wt, now_m, rng)
        c = sim.c
        c.update(
            state=State.SUBMITTED,
            subdistrict=grid.subdistrict,
            submitted=submitted,
            submitter=reporter_user_id if app else world.dispatchers[grid.subdistrict],
            accept_due=wt.add_hours(submitted, 2.0),
            accepted_at=None,
            due_at=None,
            replied_at=None,
            closed_at=None,
            updated=submitted,
            priority=priority,
            handle_days=limits[case_type],
            category_id=category.pk,
            reporter_user_id=reporter_user_id if app else None,
            unit_id=None,
            is_supervised=False,
            extension_days=None,
            rating="",
            reopened=False,
            returns=0,
            reworks=0,
            reply="",
            merged_into_id=None,
        )

        def unit_for(attempt: int, category_id: int = category.pk, grid: Grid = grid) -> tuple[int, int]:
            suffix = department_of.get(category_id)
            if suffix is not None and attempt == 0:
                return world.departments[grid.subdistrict, suffix]
            if suffix is None and attempt == 0:
                return rng.choice(world.property_units[grid.community_id])
            others = [k for k in world.departments if k[0] == grid.subdistrict and k[1] != suffix]
            return world.departments[rng.choice(others)]

        try:
            sim.run(world, unit_for, originals.get((grid.node_id, category.pk)))
        except Cut:
            sim.overdue_until(now_m)
        originals[grid.node_id, category.pk] = Original(
            case_id,
            number,
            category.pk,
            submitted,
            c["closed_at"] if c["state"] in {State.CLOSED, State.DECLINED} else float("inf"),
            c["merged_into_id"] is not None,
        )
        case_rows.append(
            {
                "id": case_id,
                "created_at": stamp(submitted),
                "updated_at": stamp(c["updated"]),
                "number": number,
                "channel": channel,
                "case_type": case_type,
                "category_id": category.pk,
                "priority": priority,
                "text": TEXTS.get(parent, TEXTS["city"])[i % 2],
                "address": address,
                "latitude": lat,
                "longitude": lon,
                "node_id": node_id,
                "grid_id": grid.node_id,
                "community_id": grid.community_id,
                "reporter_id": None if anonymous or not app else reporter_id,
                "reporter_user_id": c["reporter_user_id"],
                "is_anonymous": anonymous,
                "is_confidential": rng.random() < 0.01,
                "callback_phone": rng.choice(phones) if anonymous or channel == "hotline" else "",
                "state": c["state"],
                "unit_id": c["unit_id"],
                "submitted_at": stamp(submitted),
                "accept_due": stamp(c["accept_due"]),
                "accepted_at": stamp(c["accepted_at"]),
                "due_at": stamp(c["due_at"]),
                "replied_at": stamp(c["replied_at"]),
                "closed_at": stamp(c["closed_at"]),
                "reply": c["reply"],
                "extension_days": c["extension_days"],
                "is_supervised": c["is_supervised"],
                "rating": c["rating"],
                "reopened": c["reopened"],
                "returns": c["returns"],
                "reworks": c["reworks"],
                "merged_into_id": c["merged_into_id"],
            }
        )
        for at, actor, action, before, after, note, detail in sim.events:
            event_id += 1
            event_rows.append((event_id, case_id, stamp(at), actor, action, before, after, note, detail))
        if len(case_rows) >= BATCH:
            flush()
    if case_rows:
        flush()
    with transaction.atomic():
        CaseNumberCounter.objects.bulk_create(
            [CaseNumberCounter(prefix=p, day=d, last=n) for (p, d), n in counters.items()], batch_size=2000
        )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case, CaseEvent]):
            cursor.execute(sql)
    return written_cases, written_events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=CASES)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if CaseNumberCounter.objects.filter(prefix="S1").exists():
        print(f"already built: {Case.objects.count():,} cases, {CaseEvent.objects.count():,} events")
        return
    if OrgNode.objects.filter(code=DISTRICT_CODE).exists():
        raise SystemExit("a previous build stopped half-way: drop the database and run again")
    started = time.perf_counter()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    year_start = (now + LOCAL).date() - dt.timedelta(days=365)
    with transaction.atomic():
        build_tree(valid_from=year_start)
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if pg:  # a load of rows that are consistent by construction: skip the per-row FK triggers
            cursor.execute("SET session_replication_role = replica")
        else:  # random inserts into a dozen indexes: keep the pages in memory (1 GiB)
            cursor.execute("PRAGMA cache_size = -1048576")
        cases, events = build_cases(args.cases, now)
        counting = time.perf_counter()
        cells = daily.rebuild()  # the dashboards' daily counts, as the services would have kept them
        print(f"{cells:,} daily counts in {time.perf_counter() - counting:.1f} s", flush=True)
        if pg:
            cursor.execute("SET session_replication_role = origin")
            analyse = time.perf_counter()
            cursor.execute("ANALYZE")
            print(f"ANALYZE in {time.perf_counter() - analyse:.1f} s")
    print(f"built {cases:,} cases and {events:,} events in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

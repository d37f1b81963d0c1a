"""The demo people: log-in holders, post holders and residents, planned from one seeded RNG."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from lianxin.demo import data
from lianxin.demo.identity import Identities, random_date
from lianxin.demo.logins import LOGINS, LoginRow
from lianxin.demo.plan_tree import Area, TreePlanner
from lianxin.demo.specs import LoginSpec, PersonSpec, Plan, PositionSpec
from lianxin.orgs.models import NodeKind
from lianxin.orgs.models import PositionTitle as T

WORKING_AGE = (dt.date(1964, 1, 1), dt.date(1998, 12, 31))
PERSON_FLAGS = {"is_volunteer", "is_activist", "is_party_rep", "is_community_worker"}


def _within(code: str, ancestor: str) -> bool:
    """Node codes nest: ``gc-cdl-c01-g02`` lies within ``gc-cdl-c01`` and ``gc-cdl``."""
    return code == ancestor or code.startswith(f"{ancestor}-")


def _adult_on(born: dt.date, years: int) -> dt.date:
    return dt.date(born.year + years, born.month, min(born.day, 28))


class PeoplePlanner:
    def __init__(self, rng: random.Random, tree: TreePlanner) -> None:
        self.rng = rng
        self.tree = tree
        self.ids = Identities(rng)
        self.people: list[PersonSpec] = []
        self.positions: list[PositionSpec] = []
        self.logins: list[LoginSpec] = []
        # Posts the log-in holders take; nobody else is put in them.
        self.held = {(title, node) for row in LOGINS for title, node in row.posts}
        self.reps = {self._area_of(row.home) for row in LOGINS if "is_party_rep" in row.flags}

    # -- helpers --------------------------------------------------------------------------

    def _area_of(self, code: str) -> str:
        return next((area.code for area in self.tree.areas if _within(code, area.code)), "")

    def _need(self, code: str) -> str:
        if code not in self.tree.nodes:
            raise ValueError(f"the demo refers to a node that is not planned: {code}")
        return code

    def person(
        self,
        home: str,
        *,
        branch: str = "",
        employer: str = "",
        member: bool = False,
        flags: Iterable[str] = (),
        is_resident: bool = True,
        working_age: bool = False,
    ) -> PersonSpec:
        """A new person registered at ``home``; a party member when ``branch`` or ``member`` is given."""
        home_node = self.tree.nodes[self._need(home)]
        flag_set = set(flags)
        if flag_set - PERSON_FLAGS:
            raise ValueError(f"unknown person flags: {sorted(flag_set - PERSON_FLAGS)}")
        gender = self.ids.gender()
        name = self.ids.name(gender)
        born = random_date(self.rng, *WORKING_AGE) if working_age else self.ids.born()
        id_number = self.ids.id_number(gender, born)
        phone = self.ids.phone()
        is_member = bool(branch) or member
        # Everyone is born early enough to have joined at 18 or later and before the cut-off.
        joined = random_date(self.rng, _adult_on(born, 18), data.PARTY_JOINED_LATEST) if is_member else None
        spec = PersonSpec(
            id_number=id_number,
            name=name,
            gender=gender,
            phone=phone,
            node=home,
            address=home_node.address if home_node.kind == NodeKind.BUILDING else "",
            is_resident=is_resident,
            is_party_member=is_member,
            party_branch=self._need(branch) if branch else "",
            party_joined_on=joined,
            is_in_service_member=bool(employer) and is_member,
            employer=self._need(employer) if employer else "",
            is_volunteer="is_volunteer" in flag_set,
            is_activist="is_activist" in flag_set,
            is_party_rep="is_party_rep" in flag_set,
            is_community_worker="is_community_worker" in flag_set,
        )
        self.people.append(spec)
        return spec

    def post(self, person: PersonSpec, title: str, node: str) -> None:
        started = random_date(self.rng, data.POSTS_FROM, data.POSTS_UNTIL)
        self.positions.append(
            PositionSpec(node=self._need(node), person=person.id_number, title=title, started_on=started)
        )

    def free(self, title: str, node: str) -> bool:
        return (title, node) not in self.held

    def buildings_in(self, ancestor: str) -> list[str]:
        return [
            code for area in self.tree.areas if _within(area.code, ancestor) for code in area.all_buildings
        ]

    # -- the people -----------------------------------------------------------------------

    def plan(self) -> None:
        for row in LOGINS:
            self.login(row)
        self.leaders()
        for area in self.tree.areas:
            self.area_staff(area)
            self.residents(area)

    def login(self, row: LoginRow) -> None:
        person = self.person(
            row.home,
            branch=row.branch,
            employer=row.employer,
            member="is_party_member" in row.flags,
            flags=row.flags - {"is_party_member"},
            is_resident=row.is_resident,
            working_age=True,
        )
        for title, node in row.posts:
            self.post(person, title, node)
        self.logins.append(
            LoginSpec(
                username=row.username, role=row.role, node=self._need(row.grant), person=person.id_number
            )
        )

    def leaders(self) -> None:
        """District and subdistrict leaders, party committee secretaries, the service centre's staff."""
        cdl_branch = data.CDL_COMMITTEE_BRANCHES[0][0]
        committees = (data.CDL_ADMIN_COMMITTEE, data.CDL_RESIDENTS_COMMITTEE, data.CDL_GENERAL_COMMITTEE)
        posts: list[tuple[str, str, str, str]] = [  # title, node, party branch, where they live
            (T.SECRETARY, data.DISTRICT[0], "", data.CDL[0]),
            (T.DIRECTOR, data.CDL[0], cdl_branch, data.CDL[0]),
            *((T.SECRETARY, code, cdl_branch, data.CDL[0]) for code, _name in committees),
            *((T.SECRETARY, code, code, data.CDL[0]) for code, _parent, _name in data.CDL_COMMITTEE_BRANCHES),
        ]
        for subdistrict in (data.HHDL[0], data.SBLH[0]):
            (committee, _), (branch, _) = data.SUBDISTRICT_PARTY[subdistrict]
            posts += [
                (T.SECRETARY, committee, branch, subdistrict),
                (T.DIRECTOR, subdistrict, branch, subdistrict),
                (T.SECRETARY, branch, branch, subdistrict),
            ]
        for title, node, branch, lives_in in posts:
            if self.free(title, node):
                home = self.rng.choice(self.buildings_in(lives_in))
                person = self.person(home, branch=branch, member=True, working_age=True)
                self.post(person, title, node)
        centre = data.SOCIAL_WORK_ORG[0]
        director = self.person(centre, branch=f"{centre}-pb", is_resident=False, working_age=True)
        self.post(director, T.DIRECTOR, centre)
        self.post(director, T.SECRETARY, f"{centre}-pb")

    def area_staff(self, area: Area) -> None:
        """Secretary-director, workers, grid leaders, branch and group leaders, the party rep."""
        is_village = self.tree.nodes[area.code].kind == NodeKind.VILLAGE
        head_post = (T.SECRETARY, area.branches[0]) if is_village else (T.SECRETARY, area.committee)
        if self.free(*head_post):
            head = self.person(
                area.code, branch=area.branches[0], flags=["is_community_worker"], working_age=True
            )
            self.post(head, *head_post)
            self.post(head, T.DIRECTOR, area.code)
        if not is_village:
            branch = self.rng.choice(area.branches) if self.rng.random() < 0.5 else ""
            deputy = self.person(area.code, branch=branch, flags=["is_community_worker"], working_age=True)
            self.post(deputy, T.DEPUTY_DIRECTOR, area.code)
        for grid in area.grids:
            if self.free(T.GRID_LEADER, grid):
                leader = self.person(grid, flags=["is_community_worker"], working_age=True)
                self.post(leader, T.GRID_LEADER, grid)
        for branch in area.branches:
            if is_village and branch == area.branches[0]:
                continue  # the village head is its secretary
            if self.free(T.SECRETARY, branch):
                secretary = self.person(self.rng.choice(area.all_buildings), branch=branch)
                self.post(secretary, T.SECRETARY, branch)
        for group, place in area.groups:
            homes = area.buildings.get(place, [place])
            leader = self.person(
                self.rng.choice(homes), branch=self.rng.choice(area.branches), flags=["is_volunteer"]
            )
            self.post(leader, T.GROUP_LEADER, group)
        for unit in area.units:
            if self.free(T.LIAISON, unit):
                member = self.rng.random() < 0.7
                liaison = self.person(
                    unit, branch=f"{unit}-pb" if member else "", is_resident=False, working_age=True
                )
                self.post(liaison, T.LIAISON, unit)
                if member:
                    self.post(liaison, T.SECRETARY, f"{unit}-pb")
        if area.code not in self.reps:
            home, branch = self.rng.choice(area.all_buildings), self.rng.choice(area.branches)
            self.person(home, branch=branch, flags=["is_party_rep", "is_volunteer"])

    def residents(self, area: Area) -> None:
        """A resident or two per building, some of them party members, in-service members,
        volunteers or activists."""
        for building in area.all_buildings:
            for _ in range(2 if self.rng.random() < 0.3 else 1):
                branch = employer = ""
                if self.rng.random() < 0.35:
                    if self.rng.random() < 0.4:
                        employer = self.rng.choice(self.tree.units)
                        branch = f"{employer}-pb"
                    else:
                        branch = self.rng.choice(area.branches)
                chances = (("is_volunteer", 0.3), ("is_activist", 0.1))
                flags = [flag for flag, chance in chances if self.rng.random() < chance]
                self.person(
                    building, branch=branch, employer=employer, flags=flags, working_age=bool(employer)
                )


def make_plan(seed: int = data.DEFAULT_SEED) -> Plan:
    """Everything the demo builds for ``seed``: the same seed always gives the same plan."""
    rng = random.Random(seed)
    tree = TreePlanner(rng)
    tree.plan()
    people = PeoplePlanner(rng, tree)
    people.plan()
    return Plan(
        nodes=list(tree.nodes.values()),
        people=people.people,
        positions=people.positions,
        memberships=tree.memberships,
        logins=people.logins,
    )

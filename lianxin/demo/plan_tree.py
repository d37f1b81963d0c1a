"""The demo organisation tree: district, subdistricts, committees, communities, villages, grids,
buildings and units, with grid boundaries and building points laid out on a lattice."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lianxin.demo import data
from lianxin.demo.specs import MembershipSpec, NodeSpec
from lianxin.orgs.models import MemberCategory, NodeKind, UnitType

Rect = tuple[float, float, float, float]  # west, south, east, north


@dataclass
class Area:
    """A community or village: where people live and what they can belong to."""

    code: str
    name: str
    subdistrict: str
    committee: str = ""  # the community big party committee, if any
    branches: list[str] = field(default_factory=list)
    grids: list[str] = field(default_factory=list)
    buildings: dict[str, list[str]] = field(default_factory=dict)  # grid code → building codes
    groups: list[tuple[str, str]] = field(default_factory=list)  # (party group code, grid or building code)
    units: list[str] = field(default_factory=list)

    @property
    def all_buildings(self) -> list[str]:
        return [code for grid in self.grids for code in self.buildings[grid]]


def numeral(number: int) -> str:
    return data.NUMERALS[number] if number <= 10 else str(number)


class TreePlanner:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nodes: dict[str, NodeSpec] = {}
        self.memberships: list[MembershipSpec] = []
        self.areas: list[Area] = []
        self.rects: dict[str, Rect] = {}  # grid code → its rectangle
        self.units: list[str] = []  # every unit, in order
        self._next_cell = dict.fromkeys(data.BAND_FIRST_ROW, 0)

    # -- helpers --------------------------------------------------------------------------

    def add(self, code: str, parent: str | None, kind: str, name: str, **extra: Any) -> str:
        if code in self.nodes:
            raise ValueError(f"duplicate demo node code {code}")
        if parent is not None and parent not in self.nodes:
            raise ValueError(f"demo node {code} comes before its parent {parent}")
        self.nodes[code] = NodeSpec(code=code, parent=parent, kind=kind, name=name, **extra)
        if kind == NodeKind.UNIT:
            self.units.append(code)
        return code

    def cell(self, subdistrict: str) -> Rect:
        """The next free lattice cell in the subdistrict's band, shrunk so that grids never touch."""
        index = self._next_cell[subdistrict]
        if index >= data.BAND_ROWS[subdistrict] * data.LATTICE_COLUMNS:
            raise ValueError(f"no grid cells left for {subdistrict}")
        self._next_cell[subdistrict] = index + 1
        row = data.BAND_FIRST_ROW[subdistrict] + index // data.LATTICE_COLUMNS
        column = index % data.LATTICE_COLUMNS
        west = data.LATTICE_WEST + column * data.CELL_WIDTH + data.CELL_GAP
        south = data.LATTICE_SOUTH + row * data.CELL_HEIGHT + data.CELL_GAP
        east = data.LATTICE_WEST + (column + 1) * data.CELL_WIDTH - data.CELL_GAP
        north = data.LATTICE_SOUTH + (row + 1) * data.CELL_HEIGHT - data.CELL_GAP
        return (round(west, 6), round(south, 6), round(east, 6), round(north, 6))

    @staticmethod
    def polygon(rect: Rect) -> dict[str, Any]:
        west, south, east, north = rect
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        return {"type": "Polygon", "coordinates": [ring]}

    def point(self, rect: Rect) -> dict[str, Decimal]:
        """A location well inside ``rect``, as the node's latitude and longitude."""
        west, south, east, north = rect
        margin = data.POINT_MARGIN
        lon = self.rng.uniform(west + margin, east - margin)
        lat = self.rng.uniform(south + margin, north - margin)
        return {"latitude": Decimal(f"{lat:.6f}"), "longitude": Decimal(f"{lon:.6f}")}

    def join(self, committee: str, member: str, category: str) -> None:
        joined_on = (
            data.CITY_COMMITTEE_JOINED_ON
            if committee.startswith(data.CDL[0])
            else data.OTHER_COMMITTEE_JOINED_ON
        )
        self.memberships.append(
            MembershipSpec(committee=committee, member=member, category=category, joined_on=joined_on)
        )

    def grid(self, area: Area, number: int, subdistrict: str) -> str:
        rect = self.cell(subdistrict)
        code = self.add(
            f"{area.code}-g{number:02d}",
            area.code,
            NodeKind.GRID,
            f"{area.name}第{numeral(number)}网格",
            boundary=self.polygon(rect),
        )
        self.rects[code] = rect
        area.grids.append(code)
        area.buildings[code] = []
        return code

    def unit(self, area: Area, parent: str, code: str, name: str, unit_type: str, address: str) -> str:
        """A unit with its party branch, located in one of the area's grids."""
        rect = self.rects[self.rng.choice(area.grids)]
        self.add(code, parent, NodeKind.UNIT, name, unit_type=unit_type, address=address, **self.point(rect))
        self.add(f"{code}-pb", code, NodeKind.PARTY_BRANCH, f"{name}党支部")
        return code

    # -- the tree -------------------------------------------------------------------------

    def plan(self) -> None:
        district = self.add(data.DISTRICT[0], None, NodeKind.DISTRICT, data.DISTRICT[1])
        self.chengdonglu(district)
        self.hanghaidonglu(district)
        self.shibalihe(district)

    def chengdonglu(self, district: str) -> None:
        subdistrict = self.add(data.CDL[0], district, NodeKind.SUBDISTRICT, data.CDL[1])
        code, name = data.CDL_WORKING_COMMITTEE
        committee = self.add(code, subdistrict, NodeKind.WORKING_COMMITTEE, name)
        for code, name in (
            data.CDL_ADMIN_COMMITTEE,
            data.CDL_RESIDENTS_COMMITTEE,
            data.CDL_GENERAL_COMMITTEE,
        ):
            self.add(code, committee, NodeKind.PARTY_COMMITTEE, name)
        for code, parent, name in data.CDL_COMMITTEE_BRANCHES:
            self.add(code, parent, NodeKind.PARTY_BRANCH, name)
        areas = [
            self.community(row, data.CDL_RESIDENTS_COMMITTEE[0], subdistrict) for row in data.CDL_COMMUNITIES
        ]
        served = next(area for area in areas if area.code == data.SOCIAL_WORK_ORG_SERVES)
        code = self.unit(
            served,
            data.CDL_GENERAL_COMMITTEE[0],
            data.SOCIAL_WORK_ORG[0],
            data.SOCIAL_WORK_ORG[1],
            UnitType.SOCIAL_WORK_ORG,
            data.SOCIAL_WORK_ORG_ADDRESS,
        )
        self.join(served.committee, f"{code}-pb", data.UNIT_CATEGORY[UnitType.SOCIAL_WORK_ORG])

    def hanghaidonglu(self, district: str) -> None:
        subdistrict = self.add(data.HHDL[0], district, NodeKind.SUBDISTRICT, data.HHDL[1])
        self.subdistrict_party(subdistrict)
        for row in data.HHDL_COMMUNITIES:
            self.community(row, subdistrict, subdistrict)

    def shibalihe(self, district: str) -> None:
        subdistrict = self.add(data.SBLH[0], district, NodeKind.SUBDISTRICT, data.SBLH[1])
        self.subdistrict_party(subdistrict)
        for code, name in data.SBLH_VILLAGES:
            self.village(code, name, subdistrict)

    def subdistrict_party(self, subdistrict: str) -> None:
        (committee, committee_name), (branch, branch_name) = data.SUBDISTRICT_PARTY[subdistrict]
        self.add(committee, subdistrict, NodeKind.PARTY_COMMITTEE, committee_name)
        self.add(branch, committee, NodeKind.PARTY_BRANCH, branch_name)

    def community(self, row: data.CommunityRow, parent: str, subdistrict: str) -> Area:
        area = Area(code=row.code, name=row.name, subdistrict=subdistrict)
        self.areas.append(area)
        self.add(row.code, parent, NodeKind.COMMUNITY, row.name)
        area.committee = self.add(
            f"{row.code}-pc", row.code, NodeKind.COMMUNITY_COMMITTEE, f"{row.name}大党委"
        )
        for number in range(1, self.rng.randint(2, 3) + 1):
            label = f"{row.name}第{numeral(number)}党支部"
            area.branches.append(
                self.add(f"{area.committee}-b{number:02d}", area.committee, NodeKind.PARTY_BRANCH, label)
            )
        next_house: dict[str, int] = {}  # compound → next building number
        for number in range(1, self.rng.randint(2, 4) + 1):
            grid = self.grid(area, number, subdistrict)
            compound = row.compounds[(number - 1) % len(row.compounds)]
            door = self.rng.randint(1, 199)
            for _ in range(self.rng.randint(2, 4)):
                house = next_house.get(compound, 1)
                next_house[compound] = house + 1
                name = f"{compound}{house}号楼"
                code = self.add(
                    f"{grid}-b{len(area.buildings[grid]) + 1:02d}",
                    grid,
                    NodeKind.BUILDING,
                    name,
                    address=f"管城回族区{row.street}{door}号{name}",
                    **self.point(self.rects[grid]),
                )
                area.buildings[grid].append(code)
            if number == 1 or self.rng.random() < 0.5:
                group = self.add(f"{grid}-pg", grid, NodeKind.PARTY_GROUP, f"第{numeral(number)}网格党小组")
                area.groups.append((group, grid))
                self.join(area.committee, group, MemberCategory.GRID_GROUP)
        # One building party group (楼院党小组) per community.
        building = self.rng.choice(area.all_buildings)
        group = self.add(
            f"{building}-pg", building, NodeKind.PARTY_GROUP, f"{self.nodes[building].name}楼院党小组"
        )
        area.groups.append((group, building))
        self.join(area.committee, group, MemberCategory.GRID_GROUP)
        for number, (name, unit_type) in enumerate(row.units, 1):
            address = f"管城回族区{row.street}{self.rng.randint(1, 199)}号"
            code = self.unit(area, row.code, f"{row.code}-u{number:02d}", name, unit_type, address)
            area.units.append(code)
            self.join(area.committee, f"{code}-pb", data.UNIT_CATEGORY[unit_type])
        return area

    def village(self, code: str, name: str, subdistrict: str) -> Area:
        area = Area(code=code, name=name, subdistrict=subdistrict)
        self.areas.append(area)
        self.add(code, subdistrict, NodeKind.VILLAGE, name)
        branches = self.rng.randint(1, 2)
        for number in range(1, branches + 1):
            label = f"{name}党支部" if branches == 1 else f"{name}第{numeral(number)}党支部"
            area.branches.append(self.add(f"{code}-b{number:02d}", code, NodeKind.PARTY_BRANCH, label))
        for number in range(1, self.rng.randint(2, 3) + 1):
            grid = self.grid(area, number, subdistrict)
            for house in range(1, self.rng.randint(2, 3) + 1):
                label = f"{name}{numeral(number)}组{house}号院"
                building = self.add(
                    f"{grid}-b{house:02d}",
                    grid,
                    NodeKind.BUILDING,
                    label,
                    address=f"管城回族区{data.SBLH[1]}{label}",
                    **self.point(self.rects[grid]),
                )
                area.buildings[grid].append(building)
            if number == 1:
                group = self.add(f"{grid}-pg", grid, NodeKind.PARTY_GROUP, f"{name}第一网格党小组")
                area.groups.append((group, grid))
        for number, (unit_name, unit_type) in enumerate(data.VILLAGE_UNITS.get(code, ()), 1):
            address = f"管城回族区{data.SBLH[1]}{name}"
            area.units.append(self.unit(area, code, f"{code}-u{number:02d}", unit_name, unit_type, address))
        return area

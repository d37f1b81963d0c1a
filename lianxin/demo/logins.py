"""The demo log-ins: one per role, each linked to an invented person and granted on a node."""

from __future__ import annotations

from dataclasses import dataclass, field

from lianxin.core.roles import Role
from lianxin.demo.data import SOCIAL_WORK_ORG
from lianxin.orgs.models import PositionTitle

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "Lianxin@Root2026"  # noqa: S105 (a published demo password)
# One shared password for every demo log-in; it passes the default password validators.
DEMO_PASSWORD = "Lianxin@2026"  # noqa: S105 (a published demo password)


@dataclass(frozen=True)
class LoginRow:
    """A demo log-in: who it is, where they live, what they hold."""

    role: str  # the username is the role's value
    grant: str  # node code the role is granted on
    home: str  # node code the person is registered at
    posts: tuple[tuple[str, str], ...] = ()  # (title, node code)
    branch: str = ""  # party branch code; a party member when set
    employer: str = ""  # employer unit code; an in-service member when set with a branch
    flags: frozenset[str] = field(default_factory=frozenset)  # other Person flags set to True
    is_resident: bool = True

    @property
    def username(self) -> str:
        return str(Role(self.role).value)


_T = PositionTitle
LOGINS = (
    LoginRow(
        Role.DISTRICT_LEADER,
        "gc",
        "gc-hhdl-c01-g01-b01",
        ((_T.DEPUTY_SECRETARY, "gc"),),
        flags=frozenset({"is_party_member"}),
    ),
    LoginRow(
        Role.SUBDISTRICT_LEADER,
        "gc-cdl",
        "gc-cdl-c02-g01-b01",
        ((_T.SECRETARY, "gc-cdl-wc"),),
        branch="gc-cdl-wc-xz-b01",
    ),
    LoginRow(
        Role.SUBDISTRICT_STAFF,
        "gc-cdl",
        "gc-cdl-c03-g01-b01",
        ((_T.STAFF, "gc-cdl"),),
        branch="gc-cdl-wc-xz-b01",
    ),
    LoginRow(
        Role.COMMUNITY_WORKER,
        "gc-cdl-c01",
        "gc-cdl-c01",
        ((_T.SECRETARY, "gc-cdl-c01-pc"), (_T.DIRECTOR, "gc-cdl-c01")),
        branch="gc-cdl-c01-pc-b01",
        flags=frozenset({"is_community_worker"}),
    ),
    LoginRow(
        Role.GRID_WORKER,
        "gc-cdl-c01-g01",
        "gc-cdl-c01-g01",
        ((_T.GRID_LEADER, "gc-cdl-c01-g01"),),
        flags=frozenset({"is_community_worker"}),
    ),
    LoginRow(
        Role.PARTY_REP,
        "gc-cdl-c01",
        "gc-cdl-c01-g01-b02",
        branch="gc-cdl-c01-pc-b01",
        flags=frozenset({"is_party_rep"}),
    ),
    LoginRow(
        Role.PARTY_MEMBER,
        "gc-cdl-c01",
        "gc-cdl-c01-g02-b01",
        branch="gc-cdl-c03-u01-pb",  # an in-service member: the employer's branch
        employer="gc-cdl-c03-u01",
    ),
    LoginRow(
        Role.VOLUNTEER,
        "gc-cdl-c01",
        "gc-cdl-c01-g02-b02",
        flags=frozenset({"is_volunteer", "is_activist"}),
    ),
    LoginRow(Role.RESIDENT, "gc-cdl-c01", "gc-cdl-c01-g01-b01"),
    LoginRow(
        Role.UNIT_LIAISON,
        "gc-cdl-c01-u02",
        "gc-cdl-c01-u02",
        ((_T.LIAISON, "gc-cdl-c01-u02"), (_T.SECRETARY, "gc-cdl-c01-u02-pb")),
        branch="gc-cdl-c01-u02-pb",
        is_resident=False,
    ),
    LoginRow(
        Role.SOCIAL_WORKER,
        SOCIAL_WORK_ORG[0],
        SOCIAL_WORK_ORG[0],
        ((_T.STAFF, SOCIAL_WORK_ORG[0]),),
        is_resident=False,
    ),
    LoginRow(
        Role.INSPECTOR,
        "gc-sblh",
        "gc-sblh-v01-g01-b01",
        ((_T.STAFF, "gc-sblh"),),
        branch="gc-sblh-pc-b01",
    ),
    LoginRow(Role.AUDITOR, "gc", "gc-hhdl-c02-g01-b01"),
    LoginRow(Role.SYSTEM_ADMIN, "gc", "gc-hhdl-c02-g01-b01"),
    LoginRow(Role.SECURITY_ADMIN, "gc", "gc-hhdl-c02-g01-b01"),
)

"""Writing the demo plan through the services, acting as the system superuser.

Every row is looked up by its natural key first (nodes by code, people by the keyed hash of
their ID number, accounts by user name, grants, memberships and posts by what they link), so a
second run writes nothing at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils.translation import gettext as _

from lianxin.core.models import RoleGrant
from lianxin.core.pii import keyed_hash
from lianxin.core.roles import Role
from lianxin.demo.campaigns import build_campaigns
from lianxin.demo.cases import build_cases
from lianxin.demo.clients import build_client
from lianxin.demo.data import DEFAULT_SEED
from lianxin.demo.events import build_events
from lianxin.demo.learning import build_learning
from lianxin.demo.liaison import build_liaison
from lianxin.demo.logins import ADMIN_PASSWORD, ADMIN_USERNAME, DEMO_PASSWORD, LOGINS
from lianxin.demo.plan_people import make_plan
from lianxin.demo.posts import build_posts
from lianxin.demo.socialwork import build_socialwork
from lianxin.demo.specs import LoginSpec, MembershipSpec, NodeSpec, PersonSpec, PositionSpec
from lianxin.demo.volunteers import build_volunteers
from lianxin.orgs.models import CommitteeMembership, NodeKind, OrgNode, Position
from lianxin.orgs.services import committee_member_add, org_node_create, position_assign
from lianxin.people.models import Person, User
from lianxin.people.services import account_create, person_create, role_grant
from lianxin.people.validation import PersonInput

T = TypeVar("T")
M = TypeVar("M", bound=Model)

CHUNK = 500  # keeps IN lists under SQLite's bound-parameter limit


class DemoError(Exception):
    """The demo could not be built; the message says which record and why."""


@dataclass
class BuildReport:
    created: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _chunks(values: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _by_field(queryset: QuerySet[M], name: str, values: Sequence[Any]) -> dict[Any, M]:
    found: dict[Any, M] = {}
    for chunk in _chunks(values):
        for obj in queryset.filter(**{f"{name}__in": chunk}):
            found[getattr(obj, name)] = obj
    return found


def ensure_admin() -> tuple[User, bool]:
    """The system superuser the demo acts as; created with the demo password when missing."""
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        return User.objects.create_superuser(username=ADMIN_USERNAME, password=ADMIN_PASSWORD), True
    if not (user.is_active and user.is_superuser):
        raise DemoError(
            _("The account %(username)s exists but is not an active superuser.")
            % {"username": ADMIN_USERNAME}
        )
    return user, False


def _grant_valid_today(user: User, role: str, node: OrgNode) -> bool:
    return RoleGrant.objects.filter(user=user, role=role, node=node).in_force().exists()


class Builder:
    def __init__(self, admin: User, report: BuildReport) -> None:
        self.admin = admin
        self.report = report
        self.nodes: dict[str, OrgNode] = {}
        self.people: dict[str, Person] = {}  # ID number → person

    def call(self, what: str, service: Callable[..., T], **kwargs: Any) -> T:
        try:
            return service(actor=self.admin, **kwargs)
        except ValidationError as exc:
            errors = "; ".join(exc.messages)
            raise DemoError(
                _("Could not write %(record)s: %(errors)s") % {"record": what, "errors": errors}
            ) from exc

    def node(self, code: str) -> OrgNode:
        try:
            return self.nodes[code]
        except KeyError:
            raise DemoError(_("The node %(code)s is missing.") % {"code": code}) from None

    def build_nodes(self, specs: list[NodeSpec]) -> None:
        self.nodes = _by_field(OrgNode.objects.all(), "code", [spec.code for spec in specs])
        for spec in specs:
            if spec.code in self.nodes:
                existing = self.nodes[spec.code]
                if existing.kind != spec.kind:
                    self.report.warnings.append(
                        _("The node %(code)s is a %(kind)s, not a %(expected)s.")
                        % {
                            "code": spec.code,
                            "kind": existing.get_kind_display(),
                            "expected": NodeKind(spec.kind).label,
                        }
                    )
                continue
            self.nodes[spec.code] = self.call(
                spec.code,
                org_node_create,
                parent=self.node(spec.parent) if spec.parent else None,
                kind=spec.kind,
                name=spec.name,
                code=spec.code,
                unit_type=spec.unit_type,
                address=spec.address,
                latitude=spec.latitude,
                longitude=spec.longitude,
                boundary=spec.boundary,
            )
            self.report.created["nodes"] += 1

    def build_people(self, specs: list[PersonSpec]) -> None:
        hashes = {keyed_hash(spec.id_number): spec.id_number for spec in specs}
        existing = _by_field(Person.objects.all(), "id_number_hash", list(hashes))
        self.people = {hashes[digest]: person for digest, person in existing.items()}
        for spec in specs:
            if spec.id_number in self.people:
                continue
            data = PersonInput(
                name=spec.name,
                node=self.node(spec.node),
                gender=spec.gender,
                phone=spec.phone,
                id_number=spec.id_number,
                address=spec.address,
                is_resident=spec.is_resident,
                is_party_member=spec.is_party_member,
                party_branch=self.node(spec.party_branch) if spec.party_branch else None,
                party_joined_on=spec.party_joined_on,
                is_in_service_member=spec.is_in_service_member,
                employer=self.node(spec.employer) if spec.employer else None,
                is_volunteer=spec.is_volunteer,
                is_activist=spec.is_activist,
                is_party_rep=spec.is_party_rep,
                is_community_worker=spec.is_community_worker,
            )
            self.people[spec.id_number] = self.call(spec.name, person_create, data=data)
            self.report.created["people"] += 1

    def person(self, id_number: str) -> Person:
        try:
            return self.people[id_number]
        except KeyError:
            raise DemoError(_("A demo post or log-in refers to a person who is not planned.")) from None

    def build_positions(self, specs: list[PositionSpec]) -> None:
        held = set(
            Position.objects.filter(ended_on__isnull=True).values_list("node_id", "person_id", "title")
        )
        for spec in specs:
            node, person = self.node(spec.node), self.person(spec.person)
            if (node.pk, person.pk, spec.title) in held:
                continue
            self.call(
                f"{spec.node} ({spec.title})",
                position_assign,
                node=node,
                person=person,
                title=spec.title,
                started_on=spec.started_on,
            )
            held.add((node.pk, person.pk, spec.title))
            self.report.created["positions"] += 1

    def build_memberships(self, specs: list[MembershipSpec]) -> None:
        open_links = set(
            CommitteeMembership.objects.filter(left_on__isnull=True).values_list("committee_id", "member_id")
        )
        for spec in specs:
            committee, member = self.node(spec.committee), self.node(spec.member)
            if (committee.pk, member.pk) in open_links:
                continue
            self.call(
                f"{spec.committee} ({spec.member})",
                committee_member_add,
                committee=committee,
                member=member,
                category=spec.category,
                joined_on=spec.joined_on,
            )
            open_links.add((committee.pk, member.pk))
            self.report.created["memberships"] += 1

    def build_logins(self, specs: list[LoginSpec]) -> None:
        users = _by_field(User.objects.all(), "username", [spec.username for spec in specs])
        for spec in specs:
            person = self.person(spec.person)
            user = users.get(spec.username)
            if user is None:
                if person.user_id is not None:
                    self.report.warnings.append(
                        _("%(name)s already has another account, so the log-in %(username)s was not created.")
                        % {"name": person.name, "username": spec.username}
                    )
                    continue
                user = self.call(
                    spec.username,
                    account_create,
                    person=person,
                    username=spec.username,
                    password=DEMO_PASSWORD,
                )
                self.report.created["accounts"] += 1
            elif person.user_id != user.pk:
                self.report.warnings.append(
                    _("The account %(username)s belongs to someone else.") % {"username": spec.username}
                )
                continue
            node = self.node(spec.node)
            if _grant_valid_today(user, spec.role, node):
                continue  # granting again would only renew a lapsed grant
            self.call(f"{spec.username} ({spec.role})", role_grant, user=user, role=spec.role, node=node)
            self.report.created["grants"] += 1


def build_demo(seed: int = DEFAULT_SEED) -> BuildReport:
    """Build (or complete) the demo district for ``seed`` in one transaction."""
    plan = make_plan(seed)
    report = BuildReport()
    with transaction.atomic():
        newest_before = User.objects.aggregate(newest=Max("pk"))["newest"] or 0
        admin, created = ensure_admin()
        report.created["admin"] += int(created)
        builder = Builder(admin, report)
        builder.build_nodes(plan.nodes)
        builder.build_people(plan.people)
        builder.build_positions(plan.positions)
        builder.build_memberships(plan.memberships)
        builder.build_logins(plan.logins)
        report.created["cases"] += build_cases()
        report.created["open311 clients"] += build_client(admin)
        report.created["campaign records"] += build_campaigns(admin)
        report.created["studio and meeting records"] += build_liaison(admin)
        report.created["posts and in-service records"] += build_posts(admin)
        report.created["volunteer records"] += build_volunteers(admin)
        report.created["social-work records"] += build_socialwork(admin)
        report.created["notice and event records"] += build_events(admin)
        report.created["learning records"] += build_learning(admin)
        # The demo log-ins share a published password and are for trying the demo: unlike a real
        # first password, it is not to be changed at the first log-in.
        User.objects.filter(pk__gt=newest_before, must_change_password=True).update(
            must_change_password=False
        )
    return report


@lru_cache(maxsize=1)
def _node_names() -> dict[str, str]:
    return {spec.code: spec.name for spec in make_plan().nodes}


def demo_logins() -> list[tuple[str, str, str]]:
    """(user name, role label, node name) of every demo log-in; they all use ``DEMO_PASSWORD``."""
    names = _node_names()
    return [(row.username, str(Role(row.role).label), names[row.grant]) for row in LOGINS]
